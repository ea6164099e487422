// depthToSpace against TF.js; spaceToDepth (which TF.js lacks) against TensorFlow's index
// formula and as depthToSpace's inverse; gradients by finite differences.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';
import { expectSame, pair, tfc } from '../support/tfjs_diff.js';

await tp.ready();

describe('depthToSpace / spaceToDepth', () => {
  test.each([
    [[1, 2, 3, 4], 2],
    [[2, 3, 2, 18], 3],
    [[1, 1, 1, 8], 2],
  ])('depthToSpace %j block %i matches TF.js', (shape, b) => {
    const x = pair(shape as number[], 1);
    expectSame(tp.depthToSpace(x.ours, b as number), tfc.depthToSpace(x.theirs as tfc.Tensor4D, b as number), 0);
  });

  test('NCHW is the NHWC rearrangement on channels-first data', () => {
    const x = pair([2, 3, 4, 8], 2);
    const nchw = tp.transpose(x.ours, [0, 3, 1, 2]);
    const want = tfc.transpose(tfc.depthToSpace(x.theirs as tfc.Tensor4D, 2), [0, 3, 1, 2]);
    expectSame(tp.depthToSpace(nchw, 2, 'NCHW'), want, 0);
    expectSame(tp.spaceToDepth(tp.depthToSpace(nchw, 2, 'NCHW'), 2, 'NCHW'), tfc.tensor(nchw.dataSync(), nchw.shape), 0);
  });

  test('spaceToDepth follows TensorFlow: out[n, h, w, (i*b + j)*c + k] = x[n, h*b + i, w*b + j, k]', () => {
    const [n, h, w, c, b] = [2, 4, 6, 3, 2];
    const x = pair([n, h, w, c], 3);
    const y = tp.spaceToDepth(x.ours, b);
    expect(y.shape).toEqual([n, h / b, w / b, b * b * c]);
    const got = y.dataSync();
    const want = new Float32Array(got.length);
    for (let in_ = 0; in_ < n; ++in_)
      for (let oh = 0; oh < h / b; ++oh)
        for (let ow = 0; ow < w / b; ++ow)
          for (let i = 0; i < b; ++i)
            for (let j = 0; j < b; ++j)
              for (let k = 0; k < c; ++k)
                want[((in_ * (h / b) + oh) * (w / b) + ow) * b * b * c + (i * b + j) * c + k] = x.values[((in_ * h + oh * b + i) * w + ow * b + j) * c + k]!;
    expect(Array.from(got)).toEqual(Array.from(want));
    expectTensor(tp.depthToSpace(y, b), x.ours.arraySync());
  });

  test('gradients are the inverse rearrangement (checked by finite differences)', () => {
    const x = pair([1, 2, 2, 4], 4);
    const u = pair([1, 4, 4, 1], 5);
    const f = (t: tp.Tensor): tp.Tensor => tp.sum(tp.mul(tp.depthToSpace(t, 2), u.ours));
    const g = tp.grad(f)(x.ours).dataSync();
    const numeric = tp.numericalGradient((...xs: number[]) => f(tp.tensor(xs, [1, 2, 2, 4])).dataSync()[0]!, Array.from(x.values), 1e-2);
    numeric.forEach((v, i) => expect(g[i]).toBeCloseTo(v, 3));
    const v = pair([1, 2, 2, 4], 6);
    const g2 = tp.grad((t: tp.Tensor) => tp.sum(tp.mul(tp.spaceToDepth(t, 2), v.ours)))(u.ours);
    expectTensor(g2, tp.depthToSpace(v.ours, 2).arraySync());
  });

  test('errors name the op and the shape', () => {
    expect(() => tp.depthToSpace(tp.zeros([1, 2, 2, 6]), 2)).toThrow('depthToSpace: channels 6 of shape [1,2,2,6] must be divisible by blockSize² = 4');
    expect(() => tp.spaceToDepth(tp.zeros([1, 3, 4, 1]), 2)).toThrow('spaceToDepth: height and width of shape [1,3,4,1] must be divisible by blockSize 2');
    expect(() => tp.depthToSpace(tp.zeros([2, 2, 4]), 2)).toThrow('depthToSpace: x must be rank 4, got shape [2,2,4]');
    expect(() => tp.depthToSpace(tp.zeros([1, 1, 1, 4]), 1)).toThrow('depthToSpace: blockSize must be an integer >= 2, got 1');
  });
});
