// maxPool / avgPool / 3-D pooling / maxPoolWithArgmax against TF.js, gradients included, plus the
// tie convention, second order, forward mode and errors.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';
import { expectSame, intPair, pair, tfc } from '../support/tfjs_diff.js';

await tp.ready();

type Pad = tp.PoolPadding;
type Mode = tp.DimRoundingMode | undefined;
const CONFIGS: Array<{ shape: number[]; k: number | [number, number]; s: number | [number, number]; pad: Pad; mode?: Mode }> = [
  { shape: [2, 6, 6, 3], k: 2, s: 2, pad: 'valid' },
  { shape: [2, 7, 5, 4], k: 3, s: 1, pad: 'same' },
  { shape: [1, 7, 6, 5], k: [3, 2], s: [2, 1], pad: 'same' },
  { shape: [1, 8, 7, 2], k: 3, s: 2, pad: 'valid' },
  { shape: [3, 5, 5, 9], k: 2, s: 3, pad: 'same' },
  { shape: [1, 6, 7, 3], k: 3, s: 2, pad: 1 },
  { shape: [1, 6, 7, 3], k: 2, s: 2, pad: 1, mode: 'ceil' },
  { shape: [1, 7, 7, 3], k: 2, s: 2, pad: 0, mode: 'round' },
  { shape: [1, 7, 7, 3], k: 3, s: 2, pad: 0, mode: 'floor' },
  { shape: [2, 6, 5, 3], k: [2, 3], s: 2, pad: [[0, 0], [1, 0], [2, 1], [0, 0]] },
  { shape: [1, 1, 9, 4], k: [1, 3], s: [1, 2], pad: 'same' }, // 1-D pooling as Keras does it
  { shape: [2, 4, 6, 3], k: [4, 6], s: 1, pad: 'valid' }, // global pooling
];

describe.each(['maxPool', 'avgPool'] as const)('%s matches TF.js', (op) => {
  test.each(CONFIGS.map((c, i) => [i, c] as const))('config %i', (i, c) => {
    const { ours, theirs } = pair(c.shape, 10 + i);
    const mine = (x: tp.Tensor): tp.Tensor => tp[op](x, c.k, c.s, c.pad, c.mode);
    const ref = (x: tfc.Tensor): tfc.Tensor => tfc[op](x as tfc.Tensor4D, c.k, c.s, c.pad as never, c.mode);
    const y = mine(ours);
    const yRef = ref(theirs);
    expectSame(y, yRef, 1e-6, 'forward');
    const { ours: dy, theirs: dyRef } = pair(yRef.shape, 100 + i);
    // Windows of padding only (ceil rounding) give -inf / NaN in both; their gradient is zero.
    const g = tp.grad((x) => tp.mul(mine(x), dy))(ours);
    // TF.js's MaxPoolGrad drops the gradient of windows that dimRoundingMode adds at the end
    // (its forward pass reads them), so there the gradient is checked against directional
    // differences of TF.js's forward pass instead (max pooling is piecewise linear).
    if ((op === 'maxPool' && c.mode === undefined) || c.pad === 'valid') {
      expectSame(g, tfc.grad((x) => tfc.mul(ref(x), dyRef))(theirs), 1e-5, 'gradient');
    }
    if (op === 'maxPool') {
      // Distinct integers (gaps of 1) and steps of 0.1 never change which cell is a maximum.
      const n = ours.size;
      const perm = Array.from({ length: n }, (_, k) => (k * 7919) % n);
      const [xs, xsRef] = [tp.tensor(perm, c.shape), tfc.tensor(perm, c.shape)];
      const { ours: v, theirs: vRef } = pair(c.shape, 200 + i);
      const at = (step: number): number => {
        const y = ref(tfc.add(xsRef, tfc.mul(vRef, step)));
        return tfc.sum(tfc.where(tfc.isFinite(y), tfc.mul(y, dyRef), tfc.zerosLike(y))).dataSync()[0]!;
      };
      const directional = (at(0.1) - at(-0.1)) / 0.2;
      const gs = tp.grad((x) => tp.mul(mine(x), dy))(xs);
      expect(Math.abs(directional - tp.sum(tp.mul(v, gs)).dataSync()[0]!)).toBeLessThan(1e-3 * (1 + Math.abs(directional)));
    }
    if (op === 'avgPool') {
      // TF.js's AvgPoolGrad divides by the full window size even where its forward pass counted
      // fewer (padded) cells, so with padding the gradient is checked as the adjoint of TF.js's
      // forward pass instead: <avgPool(v), dy> = <v, grad> for any v (NaN windows left out).
      const { ours: v, theirs: vRef } = pair(c.shape, 200 + i);
      const real = tfc.logicalNot(tfc.isNaN(yRef));
      const lhs = tfc.sum(tfc.where(real, tfc.mul(ref(vRef), dyRef), tfc.zerosLike(yRef))).dataSync()[0]!;
      const rhs = tp.sum(tp.mul(v, g)).dataSync()[0]!;
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4 * (1 + Math.abs(lhs)));
    }
  });

  test('rank 3 input (no batch) gives rank 3 output', () => {
    const { ours, theirs } = pair([5, 5, 2], 3);
    expectSame(tp[op](ours, 2, 2, 'same'), tfc[op](theirs as tfc.Tensor3D, 2, 2, 'same'));
  });
});

