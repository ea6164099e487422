// The TF.js conformance suite: every case runs on tensorpad and on tfjs-core (CPU backend) in this
// process; results, dtypes, shapes and throwing must agree, except the listed known differences.
import { expect, test } from 'vitest';
import { callFormCases } from './cases/call_forms.js';
import { compositeCases } from './cases/composites.js';
import { existingOpCases } from './cases/existing_ops.js';
import { knownDifferences } from './cases/known_differences.js';
import { compare } from './harness.js';

test.each(existingOpCases.map((c) => [c.name, c] as const))('%s: as TF.js', (_, c) => {
  expect(compare(c)).toBeNull();
});

test.each(knownDifferences.map((c) => [c.name, c] as const))('known difference still differs: %s', (_, c) => {
  expect(compare(c)).not.toBeNull();
});

test('pass rate over every case (known differences count as failures)', () => {
  const all = [...callFormCases, ...compositeCases, ...existingOpCases, ...knownDifferences];
  const failed = all.filter((c) => compare(c) !== null);
  const rate = (all.length - failed.length) / all.length;
  console.log(`TF.js conformance: ${all.length - failed.length}/${all.length} cases agree (${(100 * rate).toFixed(1)}%); ` +
    `${knownDifferences.length} known differences`);
  // Only the known differences may fail.
  expect(failed.map((c) => c.name).sort()).toEqual(knownDifferences.map((c) => c.name).sort());
});
