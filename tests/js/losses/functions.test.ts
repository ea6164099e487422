// tp.losses functions against float64 references of Keras's formulas: per-sample values in
// float32 and float64, logits paths against explicit sigmoid/softmax, extreme logits, label
// smoothing, shape alignment, gradients against central differences.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { EPS, lcg, matrix, ref, sigmoid, softmax } from './reference.js';

await tp.ready();

const B = 4;
const K = 5;
const rnd = lcg(12345);
const uniform = (lo: number, hi: number) => lo + (hi - lo) * rnd();

function expectClose(got: number[], want: number[], tol: number): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    if (!(Math.abs(g - w) <= tol * Math.max(1, Math.abs(w)))) expect.fail(`element ${i}: got ${g}, expected ${w} (tolerance ${tol})`);
  });
}

const values = (t: tp.Tensor) => Array.from(t.dataSync());

interface Case {
  name: string;
  fn: (yTrue: tp.Tensor, yPred: tp.Tensor) => tp.Tensor;
  ref: (t: number[], p: number[]) => number;
  yTrue: () => number;
  yPred: () => number;
}

const probabilities = () => uniform(0.05, 0.95);
const binary = () => (rnd() < 0.5 ? 0 : 1);
const signed = () => (rnd() < 0.5 ? -1 : 1);

const cases: Case[] = [
  { name: 'meanSquaredError', fn: tp.losses.meanSquaredError, ref: ref.mse, yTrue: () => uniform(-2, 2), yPred: () => uniform(-2, 2) },
  { name: 'meanAbsoluteError', fn: tp.losses.meanAbsoluteError, ref: ref.mae, yTrue: () => uniform(-2, 2), yPred: () => uniform(-2, 2) },
  { name: 'meanAbsolutePercentageError', fn: tp.losses.meanAbsolutePercentageError, ref: ref.mape, yTrue: () => uniform(0.5, 3), yPred: () => uniform(-2, 2) },
  { name: 'meanSquaredLogarithmicError', fn: tp.losses.meanSquaredLogarithmicError, ref: ref.msle, yTrue: () => uniform(0, 3), yPred: () => uniform(0.1, 3) },
  { name: 'huber (delta 1)', fn: (t, p) => tp.losses.huber(t, p), ref: (t, p) => ref.huber(t, p, 1), yTrue: () => uniform(-2, 2), yPred: () => uniform(-2, 2) },
  { name: 'huber (delta 0.3)', fn: (t, p) => tp.losses.huber(t, p, 0.3), ref: (t, p) => ref.huber(t, p, 0.3), yTrue: () => uniform(-2, 2), yPred: () => uniform(-2, 2) },
  { name: 'logCosh', fn: tp.losses.logCosh, ref: ref.logCosh, yTrue: () => uniform(-3, 3), yPred: () => uniform(-3, 3) },
  { name: 'cosineSimilarity', fn: (t, p) => tp.losses.cosineSimilarity(t, p), ref: ref.cosine, yTrue: () => uniform(-1, 1), yPred: () => uniform(-1, 1) },
  { name: 'binaryCrossentropy', fn: (t, p) => tp.losses.binaryCrossentropy(t, p), ref: (t, p) => ref.bce(t, p), yTrue: binary, yPred: probabilities },
  { name: 'binaryCrossentropy (smoothing 0.2)', fn: (t, p) => tp.losses.binaryCrossentropy(t, p, false, 0.2), ref: (t, p) => ref.bce(t, p, 0.2), yTrue: binary, yPred: probabilities },
  { name: 'binaryCrossentropy (logits)', fn: (t, p) => tp.losses.binaryCrossentropy(t, p, true), ref: (t, p) => ref.bceLogits(t, p), yTrue: binary, yPred: () => uniform(-4, 4) },
  { name: 'binaryCrossentropy (logits, smoothing 0.1)', fn: (t, p) => tp.losses.binaryCrossentropy(t, p, true, 0.1), ref: (t, p) => ref.bceLogits(t, p, 0.1), yTrue: binary, yPred: () => uniform(-4, 4) },
  { name: 'categoricalCrossentropy', fn: (t, p) => tp.losses.categoricalCrossentropy(t, p), ref: (t, p) => ref.cce(t, p), yTrue: () => rnd(), yPred: probabilities },
  { name: 'categoricalCrossentropy (smoothing 0.3)', fn: (t, p) => tp.losses.categoricalCrossentropy(t, p, false, 0.3), ref: (t, p) => ref.cce(t, p, 0.3), yTrue: () => rnd(), yPred: probabilities },
  { name: 'categoricalCrossentropy (logits)', fn: (t, p) => tp.losses.categoricalCrossentropy(t, p, true), ref: (t, p) => ref.cceLogits(t, p), yTrue: () => rnd(), yPred: () => uniform(-4, 4) },
  { name: 'categoricalCrossentropy (logits, smoothing 0.1)', fn: (t, p) => tp.losses.categoricalCrossentropy(t, p, true, 0.1), ref: (t, p) => ref.cceLogits(t, p, 0.1), yTrue: () => rnd(), yPred: () => uniform(-4, 4) },
  { name: 'klDivergence', fn: tp.losses.klDivergence, ref: ref.kld, yTrue: () => uniform(0.01, 1), yPred: probabilities },
  { name: 'poisson', fn: tp.losses.poisson, ref: ref.poisson, yTrue: () => Math.floor(uniform(0, 5)), yPred: () => uniform(0.2, 4) },
  { name: 'hinge', fn: tp.losses.hinge, ref: ref.hinge, yTrue: signed, yPred: () => uniform(-2, 2) },
  { name: 'squaredHinge', fn: tp.losses.squaredHinge, ref: ref.squaredHinge, yTrue: signed, yPred: () => uniform(-2, 2) },
  { name: 'categoricalHinge', fn: tp.losses.categoricalHinge, ref: ref.categoricalHinge, yTrue: () => (rnd() < 0.3 ? 1 : 0), yPred: () => uniform(-2, 2) },
];

