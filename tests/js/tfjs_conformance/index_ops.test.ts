// Index ops against TF.js (see harness.ts and cases/index_ops.ts).
import { expect, test } from 'vitest';
import { indexOpCases, indexOpDifferences } from './cases/index_ops.js';
import { compare } from './harness.js';

test.each(indexOpCases.map((c) => [c.name, c] as const))('%s: as TF.js', (_, c) => {
  expect(compare(c)).toBeNull();
});

test.each(indexOpDifferences.map((c) => [c.name, c] as const))('known difference still differs: %s', (_, c) => {
  expect(compare(c)).not.toBeNull();
});
