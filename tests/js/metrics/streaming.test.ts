// Streaming: several batches give the same result as one big batch, resetState starts over,
// results against float64 references (weighted means, confusion counts, AUC curves).
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { lcg } from '../losses/reference.js';

await tp.ready();

const num = (t: tp.Tensor) => t.arraySync() as number;
const rnd = lcg(777);
const N = 60;
const K = 4;

// float32 values, so JS references see exactly what the engine sees.
const f32 = (x: number) => Math.fround(x);
const labels = Array.from({ length: N }, () => (rnd() < 0.45 ? 1 : 0));
const scores = labels.map((l) => f32(Math.min(1, Math.max(0, 0.35 * l + 0.65 * rnd()))));
const weights = Array.from({ length: N }, () => f32(rnd() * 2));
const classes = Array.from({ length: N }, () => Math.floor(rnd() * K));
const probs = classes.map(() => Array.from({ length: K }, () => f32(rnd())));
const oneHot = classes.map((c) => Array.from({ length: K }, (_, j) => (j === c ? 1 : 0)));

function batches<T>(xs: T[], sizes: number[]): T[][] {
  const out: T[][] = [];
  let at = 0;
  for (const s of sizes) {
    out.push(xs.slice(at, at + s));
    at += s;
  }
  return out;
}
const SIZES = [7, 23, 1, 29];

function streamed(make: () => tp.metrics.Metric, yTrue: unknown[], yPred: unknown[], sw?: number[]): [number | number[], number | number[]] {
  const whole = make();
  whole.updateState(yTrue as tp.TensorLike, yPred as tp.TensorLike, sw);
  const split = make();
  const yt = batches(yTrue, SIZES);
  const yp = batches(yPred, SIZES);
  const w = sw ? batches(sw, SIZES) : null;
  yt.forEach((b, i) => split.updateState(b as tp.TensorLike, yp[i] as tp.TensorLike, w ? w[i] : undefined));
  return [whole.result().arraySync() as number, split.result().arraySync() as number];
}

function expectNear(a: number | number[], b: number | number[], tol: number): void {
  const xs = ([] as number[]).concat(a);
  const ys = ([] as number[]).concat(b);
  expect(xs.length).toBe(ys.length);
  xs.forEach((x, i) => {
    if (!(Math.abs(x - ys[i]!) <= tol)) expect.fail(`element ${i}: ${x} vs ${ys[i]} (tolerance ${tol})`);
  });
}

describe('several batches equal one big batch', () => {
  const cases: [string, () => tp.metrics.Metric, unknown[], unknown[]][] = [
    ['Mean', () => new tp.metrics.Mean(), scores, [] as never],
    // Keras averages binary accuracy over the last axis, so samples are rows [b, 1] as a model outputs them.
    ['BinaryAccuracy', () => new tp.metrics.BinaryAccuracy({ threshold: 0.4 }), labels.map((l) => [l]), scores.map((s) => [s])],
    ['CategoricalAccuracy', () => new tp.metrics.CategoricalAccuracy(), oneHot, probs],
    ['SparseCategoricalAccuracy', () => new tp.metrics.SparseCategoricalAccuracy(), classes, probs],
    ['TopKCategoricalAccuracy', () => new tp.metrics.TopKCategoricalAccuracy({ k: 2 }), oneHot, probs],
    ['MeanSquaredError', () => new tp.metrics.MeanSquaredError(), oneHot, probs],
    ['RootMeanSquaredError', () => new tp.metrics.RootMeanSquaredError(), oneHot, probs],
    ['CategoricalCrossentropy', () => new tp.metrics.CategoricalCrossentropy(), oneHot, probs],
    ['Precision', () => new tp.metrics.Precision({ thresholds: [0.2, 0.5, 0.8] }), labels, scores],
    ['Recall', () => new tp.metrics.Recall(), labels, scores],
    ['Precision classId 2', () => new tp.metrics.Precision({ classId: 2 }), oneHot, probs],
    ['Recall topK 1', () => new tp.metrics.Recall({ topK: 1 }), oneHot, probs],
    ['AUC ROC', () => new tp.metrics.AUC(), labels, scores],
    ['AUC PR', () => new tp.metrics.AUC({ curve: 'PR', numThresholds: 50 }), labels, scores],
  ];
  for (const [name, make, yt, yp] of cases) {
    test(name, () => {
      if (name === 'Mean') {
        const whole = make();
        whole.updateState(scores, weights);
        const split = make();
        batches(scores, SIZES).forEach((b, i) => split.updateState(b, batches(weights, SIZES)[i]));
        expectNear(num(whole.result()), num(split.result()), 1e-5);
        return;
      }
      const [a, b] = streamed(make, yt, yp);
      expectNear(a, b, 1e-5);
      const [wa, wb] = streamed(make, yt, yp, weights);
      expectNear(wa, wb, 1e-5);
    });
  }
});

