// Executable docs of the tensor library (web/src, engine/, ops/): every @example runs against the
// real engine (see support/doc_examples.ts), and every public export has one.
import { describe, expect, test } from 'vitest';
import * as tp from '../../web/src/index.js';
import { checkPrinted, collectExamples, exportsWithoutExamples, runExample } from './support/doc_examples.js';

await tp.ready();

const FOLDERS = ['', 'engine', 'ops'];
const examples = collectExamples(FOLDERS);

describe('JSDoc examples', () => {
  test('every public function, constant and class of the package has one', () => {
    const { missing, checked } = exportsWithoutExamples(['index.ts'], FOLDERS);
    expect(checked).toBeGreaterThan(120);
    expect(missing).toEqual([]);
  });

  test('the checker rejects wrong values and layouts', () => {
    expect(() => checkPrinted(tp.tensor([1, 2]), '[1, 2.001]')).toThrow();
    expect(() => checkPrinted(tp.tensor([1, 2]), '[1, 2, 3]')).toThrow();
    expect(() => checkPrinted(tp.tensor([[1, 2]]), '[1, 2]')).toThrow();
    expect(() => checkPrinted(tp.tensor([1, 2]), 'about [1, 2.0001]')).not.toThrow();
    expect(() => checkPrinted(tp.tensor([true, false]), '[true, true]')).toThrow();
  });

  test.each(examples.map((e) => [e.where, e.code] as const))('%s', async (_where, code) => {
    await runExample(code);
  });
});
