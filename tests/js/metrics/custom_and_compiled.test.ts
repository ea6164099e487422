// Custom metrics (the course's HuberMetric subclass, MeanMetricWrapper around any function),
// metrics inside tp.function (variables update across calls exactly as eagerly), memory,
// tp.metrics.get as Keras's compile resolves names, and config round trips.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

const num = (t: tp.Tensor) => t.arraySync() as number;

const createHuber = (threshold: number) => (yTrue: tp.Tensor, yPred: tp.Tensor) => {
  const error = yTrue.sub(yPred);
  const isSmallError = tp.abs(error).less(threshold);
  const squaredLoss = tp.square(error).div(2);
  const linearLoss = tp.abs(error).mul(threshold).sub(threshold ** 2 / 2);
  return tp.where(isSmallError, squaredLoss, linearLoss);
};

// The course's HuberMetric, line for line.
class HuberMetric extends tp.metrics.Metric {
  threshold: number;
  huberFn: (yTrue: tp.Tensor, yPred: tp.Tensor) => tp.Tensor;
  total: tp.Variable;
  count: tp.Variable;
  constructor(threshold = 1.0, args: tp.metrics.MetricArgs = {}) {
    super(args);
    this.threshold = threshold;
    this.huberFn = createHuber(threshold);
    this.total = this.addWeight('total', [], 'zeros');
    this.count = this.addWeight('count', [], 'zeros');
  }
  updateState(yTrue: tp.Tensor, yPred: tp.Tensor): void {
    const metric = this.huberFn(yTrue, yPred);
    this.total.assignAdd(tp.sum(metric));
    this.count.assignAdd(tp.cast(tp.scalar(yTrue.size), 'float32'));
  }
  result(): tp.Tensor {
    return this.total.div(this.count);
  }
  override getConfig() {
    return { ...super.getConfig(), threshold: this.threshold };
  }
}

function huberRef(t: number[], p: number[], d: number): number[] {
  return t.map((y, i) => {
    const e = Math.abs(y - p[i]!);
    return e < d ? 0.5 * e * e : d * e - 0.5 * d * d;
  });
}

describe("the course's HuberMetric subclass", () => {
  test('streams the mean Huber loss over batches; weights, name, config, reset', () => {
    const m = new HuberMetric(2, { name: 'huber_metric' });
    expect(m.name).toBe('huber_metric');
    expect(m.weights.map((w) => w.name)).toEqual(['huber_metric/total:0', 'huber_metric/count:0']);
    expect(m.weights.every((w) => !w.trainable)).toBe(true);
    const b1 = [[0, 1, 5], [0, 0, 0]] as const;
    const b2 = [[2, -3], [0, 0]] as const;
    m.updateState(tp.tensor([...b1[0]]), tp.tensor([...b1[1]]));
    const r1 = huberRef([...b1[0]], [...b1[1]], 2);
    expect(num(m.result())).toBeCloseTo(r1.reduce((a, b) => a + b) / 3, 6);
    expect(num(m.apply(tp.tensor([...b2[0]]), tp.tensor([...b2[1]])))).toBeCloseTo([...r1, ...huberRef([...b2[0]], [...b2[1]], 2)].reduce((a, b) => a + b) / 5, 6);
    expect(m.getConfig()).toEqual({ name: 'huber_metric', dtype: 'float32', threshold: 2 });
    m.resetState();
    expect(num(m.total)).toBe(0);
    expect(num(m.count)).toBe(0);
  });

  test('plain arrays are accepted; intermediates are freed (memory flat)', () => {
    const m = new HuberMetric();
    m.updateState([1, 2] as never, [1.5, 4] as never);
    expect(num(m.result())).toBeCloseTo((0.125 + 1.5) / 2, 6);
    const yt = tp.tensor([0.5, 2, -1]);
    const yp = tp.tensor([0, 0, 0]);
    m.apply(yt, yp).dispose();
    const before = tp.memory().numTensors;
    for (let i = 0; i < 100; i++) m.updateState(yt, yp);
    for (let i = 0; i < 10; i++) m.result().dispose();
    expect(tp.memory().numTensors).toBe(before);
  });
});