describe('results against float64 references', () => {
  test('Mean: Σ w·v / Σ w, with [b, k] values reduced per sample first', () => {
    const m = new tp.metrics.Mean();
    m.updateState(scores, weights);
    const want = scores.reduce((a, v, i) => a + v * weights[i]!, 0) / weights.reduce((a, b) => a + b, 0);
    expect(num(m.result())).toBeCloseTo(want, 5);
    const m2 = new tp.metrics.Mean();
    m2.updateState(probs, weights);
    const rowMeans = probs.map((r) => r.reduce((a, b) => a + b, 0) / K);
    const want2 = rowMeans.reduce((a, v, i) => a + v * weights[i]!, 0) / weights.reduce((a, b) => a + b, 0);
    expect(num(m2.result())).toBeCloseTo(want2, 5);
  });

  test('Precision / Recall at several thresholds: weighted counts of p > t', () => {
    const thresholds = [0, 0.25, 0.5, 0.75, 1];
    const prec = new tp.metrics.Precision({ thresholds });
    const rec = new tp.metrics.Recall({ thresholds });
    prec.updateState(labels, scores, weights);
    rec.updateState(labels, scores, weights);
    const wantP: number[] = [];
    const wantR: number[] = [];
    for (const t of thresholds) {
      let tpw = 0, fpw = 0, fnw = 0;
      scores.forEach((s, i) => {
        if (s > t && labels[i]) tpw += weights[i]!;
        else if (s > t) fpw += weights[i]!;
        else if (labels[i]) fnw += weights[i]!;
      });
      wantP.push(tpw + fpw === 0 ? 0 : tpw / (tpw + fpw));
      wantR.push(tpw + fnw === 0 ? 0 : tpw / (tpw + fnw));
    }
    expectNear(prec.result().arraySync() as number[], wantP, 1e-5);
    expectNear(rec.result().arraySync() as number[], wantR, 1e-5);
  });

  // Confusion counts at Keras's AUC thresholds by direct comparison (no bucketing), in float64.
  function counts(thresholds: number[], sw: number[] | null) {
    const w = (i: number) => (sw ? sw[i]! : 1);
    return thresholds.map((t) => {
      let tpw = 0, fpw = 0, tnw = 0, fnw = 0;
      scores.forEach((s, i) => {
        const pos = s > t;
        if (labels[i]) pos ? (tpw += w(i)) : (fnw += w(i));
        else pos ? (fpw += w(i)) : (tnw += w(i));
      });
      return { tp: tpw, fp: fpw, tn: tnw, fn: fnw };
    });
  }
  const kerasThresholds = (n: number) => [-1e-7, ...Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1)), 1 + 1e-7];
  const div = (a: number, b: number) => (b === 0 ? 0 : a / b);

  function rocAuc(c: ReturnType<typeof counts>, method: 'interpolation' | 'minoring' | 'majoring'): number {
    const x = c.map((k) => div(k.fp, k.fp + k.tn));
    const y = c.map((k) => div(k.tp, k.tp + k.fn));
    let area = 0;
    for (let i = 0; i + 1 < c.length; i++) {
      const h = method === 'interpolation' ? (y[i]! + y[i + 1]!) / 2 : method === 'minoring' ? Math.min(y[i]!, y[i + 1]!) : Math.max(y[i]!, y[i + 1]!);
      area += (x[i]! - x[i + 1]!) * h;
    }
    return area;
  }

  test('AUC (ROC) with 200 bucketed thresholds equals trapezoids over directly counted thresholds', () => {
    const m = new tp.metrics.AUC();
    expect(m.thresholds.length).toBe(200);
    m.updateState(labels, scores, weights);
    const c = counts(kerasThresholds(200), weights);
    expectNear(Array.from(m.truePositives.dataSync()), c.map((k) => k.tp), 1e-4);
    expectNear(Array.from(m.falsePositives.dataSync()), c.map((k) => k.fp), 1e-4);
    expectNear(Array.from(m.trueNegatives.dataSync()), c.map((k) => k.tn), 1e-4);
    expectNear(Array.from(m.falseNegatives.dataSync()), c.map((k) => k.fn), 1e-4);
    expect(num(m.result())).toBeCloseTo(rocAuc(c, 'interpolation'), 5);
  });

  test('AUC summation methods: minoring <= interpolation <= majoring, each as its Riemann sum', () => {
    const c = counts(kerasThresholds(20), null);
    const results = (['minoring', 'interpolation', 'majoring'] as const).map((method) => {
      const m = new tp.metrics.AUC({ numThresholds: 20, summationMethod: method });
      m.updateState(labels, scores);
      const r = num(m.result());
      expect(r).toBeCloseTo(rocAuc(c, method), 5);
      return r;
    });
    expect(results[0]).toBeLessThanOrEqual(results[1]!);
    expect(results[1]).toBeLessThanOrEqual(results[2]!);
  });

  test('AUC (PR, interpolation) follows the Davis-Goadrich closed form', () => {
    const n = 30;
    const m = new tp.metrics.AUC({ curve: 'PR', numThresholds: n });
    m.updateState(labels, scores);
    const c = counts(kerasThresholds(n), null);
    let area = 0;
    for (let i = 0; i + 1 < n; i++) {
      const dtp = c[i]!.tp - c[i + 1]!.tp;
      const p0 = c[i]!.tp + c[i]!.fp;
      const p1 = c[i + 1]!.tp + c[i + 1]!.fp;
      const slope = div(dtp, Math.max(p0 - p1, 0));
      const intercept = c[i + 1]!.tp - slope * p1;
      const ratio = p0 > 0 && p1 > 0 ? div(p0, Math.max(p1, 0)) : 1;
      area += div(slope * (dtp + intercept * Math.log(ratio)), Math.max(c[i + 1]!.tp + c[i + 1]!.fn, 0));
    }
    expect(num(m.result())).toBeCloseTo(area, 5);
    // Riemann PR (majoring) uses precision over recall.
    const maj = new tp.metrics.AUC({ curve: 'PR', numThresholds: n, summationMethod: 'majoring' });
    maj.updateState(labels, scores);
    let riemann = 0;
    for (let i = 0; i + 1 < n; i++) {
      const r0 = div(c[i]!.tp, c[i]!.tp + c[i]!.fn);
      const r1 = div(c[i + 1]!.tp, c[i + 1]!.tp + c[i + 1]!.fn);
      const pr0 = div(c[i]!.tp, c[i]!.tp + c[i]!.fp);
      const pr1 = div(c[i + 1]!.tp, c[i + 1]!.tp + c[i + 1]!.fp);
      riemann += (r0 - r1) * Math.max(pr0, pr1);
    }
    expect(num(maj.result())).toBeCloseTo(riemann, 5);
  });

  test('AUC with uneven user thresholds (direct comparison path) and with logits', () => {
    const inner = [0.1, 0.3, 0.35, 0.9];
    const m = new tp.metrics.AUC({ thresholds: inner });
    expect(m.numThresholds).toBe(6);
    m.updateState(labels, scores);
    expect(num(m.result())).toBeCloseTo(rocAuc(counts([-1e-7, ...inner, 1 + 1e-7], null), 'interpolation'), 5);
    const logits = scores.map((s) => Math.log(Math.max(s, 1e-6) / Math.max(1 - s, 1e-6)));
    const fromLogits = new tp.metrics.AUC({ fromLogits: true, numThresholds: 50 });
    fromLogits.updateState(labels, logits);
    const plain = new tp.metrics.AUC({ numThresholds: 50 });
    plain.updateState(labels, scores);
    expect(num(fromLogits.result())).toBeCloseTo(num(plain.result()), 2);
  });

  test('perfect and inverted rankings give AUC 1 and 0; an empty AUC is 0', () => {
    const perfect = new tp.metrics.AUC();
    perfect.updateState([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9]);
    expect(num(perfect.result())).toBeCloseTo(1, 6);
    const inverted = new tp.metrics.AUC();
    inverted.updateState([1, 1, 0, 0], [0.1, 0.2, 0.8, 0.9]);
    expect(num(inverted.result())).toBeCloseTo(0, 6);
    expect(num(new tp.metrics.AUC().result())).toBe(0);
  });
});

