// tp.image.resizeBilinear / resizeNearestNeighbor against TF.js, with gradients and errors.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';
import { expectSame, pair, tfc } from '../support/tfjs_diff.js';

await tp.ready();

const SIZES: Array<[number[], [number, number]]> = [
  [[2, 3, 4, 3], [6, 8]],
  [[1, 5, 7, 4], [3, 4]],
  [[1, 4, 4, 5], [7, 5]],
  [[1, 1, 3, 2], [4, 1]],
  [[2, 6, 5, 1], [1, 1]],
  [[1, 3, 5, 2], [3, 5]],
  [[2, 4, 4, 3], [7, 3]],
];
const FLAGS: Array<[boolean, boolean]> = [[false, false], [true, false], [false, true]];

describe.each(['resizeBilinear', 'resizeNearestNeighbor'] as const)('image.%s matches TF.js', (op) => {
  test.each(SIZES.map((s, i) => [i, s] as const))('shape case %i, every flag combination, with gradients', (i, [shape, size]) => {
    const { ours, theirs } = pair(shape, 10 + i, -2, 2);
    for (const [align, half] of FLAGS) {
      const what = `${op} ${JSON.stringify(shape)}->${JSON.stringify(size)} alignCorners ${align} halfPixelCenters ${half}`;
      const mine = (x: tp.Tensor): tp.Tensor => tp.image[op](x, size, align, half);
      const ref = (x: tfc.Tensor): tfc.Tensor => tfc.image[op](x as tfc.Tensor4D, size, align, half);
      const yRef = ref(theirs);
      expectSame(mine(ours), yRef, 1e-5, what);
      const { ours: dy, theirs: dyRef } = pair(yRef.shape, 50 + i);
      const g = tp.grad((x) => tp.mul(mine(x), dy))(ours);
      // The gradient is the adjoint of TF.js's forward pass: <resize(v), dy> = <v, grad>.
      const { ours: v, theirs: vRef } = pair(shape, 70 + i);
      const lhs = tfc.sum(tfc.mul(ref(vRef), dyRef)).dataSync()[0]!;
      expect(Math.abs(lhs - tp.sum(tp.mul(v, g)).dataSync()[0]!), `${what} adjoint`).toBeLessThan(1e-4 * (1 + Math.abs(lhs)));
      // TF.js's own resize gradients disagree with its forward pass elsewhere: images of shape
      // [batch, width, height, channels] when height != width, halfPixelCenters ignored, and
      // nearest-neighbour sampling that differs from the forward's; compared where they agree.
      if (op === 'resizeBilinear' && shape[1] === shape[2] && !half) expectSame(g, tfc.grad((x) => tfc.mul(ref(x), dyRef))(theirs), 1e-5, `${what} gradient`);
    }
  });

  test('rank 3 images; int32 images', () => {
    const { ours, theirs } = pair([3, 4, 2], 5);
    expectSame(tp.image[op](ours, [5, 2]), tfc.image[op](theirs as tfc.Tensor3D, [5, 2]), 1e-5);
    const ints = tp.tensor3d([1, 2, 3, 4], [2, 2, 1], 'int32');
    const theirsInt = tfc.tensor3d([1, 2, 3, 4], [2, 2, 1], 'int32');
    const got = tp.image[op](ints, [3, 3]);
    const want = tfc.image[op](theirsInt, [3, 3]);
    expect(got.dtype).toBe(want.dtype);
    expectSame(got, want, 1e-6);
  });
});

describe('image resize: second order, forward mode, errors', () => {
  test('the gradient ops are differentiable (second order through a squared resize)', () => {
    // f(x) = sum(R(x)^2) / 2 with R linear: grad = R^T R x, so H v = R^T R v.
    const { ours: x } = pair([1, 3, 4, 2], 90);
    const { ours: v } = pair([1, 3, 4, 2], 91);
    const R = (t: tp.Tensor): tp.Tensor => tp.image.resizeBilinear(t, [5, 7], false, true);
    const f = (t: tp.Tensor): tp.Tensor => tp.mul(tp.sum(tp.square(R(t))), 0.5);
    const hv = tp.grad((t: tp.Tensor) => tp.sum(tp.mul(tp.grad(f)(t), v)))(x);
    const rtr = tp.grad((t: tp.Tensor) => tp.sum(tp.mul(R(t), R(v))))(x);
    expectTensor(hv, rtr.arraySync(), 'float32', 1e-5);
  });

  test('forward mode of a linear resize is the resize of the tangent', () => {
    const { ours: x } = pair([1, 3, 3, 2], 92);
    const { ours: t } = pair([1, 3, 3, 2], 93);
    const [, tangent] = tp.jvp((a) => tp.image.resizeNearestNeighbor(a, [4, 5], true), [x], [t]);
    expectTensor(tangent, tp.image.resizeNearestNeighbor(t, [4, 5], true).arraySync(), 'float32', 0);
  });

  test('bad input names the op and the argument', () => {
    expect(() => tp.image.resizeBilinear(tp.zeros([4, 4]), [2, 2])).toThrow('resizeBilinear: images must be rank 4 [batch, height, width, channels] or rank 3 [height, width, channels], got shape [4,4]');
    expect(() => tp.image.resizeNearestNeighbor(tp.zeros([4, 4, 1]), [0, 2])).toThrow('resizeNearestNeighbor: size must be two positive integers [newHeight, newWidth], got [0,2]');
    expect(() => tp.image.resizeBilinear(tp.zeros([4, 4, 1]), [2, 2], true, true)).toThrow('resizeBilinear: alignCorners and halfPixelCenters cannot both be true');
    expectTensor(tp.image.resizeNearestNeighbor(tp.tensor3d([7], [1, 1, 1]), [1, 2]).reshape([2]), [7, 7]);
  });
});
