// Random ops: the WASM kernels equal the TypeScript reference port element for element, and the
// seeding rules (per-call seed, global stream with tp.setSeed).
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import * as ref from '../support/philox.js';

await tp.ready();

const data = (t: tp.Tensor): number[] => Array.from(t.dataSync());

describe('bit-for-bit equal to tests/js/support/philox.ts', () => {
  const shapes = [[1], [7], [33, 31], [1001]];
  test.each([1, 42, 2 ** 40 + 3])('seed %d: uniform, normal, truncated normal in every dtype', (seed) => {
    for (const shape of shapes) {
      const n = shape.reduce((a, b) => a * b, 1);
      expect(data(tp.randomUniform(shape, -2, 3, 'float32', seed))).toEqual(Array.from(ref.randomUniformF32(seed, 0, n, -2, 3)));
      expect(data(tp.randomUniform(shape, -2, 3, 'float64', seed))).toEqual(Array.from(ref.randomUniformF64(seed, 0, n, -2, 3)));
      expect(data(tp.randomUniform(shape, -5, 11, 'int32', seed))).toEqual(Array.from(ref.randomUniformI32(seed, 0, n, -5, 11)));
      expect(data(tp.randomNormal(shape, 1, 2, 'float32', seed))).toEqual(Array.from(ref.randomNormalF32(seed, 0, n, 1, 2)));
      expect(data(tp.randomNormal(shape, 1, 2, 'float64', seed))).toEqual(Array.from(ref.randomNormalF64(seed, 0, n, 1, 2)));
      expect(data(tp.truncatedNormal(shape, 0, 0.5, 'float32', seed))).toEqual(Array.from(ref.truncatedNormalF32(seed, 0, n, 0, 0.5)));
      expect(data(tp.truncatedNormal(shape, 0, 0.5, 'float64', seed))).toEqual(Array.from(ref.truncatedNormalF64(seed, 0, n, 0, 0.5)));
    }
  });

  test('the global stream: after setSeed(s), successive draws continue the stream of seed s', () => {
    tp.setSeed(7);
    const a = data(tp.randomUniform([5]));
    const b = data(tp.randomNormal([3], 0, 1, 'float64'));
    const c = data(tp.truncatedNormal([4]));
    const adv = Number(ref.randomCounterAdvance(5));
    expect(a).toEqual(Array.from(ref.randomUniformF32(7, 0, 5, 0, 1)));
    expect(b).toEqual(Array.from(ref.randomNormalF64(7, adv, 3, 0, 1)));
    expect(c).toEqual(Array.from(ref.truncatedNormalF32(7, adv + Number(ref.randomCounterAdvance(3)), 4, 0, 1)));
  });
});

describe('seeding', () => {
  test('a per-call seed gives the same values every call, and does not move the global stream', () => {
    tp.setSeed(3);
    const first = data(tp.randomUniform([4]));
    tp.setSeed(3);
    expect(data(tp.randomUniform([4], 0, 1, 'float32', 99))).toEqual(data(tp.randomUniform([4], 0, 1, 'float32', 99)));
    expect(data(tp.randomUniform([4]))).toEqual(first);
  });

  test('unseeded calls differ; re-seeding reproduces the whole sequence', () => {
    tp.setSeed(123);
    const run1 = [data(tp.randomNormal([6])), data(tp.randomUniform([6])), data(tp.truncatedNormal([2, 3]))];
    expect(run1[0]).not.toEqual(data(tp.randomNormal([6])));
    tp.setSeed(123);
    const run2 = [data(tp.randomNormal([6])), data(tp.randomUniform([6])), data(tp.truncatedNormal([2, 3]))];
    expect(run2).toEqual(run1);
  });

  test('ranges and rough statistics', () => {
    tp.setSeed(1);
    const u = data(tp.randomUniform([10000], -1, 1));
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...u)).toBeLessThan(1);
    const t = data(tp.truncatedNormal([10000], 5, 2));
    expect(Math.min(...t)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...t)).toBeLessThanOrEqual(9);
    const n = tp.randomNormal([10000], 3, 2);
    const { mean, variance } = tp.moments(n);
    expect(mean.arraySync() as number).toBeCloseTo(3, 1);
    expect(Math.sqrt(variance.arraySync() as number)).toBeCloseTo(2, 1);
  });

  test('bad seeds are clear errors', () => {
    expect(() => tp.setSeed(-1)).toThrow('setSeed: seed must be an integer in [0, 2^53), got -1');
    expect(() => tp.randomUniform([2], 0, 1, 'float32', NaN)).toThrow(/randomUniform: seed must be a finite number or a string/);
    // Fractional and string seeds (TF.js takes them) reproduce their values.
    expect(Array.from(tp.randomUniform([3], 0, 1, 'float32', 1.5).dataSync())).toEqual(Array.from(tp.randomUniform([3], 0, 1, 'float32', 1.5).dataSync()));
    expect(Array.from(tp.randomUniform([3], 0, 1, 'float32', 'a').dataSync())).not.toEqual(Array.from(tp.randomUniform([3], 0, 1, 'float32', 'b').dataSync()));
    expect(() => tp.randomNormal([2], 0, 1, 'bool')).toThrow(/randomNormal: dtype bool/);
  });
});
