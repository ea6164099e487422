// Initializers: sample statistics over large draws against the variances Keras's formulas give,
// bounds, orthogonality, seeding, and the names and configs layers use.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

const I = tp.initializers;
// The standard deviation of a unit normal truncated to [-2, 2].
const TRUNC = 0.87962566103423978;

function stats(t: tp.Tensor): { mean: number; std: number; maxAbs: number; min: number; max: number } {
  const d = t.dataSync();
  let s = 0, s2 = 0, maxAbs = 0, min = Infinity, max = -Infinity;
  for (const v of d) {
    s += v;
    s2 += v * v;
    maxAbs = Math.max(maxAbs, Math.abs(v));
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = s / d.length;
  return { mean, std: Math.sqrt(s2 / d.length - mean * mean), maxAbs, min, max };
}

// For n draws, the sample mean's standard error is std / sqrt(n) and the sample std's relative
// error is about 1 / sqrt(2n) (normal) or less (uniform): 5 standard errors is a safe tolerance.
function expectStats(t: tp.Tensor, std: number, bound?: number): void {
  const n = t.size;
  const s = stats(t);
  expect(Math.abs(s.mean)).toBeLessThan((5 * std) / Math.sqrt(n));
  expect(Math.abs(s.std / std - 1)).toBeLessThan(5 / Math.sqrt(2 * n));
  if (bound !== undefined) expect(s.maxAbs).toBeLessThanOrEqual(bound * (1 + 1e-6));
}

describe('variance scaling family', () => {
  test('computeFans as Keras for scalars, vectors, dense and conv kernels', () => {
    expect(I.computeFans([])).toEqual({ fanIn: 1, fanOut: 1 });
    expect(I.computeFans([7])).toEqual({ fanIn: 7, fanOut: 7 });
    expect(I.computeFans([3, 5])).toEqual({ fanIn: 3, fanOut: 5 });
    expect(I.computeFans([5, 8, 4])).toEqual({ fanIn: 40, fanOut: 20 });
    expect(I.computeFans([3, 3, 16, 32])).toEqual({ fanIn: 144, fanOut: 288 });
  });

  test('glorotUniform: uniform in ±sqrt(6 / (in + out)), variance 2 / (in + out)', () => {
    const w = I.glorotUniform({ seed: 11 }).apply([200, 300]);
    const limit = Math.sqrt(6 / 500);
    expectStats(w, limit / Math.sqrt(3), limit);
    expect(stats(w).maxAbs).toBeGreaterThan(0.99 * limit);
  });

  test('glorotNormal: truncated normal whose std is sqrt(2 / (in + out)) after the correction', () => {
    const w = I.glorotNormal({ seed: 12 }).apply([200, 300]);
    const std = Math.sqrt(2 / 500);
    expectStats(w, std, (2 * std) / TRUNC);
  });

  test('he and lecun on dense and conv shapes', () => {
    expectStats(I.heNormal({ seed: 1 }).apply([400, 150]), Math.sqrt(2 / 400), (2 * Math.sqrt(2 / 400)) / TRUNC);
    expectStats(I.heUniform({ seed: 2 }).apply([400, 150]), Math.sqrt(2 / 400), Math.sqrt(6 / 400));
    expectStats(I.lecunNormal({ seed: 3 }).apply([250, 200]), Math.sqrt(1 / 250), (2 * Math.sqrt(1 / 250)) / TRUNC);
    expectStats(I.lecunUniform({ seed: 4 }).apply([250, 200]), Math.sqrt(1 / 250), Math.sqrt(3 / 250));
    // conv kernel 3x3, 16 -> 64 channels: fanIn 144
    expectStats(I.heNormal({ seed: 5 }).apply([3, 3, 16, 64]), Math.sqrt(2 / 144));
  });

  test('varianceScaling modes and distributions (snake_case accepted)', () => {
    expectStats(I.varianceScaling({ scale: 3, mode: 'fan_out', distribution: 'untruncated_normal', seed: 6 }).apply([100, 400]), Math.sqrt(3 / 400));
    expectStats(I.varianceScaling({ scale: 0.5, mode: 'fanAvg', distribution: 'uniform', seed: 7 }).apply([100, 400]), Math.sqrt(0.5 / 250), Math.sqrt(1.5 / 250));
    const tn = I.varianceScaling({ scale: 2, mode: 'fanIn', seed: 8 }).apply([50, 2000]);
    expectStats(tn, Math.sqrt(2 / 50), (2 * Math.sqrt(2 / 50)) / TRUNC);
    // TF.js's 'normal' is the truncated normal
    expect(new I.VarianceScaling({ distribution: 'normal' }).distribution).toBe('truncatedNormal');
    // a vector's fans are its length; a scalar's are 1
    expectStats(I.varianceScaling({ scale: 4, distribution: 'untruncatedNormal', seed: 9 }).apply([10000]), Math.sqrt(4 / 10000));
    expect(() => I.varianceScaling({ mode: 'fanSum' as 'fanIn' })).toThrow(/mode must be/);
    expect(() => I.varianceScaling({ scale: 0 })).toThrow(/scale must be positive/);
  });
});

describe('fixed-parameter initializers', () => {
  test('zeros, ones, constant, identity', () => {
    expectTensor(I.zeros().apply([2, 2]), [[0, 0], [0, 0]], 'float32');
    expectTensor(I.ones().apply([3], 'int32'), [1, 1, 1], 'int32');
    expectTensor(I.constant({ value: -1.5 }).apply([2]), [-1.5, -1.5], 'float32');
    expectTensor(I.identity({ gain: 3 }).apply([2, 3]), [[3, 0, 0], [0, 3, 0]], 'float32');
    expect(() => I.identity().apply([2])).toThrow(/2-D shape/);
  });

  test('randomNormal, randomUniform, truncatedNormal with Keras defaults and given parameters', () => {
    const n = I.randomNormal({ mean: 2, stddev: 0.5, seed: 1 }).apply([20000]);
    const sn = stats(n);
    expect(Math.abs(sn.mean - 2)).toBeLessThan(5 * 0.5 / Math.sqrt(20000));
    expect(Math.abs(sn.std / 0.5 - 1)).toBeLessThan(5 / Math.sqrt(40000));
    const u = stats(I.randomUniform({ minval: 1, maxval: 3, seed: 2 }).apply([20000]));
    expect(u.min).toBeGreaterThanOrEqual(1);
    expect(u.max).toBeLessThan(3);
    expect(Math.abs(u.mean - 2)).toBeLessThan(0.03);
    expect(Math.abs(u.std - 2 / Math.sqrt(12))).toBeLessThan(0.01);
    const t = stats(I.truncatedNormal({ stddev: 2, seed: 3 }).apply([20000]));
    expect(t.maxAbs).toBeLessThanOrEqual(4);
    expect(Math.abs(t.std / (2 * TRUNC) - 1)).toBeLessThan(0.03);
    // Keras defaults: stddev 0.05 and [-0.05, 0.05)
    expect(stats(new I.RandomUniform({ seed: 4 }).apply([1000])).maxAbs).toBeLessThanOrEqual(0.05);
    expect(new I.RandomNormal().getConfig()).toEqual({ mean: 0, stddev: 0.05, seed: null });
  });

  test('orthogonal: WᵀW = gain²·I (tall), WWᵀ = gain²·I (wide), conv shapes flattened', () => {
    const cases: [number[], number][] = [[[6, 3], 1], [[3, 6], 2], [[5, 5], 0.5], [[2, 3, 4], 1.5]];
    for (const [shape, gain] of cases) {
      const w = I.orthogonal({ gain, seed: 5 }).apply(shape);
      expect(w.shape).toEqual(shape);
      const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const cols = shape[shape.length - 1]!;
      const m = w.reshape([rows, cols]);
      const g = rows >= cols ? tp.matMul(m, m, true, false) : tp.matMul(m, m, false, true);
      const k = Math.min(rows, cols);
      const want = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? gain * gain : 0)));
      expectTensor(g, want, 'float32', 1e-5);
    }
    expect(() => I.orthogonal().apply([4])).toThrow(/rank at least 2/);
  });
});

