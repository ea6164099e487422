// Loss classes: reductions and sample weights (hand computations and Keras's documented
// numbers), custom losses (the course's huber_fn and HuberLoss), config round trips, get(),
// tracing inside tp.function and memory.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

const num = (t: tp.Tensor) => t.arraySync() as number;
const arr = (t: tp.Tensor) => Array.from(t.dataSync());

describe('reductions and sample weights', () => {
  const yTrue = [[0, 1], [0, 0], [2, 2]];
  const yPred = [[1, 1], [1, 0], [0, 3]];
  // Per-sample MSE: [0.5, 0.5, 2.5].
  const perSample = [0.5, 0.5, 2.5];

  test("'sum_over_batch_size' (default) is the mean, 'sum' the sum, 'none' the per-sample values", () => {
    expect(num(new tp.losses.MeanSquaredError().apply(yTrue, yPred))).toBeCloseTo(3.5 / 3, 6);
    expect(num(new tp.losses.MeanSquaredError({ reduction: 'mean' }).apply(yTrue, yPred))).toBeCloseTo(3.5 / 3, 6);
    expect(num(new tp.losses.MeanSquaredError({ reduction: 'sum' }).apply(yTrue, yPred))).toBeCloseTo(3.5, 6);
    const none = new tp.losses.MeanSquaredError({ reduction: 'none' }).apply(yTrue, yPred);
    expect(none.shape).toEqual([3]);
    arr(none).forEach((v, i) => expect(v).toBeCloseTo(perSample[i]!, 6));
  });

  test('sample weights multiply per-sample losses; the mean still divides by the number of samples', () => {
    const w = [0.5, 2, 0];
    const weighted = perSample.map((v, i) => v * w[i]!);
    const sum = weighted.reduce((a, b) => a + b, 0);
    expect(num(new tp.losses.MeanSquaredError().apply(yTrue, yPred, w))).toBeCloseTo(sum / 3, 6);
    expect(num(new tp.losses.MeanSquaredError({ reduction: 'sum' }).apply(yTrue, yPred, w))).toBeCloseTo(sum, 6);
    expect(num(new tp.losses.MeanSquaredError({ reduction: 'mean_with_sample_weight' }).apply(yTrue, yPred, w))).toBeCloseTo(sum / 2.5, 6);
    arr(new tp.losses.MeanSquaredError({ reduction: 'none' }).apply(yTrue, yPred, w)).forEach((v, i) => expect(v).toBeCloseTo(weighted[i]!, 6));
    // [b, 1] weights are squeezed against [b] losses; a scalar weight scales everything.
    expect(num(new tp.losses.MeanSquaredError().apply(yTrue, yPred, [[0.5], [2], [0]]))).toBeCloseTo(sum / 3, 6);
    expect(num(new tp.losses.MeanSquaredError().apply(yTrue, yPred, 2))).toBeCloseTo(7 / 3, 6);
  });

  test('per-element losses ([b, t] from a custom call) take [b] weights per sample', () => {
    const abs = new tp.losses.LossFunctionWrapper((t, p) => tp.abs(t.sub(p)), { reduction: 'sum' });
    expect(num(abs.apply([[1, 2], [3, 4]], [[0, 0], [0, 0]], [1, 10]))).toBeCloseTo(3 + 70, 5);
  });

  test('a bad reduction or a weight that does not broadcast is an error naming the loss', () => {
    expect(() => new tp.losses.MeanSquaredError({ reduction: 'avg' as never })).toThrow(/reduction must be one of/);
    expect(() => new tp.losses.MeanSquaredError().apply(yTrue, yPred, [1, 2])).toThrow(/mean_squared_error.*sampleWeight of shape \[2\].*\[3\]/);
  });

  test('an empty batch gives 0 for the mean, as Keras divides with divide_no_nan', () => {
    const empty = tp.zeros([0, 2]);
    expect(num(new tp.losses.MeanSquaredError().apply(empty, empty))).toBe(0);
  });
});

