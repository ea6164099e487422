// batchNorm (and its rank-suffixed forms) and localResponseNormalization against TF.js, with
// gradients of every input.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';
import { expectSame, pair, tfc } from '../support/tfjs_diff.js';

await tp.ready();

describe('batchNorm matches TF.js', () => {
  test.each([
    [[2, 3, 4, 5], [5]],
    [[6, 4], [4]],
    [[2, 3, 4], [4]],
    [[2, 2, 3, 3], [2, 2, 3, 3]],
  ])('x %j, statistics %j, with and without offset/scale, gradients of all five', (xShape, sShape) => {
    const x = pair(xShape, 1, -3, 3);
    const mean = pair(sShape, 2);
    const variance = pair(sShape, 3, 0.1, 2);
    const offset = pair(sShape, 4);
    const scale = pair(sShape, 5, 0.5, 2);
    const dy = pair(xShape, 6);
    for (const [useOffset, useScale] of [[true, true], [false, true], [true, false], [false, false]]) {
      const ours = (a: tp.Tensor, m: tp.Tensor, v: tp.Tensor, o: tp.Tensor, s: tp.Tensor): tp.Tensor =>
        tp.mul(tp.batchNorm(a, m, v, useOffset ? o : undefined, useScale ? s : undefined, 0.01), dy.ours);
      const theirs = (a: tfc.Tensor, m: tfc.Tensor, v: tfc.Tensor, o: tfc.Tensor, s: tfc.Tensor): tfc.Tensor =>
        // TF.js's gradient fails on a missing offset or scale (its tape records an undefined
        // input), so TF.js gets the equivalent zeros / ones.
        tfc.mul(tfc.batchNorm(a, m, v, useOffset ? o : tfc.zerosLike(o), useScale ? s : tfc.onesLike(s), 0.01), dy.theirs);
      const inOurs = [x.ours, mean.ours, variance.ours, offset.ours, scale.ours];
      const inTheirs = [x.theirs, mean.theirs, variance.theirs, offset.theirs, scale.theirs];
      expectSame(ours(...(inOurs as [tp.Tensor, tp.Tensor, tp.Tensor, tp.Tensor, tp.Tensor])), theirs(...(inTheirs as [tfc.Tensor, tfc.Tensor, tfc.Tensor, tfc.Tensor, tfc.Tensor])), 1e-5, 'forward');
      // Gradient of each input in use, one at a time (the others held fixed).
      const names = ['x', 'mean', 'variance', 'offset', 'scale'];
      for (const k of [0, 1, 2, ...(useOffset ? [3] : []), ...(useScale ? [4] : [])]) {
        const g = tp.grad((t: tp.Tensor) => ours(...(inOurs.map((u, j) => (j === k ? t : u)) as [tp.Tensor, tp.Tensor, tp.Tensor, tp.Tensor, tp.Tensor])))(inOurs[k]!);
        const gRef = tfc.grad((t: tfc.Tensor) => theirs(...(inTheirs.map((u, j) => (j === k ? t : u)) as [tfc.Tensor, tfc.Tensor, tfc.Tensor, tfc.Tensor, tfc.Tensor])))(inTheirs[k]!);
        expectSame(g, gRef, 1e-4, `gradient of ${names[k]} (offset ${useOffset}, scale ${useScale})`);
      }
    }
  });

  test('rank-suffixed forms check the rank', () => {
    const x = pair([2, 3, 3, 4], 9);
    const m = pair([4], 10), v = pair([4], 11, 0.5, 1);
    expectSame(tp.batchNorm4d(x.ours, m.ours, v.ours), tfc.batchNorm4d(x.theirs as tfc.Tensor4D, m.theirs as tfc.Tensor1D, v.theirs as tfc.Tensor1D), 1e-5);
    expectSame(tp.batchNorm2d(tp.reshape(x.ours, [18, 4]), m.ours, v.ours), tfc.batchNorm2d(tfc.reshape(x.theirs, [18, 4]) as tfc.Tensor2D, m.theirs as tfc.Tensor1D, v.theirs as tfc.Tensor1D), 1e-5);
    expect(() => tp.batchNorm3d(x.ours, m.ours, v.ours)).toThrow('batchNorm3d: x must be rank 3, got shape [2,3,3,4]');
    expect(() => tp.batchNorm(tp.zeros([2, 4]), tp.zeros([4]), tp.zeros([1, 4]))).toThrow('batchNorm: mean [4] and variance [1,4] must have equal ranks');
  });
});

describe('localResponseNormalization matches TF.js', () => {
  test.each([
    [[1, 3, 3, 8], 2, 1, 1, 0.5],
    [[2, 2, 2, 5], 5, 2, 0.5, 0.75],
    [[1, 2, 3, 16], 3, 0.5, 0.3, 1.2],
    [[3, 4, 6], 1, 1, 1, 0.5],
    [[1, 1, 1, 3], 0, 1, 2, 0.5],
  ])('x %j radius %i bias %f alpha %f beta %f, with gradient', (shape, r, bias, alpha, beta) => {
    const x = pair(shape as number[], 20 + (r as number), -2, 2);
    const dy = pair(shape as number[], 30);
    const ours = (a: tp.Tensor): tp.Tensor => tp.localResponseNormalization(a, r as number, bias as number, alpha as number, beta as number);
    const theirs = (a: tfc.Tensor): tfc.Tensor => tfc.localResponseNormalization(a as tfc.Tensor4D, r as number, bias as number, alpha as number, beta as number);
    expectSame(ours(x.ours), theirs(x.theirs), 1e-5, 'forward');
    expectSame(tp.grad((a) => tp.mul(ours(a), dy.ours))(x.ours), tfc.grad((a) => tfc.mul(theirs(a), dy.theirs))(x.theirs), 1e-4, 'gradient');
  });

  test('closed form on one pixel; bad arguments', () => {
    // radius 1: channel 0 sums x0² + x1², channel 1 all three, channel 2 x1² + x2².
    const y = tp.localResponseNormalization(tp.tensor3d([1, 2, 3], [1, 1, 3]), 1, 1, 1, 1);
    expectTensor(y.reshape([3]), [1 / 6, 2 / 15, 3 / 14], 'float32', 1e-7);
    expect(() => tp.localResponseNormalization(tp.zeros([3, 3]), 1)).toThrow('localResponseNormalization: x must be rank 4 or rank 3, got shape [3,3]');
    expect(() => tp.localResponseNormalization(tp.zeros([1, 3, 3]), 1.5)).toThrow('localResponseNormalization: depthRadius must be a non-negative integer, got 1.5');
  });
});
