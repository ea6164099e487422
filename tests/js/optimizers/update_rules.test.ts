// Every optimizer's update over several steps against the float64 reference of Keras 3's formula
// (tests/js/optimizers/reference.ts), including the momentum, Nesterov, AMSGrad and centered
// variants, weight decay and the three gradient clipping modes.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import * as ref from './reference.js';

await tp.ready();

const O = tp.optimizers;
const W0 = [0.5, -1.2, 2.0];
// Gradients of shrinking then growing size, with sign changes, so momentum, AMSGrad's maximum
// and the centered variance all matter.
const GRADS = [
  [0.9, -1.5, 2.5],
  [-0.3, 0.7, 0.2],
  [1.1, 0.05, -0.8],
  [0.02, -2.2, 0.6],
  [-0.5, 0.4, 0.01],
];

// float64 variables follow the reference to rounding (the learning rate variable is float32, so
// lr itself carries a relative error up to 6e-8); float32 variables within float32 precision,
// which 1 - beta2^t and 1 - 0.999 amplify to about 1e-5 relative.
function run(makeOpt: () => tp.optimizers.Optimizer, makeRule: () => ref.Rule, lr: number, tol32 = 2e-5): void {
  for (const dtype of ['float64', 'float32'] as const) {
    const opt = makeOpt();
    const rule = makeRule();
    const tol = dtype === 'float64' ? 2e-7 : tol32;
    const v = tp.variable(tp.tensor(W0, undefined, dtype));
    const w = [...W0];
    GRADS.forEach((g, k) => {
      opt.applyGradients([[tp.tensor(g, undefined, dtype), v]]);
      rule.step(w, g, k + 1, lr);
      const got = v.dataSync();
      w.forEach((e, i) => {
        const err = Math.abs(got[i]! - e);
        if (err > tol * Math.max(1, Math.abs(e))) expect.fail(`${dtype} step ${k + 1}, element ${i}: got ${got[i]}, expected ${e}`);
      });
    });
    expect(opt.iterations.arraySync()).toBe(GRADS.length);
    opt.dispose();
  }
}

describe('update rules against float64 references', () => {
  test('SGD: plain, momentum, Nesterov', () => {
    run(() => new O.SGD({ learningRate: 0.1 }), () => ref.sgdRule(), 0.1);
    run(() => new O.SGD({ learningRate: 0.05, momentum: 0.9 }), () => ref.sgdRule(0.9), 0.05);
    run(() => new O.SGD({ learningRate: 0.05, momentum: 0.8, nesterov: true }), () => ref.sgdRule(0.8, true), 0.05);
  });

  test('Adam and AMSGrad', () => {
    run(() => new O.Adam({ learningRate: 0.1 }), () => ref.adamRule(), 0.1);
    run(() => new O.Adam({ learningRate: 0.05, beta1: 0.8, beta2: 0.9, epsilon: 1e-3 }), () => ref.adamRule(0.8, 0.9, 1e-3), 0.05);
    run(() => new O.Adam({ learningRate: 0.1, amsgrad: true, beta2: 0.9 }), () => ref.adamRule(0.9, 0.9, 1e-7, true), 0.1);
  });

  test('AdamW: decoupled weight decay w -= lr * wd * w before the Adam step', () => {
    run(() => new O.AdamW({ learningRate: 0.1, weightDecay: 0.2 }), () => ref.adamRule(0.9, 0.999, 1e-7, false, 0.2), 0.1);
    run(() => new O.AdamW({ learningRate: 0.01 }), () => ref.adamRule(0.9, 0.999, 1e-7, false, 0.004), 0.01);
  });

  test('Nadam (Keras 3: u_t = beta1 (1 - 0.5 * 0.96^t))', () => {
    run(() => new O.Nadam({ learningRate: 0.1 }), () => ref.nadamRule(), 0.1);
    run(() => new O.Nadam({ learningRate: 0.05, beta1: 0.7, beta2: 0.95 }), () => ref.nadamRule(0.7, 0.95), 0.05);
  });

  test('RMSprop: plain, momentum, centered, both', () => {
    run(() => new O.RMSprop({ learningRate: 0.01 }), () => ref.rmspropRule(), 0.01);
    run(() => new O.RMSprop({ learningRate: 0.01, momentum: 0.9 }), () => ref.rmspropRule(0.9, 0.9), 0.01);
    run(() => new O.RMSprop({ learningRate: 0.01, centered: true }), () => ref.rmspropRule(0.9, 0, 1e-7, true), 0.01, 1e-5);
    run(() => new O.RMSprop({ learningRate: 0.01, rho: 0.8, momentum: 0.5, centered: true }), () => ref.rmspropRule(0.8, 0.5, 1e-7, true), 0.01, 1e-5);
  });

  test('Adagrad (accumulator starts at 0.1), Adadelta, Adamax', () => {
    run(() => new O.Adagrad({ learningRate: 0.1 }), () => ref.adagradRule(), 0.1);
    run(() => new O.Adagrad({ learningRate: 0.1, initialAccumulatorValue: 1 }), () => ref.adagradRule(1), 0.1);
    run(() => new O.Adadelta({ learningRate: 1 }), () => ref.adadeltaRule(), 1);
    run(() => new O.Adadelta({ learningRate: 0.5, rho: 0.9, epsilon: 1e-4 }), () => ref.adadeltaRule(0.9, 1e-4), 0.5);
    run(() => new O.Adamax({ learningRate: 0.1 }), () => ref.adamaxRule(), 0.1);
    run(() => new O.Adamax({ learningRate: 0.1, beta1: 0.5, beta2: 0.6 }), () => ref.adamaxRule(0.5, 0.6), 0.1);
  });

  test('weight decay works for every optimizer (Keras 3 base argument)', () => {
    const v = tp.variable(tp.tensor([2, -4]));
    new O.SGD({ learningRate: 0.5, weightDecay: 0.1 }).applyGradients([[tp.tensor([1, 1]), v]]);
    // w - lr * wd * w - lr * g
    expect(Array.from(v.dataSync())).toEqual([2 - 0.1 - 0.5, -4 + 0.2 - 0.5].map(Math.fround));
  });

  test('float64 variables are updated in float64', () => {
    const v = tp.variable(tp.tensor([1, 2], undefined, 'float64'));
    const opt = new O.Adam({ learningRate: 0.1 });
    const rule = ref.adamRule();
    const w = [1, 2];
    for (let t = 1; t <= 3; t++) {
      opt.applyGradients([[tp.tensor([0.3 * t, -0.7], undefined, 'float64'), v]]);
      rule.step(w, [0.3 * t, -0.7], t, 0.1);
    }
    expect(v.dtype).toBe('float64');
    v.dataSync().forEach((x, i) => expect(Math.abs(x - w[i]!)).toBeLessThan(1e-7));
  });
});