describe('metrics inside tp.function', () => {
  const batches = [
    [[[0.2], [0.9], [0.6], [0.1]], [[0], [1], [1], [0]], [1, 0.5, 2, 1]],
    [[[0.7], [0.4], [0.3], [0.8]], [[1], [1], [0], [0]], [0.2, 1, 1, 3]],
    [[[0.55], [0.45], [0.95], [0.05]], [[0], [1], [1], [1]], [1, 1, 1, 1]],
  ] as const;
  const makeAll = (): tp.metrics.Metric[] => [
    new tp.metrics.BinaryAccuracy(),
    new tp.metrics.Precision({ thresholds: [0.3, 0.5, 0.7] }),
    new tp.metrics.Recall(),
    new tp.metrics.AUC({ numThresholds: 20 }),
    new tp.metrics.AUC({ numThresholds: 10, curve: 'PR' }),
    new tp.metrics.MeanSquaredError(),
    new tp.metrics.RootMeanSquaredError(),
    new tp.metrics.BinaryCrossentropy(),
    new HuberMetric(0.5),
  ];

  test('updateState traced once updates the variables on every call exactly like eager calls', () => {
    const eager = makeAll();
    const compiled = makeAll();
    const step = tp.function((yPred: tp.Tensor, yTrue: tp.Tensor, sw: tp.Tensor) => {
      compiled.forEach((m) => (m instanceof HuberMetric ? m.updateState(yTrue, yPred) : m.updateState(yTrue, yPred, sw)));
      return compiled.map((m) => m.result());
    });
    for (const [yp, yt, sw] of batches) {
      const flat = (t: tp.Tensor) => Array.from(t.dataSync());
      const traced = step(tp.tensor(yp as never), tp.tensor(yt as never), tp.tensor([...sw])).map(flat);
      eager.forEach((m) => (m instanceof HuberMetric ? m.updateState(tp.tensor(yt as never), tp.tensor(yp as never)) : m.updateState(yt as never, yp as never, [...sw])));
      const want = eager.map((m) => flat(m.result()));
      traced.forEach((v, i) => v.forEach((x, j) => expect(x, compiled[i]!.name).toBeCloseTo(want[i]![j]!, 5)));
      compiled.forEach((m, i) => m.weights.forEach((w, j) => expect(Array.from(w.dataSync())).toEqual(Array.from(eager[i]!.weights[j]!.dataSync()))));
    }
    expect(step.traceCount).toBe(1);
  });

  test('a compiled update leaves memory flat over many steps', () => {
    const m = new tp.metrics.AUC({ numThresholds: 50 });
    const acc = new tp.metrics.SparseCategoricalAccuracy();
    const step = tp.function((yt: tp.Tensor, yp: tp.Tensor, labels: tp.Tensor, probs: tp.Tensor) => {
      m.updateState(yt, yp);
      acc.updateState(labels, probs);
      return [m.result(), acc.result()];
    });
    const yt = tp.tensor([1, 0, 1, 0]);
    const yp = tp.tensor([0.8, 0.3, 0.6, 0.1]);
    const labels = tp.tensor([2, 0], undefined, 'int32');
    const probs = tp.tensor([[0.1, 0.2, 0.7], [0.3, 0.5, 0.2]]);
    tp.dispose(step(yt, yp, labels, probs));
    const before = tp.memory().numTensors;
    for (let i = 0; i < 100; i++) tp.dispose(step(yt, yp, labels, probs));
    expect(tp.memory().numTensors).toBe(before);
    expect(num(acc.result())).toBeCloseTo(0.5, 6);
    expect(num(m.result())).toBeCloseTo(1, 6);
  });

  test('eager updates of every built-in metric leave memory flat', () => {
    const metrics = [...makeAll().filter((m) => !(m instanceof HuberMetric)), new tp.metrics.Mean(), new tp.metrics.Sum()];
    const yt = tp.tensor([[1], [0], [1]]);
    const yp = tp.tensor([[0.7], [0.2], [0.4]]);
    const run = () => metrics.forEach((m) => (m instanceof tp.metrics.Mean && m.constructor === tp.metrics.Mean) || m instanceof tp.metrics.Sum ? m.updateState(yp) : m.updateState(yt, yp, [1, 2, 1]));
    run();
    const before = tp.memory().numTensors;
    for (let i = 0; i < 30; i++) run();
    expect(tp.memory().numTensors).toBe(before);
  });
});

