// Executable docs of tp.losses and tp.metrics (see support/doc_examples.ts).
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { collectExamples, runExample } from '../support/doc_examples.js';

await tp.ready();

const examples = collectExamples(['losses', 'metrics']);

describe('JSDoc examples of tp.losses and tp.metrics', () => {
  test('there are examples to run', () => {
    expect(examples.length).toBeGreaterThan(60);
  });

  test.each(examples.map((e) => [e.where, e.code] as const))('%s', async (_where, code) => {
    await runExample(code);
  });
});
