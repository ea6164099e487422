// Every streaming metric in float32 and float64: the float64 result matches a closed form written
// from the metric's definition to ~1e-12, and the float32 result matches the float64 one to float32
// precision. Metrics are enumerated from tp.metrics, so a new one must be listed here.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { lcg, ref } from '../losses/reference.js';

await tp.ready();

const rnd = lcg(2024);
const N = 24;
const K = 4;
const NT = 200; // AUC's default number of thresholds

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const argmax = (r: number[]) => r.indexOf(Math.max(...r));

const labels = Array.from({ length: N }, (_, i) => (i % 3 === 0 ? 0 : rnd() < 0.5 ? 1 : 0));
// Distinct scores, each in the middle of its own AUC threshold bucket, so the trapezoidal ROC over
// NT thresholds is exactly the Mann-Whitney statistic.
const scores = labels.map((_, i) => (((i * 37) % (NT - 2)) + 0.5) / (NT - 1));
const classes = Array.from({ length: N }, () => Math.floor(rnd() * K));
const probs = classes.map(() => Array.from({ length: K }, () => 0.05 + rnd()));
const oneHot = classes.map((c) => Array.from({ length: K }, (_, j) => (j === c ? 1 : 0)));
const regT = Array.from({ length: N }, () => Array.from({ length: 3 }, () => rnd() * 2));
const regP = Array.from({ length: N }, () => Array.from({ length: 3 }, () => rnd() * 2));
const pm1 = labels.map((l) => [l === 1 ? 1 : -1]);
const margins = scores.map((s) => [4 * s - 2]);

function confusion(threshold: number) {
  let tp_ = 0, fp = 0, tn = 0, fn = 0;
  labels.forEach((l, i) => {
    const pos = scores[i]! > threshold;
    if (l && pos) tp_++;
    else if (!l && pos) fp++;
    else if (!l) tn++;
    else fn++;
  });
  return { tp: tp_, fp, tn, fn };
}

