// Executable docs of activations, initializers, regularizers, constraints and optimizers (see
// support/doc_examples.ts), and every public export of those namespaces has an example.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { collectExamples, exportsWithoutExamples, runExample } from '../support/doc_examples.js';

await tp.ready();

const FOLDERS = ['activations', 'initializers', 'regularizers', 'constraints', 'optimizers'];
const examples = collectExamples(FOLDERS);

describe('JSDoc examples of the Keras building blocks', () => {
  test('there are examples with checked values', () => {
    expect(examples.length).toBeGreaterThan(100);
    expect(examples.filter((e) => /\.print\(\);\s*\/\//.test(e.code)).length).toBeGreaterThan(60);
  });

  test('every public function, constant and class of these namespaces has one', () => {
    const roots = [...FOLDERS.map((f) => `${f}/index.ts`), 'optimizers/train.ts', 'optimizers/schedules.ts'];
    const { missing, checked } = exportsWithoutExamples(roots);
    expect(checked).toBeGreaterThan(100);
    expect(missing).toEqual([]);
  });

  test.each(examples.map((e) => [e.where, e.code] as const))('%s', async (_where, code) => {
    await runExample(code);
  });
});