describe("Keras's documented examples (rounded as the Keras docs print them)", () => {
  const t2 = [[0, 1], [0, 0]];
  const cases: [string, tp.losses.Loss, tp.TensorLike, tp.TensorLike, number[] | null, number, number, number, number[]][] = [
    // name, loss, yTrue, yPred, sampleWeight, mean, weighted mean, sum, none
    ['MeanSquaredError', new tp.losses.MeanSquaredError(), t2, [[1, 1], [1, 0]], [0.7, 0.3], 0.5, 0.25, 1.0, [0.5, 0.5]],
    ['MeanAbsoluteError', new tp.losses.MeanAbsoluteError(), t2, [[1, 1], [1, 0]], [0.7, 0.3], 0.5, 0.25, 1.0, [0.5, 0.5]],
    ['MeanAbsolutePercentageError', new tp.losses.MeanAbsolutePercentageError(), [[2, 1], [2, 3]], [[1, 1], [1, 0]], [0.7, 0.3], 50, 20, 100, [25, 75]],
    ['MeanSquaredLogarithmicError', new tp.losses.MeanSquaredLogarithmicError(), t2, [[1, 1], [1, 0]], [0.7, 0.3], 0.24, 0.12, 0.48, [0.24, 0.24]],
    ['Huber', new tp.losses.Huber(), t2, [[0.6, 0.4], [0.4, 0.6]], [1, 0], 0.155, 0.09, 0.31, [0.18, 0.13]],
    ['LogCosh', new tp.losses.LogCosh(), t2, [[1, 1], [0, 0]], [0.8, 0.2], 0.108, 0.087, 0.217, [0.217, 0]],
    ['BinaryCrossentropy', new tp.losses.BinaryCrossentropy(), t2, [[0.6, 0.4], [0.4, 0.6]], [1, 0], 0.815, 0.458, 1.63, [0.916, 0.714]],
    ['CategoricalCrossentropy', new tp.losses.CategoricalCrossentropy(), [[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], [0.3, 0.7], 1.177, 0.814, 2.354, [0.0513, 2.303]],
    ['SparseCategoricalCrossentropy', new tp.losses.SparseCategoricalCrossentropy(), [1, 2], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], [0.3, 0.7], 1.177, 0.814, 2.354, [0.0513, 2.303]],
    ['CosineSimilarity', new tp.losses.CosineSimilarity({ axis: 1 }), [[0, 1], [1, 1]], [[1, 0], [1, 1]], [0.8, 0.2], -0.5, -0.1, -0.999, [0, -0.999]],
    ['Hinge', new tp.losses.Hinge(), t2, [[0.6, 0.4], [0.4, 0.6]], [1, 0], 1.3, 0.55, 2.6, [1.1, 1.5]],
    ['SquaredHinge', new tp.losses.SquaredHinge(), t2, [[0.6, 0.4], [0.4, 0.6]], [1, 0], 1.86, 0.73, 3.72, [1.46, 2.26]],
    ['CategoricalHinge', new tp.losses.CategoricalHinge(), t2, [[0.6, 0.4], [0.4, 0.6]], [1, 0], 1.4, 0.6, 2.8, [1.2, 1.6]],
    ['KLDivergence', new tp.losses.KLDivergence(), t2, [[0.6, 0.4], [0.4, 0.6]], [0.8, 0.2], 0.458, 0.366, 0.916, [0.916, -3.08e-6]],
    ['Poisson', new tp.losses.Poisson(), t2, [[1, 1], [0, 0]], [0.8, 0.2], 0.5, 0.4, 0.999, [0.999, 0]],
  ];
  for (const [name, loss, yt, yp, sw, m, wm, s, none] of cases) {
    test(name, () => {
      const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThan(Math.max(6e-4, 1.5e-3 * Math.abs(want)));
      close(num(loss.apply(yt, yp)), m);
      close(num(loss.apply(yt, yp, sw)), wm);
      const cls = loss.constructor as new (a: object) => tp.losses.Loss;
      const cfg = loss.getConfig();
      close(num(new cls({ ...cfg, reduction: 'sum' }).apply(yt, yp)), s);
      const perSample = arr(new cls({ ...cfg, reduction: 'none' }).apply(yt, yp));
      perSample.forEach((v, i) => close(v, none[i]!));
    });
  }

  test('BinaryCrossentropy from logits (Keras 3 docs: 0.865)', () => {
    const bce = new tp.losses.BinaryCrossentropy({ fromLogits: true });
    expect(num(bce.apply([[0, 1], [0, 0]], [[-18.6, 0.51], [2.94, -12.8]]))).toBeCloseTo(0.865, 3);
  });
});