describe('MeanMetricWrapper', () => {
  test('wraps any per-sample function, named after it, with sample weights', () => {
    const huberFn = createHuber(1);
    const m = new tp.metrics.MeanMetricWrapper((t, p) => tp.mean(huberFn(t, p), -1), 'huber');
    m.updateState([[0, 2]], [[0.5, 0]], null);
    m.updateState([[1, 1]], [[1, 1]], [3]);
    expect(num(m.result())).toBeCloseTo((0.125 + 1.5) / 2 / 4, 6);
    expect(new tp.metrics.MeanMetricWrapper(tp.losses.logCosh).name).toBe('log_cosh');
    function myError(t: tp.Tensor, p: tp.Tensor) {
      return tp.abs(t.sub(p));
    }
    expect(new tp.metrics.MeanMetricWrapper(myError).name).toBe('myError');
  });
});

describe('tp.metrics.get', () => {
  test("'accuracy' / 'acc' follow Keras's compile: last output dimension 1 or binary crossentropy -> binary, sparse loss -> sparse", () => {
    const cases: [tp.metrics.MetricContext, unknown][] = [
      [{ outputShape: [null, 1] }, tp.metrics.BinaryAccuracy],
      [{ loss: 'binary_crossentropy', outputShape: [null, 3] }, tp.metrics.BinaryAccuracy],
      [{ loss: new tp.losses.BinaryCrossentropy({ fromLogits: true }), outputShape: [null, 3] }, tp.metrics.BinaryAccuracy],
      [{ loss: tp.losses.binaryCrossentropy, outputShape: [null, 3] }, tp.metrics.BinaryAccuracy],
      [{ loss: 'sparse_categorical_crossentropy', outputShape: [null, 10] }, tp.metrics.SparseCategoricalAccuracy],
      [{ loss: new tp.losses.SparseCategoricalCrossentropy({ fromLogits: true }), outputShape: [null, 10] }, tp.metrics.SparseCategoricalAccuracy],
      [{ loss: 'categorical_crossentropy', outputShape: [null, 10] }, tp.metrics.CategoricalAccuracy],
      [{ loss: 'mse', outputShape: [null, 4] }, tp.metrics.CategoricalAccuracy],
      [{ outputShape: [null, 10], yTrueShape: [null] }, tp.metrics.SparseCategoricalAccuracy],
      [{ outputShape: [null, 10], yTrueShape: [null, 10] }, tp.metrics.CategoricalAccuracy],
    ];
    for (const [ctx, cls] of cases) {
      const m = tp.metrics.get('accuracy', ctx);
      expect(m, JSON.stringify(ctx)).toBeInstanceOf(cls as never);
      expect(m.name).toBe('accuracy');
      expect(tp.metrics.get('acc', ctx).name).toBe('acc');
    }
    expect(tp.metrics.get('crossentropy', { loss: 'sparse_categorical_crossentropy', outputShape: [null, 3] })).toBeInstanceOf(tp.metrics.SparseCategoricalCrossentropy);
  });

  test('names, aliases, functions, classes and instances', () => {
    const cases: [tp.metrics.MetricIdentifier, unknown, string][] = [
      ['mse', tp.metrics.MeanSquaredError, 'mse'],
      ['mae', tp.metrics.MeanAbsoluteError, 'mae'],
      ['mape', tp.metrics.MeanAbsolutePercentageError, 'mape'],
      ['msle', tp.metrics.MeanSquaredLogarithmicError, 'msle'],
      ['precision', tp.metrics.Precision, 'precision'],
      ['recall', tp.metrics.Recall, 'recall'],
      ['auc', tp.metrics.AUC, 'auc'],
      ['AUC', tp.metrics.AUC, 'AUC'],
      ['binary_accuracy', tp.metrics.BinaryAccuracy, 'binary_accuracy'],
      ['binaryAccuracy', tp.metrics.BinaryAccuracy, 'binaryAccuracy'],
      ['SparseCategoricalAccuracy', tp.metrics.SparseCategoricalAccuracy, 'SparseCategoricalAccuracy'],
      ['top_k_categorical_accuracy', tp.metrics.TopKCategoricalAccuracy, 'top_k_categorical_accuracy'],
      ['root_mean_squared_error', tp.metrics.RootMeanSquaredError, 'root_mean_squared_error'],
      ['kld', tp.metrics.KLDivergence, 'kld'],
      ['logcosh', tp.metrics.LogCoshError, 'logcosh'],
      ['huber', tp.metrics.MeanMetricWrapper, 'huber'],
      [tp.metrics.binaryAccuracy, tp.metrics.MeanMetricWrapper, 'binary_accuracy'],
      [tp.losses.meanSquaredError, tp.metrics.MeanMetricWrapper, 'mean_squared_error'],
      [tp.metrics.AUC, tp.metrics.AUC, 'auc'],
    ];
    for (const [id, cls, name] of cases) {
      const m = tp.metrics.get(id);
      expect(m, String(name)).toBeInstanceOf(cls as never);
      expect(m.name).toBe(name);
    }
    const inst = new tp.metrics.Recall({ thresholds: 0.3 });
    expect(tp.metrics.get(inst)).toBe(inst);
    expect(() => tp.metrics.get('accuracyy')).toThrow(/unknown metric 'accuracyy'/);
  });

  test('a metric from get works on data: get(mse) equals the mean of per-sample MSE', () => {
    const m = tp.metrics.get('mse');
    m.updateState([[1, 2], [3, 4]], [[1, 0], [0, 4]]);
    expect(num(m.result())).toBeCloseTo((2 + 4.5) / 2, 6);
  });

  test('serialize / deserialize round-trips options and custom classes', () => {
    for (const m of [
      new tp.metrics.AUC({ numThresholds: 33, curve: 'PR', summationMethod: 'minoring', name: 'pr' }),
      new tp.metrics.Precision({ thresholds: [0.2, 0.6], classId: 1 }),
      new tp.metrics.BinaryAccuracy({ threshold: 0.3 }),
      new tp.metrics.TopKCategoricalAccuracy({ k: 3 }),
      new tp.metrics.CosineSimilarity({ axis: 0 }),
      new tp.metrics.Mean({ name: 'loss' }),
    ]) {
      const back = tp.metrics.deserialize(tp.metrics.serialize(m));
      expect(back.constructor).toBe(m.constructor);
      expect(back.getConfig()).toEqual(m.getConfig());
    }
    const h = new HuberMetric(3);
    const spec = tp.metrics.serialize(h);
    expect(spec.className).toBe('HuberMetric');
    const back = HuberMetric.fromConfig(spec.config);
    expect(back).toBeInstanceOf(HuberMetric);
  });
});

