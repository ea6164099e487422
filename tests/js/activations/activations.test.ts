// Activations against float64 JS references of Keras's formulas, their gradients against
// finite differences of those references, and get/serialize naming.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

const A = tp.activations;
const xs = [-5, -3.5, -2, -1, -0.3, 0.2, 0.7, 1.5, 2.9, 4, 7];
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const softplus = (x: number) => Math.log1p(Math.exp(x));
// Abramowitz-Stegun 7.1.26 is too coarse; erf by its Taylor series is exact enough for |x| < 8.
function erf(x: number): number {
  let sum = 0, term = x, n = 0;
  while (Math.abs(term) > 1e-17 * Math.abs(sum) || n < 5) {
    sum += term / (2 * n + 1);
    n++;
    term *= (-x * x) / n;
    if (n > 200) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}
const SELU_A = 1.6732632423543772, SELU_S = 1.0507009873554805;

const references: [string, (x: number) => number][] = [
  ['linear', (x) => x],
  ['relu', (x) => Math.max(x, 0)],
  ['relu6', (x) => Math.min(Math.max(x, 0), 6)],
  ['elu', (x) => (x > 0 ? x : Math.expm1(x))],
  ['selu', (x) => SELU_S * (x > 0 ? x : SELU_A * Math.expm1(x))],
  ['sigmoid', sig],
  ['hard_sigmoid', (x) => Math.min(Math.max(x / 6 + 0.5, 0), 1)],
  ['hard_silu', (x) => x * Math.min(Math.max(x / 6 + 0.5, 0), 1)],
  ['tanh', Math.tanh],
  ['softplus', softplus],
  ['softsign', (x) => x / (Math.abs(x) + 1)],
  ['swish', (x) => x * sig(x)],
  ['gelu', (x) => 0.5 * x * (1 + erf(x / Math.SQRT2))],
  ['mish', (x) => x * Math.tanh(softplus(x))],
  ['exponential', Math.exp],
  ['leaky_relu', (x) => (x > 0 ? x : 0.2 * x)],
];

describe('activations', () => {
  test.each(references)('%s matches the float64 formula', (name, f) => {
    const y = A.get(name)(tp.tensor(xs));
    const got = y.dataSync();
    xs.forEach((x, i) => expect(got[i]).toBeCloseTo(f(x), Math.abs(f(x)) > 100 ? 2 : 5));
  });

  test.each(references.filter(([n]) => n !== 'linear'))('%s: gradient equals the finite difference of the formula', (name, f) => {
    // Points away from the kinks at 0, ±3 and 6.
    const pts = [-4.2, -1.3, -0.4, 0.45, 1.7, 2.6, 4.5];
    const g = tp.grad((x) => A.get(name)(x))(tp.tensor(pts)).dataSync();
    const h = 1e-6;
    pts.forEach((x, i) => {
      const fd = (f(x + h) - f(x - h)) / (2 * h);
      expect(Math.abs(g[i]! - fd)).toBeLessThan(1e-4 * Math.max(1, Math.abs(fd)));
    });
  });

  test('relu options: negativeSlope, maxValue and threshold as Keras', () => {
    const x = tp.tensor([-2, 0.5, 1.5, 8]);
    expectTensor(A.relu(x, { negativeSlope: 0.1 }), [-0.2, 0.5, 1.5, 8], 'float32', 1e-6);
    expectTensor(A.relu(x, { maxValue: 6 }), [0, 0.5, 1.5, 6], 'float32', 1e-6);
    // Keras: x if x > threshold else negativeSlope * (x - threshold)
    expectTensor(A.relu(x, { threshold: 1, negativeSlope: 0.5 }), [-1.5, -0.25, 1.5, 8], 'float32', 1e-6);
    expectTensor(A.elu(tp.tensor([-1, 2]), 2), [2 * Math.expm1(-1), 2], 'float32', 1e-6);
  });

  test('softmax and logSoftmax are over the last axis and sum to one', () => {
    const x = tp.tensor([[[1, 2, 3], [0, 0, 0]], [[-1, 5, 2], [10, 10, 11]]]);
    const s = A.softmax(x);
    expectTensor(s.sum(-1), [[1, 1], [1, 1]], 'float32', 1e-6);
    const z = [10, 10, 11];
    const e = z.map((v) => Math.exp(v - 11));
    const tot = e.reduce((a, b) => a + b);
    expectTensor(s.at('1, 1'), e.map((v) => v / tot), 'float32', 1e-6);
    expectTensor(A.logSoftmax(x).at('1, 1'), e.map((v) => Math.log(v / tot)), 'float32', 1e-5);
    expectTensor(A.get('log_softmax')(tp.tensor([0, 0])), [-Math.LN2, -Math.LN2], 'float32', 1e-6);
  });

  test('get: Keras and TF.js spellings, null and undefined give linear', () => {
    expect(A.get('hard_sigmoid')).toBe(A.hardSigmoid);
    expect(A.get('hardSigmoid')).toBe(A.hardSigmoid);
    expect(A.get('swish')).toBe(A.swish);
    expect(A.get('silu')).toBe(A.swish);
    expect(A.get('logSoftmax')).toBe(A.logSoftmax);
    expect(A.get(null)).toBe(A.linear);
    expect(A.get(undefined)).toBe(A.linear);
    expect(A.get(A.relu)).toBe(A.relu);
    expect(() => A.get('reluu')).toThrow(/unknown activation 'reluu'/);
  });

  test('serialize gives Keras names; custom functions keep their name', () => {
    expect(A.serialize(A.get('hardSigmoid'))).toBe('hard_sigmoid');
    expect(A.serialize(A.relu)).toBe('relu');
    expect(A.serialize(A.swish)).toBe('silu');
    function my_softplus(z: tp.Tensor): tp.Tensor {
      return tp.log(tp.exp(z).add(1));
    }
    const a = A.get(my_softplus);
    expect(a.activationName).toBe('my_softplus');
    expect(A.serialize(a)).toBe('my_softplus');
    expectTensor(a(tp.tensor([0, 1])), [Math.LN2, softplus(1)], 'float32', 1e-6);
    expect(A.get((x: tp.Tensor) => x).activationName).toBe('custom_activation');
    expect(A.deserialize('tanh')).toBe(A.tanh);
  });

  test('linear returns its input; the others leave memory flat', () => {
    const x = tp.tensor([1, -1]);
    expect(A.linear(x)).toBe(x);
    const before = tp.memory().numTensors;
    for (const [name] of references) if (name !== 'linear') A.get(name)(x).dispose();
    A.relu(x, { threshold: 0.5, negativeSlope: 0.1, maxValue: 3 }).dispose();
    expect(tp.memory().numTensors).toBe(before);
  });
});