describe('custom losses', () => {
  // The course's huber_fn, in tensorpad.
  const huberFn = (yTrue: tp.Tensor, yPred: tp.Tensor): tp.Tensor => {
    const error = yTrue.sub(yPred);
    const isSmallError = tp.abs(error).less(1);
    const squaredLoss = tp.square(error).div(2);
    const linearLoss = tp.abs(error).sub(0.5);
    return tp.where(isSmallError, squaredLoss, linearLoss);
  };

  test("the course's huber_fn through tp.losses.get matches tp.losses.huber and Huber", () => {
    const yt = [[0.5], [2], [-1], [3]];
    const yp = [[0.2], [0], [1.5], [2.9]];
    const loss = tp.losses.get(huberFn);
    expect(loss).toBeInstanceOf(tp.losses.LossFunctionWrapper);
    expect(loss.name).toBe('huberFn');
    const hand = [0.5 * 0.09, 1.5, 2.0, 0.5 * 0.01];
    expect(num(loss.apply(yt, yp))).toBeCloseTo(hand.reduce((a, b) => a + b) / 4, 6);
    expect(num(new tp.losses.Huber().apply(yt, yp))).toBeCloseTo(num(loss.apply(yt, yp)), 6);
    arr(tp.losses.huber(yt, yp)).forEach((v, i) => expect(v).toBeCloseTo(hand[i]!, 6));
  });

  class HuberLoss extends tp.losses.Loss {
    threshold: number;
    constructor(args: { threshold?: number } & tp.losses.LossArgs = {}) {
      super(args);
      this.threshold = args.threshold ?? 1;
    }
    call(yTrue: tp.Tensor, yPred: tp.Tensor): tp.Tensor {
      const error = yTrue.sub(yPred);
      const isSmallError = tp.abs(error).less(this.threshold);
      const squaredLoss = tp.square(error).div(2);
      const linearLoss = tp.abs(error).mul(this.threshold).sub(this.threshold ** 2 / 2);
      return tp.where(isSmallError, squaredLoss, linearLoss);
    }
    override getConfig() {
      return { ...super.getConfig(), threshold: this.threshold };
    }
  }

  test("the course's HuberLoss subclass: threshold, reduction, getConfig and a round trip", () => {
    const loss = new HuberLoss({ threshold: 2 });
    expect(loss.name).toBe('huber_loss');
    // errors 0.5, 3, -2.5: 0.125, 2·3 - 2 = 4, 2·2.5 - 2 = 3.
    expect(num(loss.apply([0.5, 3, -2.5], [0, 0, 0]))).toBeCloseTo((0.125 + 4 + 3) / 3, 6);
    expect(loss.getConfig()).toEqual({ name: 'huber_loss', reduction: 'sum_over_batch_size', threshold: 2 });
    const copy = HuberLoss.fromConfig(loss.getConfig());
    expect(copy).toBeInstanceOf(HuberLoss);
    expect(copy.threshold).toBe(2);
    const spec = tp.losses.serialize(loss);
    expect(spec.className).toBe('HuberLoss');
    const back = tp.losses.deserialize(spec, { HuberLoss }) as HuberLoss;
    expect(back.threshold).toBe(2);
    expect(num(back.apply([0.5, 3, -2.5], [0, 0, 0]))).toBeCloseTo(num(loss.apply([0.5, 3, -2.5], [0, 0, 0])), 6);
    // Registered names take precedence over built-ins (as Keras's custom objects), so pick a new one.
    tp.losses.registerLoss(HuberLoss, 'CourseHuberLoss');
    const got = tp.losses.get({ className: 'CourseHuberLoss', config: { threshold: 3 } }) as HuberLoss;
    expect(got).toBeInstanceOf(HuberLoss);
    expect(got.threshold).toBe(3);
    expect(tp.losses.get('course_huber_loss')).toBeInstanceOf(HuberLoss);
  });

  test('built-in classes round-trip through serialize / deserialize with their options', () => {
    for (const loss of [
      new tp.losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1, name: 'bce' }),
      new tp.losses.CategoricalCrossentropy({ labelSmoothing: 0.2, reduction: 'sum' }),
      new tp.losses.SparseCategoricalCrossentropy({ fromLogits: true }),
      new tp.losses.Huber({ delta: 0.3 }),
      new tp.losses.CosineSimilarity({ axis: 0 }),
      new tp.losses.Poisson(),
    ]) {
      const back = tp.losses.deserialize(tp.losses.serialize(loss));
      expect(back.constructor).toBe(loss.constructor);
      expect(back.getConfig()).toEqual(loss.getConfig());
    }
  });
});