function mannWhitney(): number {
  let wins = 0;
  let pairs = 0;
  labels.forEach((l, i) => {
    if (!l) return;
    labels.forEach((m, j) => {
      if (m) return;
      pairs++;
      wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

const topK = (row: number[], c: number, k: number) => row.filter((v) => v > row[c]!).length < k;

interface Case {
  make: (dtype: tp.DType) => tp.metrics.Metric;
  yTrue: unknown;
  yPred?: unknown;
  expected: number;
}

const binRows = labels.map((l) => [l]);
const scoreRows = scores.map((s) => [s]);
const c = confusion(0.5);

const cases: Record<string, Case> = {
  Mean: { make: (dtype) => new tp.metrics.Mean({ dtype }), yTrue: scores, expected: mean(scores) },
  Sum: { make: (dtype) => new tp.metrics.Sum({ dtype }), yTrue: scores, expected: sum(scores) },
  Accuracy: { make: (dtype) => new tp.metrics.Accuracy({ dtype }), yTrue: binRows, yPred: scores.map((s) => [s > 0.5 ? 1 : 0]), expected: mean(labels.map((l, i) => (l === (scores[i]! > 0.5 ? 1 : 0) ? 1 : 0))) },
  BinaryAccuracy: { make: (dtype) => new tp.metrics.BinaryAccuracy({ dtype }), yTrue: binRows, yPred: scoreRows, expected: (c.tp + c.tn) / N },
  CategoricalAccuracy: { make: (dtype) => new tp.metrics.CategoricalAccuracy({ dtype }), yTrue: oneHot, yPred: probs, expected: mean(probs.map((r, i) => (argmax(r) === classes[i] ? 1 : 0))) },
  SparseCategoricalAccuracy: { make: (dtype) => new tp.metrics.SparseCategoricalAccuracy({ dtype }), yTrue: classes, yPred: probs, expected: mean(probs.map((r, i) => (argmax(r) === classes[i] ? 1 : 0))) },
  TopKCategoricalAccuracy: { make: (dtype) => new tp.metrics.TopKCategoricalAccuracy({ k: 2, dtype }), yTrue: oneHot, yPred: probs, expected: mean(probs.map((r, i) => (topK(r, classes[i]!, 2) ? 1 : 0))) },
  SparseTopKCategoricalAccuracy: { make: (dtype) => new tp.metrics.SparseTopKCategoricalAccuracy({ k: 2, dtype }), yTrue: classes, yPred: probs, expected: mean(probs.map((r, i) => (topK(r, classes[i]!, 2) ? 1 : 0))) },
  MeanSquaredError: { make: (dtype) => new tp.metrics.MeanSquaredError({ dtype }), yTrue: regT, yPred: regP, expected: mean(regT.map((t, i) => ref.mse(t, regP[i]!))) },
  MeanAbsoluteError: { make: (dtype) => new tp.metrics.MeanAbsoluteError({ dtype }), yTrue: regT, yPred: regP, expected: mean(regT.map((t, i) => ref.mae(t, regP[i]!))) },
  MeanAbsolutePercentageError: { make: (dtype) => new tp.metrics.MeanAbsolutePercentageError({ dtype }), yTrue: regT, yPred: regP, expected: mean(regT.map((t, i) => ref.mape(t, regP[i]!))) },
  MeanSquaredLogarithmicError: { make: (dtype) => new tp.metrics.MeanSquaredLogarithmicError({ dtype }), yTrue: regT, yPred: regP, expected: mean(regT.map((t, i) => ref.msle(t, regP[i]!))) },
  RootMeanSquaredError: { make: (dtype) => new tp.metrics.RootMeanSquaredError({ dtype }), yTrue: regT, yPred: regP, expected: Math.sqrt(mean(regT.map((t, i) => ref.mse(t, regP[i]!)))) },
  LogCoshError: { make: (dtype) => new tp.metrics.LogCoshError({ dtype }), yTrue: regT, yPred: regP, expected: mean(regT.map((t, i) => ref.logCosh(t, regP[i]!))) },
  CosineSimilarity: { make: (dtype) => new tp.metrics.CosineSimilarity({ dtype }), yTrue: regT, yPred: regP, expected: mean(regT.map((t, i) => -ref.cosine(t, regP[i]!))) },
  BinaryCrossentropy: { make: (dtype) => new tp.metrics.BinaryCrossentropy({ dtype }), yTrue: binRows, yPred: scoreRows, expected: mean(binRows.map((t, i) => ref.bce(t, scoreRows[i]!))) },
  CategoricalCrossentropy: { make: (dtype) => new tp.metrics.CategoricalCrossentropy({ dtype }), yTrue: oneHot, yPred: probs, expected: mean(oneHot.map((t, i) => ref.cce(t, probs[i]!))) },
  SparseCategoricalCrossentropy: {
    make: (dtype) => new tp.metrics.SparseCategoricalCrossentropy({ dtype }),
    yTrue: classes,
    yPred: probs.map((r) => r.map((v) => v / sum(r))),
    expected: mean(classes.map((k, i) => ref.scce(k, probs[i]!.map((v) => v / sum(probs[i]!))))),
  },
  KLDivergence: { make: (dtype) => new tp.metrics.KLDivergence({ dtype }), yTrue: oneHot, yPred: probs, expected: mean(oneHot.map((t, i) => ref.kld(t, probs[i]!))) },
  Poisson: { make: (dtype) => new tp.metrics.Poisson({ dtype }), yTrue: regT, yPred: regP, expected: mean(regT.map((t, i) => ref.poisson(t, regP[i]!))) },
  Hinge: { make: (dtype) => new tp.metrics.Hinge({ dtype }), yTrue: pm1, yPred: margins, expected: mean(pm1.map((t, i) => ref.hinge(t, margins[i]!))) },
  SquaredHinge: { make: (dtype) => new tp.metrics.SquaredHinge({ dtype }), yTrue: pm1, yPred: margins, expected: mean(pm1.map((t, i) => ref.squaredHinge(t, margins[i]!))) },
  CategoricalHinge: { make: (dtype) => new tp.metrics.CategoricalHinge({ dtype }), yTrue: oneHot, yPred: probs, expected: mean(oneHot.map((t, i) => ref.categoricalHinge(t, probs[i]!))) },
  Precision: { make: (dtype) => new tp.metrics.Precision({ dtype }), yTrue: labels, yPred: scores, expected: c.tp / (c.tp + c.fp) },
  Recall: { make: (dtype) => new tp.metrics.Recall({ dtype }), yTrue: labels, yPred: scores, expected: c.tp / (c.tp + c.fn) },
  TruePositives: { make: (dtype) => new tp.metrics.TruePositives({ dtype }), yTrue: labels, yPred: scores, expected: c.tp },
  FalsePositives: { make: (dtype) => new tp.metrics.FalsePositives({ dtype }), yTrue: labels, yPred: scores, expected: c.fp },
  TrueNegatives: { make: (dtype) => new tp.metrics.TrueNegatives({ dtype }), yTrue: labels, yPred: scores, expected: c.tn },
  FalseNegatives: { make: (dtype) => new tp.metrics.FalseNegatives({ dtype }), yTrue: labels, yPred: scores, expected: c.fn },
  AUC: { make: (dtype) => new tp.metrics.AUC({ dtype }), yTrue: labels, yPred: scores, expected: mannWhitney() },
};

// Metric subclasses that need more than a dtype to exist: MeanMetricWrapper wraps a function.
const NOT_STANDALONE = new Set(['Metric', 'MeanMetricWrapper']);

function run(kase: Case, dtype: tp.DType): { value: number; dtype: tp.DType } {
  const m = kase.make(dtype);
  try {
    // Two batches, as a streaming metric sees them.
    const half = (x: unknown, part: 0 | 1) => (x as unknown[]).slice(part * (N / 2), (part + 1) * (N / 2));
    for (const part of [0, 1] as const) {
      if (kase.yPred === undefined) m.updateState(half(kase.yTrue, part) as tp.TensorLike);
      else m.updateState(half(kase.yTrue, part) as tp.TensorLike, half(kase.yPred, part) as tp.TensorLike);
    }
    const r = m.result();
    const out = { value: r.arraySync() as number, dtype: r.dtype };
    r.dispose();
    return out;
  } finally {
    m.dispose();
  }
}

describe('every metric in float32 and float64', () => {
  test('the list covers every Metric class tp.metrics exports', () => {
    const classes = Object.entries(tp.metrics)
      .filter(([, v]) => typeof v === 'function' && (v === tp.metrics.Metric || v.prototype instanceof tp.metrics.Metric))
      .map(([k]) => k)
      .filter((k) => !NOT_STANDALONE.has(k));
    expect(classes.sort()).toEqual(Object.keys(cases).sort());
  });

  for (const [name, kase] of Object.entries(cases)) {
    test(name, () => {
      const before = tp.memory().numTensors;
      const f64 = run(kase, 'float64');
      const f32 = run(kase, 'float32');
      expect(f64.dtype).toBe('float64');
      expect(f32.dtype).toBe('float32');
      expect(Math.abs(f64.value - kase.expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(kase.expected)));
      expect(Math.abs(f32.value - f64.value)).toBeLessThanOrEqual(2e-6 * Math.max(1, Math.abs(f64.value)));
      expect(tp.memory().numTensors).toBe(before);
    });
  }
});