describe('3-D pooling matches TF.js', () => {
  const cases: Array<{ shape: number[]; k: number | [number, number, number]; s: number | [number, number, number]; pad: 'valid' | 'same' | number }> = [
    { shape: [2, 4, 5, 6, 3], k: 2, s: 2, pad: 'valid' },
    { shape: [1, 5, 4, 4, 5], k: [3, 2, 2], s: [1, 2, 1], pad: 'same' },
    { shape: [1, 3, 3, 3, 2], k: 2, s: 1, pad: 1 },
  ];
  test.each(cases.map((c, i) => [i, c] as const))('maxPool3d / avgPool3d config %i with gradients', (i, c) => {
    const { ours, theirs } = pair(c.shape, 30 + i);
    for (const op of ['maxPool3d', 'avgPool3d'] as const) {
      const mine = (x: tp.Tensor): tp.Tensor => tp[op](x, c.k, c.s, c.pad);
      const ref = (x: tfc.Tensor): tfc.Tensor => tfc[op](x as tfc.Tensor5D, c.k, c.s, c.pad);
      const yRef = ref(theirs);
      expectSame(mine(ours), yRef, 1e-6, op);
      const { ours: dy, theirs: dyRef } = pair(yRef.shape, 40 + i);
      const g = tp.grad((x) => tp.mul(mine(x), dy))(ours);
      if (op === 'maxPool3d' || c.pad === 'valid') expectSame(g, tfc.grad((x) => tfc.mul(ref(x), dyRef))(theirs), 1e-5, `${op} gradient`);
      if (op === 'avgPool3d') {
        // With padding, the adjoint of TF.js's forward pass (see the 2-D tests).
        const { ours: v, theirs: vRef } = pair(c.shape, 300 + i);
        const lhs = tfc.sum(tfc.mul(ref(vRef), dyRef)).dataSync()[0]!;
        expect(Math.abs(lhs - tp.sum(tp.mul(v, g)).dataSync()[0]!)).toBeLessThan(1e-4 * (1 + Math.abs(lhs)));
      }
    }
  });
});

describe('maxPoolWithArgmax', () => {
  test.each([false, true])('matches TF.js (includeBatchInIndex %s)', (withBatch) => {
    const { ours, theirs } = pair([2, 6, 5, 3], 50);
    for (const [k, s, pad] of [[2, 2, 'valid'], [3, 1, 'same'], [3, 2, 'same']] as const) {
      const got = tp.maxPoolWithArgmax(ours, k, s, pad, withBatch);
      const want = tfc.maxPoolWithArgmax(theirs as tfc.Tensor4D, k, s, pad, withBatch);
      expectSame(got.result, want.result!, 0);
      expect(got.indexes.dtype).toBe('int32');
      expectSame(got.indexes, want.indexes!, 0);
    }
  });

  test('indexes point at the values of result', () => {
    const { ours, values } = pair([2, 5, 4, 3], 51);
    const { result, indexes } = tp.maxPoolWithArgmax(ours, 2, 1, 'valid', true);
    const r = result.dataSync();
    indexes.dataSync().forEach((p, i) => expect(values[p]).toBe(r[i]));
  });
});

