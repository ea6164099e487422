// Constraints against hand computations of Keras's formulas (epsilon 1e-7), and naming.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

const C = tp.constraints;
const EPS = 1e-7;
// columns have norms 5 and 0.5 over axis 0; rows have norms sqrt(9.09) and sqrt(16.16)
const w = [[3, 0.3], [4, 0.4]];
const colNorms = [5, 0.5];

function byColumn(f: (norm: number) => number): number[][] {
  return w.map((row) => row.map((x, j) => x * (f(colNorms[j]!) / (EPS + colNorms[j]!))));
}

describe('constraints', () => {
  test('maxNorm (default maxValue 2, axis 0) rescales only columns above the cap', () => {
    expectTensor(C.maxNorm().apply(tp.tensor(w)), byColumn((n) => Math.min(n, 2)), 'float32', 1e-6);
    expectTensor(C.maxNorm({ maxValue: 0.1 }).apply(tp.tensor(w)), byColumn((n) => Math.min(n, 0.1)), 'float32', 1e-6);
    const rows = w.map((r) => Math.hypot(...r));
    expectTensor(C.maxNorm({ maxValue: 1, axis: 1 }).apply(tp.tensor(w)), w.map((r, i) => r.map((x) => (x * Math.min(rows[i]!, 1)) / (EPS + rows[i]!))), 'float32', 1e-6);
  });

  test('nonNeg zeroes negative weights', () => {
    expectTensor(C.nonNeg().apply(tp.tensor([[-1, 0], [2, -0.5]])), [[0, 0], [2, 0]], 'float32', 0); // -0 where w < 0, as Keras's w * (w >= 0)
  });

  test('unitNorm divides by eps + norm over the axis', () => {
    expectTensor(C.unitNorm().apply(tp.tensor(w)), byColumn(() => 1), 'float32', 1e-6);
    const u = C.unitNorm({ axis: 1 }).apply(tp.tensor(w));
    expectTensor(u.square().sum(1), [1, 1], 'float32', 1e-6);
  });

  test('minMaxNorm: clip norms into [min, max] at a rate', () => {
    // defaults min 0, max 1, rate 1
    expectTensor(C.minMaxNorm().apply(tp.tensor(w)), byColumn((n) => Math.min(Math.max(n, 0), 1)), 'float32', 1e-6);
    const rate = 0.25;
    const desired = (n: number) => rate * Math.min(Math.max(n, 1), 2) + (1 - rate) * n;
    expectTensor(C.minMaxNorm({ minValue: 1, maxValue: 2, rate }).apply(tp.tensor(w)), byColumn(desired), 'float32', 1e-6);
    expect(() => C.minMaxNorm({ minValue: 2, maxValue: 1 })).toThrow(/minValue 2 is larger than maxValue 1/);
  });

  test('a zero column stays zero (epsilon guards the division)', () => {
    expectTensor(C.unitNorm().apply(tp.tensor([[0, 1], [0, 0]])), [[0, 1 / (1 + EPS)], [0, 0]], 'float32', 1e-6);
  });

  test('get, serialize and Keras snake_case configs', () => {
    expect(C.get('max_norm')).toBeInstanceOf(C.MaxNorm);
    expect(C.get('maxNorm')).toBeInstanceOf(C.MaxNorm);
    expect(C.get('non_neg')).toBeInstanceOf(C.NonNeg);
    expect(C.get('NonNeg')).toBeInstanceOf(C.NonNeg);
    expect(C.get('unit_norm')).toBeInstanceOf(C.UnitNorm);
    expect(C.get('min_max_norm')).toBeInstanceOf(C.MinMaxNorm);
    expect(C.get(null)).toBeNull();
    expect(C.serialize(C.minMaxNorm({ maxValue: 3 }))).toEqual({ className: 'MinMaxNorm', config: { minValue: 0, maxValue: 3, rate: 1, axis: 0 } });
    const c = C.get({ class_name: 'MaxNorm', config: { max_value: 0.1, axis: 0 } })!;
    expect(c.getConfig()).toEqual({ maxValue: 0.1, axis: 0 });
    expect(() => C.get('positive')).toThrow(/unknown constraint 'positive'/);
  });

  test("the course's my_positive_weights is wrapped and named; variable.constraint takes it", () => {
    function my_positive_weights(weights: tp.Tensor): tp.Tensor {
      return tp.where(weights.less(0), tp.zerosLike(weights), weights);
    }
    const c = C.get(my_positive_weights)!;
    expect(c.getClassName()).toBe('my_positive_weights');
    expectTensor(c.apply(tp.tensor([-2, 3])), [0, 3], 'float32');
    const v = tp.variable(tp.tensor([-1, 1]));
    v.constraint = (x) => c.apply(x);
    v.assign(v.constraint(v));
    expectTensor(v, [0, 1], 'float32');
  });

  test('memory stays flat', () => {
    const t = tp.tensor(w);
    const before = tp.memory().numTensors;
    for (const c of [C.maxNorm(), C.nonNeg(), C.unitNorm(), C.minMaxNorm({ rate: 0.5 })]) c.apply(t).dispose();
    expect(tp.memory().numTensors).toBe(before);
  });
});