describe('per-sample losses against float64 references', () => {
  for (const c of cases) {
    const yt = matrix(B, K, () => c.yTrue());
    const yp = matrix(B, K, () => c.yPred());
    const want = yt.map((row, i) => c.ref(row, yp[i]!));

    test(`${c.name}: float32 gives one value per sample`, () => {
      const out = c.fn(tp.tensor(yt), tp.tensor(yp));
      expect(out.shape).toEqual([B]);
      expect(out.dtype).toBe('float32');
      expectClose(values(out), want, 2e-5);
    });

    test(`${c.name}: float64 tensors stay float64 and match to 1e-12`, () => {
      const out = c.fn(tp.tensor(yt, undefined, 'float64'), tp.tensor(yp, undefined, 'float64'));
      expect(out.dtype).toBe('float64');
      expectClose(values(out), want, 1e-12);
    });

    test(`${c.name}: gradient with respect to yPred matches central differences`, () => {
      const t = tp.tensor(yt, undefined, 'float64');
      const p = tp.tensor(yp, undefined, 'float64');
      const tape = new tp.GradientTape();
      const total = tape.record(() => {
        tape.watch(p);
        return tp.sum(c.fn(t, p));
      });
      const g = tape.gradient(total, p)!;
      const h = 1e-6;
      const numeric: number[] = [];
      yp.forEach((row, i) =>
        row.forEach((_, j) => {
          const up = row.map((v, k) => (k === j ? v + h : v));
          const down = row.map((v, k) => (k === j ? v - h : v));
          numeric.push((c.ref(yt[i]!, up) - c.ref(yt[i]!, down)) / (2 * h));
        }),
      );
      expectClose(values(g), numeric, 1e-6);
    });
  }

  test('sparseCategoricalCrossentropy: probabilities and logits, labels [b] or [b, 1], int or float', () => {
    const labels = [0, 3, 1, 4];
    const probs = matrix(B, K, () => uniform(0.05, 1)).map((r) => r.map((v) => v / r.reduce((a, b) => a + b, 0)));
    const logits = matrix(B, K, () => uniform(-5, 5));
    const wantP = labels.map((l, i) => ref.scce(l, probs[i]!));
    const wantL = labels.map((l, i) => ref.scceLogits(l, logits[i]!));
    expectClose(values(tp.losses.sparseCategoricalCrossentropy(tp.tensor(labels, undefined, 'int32'), tp.tensor(probs))), wantP, 2e-5);
    expectClose(values(tp.losses.sparseCategoricalCrossentropy(tp.tensor(labels.map((l) => [l])), tp.tensor(probs))), wantP, 2e-5);
    expectClose(values(tp.losses.sparseCategoricalCrossentropy(tp.tensor(labels), tp.tensor(logits), true)), wantL, 2e-5);
    expectClose(values(tp.losses.sparseCategoricalCrossentropy(tp.tensor(labels), tp.tensor(logits, undefined, 'float64'), true)), wantL, 1e-12);
  });

  test('sparseCategoricalCrossentropy: gradient of the logits path is softmax - onehot', () => {
    const labels = [2, 0, 4, 1];
    const logits = matrix(B, K, () => uniform(-3, 3));
    const x = tp.tensor(logits, undefined, 'float64');
    const tape = new tp.GradientTape();
    const total = tape.record(() => {
      tape.watch(x);
      return tp.sum(tp.losses.sparseCategoricalCrossentropy(tp.tensor(labels, undefined, 'int32'), x, true));
    });
    const want = logits.flatMap((row, i) => softmax(row).map((s, j) => s - (j === labels[i] ? 1 : 0)));
    expectClose(values(tape.gradient(total, x)!), want, 1e-12);
  });
});

