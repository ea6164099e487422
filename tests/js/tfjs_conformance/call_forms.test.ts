// TF.js's call forms, checked against TF.js itself (see harness.ts).
import { expect, test } from 'vitest';
import { callFormCases } from './cases/call_forms.js';
import { compare, tp } from './harness.js';

test.each(callFormCases.map((c) => [c.name, c] as const))('%s: as TF.js', (_, c) => {
  expect(compare(c)).toBeNull();
});

test('fill with a string throws instead of giving NaN', () => {
  expect(() => tp.fill([2], 'text' as never)).toThrow("fill: value must be a number or boolean, got the string 'text'");
});

test('tensor1d takes the dtype second; a shape there is refused with the signature', () => {
  expect(() => tp.tensor1d([1, 2], [2] as never)).toThrow(/tensor1d: the second argument is the dtype/);
});

test('a negative slice begin throws, as in TF.js (it never silently gives an empty slice)', () => {
  expect(() => tp.slice(tp.tensor([1, 2, 3, 4]), [-2], [1])).toThrow(/^slice: begin\[0\] = -2 is outside \[0, 4\]/);
  expect(() => tp.slice(tp.tensor([[1, 2], [3, 4]]), [-1, 0], [1, 2])).toThrow(/^slice: begin\[0\] = -1 is outside \[0, 2\]/);
});

test('random bool and int32 draws are not constant', () => {
  const coins = tp.randomUniform([200], 0, 2, 'bool', 3).sum().arraySync() as number;
  expect(coins).toBeGreaterThan(60);
  expect(coins).toBeLessThan(140);
  const n = tp.randomNormal([2000], 0, 3, 'int32', 5);
  const { mean, variance } = tp.moments(n);
  expect(Math.abs(mean.arraySync() as number)).toBeLessThan(0.3);
  // Rounding adds 1/12 to the variance of a normal.
  expect(Math.abs((variance.arraySync() as number) - 9 - 1 / 12)).toBeLessThan(1);
});

test('relu/round/clipByValue on int32 keep the dtype and do not leak', () => {
  const x = tp.tensor([-(2 ** 31), 2 ** 31 - 1], undefined, 'int32');
  const before = tp.memory().numTensors;
  const r = tp.relu(x);
  expect(r.dtype).toBe('int32');
  expect(r.arraySync()).toEqual([0, 2 ** 31 - 1]);
  expect(tp.round(x).arraySync()).toEqual([-(2 ** 31), 2 ** 31 - 1]);
  expect(tp.memory().numTensors).toBe(before + 2);
});
