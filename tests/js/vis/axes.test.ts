// Chart details of the dashboard and the notebook: whole-number axes, y axes as wide as their
// labels, y extents that keep the start of a loss curve, and run colours that differ.
import { describe, expect, test } from 'vitest';
import { allIntegers, axisWidth, INTEGER_INCRS } from '../../../web/src/vis/axes.ts';
import { PALETTE, RunColors } from '../../../web/src/vis/colors.ts';
import { chartExtent, valueExtent } from '../../../web/src/vis/stats.ts';

describe('whole-number axes', () => {
  test('increments are 1, 2, 5 times powers of ten, never below 1', () => {
    expect(INTEGER_INCRS.slice(0, 7)).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(INTEGER_INCRS.every((v) => Number.isInteger(v) && v >= 1)).toBe(true);
    for (let i = 1; i < INTEGER_INCRS.length; i++) expect(INTEGER_INCRS[i]!).toBeGreaterThan(INTEGER_INCRS[i - 1]!);
  });

  test('allIntegers ignores gaps and tells steps from fractional x', () => {
    expect(allIntegers([0, 1, 2, null, 3])).toBe(true);
    expect(allIntegers([0, 0.5, 1])).toBe(false);
    expect(allIntegers([])).toBe(true);
  });
});

test('a y axis is as wide as its widest label, with room for the tick', () => {
  const measure = (s: string) => s.length * 7;
  expect(axisWidth(['0', '0.00012345', '1'], measure)).toBe(70 + 18);
  // Never narrower than a short label needs, and before labels exist.
  expect(axisWidth(['1'], measure)).toBe(40);
  expect(axisWidth(null, measure)).toBe(40);
});

describe('chartExtent', () => {
  test("keeps every point of a short run (TensorBoard's percentile rule drops both ends of 3)", () => {
    const epochs = [[0.9, 0.5, 0.3]];
    expect(valueExtent(epochs, true)).toEqual([0.5, 0.5]);
    expect(chartExtent(epochs, true)).toEqual([0.3, 0.9]);
  });

  test('keeps the start of a falling loss curve, drops a far spike', () => {
    const loss = Array.from({ length: 100 }, (_, i) => 2 * Math.exp(-i / 20) + 0.05);
    const [lo, hi] = chartExtent([loss], true)!;
    expect(hi).toBe(loss[0]);
    expect(lo).toBe(loss[99]);
    const spiky = [...loss];
    spiky[50] = 1e4;
    expect(chartExtent([spiky], true)![1]).toBe(loss[0]);
    expect(chartExtent([spiky], false)![1]).toBe(1e4);
  });

  test('no finite value gives null', () => {
    expect(chartExtent([[null, NaN]], true)).toBeNull();
  });
});

describe('RunColors', () => {
  const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const distance = (a: string, b: string) => Math.hypot(...rgb(a).map((v, i) => v - rgb(b)[i]!));

  test('the first runs get clearly different colours, stable per run', () => {
    const colors = new RunColors();
    const runs = ['train', 'validation', 'logs/a/train', 'logs/a/validation', 'logs/b/train', 'logs/b/validation'];
    const got = runs.map((r) => colors.of(r));
    expect(new Set(got).size).toBe(runs.length);
    for (let i = 0; i < got.length; i++) for (let j = i + 1; j < got.length; j++) expect(distance(got[i]!, got[j]!), `${runs[i]} vs ${runs[j]}`).toBeGreaterThan(80);
    expect(runs.map((r) => colors.of(r))).toEqual(got);
  });

  test('beyond the palette, colours repeat in order', () => {
    const colors = new RunColors();
    const got = Array.from({ length: PALETTE.length + 1 }, (_, i) => colors.of(`run${i}`));
    expect(got.at(-1)).toBe(PALETTE[0]);
  });
});