describe('gradient clipping', () => {
  // With SGD and lr 1 the change of the variable is minus the clipped gradient.
  function clipped(args: tp.optimizers.SGDArgs, grads: number[][]): number[][] {
    const vars = grads.map((g) => tp.variable(tp.zeros([g.length])));
    new O.SGD({ learningRate: 1, ...args }).applyGradients(grads.map((g, i) => [tp.tensor(g), vars[i]!] as const));
    return vars.map((v) => Array.from(v.dataSync(), (x) => -x));
  }
  const close = (got: number[][], want: number[][]) =>
    got.forEach((r, i) => r.forEach((x, j) => expect(x).toBeCloseTo(want[i]![j]!, 6)));

  test('clipnorm rescales each gradient whose norm exceeds it, separately', () => {
    // norms 5 and 0.5
    close(clipped({ clipnorm: 1 }, [[3, 4], [0.3, 0.4]]), [[0.6, 0.8], [0.3, 0.4]]);
  });

  test('clipvalue clips elements', () => {
    close(clipped({ clipvalue: 0.5 }, [[3, -4], [0.3, -0.4]]), [[0.5, -0.5], [0.3, -0.4]]);
  });

  test('globalClipnorm scales all gradients by clip / global norm (tf.clip_by_global_norm)', () => {
    // global norm sqrt(9 + 16 + 0.09 + 0.16 + 144) = sqrt(169.25)
    const n = Math.sqrt(169.25);
    close(clipped({ globalClipnorm: 2 }, [[3, 4], [0.3, 0.4, 12]]), [[3, 4].map((x) => (2 * x) / n), [0.3, 0.4, 12].map((x) => (2 * x) / n)]);
    // below the norm nothing changes
    close(clipped({ globalClipnorm: 100 }, [[3, 4], [1]]), [[3, 4], [1]]);
    // a zero gradient stays zero (no division by zero)
    close(clipped({ globalClipnorm: 1 }, [[0, 0]]), [[0, 0]]);
  });

  test('only one clipping mode may be set', () => {
    expect(() => new O.SGD({ clipnorm: 1, clipvalue: 1 })).toThrow(/only one of clipnorm, clipvalue and globalClipnorm/);
    expect(() => new O.Adam({ clipnorm: -1 })).toThrow(/clipnorm must be a positive number/);
  });

  test('clipByNorm and clipByGlobalNorm are usable in custom loops', () => {
    close([Array.from(O.clipByNorm(tp.tensor([6, 8]), 5).dataSync())], [[3, 4]]);
    const [a, b] = O.clipByGlobalNorm([tp.tensor([6]), tp.tensor([8])], 5);
    close([Array.from(a!.dataSync()), Array.from(b!.dataSync())], [[3], [4]]);
    expect(O.globalNorm([tp.tensor([6]), tp.tensor([8])]).arraySync()).toBeCloseTo(10, 5);
  });
});

describe('exponential moving average (useEma)', () => {
  test('averages follow avg = m * avg + (1 - m) * w, starting at w; overwrite every k steps; finalize', () => {
    for (const freq of [null, 2]) {
      const v = tp.variable(tp.tensor(W0, undefined, 'float64'));
      const opt = new O.SGD({ learningRate: 0.1, momentum: 0.5, useEma: true, emaMomentum: 0.7, emaOverwriteFrequency: freq });
      const rule = ref.sgdRule(0.5);
      const w = [...W0];
      let avg = [0, 0, 0];
      GRADS.forEach((g, k) => {
        opt.applyGradients([[tp.tensor(g, undefined, 'float64'), v]]);
        rule.step(w, g, k + 1, 0.1);
        const m = k === 0 ? 0 : 0.7;
        avg = avg.map((a, i) => m * a + (1 - m) * w[i]!);
        if (freq !== null && (k + 1) % freq === 0) avg.forEach((a, i) => (w[i] = a));
        const got = v.dataSync();
        w.forEach((e, i) => expect(Math.abs(got[i]! - e)).toBeLessThan(1e-7));
        const ga = opt.getAverage(v)!.dataSync();
        avg.forEach((e, i) => expect(Math.abs(ga[i]! - e)).toBeLessThan(1e-7));
      });
      opt.finalizeVariableValues([v]);
      v.dataSync().forEach((x, i) => expect(Math.abs(x - avg[i]!)).toBeLessThan(1e-7));
      expect(opt.getWeights().length).toBe(3); // iterations, momentum, average
    }
  });
});