describe('gradient conventions', () => {
  test('ties route the gradient to the first maximum in row-major order, as TensorFlow', () => {
    const x = tp.ones([1, 2, 2, 1]);
    expectTensor(tp.grad((v) => tp.maxPool(v, 2, 2, 'valid'))(x).reshape([2, 2]), [[1, 0], [0, 0]]);
    // Overlapping windows on integer data with many ties, against TF.js (which also keeps the first).
    const { ours, theirs } = intPair([2, 6, 6, 4], 60, 3);
    const { ours: dy, theirs: dyRef } = pair([2, 5, 5, 4], 61);
    expectSame(
      tp.grad((v) => tp.mul(tp.maxPool(v, 2, 1, 'valid'), dy))(ours),
      tfc.grad((v) => tfc.mul(tfc.maxPool(v as tfc.Tensor4D, 2, 1, 'valid'), dyRef))(theirs),
      1e-6,
    );
  });

  test('NaN propagates through maxPool and takes the gradient', () => {
    const x = tp.tensor4d([1, NaN, 3, 2], [1, 2, 2, 1]);
    expectTensor(tp.maxPool(x, 2, 2, 'valid').reshape([1]), [NaN], 'float32', 0);
    expectTensor(tp.grad((v) => tp.maxPool(v, 2, 2, 'valid'))(x).reshape([4]), [0, 1, 0, 0]);
  });

  test('avgPool does not count padding: the gradient spreads over real cells only', () => {
    const g = tp.grad((v) => tp.avgPool(v, 3, 3, 'same'))(tp.zeros([1, 2, 2, 1]));
    expectTensor(g.reshape([4]), [0.25, 0.25, 0.25, 0.25]);
  });

  test('second order through maxPool: Hessian-vector product in closed form', () => {
    // f(x) = sum(maxPool(x)^2) / 2 has gradient maxPoolGrad(x, y), so H v puts v at each window's
    // maximum back there (summed over the windows sharing it).
    const { ours: x, values } = pair([1, 5, 5, 2], 70);
    const { ours: v, values: vv } = pair([1, 5, 5, 2], 71);
    const f = (t: tp.Tensor): tp.Tensor => tp.mul(tp.sum(tp.square(tp.maxPool(t, 3, 1, 'same'))), 0.5);
    const hv = tp.grad((t: tp.Tensor) => tp.sum(tp.mul(tp.grad(f)(t), v)))(x);
    const idx = tp.maxPoolWithArgmax(x, 3, 1, 'same', true).indexes.dataSync();
    const want = new Float64Array(values.length);
    for (const p of idx) want[p]! += vv[p]!;
    expectTensor(hv.reshape([values.length]), Array.from(want), 'float32', 1e-5);
  });

  test('forward mode: the tangent of maxPool is the input tangent at each maximum', () => {
    const { ours: x } = pair([2, 4, 4, 3], 80);
    const { ours: t, values: tv } = pair([2, 4, 4, 3], 81);
    const [, tangent] = tp.jvp((a) => tp.maxPool(a, 2, 2, 'valid'), [x], [t]);
    const idx = tp.maxPoolWithArgmax(x, 2, 2, 'valid', true).indexes.dataSync();
    expectTensor(tangent.reshape([idx.length]), Array.from(idx, (p) => tv[p]!), 'float32', 0);
    const [, avgTangent] = tp.jvp((a) => tp.avgPool(a, 2, 2, 'valid'), [x], [t]);
    expectSame(avgTangent, tfc.avgPool(tfc.tensor(tv, [2, 4, 4, 3]) as tfc.Tensor4D, 2, 2, 'valid'), 1e-6);
  });
});

describe('errors name the op and the shapes', () => {
  test('bad ranks, windows, strides and padding', () => {
    expect(() => tp.maxPool(tp.zeros([4, 4]), 2, 2, 'valid')).toThrow('maxPool: x must be rank 4 [batch, height, width, channels] or rank 3 without the batch, got shape [4,4]');
    expect(() => tp.avgPool(tp.zeros([1, 4, 4, 1]), [2, 0], 1, 'valid')).toThrow('avgPool: filterSize must be 2 positive integers (or one for all), got [2,0]');
    expect(() => tp.maxPool(tp.zeros([1, 4, 4, 1]), 2, [1, 2, 3] as never, 'valid')).toThrow('maxPool: strides must be 2 positive integers');
    expect(() => tp.maxPool(tp.zeros([1, 2, 2, 1]), 3, 1, 'valid')).toThrow('maxPool: filterSize [3,3] with strides [1,1] and pad "valid" leaves no output for an input of spatial size [2,2]');
    expect(() => tp.maxPool(tp.zeros([1, 4, 4, 1]), 2, 1, 'same', 'ceil')).toThrow('maxPool: pad must be an integer when using dimRoundingMode ceil, got pad "same"');
    expect(() => tp.maxPool(tp.zeros([1, 4, 4, 1]), 2, 1, [[0, 0], [1, 1]])).toThrow('maxPool: explicit padding must be 4 pairs');
    expect(() => tp.maxPool3d(tp.zeros([4, 4, 1]), 2, 1, 'valid')).toThrow('maxPool3d: x must be rank 5 [batch, depth, height, width, channels] or rank 4 without the batch, got shape [4,4,1]');
    expect(() => tp.maxPool(tp.zeros([1, 4, 4, 1], 'int32'), 2, 2, 'valid')).toThrow('maxPool: expected a float32 or float64 tensor, got int32[1,4,4,1]');
    expect(() => tp.maxPoolWithArgmax(tp.zeros([4, 4, 1]), 2, 2, 'valid')).toThrow('maxPoolWithArgmax: x must be rank 4 [batch, height, width, channels], got shape [4,4,1]');
    // The engine keeps working after the errors.
    expectTensor(tp.maxPool(tp.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]), 2, 2, 'valid').reshape([1]), [4]);
  });
});

describe('inside tp.function', () => {
  test('pooling and resizing with their gradients trace into a graph that equals eager', () => {
    const { ours: x } = pair([2, 6, 6, 3], 95);
    const step = (t: tp.Tensor): tp.Tensor => {
      const tape = new tp.GradientTape();
      tape.watch(t);
      const loss = tape.record(() => tp.sum(tp.square(tp.image.resizeBilinear(tp.avgPool(tp.maxPool(t, 2, 1, 'same'), 2, 2, 'valid'), [4, 4]))));
      return tape.gradient(loss, t) as tp.Tensor;
    };
    const eager = step(x);
    const traced = tp.function(step);
    expectTensor(traced(x), eager.arraySync(), 'float32', 1e-5);
    expect(traced.traceCount).toBe(1);
  });
});
