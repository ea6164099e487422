// Regularizers against hand computations of Keras's formulas, their gradients, and naming.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

const R = tp.regularizers;
const w = [[0.5, -1.5], [2, -0.25]];
const sumAbs = 0.5 + 1.5 + 2 + 0.25; // 4.25
const sumSq = 0.25 + 2.25 + 4 + 0.0625; // 6.5625

describe('regularizers', () => {
  test('l1, l2, l1l2 with Keras default 0.01 and given factors (l2 has no 1/2)', () => {
    const t = tp.tensor(w);
    expectTensor(R.l1().apply(t), 0.01 * sumAbs, 'float32', 1e-7);
    expectTensor(R.l2().apply(t), 0.01 * sumSq, 'float32', 1e-7);
    expectTensor(R.l1l2().apply(t), 0.01 * (sumAbs + sumSq), 'float32', 1e-7);
    expectTensor(R.l1l2({ l1: 0.3, l2: 0.2 }).apply(t), 0.3 * sumAbs + 0.2 * sumSq, 'float32', 1e-6);
    expectTensor(R.l1l2({ l1: 0, l2: 0 }).apply(t), 0, 'float32');
    expect(R.l2().apply(t).shape).toEqual([]);
  });

  test('the gradient of l1l2 is l1 * sign(w) + 2 * l2 * w', () => {
    const v = tp.variable(tp.tensor(w));
    const tape = new tp.GradientTape();
    const loss = tape.record(() => R.l1l2({ l1: 0.1, l2: 0.5 }).apply(v));
    const g = tape.gradient(loss, v)!;
    expectTensor(g, w.map((r) => r.map((x) => 0.1 * Math.sign(x) + 2 * 0.5 * x)), 'float32', 1e-6);
  });

  test('float64 weights give a float64 penalty', () => {
    expect(R.l2().apply(tp.tensor([1, 2], undefined, 'float64')).dtype).toBe('float64');
  });

  test('get: names in both spellings, null, instances, saved configs', () => {
    expect(R.get('l1')).toBeInstanceOf(R.L1);
    expect(R.get('l2')).toBeInstanceOf(R.L2);
    expect(R.get('l1_l2')).toBeInstanceOf(R.L1L2);
    expect(R.get('l1l2')).toBeInstanceOf(R.L1L2);
    expect(R.get('L1L2')).toBeInstanceOf(R.L1L2);
    expect(R.get(null)).toBeNull();
    expect(R.get(undefined)).toBeNull();
    const r = R.l2({ l2: 0.3 });
    expect(R.get(r)).toBe(r);
    expect(R.serialize(r)).toEqual({ className: 'L2', config: { l2: 0.3 } });
    expect(R.serialize(R.l1l2({ l1: 0.1 }))).toEqual({ className: 'L1L2', config: { l1: 0.1, l2: 0.01 } });
    const back = R.deserialize({ class_name: 'L1', config: { l1: 0.5 } });
    expectTensor(back.apply(tp.tensor([1, -3])), 2, 'float32');
    expect(() => R.get('l3')).toThrow(/unknown regularizer 'l3'/);
    expect(() => R.l1({ l1: -1 })).toThrow(/l1 must be a non-negative number/);
  });

  test("the course's my_l1_regularizer is wrapped, named, and must return a scalar", () => {
    function my_l1_regularizer(weights: tp.Tensor): tp.Tensor {
      return tp.sum(tp.abs(weights.mul(0.01)));
    }
    const r = R.get(my_l1_regularizer)!;
    expect(r.getClassName()).toBe('my_l1_regularizer');
    expectTensor(r.apply(tp.tensor(w)), 0.01 * sumAbs, 'float32', 1e-7);
    expect(() => R.get((x: tp.Tensor) => x.abs())!.apply(tp.tensor([1, 2]))).toThrow(/must return a scalar, got shape \[2\]/);
  });

  test('memory stays flat', () => {
    const t = tp.tensor(w);
    const before = tp.memory().numTensors;
    for (let i = 0; i < 20; i++) R.l1l2({ l1: 0.1, l2: 0.1 }).apply(t).dispose();
    expect(tp.memory().numTensors).toBe(before);
  });
});
