// Executable docs of tp.layers and tp.models (see support/doc_examples.ts).
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { collectExamples, runExample } from '../support/doc_examples.js';

await tp.ready();

const examples = collectExamples(['layers', 'models']);

describe('JSDoc examples of layers and models', () => {
  test('there are examples', () => {
    expect(examples.length).toBeGreaterThan(50);
  });

  test.each(examples.map((e) => [e.where, e.code] as const))('%s', async (_where, code) => {
    await runExample(code);
  });
});