describe('logits paths', () => {
  const logits = matrix(B, K, () => uniform(-6, 6));

  test('binaryCrossentropy(fromLogits) equals binaryCrossentropy of sigmoid(logits)', () => {
    const yt = matrix(B, K, binary);
    const fromLogits = values(tp.losses.binaryCrossentropy(tp.tensor(yt), tp.tensor(logits, undefined, 'float64'), true));
    const fromProbs = values(tp.losses.binaryCrossentropy(tp.tensor(yt), tp.tensor(logits.map((r) => r.map(sigmoid)), undefined, 'float64')));
    expectClose(fromLogits, fromProbs, 1e-9);
  });

  test('categoricalCrossentropy(fromLogits) equals categoricalCrossentropy of softmax(logits)', () => {
    const yt = [[1, 0, 0, 0, 0], [0, 0.5, 0.5, 0, 0], [0, 0, 0, 0, 1], [0.2, 0.2, 0.2, 0.2, 0.2]];
    const fromLogits = values(tp.losses.categoricalCrossentropy(tp.tensor(yt), tp.tensor(logits, undefined, 'float64'), true));
    const fromProbs = values(tp.losses.categoricalCrossentropy(tp.tensor(yt), tp.tensor(logits.map(softmax), undefined, 'float64')));
    expectClose(fromLogits, fromProbs, 1e-9);
    const viaSoftmaxOp = values(tp.losses.categoricalCrossentropy(tp.tensor(yt), tp.softmax(tp.tensor(logits))));
    expectClose(values(tp.losses.categoricalCrossentropy(tp.tensor(yt), tp.tensor(logits), true)), viaSoftmaxOp, 2e-5);
  });

  test('extreme logits give finite, exact losses and finite gradients', () => {
    const x = tp.tensor([[1000, -1000], [-1000, 1000], [88, -88]]);
    const yt = tp.tensor([[1, 0], [1, 0], [0, 1]]);
    const bce = values(tp.losses.binaryCrossentropy(yt, x, true));
    expectClose(bce, [0, 1000, 88], 1e-6);
    const cce = values(tp.losses.categoricalCrossentropy(yt, x, true));
    expectClose(cce, [0, 2000, 176], 1e-6);
    const scce = values(tp.losses.sparseCategoricalCrossentropy(tp.tensor([0, 0, 1], undefined, 'int32'), x, true));
    expectClose(scce, [0, 2000, 176], 1e-6);
    const tape = new tp.GradientTape({ persistent: true });
    const [lb, lc] = tape.record(() => {
      tape.watch(x);
      return [tp.sum(tp.losses.binaryCrossentropy(yt, x, true)), tp.sum(tp.losses.categoricalCrossentropy(yt, x, true))];
    });
    for (const g of [tape.gradient(lb!, x)!, tape.gradient(lc!, x)!]) expect(values(g).every(Number.isFinite)).toBe(true);
    // d/dx of mean(softplus(x) - x·y) is (sigmoid(x) - y) / 2.
    expectClose(values(tape.gradient(lb!, x)!), [0, 0, -0.5, 0.5, 0.5, -0.5], 1e-6);
    tape.dispose();
  });

  test('probabilities of exactly 0 and 1 are clipped to 1e-7 as Keras does', () => {
    const out = values(tp.losses.binaryCrossentropy(tp.tensor([[1, 0]]), tp.tensor([[0, 1]], undefined, 'float64')));
    expectClose(out, [-Math.log(EPS)], 1e-9);
    const cce = values(tp.losses.categoricalCrossentropy(tp.tensor([[0, 1]]), tp.tensor([[1, 0]], undefined, 'float64')));
    expectClose(cce, [-Math.log(EPS)], 1e-9);
  });
});