describe('tp.losses.get', () => {
  test('camelCase, snake_case, class names and Keras aliases', () => {
    const expectations: [string, unknown][] = [
      ['mse', tp.losses.MeanSquaredError], ['MSE', tp.losses.MeanSquaredError], ['meanSquaredError', tp.losses.MeanSquaredError],
      ['mean_squared_error', tp.losses.MeanSquaredError], ['MeanSquaredError', tp.losses.MeanSquaredError],
      ['mae', tp.losses.MeanAbsoluteError], ['mape', tp.losses.MeanAbsolutePercentageError], ['msle', tp.losses.MeanSquaredLogarithmicError],
      ['huber', tp.losses.Huber], ['huber_loss', tp.losses.Huber], ['log_cosh', tp.losses.LogCosh], ['logcosh', tp.losses.LogCosh],
      ['binary_crossentropy', tp.losses.BinaryCrossentropy], ['categoricalCrossentropy', tp.losses.CategoricalCrossentropy],
      ['sparse_categorical_crossentropy', tp.losses.SparseCategoricalCrossentropy], ['cosine_similarity', tp.losses.CosineSimilarity],
      ['hinge', tp.losses.Hinge], ['squared_hinge', tp.losses.SquaredHinge], ['categorical_hinge', tp.losses.CategoricalHinge],
      ['kld', tp.losses.KLDivergence], ['kl_divergence', tp.losses.KLDivergence], ['kullback_leibler_divergence', tp.losses.KLDivergence],
      ['poisson', tp.losses.Poisson],
    ];
    for (const [id, cls] of expectations) expect(tp.losses.get(id), id).toBeInstanceOf(cls as never);
  });

  test('built-in functions get their Keras names; Loss objects pass through; unknown names say what is known', () => {
    expect(tp.losses.get(tp.losses.meanSquaredError).name).toBe('mean_squared_error');
    expect(tp.losses.get(tp.losses.sparseCategoricalCrossentropy).name).toBe('sparse_categorical_crossentropy');
    const l = new tp.losses.Huber();
    expect(tp.losses.get(l)).toBe(l);
    expect(tp.losses.get(tp.losses.Hinge)).toBeInstanceOf(tp.losses.Hinge);
    expect(() => tp.losses.get('meen_squared')).toThrow(/unknown loss 'meen_squared'.*MeanSquaredError/);
  });
});

describe('inside compiled steps', () => {
  test('Loss.apply traces into tp.function and matches eager results on new values', () => {
    const losses = [
      new tp.losses.MeanSquaredError(),
      new tp.losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }),
      new tp.losses.CategoricalCrossentropy({ fromLogits: true }),
      new tp.losses.Huber({ delta: 0.5 }),
      new tp.losses.Hinge(),
    ];
    const f = tp.function((yt: tp.Tensor, yp: tp.Tensor, sw: tp.Tensor) => losses.map((l) => l.apply(yt, yp, sw)));
    const data = (s: number) => [tp.tensor([[0, 1, 0], [1, 0, 0]]), tp.tensor([[s, -s, 0.5], [0.2, s * 2, -1]]), tp.tensor([1, s])];
    for (const s of [0.3, 1.7, -2.2]) {
      const [yt, yp, sw] = data(s);
      const traced = f(yt!, yp!, sw!).map(num);
      const eager = losses.map((l) => num(l.apply(yt!, yp!, sw!)));
      traced.forEach((v, i) => expect(v).toBeCloseTo(eager[i]!, 5));
    }
    expect(f.traceCount).toBe(1);
  });

  test('gradient of a weighted, reduced loss with respect to a variable', () => {
    const w = tp.variable([[0.5], [-0.25]], true, 'w', 'float64');
    const x = tp.tensor([[1, 2], [3, -1], [0, 1]], undefined, 'float64');
    const y = tp.tensor([[1], [0], [2]], undefined, 'float64');
    const sw = tp.tensor([1, 2, 0.5], undefined, 'float64');
    const loss = new tp.losses.MeanSquaredError();
    const tape = new tp.GradientTape();
    const value = tape.record(() => loss.apply(y, tp.matMul(x, w), sw));
    const g = tape.gradient(value, w)!;
    // d/dw Σ sᵢ(xᵢ·w - yᵢ)² / 3 = (2/3) Σ sᵢ (xᵢ·w - yᵢ) xᵢ
    const X = [[1, 2], [3, -1], [0, 1]];
    const Y = [1, 0, 2];
    const S = [1, 2, 0.5];
    const r = X.map((row, i) => row[0]! * 0.5 - row[1]! * 0.25 - Y[i]!);
    const want = [0, 1].map((j) => (2 / 3) * X.reduce((acc, row, i) => acc + S[i]! * r[i]! * row[j]!, 0));
    arr(g).forEach((v, j) => expect(v).toBeCloseTo(want[j]!, 12));
    w.dispose();
  });

  test('memory stays flat over many apply calls', () => {
    const loss = new tp.losses.CategoricalCrossentropy({ labelSmoothing: 0.1 });
    const yt = tp.tensor([[0, 1], [1, 0]]);
    const yp = tp.tensor([[0.3, 0.7], [0.6, 0.4]]);
    loss.apply(yt, yp).dispose();
    const before = tp.memory().numTensors;
    for (let i = 0; i < 50; i++) loss.apply(yt, yp, [1, 2]).dispose();
    loss.apply([[0, 1]], [[0.5, 0.5]]).dispose();
    expect(tp.memory().numTensors).toBe(before);
  });
});