describe('seeding', () => {
  test('a seeded initializer returns the same values on every call; unseeded ones differ', () => {
    for (const make of [(s?: number) => I.glorotUniform({ seed: s }), (s?: number) => I.heNormal({ seed: s }), (s?: number) => I.orthogonal({ seed: s }), (s?: number) => I.randomNormal({ seed: s })]) {
      const a = make(42).apply([4, 3]).dataSync();
      const b = make(42).apply([4, 3]).dataSync();
      expect(Array.from(a)).toEqual(Array.from(b));
      const c = make(43).apply([4, 3]).dataSync();
      expect(Array.from(a)).not.toEqual(Array.from(c));
      const u = make();
      expect(Array.from(u.apply([4, 3]).dataSync())).not.toEqual(Array.from(u.apply([4, 3]).dataSync()));
    }
  });

  test('tp.setSeed makes unseeded initializers reproducible', () => {
    tp.setSeed(7);
    const a = I.glorotNormal().apply([5, 5]).dataSync();
    tp.setSeed(7);
    const b = I.glorotNormal().apply([5, 5]).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
  });
});

describe('get, serialize and custom initializers', () => {
  test('Keras, TF.js and class-name spellings', () => {
    for (const id of ['glorot_uniform', 'glorotUniform', 'GlorotUniform']) expect(I.get(id)).toBeInstanceOf(I.GlorotUniform);
    expect(I.get('he_normal')).toBeInstanceOf(I.HeNormal);
    expect(I.get('lecun_normal')).toBeInstanceOf(I.LecunNormal);
    expect(I.get('zeros')).toBeInstanceOf(I.Zeros);
    expect(I.get('truncated_normal')).toBeInstanceOf(I.TruncatedNormal);
    expect(I.get('orthogonal')).toBeInstanceOf(I.Orthogonal);
    const same = I.heUniform();
    expect(I.get(same)).toBe(same);
    expect(() => I.get('glorot')).toThrow(/unknown initializer 'glorot'/);
  });

  test('serialize / deserialize round trip, Keras snake_case configs', () => {
    const vs = I.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'uniform', seed: 3 });
    const s = I.serialize(vs);
    expect(s).toEqual({ className: 'VarianceScaling', config: { scale: 2, mode: 'fanOut', distribution: 'uniform', seed: 3 } });
    const back = I.deserialize(s);
    expect(Array.from(back.apply([3, 3]).dataSync())).toEqual(Array.from(vs.apply([3, 3]).dataSync()));
    const keras = I.get({ class_name: 'VarianceScaling', config: { scale: 1, mode: 'fan_avg', distribution: 'truncated_normal', seed: null } });
    expect(keras.getConfig()).toEqual({ scale: 1, mode: 'fanAvg', distribution: 'truncatedNormal', seed: null });
    expect(I.serialize(I.glorotUniform())).toEqual({ className: 'GlorotUniform', config: { seed: null } });
    expect(I.serialize(I.orthogonal({ gain: 2 }))).toEqual({ className: 'Orthogonal', config: { gain: 2, seed: null } });
    expect(I.serialize(I.constant({ value: 1 }))).toEqual({ className: 'Constant', config: { value: 1 } });
  });

  test("the course's my_glorot_initializer(shape, dtype) is wrapped and named", () => {
    function my_glorot_initializer(shape: number[], dtype: tp.DType): tp.Tensor {
      const stddev = Math.sqrt(2 / (shape[0]! + shape[1]!));
      return tp.randomNormal(shape, 0, stddev, dtype, 1);
    }
    const init = I.get(my_glorot_initializer);
    expect(init).toBeInstanceOf(I.FunctionInitializer);
    expect(init.getClassName()).toBe('my_glorot_initializer');
    expect(I.serialize(init)).toEqual({ className: 'my_glorot_initializer', config: {} });
    expectStats(init.apply([300, 500]), Math.sqrt(2 / 800));
    const wrong = I.get(() => tp.zeros([2]));
    expect(() => wrong.apply([3])).toThrow(/asked for shape \[3\], the function returned shape \[2\]/);
  });

  test('registered custom classes load by name; bad shapes are rejected', () => {
    class Twos extends I.Initializer {
      static override className = 'Twos';
      apply(shape: number[], dtype: tp.DType = 'float32') {
        return tp.fill(shape, 2, dtype);
      }
    }
    I.registerInitializer(Twos);
    expectTensor(I.get('twos').apply([2]), [2, 2], 'float32');
    expect(() => I.zeros().apply([2, -1])).toThrow(/Zeros: shape must be a list of non-negative integers/);
  });
});