describe('shapes and conversions', () => {
  test('labels [b] meet predictions [b, 1] (Keras squeeze-or-expand) and arrays / int labels convert', () => {
    const a = values(tp.losses.meanSquaredError(tp.tensor([1, 2, 3]), tp.tensor([[1.5], [2], [2]])));
    expectClose(a, [0.25, 0, 1], 1e-7);
    const b = values(tp.losses.meanAbsoluteError(tp.tensor([1, 2, 3], undefined, 'int32'), tp.tensor([[1.5], [2], [2]])));
    expectClose(b, [0.5, 0, 1], 1e-7);
    const c = values(tp.losses.binaryCrossentropy([1, 0], [0.5, 0.5]));
    expect(c.length).toBe(1);
    expectClose(c, [Math.log(2)], 1e-6);
  });

  test('huber switches from quadratic to linear at |error| = delta', () => {
    const out = values(tp.losses.huber(tp.tensor([[0, 0, 0, 0]]), tp.tensor([[0.5, 1, 2, -3]]), 1));
    expectClose(out, [(0.125 + 0.5 + 1.5 + 2.5) / 4], 1e-7);
  });

  test('hinge converts 0/1 labels to -1/1 but leaves -1/1 labels alone', () => {
    const p = [[0.3, -0.8, 1.5]];
    expectClose(values(tp.losses.hinge(tp.tensor([[0, 1, 1]]), tp.tensor(p))), values(tp.losses.hinge(tp.tensor([[-1, 1, 1]]), tp.tensor(p))), 1e-7);
    expectClose(values(tp.losses.hinge(tp.tensor([[-1, 1, 1]]), tp.tensor(p))), [(1.3 + 1.8 + 0) / 3], 1e-6);
  });

  test('cosineSimilarity of zero vectors is 0, and axis picks the reduced axis', () => {
    expectClose(values(tp.losses.cosineSimilarity(tp.tensor([[0, 0]]), tp.tensor([[1, 2]]))), [0], 1e-7);
    const t = [[1, 0], [0, 1]];
    const p = [[1, 1], [0, 1]];
    const byColumn = values(tp.losses.cosineSimilarity(tp.tensor(t), tp.tensor(p), 0));
    expectClose(byColumn, [-1, -1 / Math.sqrt(2)], 1e-6);
  });

  test('errors name the loss and the shapes', () => {
    expect(() => tp.losses.categoricalCrossentropy(tp.tensor([[1, 0]]), tp.tensor([[0.5, 0.25, 0.25]]))).toThrow(/categoricalCrossentropy.*\[1,2\].*\[1,3\]/);
    expect(() => tp.losses.sparseCategoricalCrossentropy(tp.tensor([1, 2, 0]), tp.tensor([[0.5, 0.5]]))).toThrow(/sparseCategoricalCrossentropy.*\[3\].*\[1,2\]/);
  });

  test('loss functions leave no tensors behind', () => {
    const yt = tp.tensor(matrix(B, K, binary));
    const yp = tp.tensor(matrix(B, K, probabilities));
    const before = tp.memory().numTensors;
    for (let i = 0; i < 20; i++) for (const c of cases) c.fn(yt, yp).dispose();
    tp.losses.sparseCategoricalCrossentropy([1, 0, 2, 3], yp).dispose();
    expect(tp.memory().numTensors).toBe(before);
  });
});