describe('Metric base', () => {
  test('addWeight forms: shape, ones, a function initializer, the object form; bad initializers fail clearly', () => {
    class Shapes extends tp.metrics.Metric {
      a = this.addWeight('a', [2, 3]);
      b = this.addWeight('b', [2], 'ones');
      c = this.addWeight({ name: 'c', shape: [3], initializer: (shape) => tp.fill(shape, 7) });
      updateState(): void {}
      result(): tp.Tensor {
        return tp.sum(this.a).add(tp.sum(this.b)).add(tp.sum(this.c));
      }
    }
    const m = new Shapes();
    expect(m.a.shape).toEqual([2, 3]);
    expect(num(m.result())).toBe(2 + 21);
    m.resetState();
    expect(num(m.result())).toBe(0);
    class Bad extends tp.metrics.Metric {
      v = this.addWeight('v', [], 'glorot' as never);
      updateState(): void {}
      result(): tp.Tensor {
        return this.v;
      }
    }
    expect(() => new Bad()).toThrow(/addWeight 'v': initializer must be/);
  });

  test('a result that is a state variable comes back as a copy (disposing it keeps the state)', () => {
    const s = new tp.metrics.Sum();
    s.updateState([2, 3]);
    const r = s.result();
    r.dispose();
    expect(num(s.result())).toBe(5);
    expect(s.total.isDisposed).toBe(false);
  });

  test('dispose frees the state variables', () => {
    const before = tp.memory().numTensors;
    const m = new tp.metrics.AUC();
    expect(tp.memory().numTensors).toBe(before + 4);
    m.dispose();
    expect(tp.memory().numTensors).toBe(before);
  });

  test('shape errors name the metric and the shapes', () => {
    expect(() => new tp.metrics.Precision().updateState([1, 0, 1], [0.2, 0.4])).toThrow(/metric 'precision'.*\[3\].*\[2\]/);
    expect(() => new tp.metrics.Mean({ name: 'm' }).updateState([[1, 2]], [1, 2, 3])).toThrow(/metric 'm'.*sampleWeight of shape \[3\]/);
  });
});