describe('resetState and empty results', () => {
  test('every built-in metric reads 0 when empty and returns to it after resetState', () => {
    const make: tp.metrics.Metric[] = [
      new tp.metrics.Mean(), new tp.metrics.Sum(), new tp.metrics.Accuracy(), new tp.metrics.BinaryAccuracy(),
      new tp.metrics.CategoricalAccuracy(), new tp.metrics.SparseCategoricalAccuracy(), new tp.metrics.Precision(),
      new tp.metrics.Recall(), new tp.metrics.AUC(), new tp.metrics.MeanSquaredError(), new tp.metrics.RootMeanSquaredError(),
    ];
    for (const m of make) {
      expect(num(m.result()), m.name).toBe(0);
      if (m instanceof tp.metrics.Mean && !(m instanceof tp.metrics.MeanMetricWrapper) && m.constructor === tp.metrics.Mean) m.updateState([1, 2]);
      else if (m instanceof tp.metrics.Sum) m.updateState([1, 2]);
      else if (m instanceof tp.metrics.CategoricalAccuracy || m instanceof tp.metrics.SparseCategoricalAccuracy)
        m.updateState(m instanceof tp.metrics.SparseCategoricalAccuracy ? [1] : [[0, 1]], [[0.2, 0.8]]);
      else if (m instanceof tp.metrics.Accuracy) m.updateState([[1], [0]], [[1], [1]]);
      else m.updateState([[1], [0]], [[0.9], [0.2]]);
      expect(num(m.result()), m.name).not.toBe(0);
      m.resetState();
      expect(num(m.result()), m.name).toBe(0);
      for (const w of m.weights) expect((w.dataSync() as Float32Array).every((v) => v === 0)).toBe(true);
    }
  });
});
