// Learning-rate schedules at several steps against their closed forms, and an optimizer driven
// by a schedule through its iterations variable.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

const S = tp.optimizers.schedules;
const at = (s: tp.optimizers.LearningRateSchedule, step: number | tp.Tensor) => s.apply(step).arraySync() as number;

describe('schedules', () => {
  test('exponentialDecay, smooth and staircase', () => {
    const s = S.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 4, decayRate: 0.5 });
    for (const k of [0, 1, 3, 4, 9, 40]) expect(at(s, k)).toBeCloseTo(0.1 * 0.5 ** (k / 4), 7);
    const st = S.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 4, decayRate: 0.5, staircase: true });
    for (const k of [0, 3, 4, 7, 8, 13]) expect(at(st, k)).toBeCloseTo(0.1 * 0.5 ** Math.floor(k / 4), 7);
    // an int32 step tensor works like the optimizer's iterations
    expect(at(s, tp.scalar(8, 'int32'))).toBeCloseTo(0.025, 7);
  });

  test('piecewiseConstant: values[i] for boundaries[i-1] < step <= boundaries[i], exactly', () => {
    const s = S.piecewiseConstant({ boundaries: [3, 7], values: [0.1, 0.01, 0.001] });
    const want = (k: number) => (k <= 3 ? 0.1 : k <= 7 ? 0.01 : 0.001);
    for (const k of [0, 3, 4, 7, 8, 100]) expect(at(s, k)).toBe(Math.fround(want(k)));
    expect(() => S.piecewiseConstant({ boundaries: [1, 2], values: [1, 2] })).toThrow(/one more value than boundaries/);
    expect(() => S.piecewiseConstant({ boundaries: [2, 1], values: [1, 2, 3] })).toThrow(/boundaries must increase/);
  });

  test('cosineDecay with alpha, and with a linear warmup', () => {
    const s = S.cosineDecay({ initialLearningRate: 0.5, decaySteps: 10, alpha: 0.2 });
    const f = (k: number) => 0.5 * (0.8 * 0.5 * (1 + Math.cos((Math.PI * Math.min(k, 10)) / 10)) + 0.2);
    for (const k of [0, 1, 5, 9, 10, 25]) expect(at(s, k)).toBeCloseTo(f(k), 6);
    const w = S.cosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 1, warmupSteps: 4 });
    // warmup: linear from 0 to 1 over 4 steps, then cosine from 1 over 10 steps
    const g = (k: number) => {
      const c = Math.min(k, 14);
      return c < 4 ? c / 4 : 0.5 * (1 + Math.cos((Math.PI * (c - 4)) / 10));
    };
    for (const k of [0, 1, 3, 4, 9, 14, 30]) expect(at(w, k)).toBeCloseTo(g(k), 6);
  });

  test('inverseTimeDecay and polynomialDecay (with cycle)', () => {
    const it = S.inverseTimeDecay({ initialLearningRate: 1, decaySteps: 2, decayRate: 0.5 });
    for (const k of [0, 1, 2, 7]) expect(at(it, k)).toBeCloseTo(1 / (1 + (0.5 * k) / 2), 6);
    const p = S.polynomialDecay({ initialLearningRate: 1, decaySteps: 10, endLearningRate: 0.1, power: 2 });
    for (const k of [0, 3, 10, 20]) expect(at(p, k)).toBeCloseTo(0.9 * (1 - Math.min(k, 10) / 10) ** 2 + 0.1, 6);
    const c = S.polynomialDecay({ initialLearningRate: 1, decaySteps: 10, endLearningRate: 0, cycle: true });
    // step 15 decays over 20 steps
    expect(at(c, 15)).toBeCloseTo(1 - 15 / 20, 6);
    expect(at(c, 0)).toBeCloseTo(1, 6);
  });

  test('serialize and deserialize, snake_case configs', () => {
    const s = S.cosineDecay({ initialLearningRate: 0.1, decaySteps: 100, alpha: 0.01 });
    const saved = S.serialize(s);
    expect(saved.className).toBe('CosineDecay');
    expect(at(S.deserialize(saved), 50)).toBeCloseTo(at(s, 50), 7);
    const k = S.deserialize({ class_name: 'PiecewiseConstant', config: { boundaries: [1], values: [2, 3] } });
    expect(at(k, 2)).toBe(3);
  });

  test('an optimizer evaluates its schedule at iterations (0 for the first step)', () => {
    const sched = S.piecewiseConstant({ boundaries: [0, 1], values: [1, 0.5, 0.25] });
    const opt = new tp.optimizers.SGD({ learningRate: sched });
    const v = tp.variable(tp.tensor([0]));
    const deltas: number[] = [];
    for (let k = 0; k < 4; k++) {
      expect(opt.learningRate).toBe([1, 0.5, 0.25, 0.25][k]);
      const before = (v.arraySync() as number[])[0]!;
      opt.applyGradients([[tp.tensor([1]), v]]);
      deltas.push(before - (v.arraySync() as number[])[0]!);
    }
    expect(deltas).toEqual([1, 0.5, 0.25, 0.25]);
    expect(() => (opt.learningRate = 0.1)).toThrow(/created with a LearningRateSchedule/);
    expect(opt.getConfig().learningRate).toEqual(S.serialize(sched));
  });
});
