// mirrorPad against TF.js (forward) and its gradient against a closed form and finite
// differences. TF.js's own MirrorPad gradient only slices the interior of dy, dropping what the
// mirrored borders contributed, so the gradient is not compared with TF.js.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';
import { expectSame, pair, tfc } from '../support/tfjs_diff.js';

await tp.ready();

type Pads = Array<[number, number]>;
const CASES: Array<[number[], Pads]> = [
  [[5], [[3, 2]]],
  [[3, 4], [[1, 2], [3, 0]]],
  [[2, 3, 4], [[1, 1], [2, 2], [0, 3]]],
  [[2, 4, 4, 3], [[0, 0], [1, 2], [2, 1], [0, 0]]],
];

// The input index that padded position o along an axis of size n copies.
function source(o: number, before: number, n: number, mode: 'reflect' | 'symmetric'): number {
  let i = o - before;
  if (i < 0) i = mode === 'reflect' ? -i : -i - 1;
  if (i >= n) i = mode === 'reflect' ? 2 * (n - 1) - i : 2 * n - 1 - i;
  return i;
}

describe.each(['reflect', 'symmetric'] as const)('mirrorPad %s', (mode) => {
  test.each(CASES.map((c, i) => [i, c] as const))('case %i matches TF.js; gradient sums every copy', (i, [shape, pads]) => {
    const x = pair(shape, 10 + i);
    const y = tp.mirrorPad(x.ours, pads, mode);
    expectSame(y, tfc.mirrorPad(x.theirs, pads, mode), 0);
    const u = pair(y.shape, 20 + i);
    const g = tp.grad((t) => tp.mul(tp.mirrorPad(t, pads, mode), u.ours))(x.ours);
    // Closed form: each output position adds its u onto the input element it copies.
    const want = new Float64Array(x.values.length);
    const outShape = y.shape;
    const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
    for (let k = 0; k < u.values.length; ++k) {
      let rest = k;
      let src = 0;
      for (let d = outShape.length - 1; d >= 0; --d) {
        const o = rest % outShape[d]!;
        rest = Math.floor(rest / outShape[d]!);
        src += source(o, pads[d]![0], shape[d]!, mode) * strides[d]!;
      }
      want[src]! += u.values[k]!;
    }
    expectTensor(g.reshape([-1]), Array.from(want), 'float32', 1e-5);
  });

  test('gradient by finite differences', () => {
    const x = pair([3, 4], 30);
    const u = pair([6, 7], 31);
    const pads: Pads = [[2, 1], [1, 2]];
    const f = (t: tp.Tensor): tp.Tensor => tp.sum(tp.mul(tp.mirrorPad(t, pads, mode), u.ours));
    const g = tp.grad(f)(x.ours).dataSync();
    const numeric = tp.numericalGradient((...xs: number[]) => f(tp.tensor(xs, [3, 4])).dataSync()[0]!, Array.from(x.values), 1e-2);
    numeric.forEach((v, i) => expect(g[i]).toBeCloseTo(v, 3));
    // TF.js's gradient is the interior of dy only: it misses the border copies.
    const theirs = tfc.grad((t) => tfc.sum(tfc.mul(tfc.mirrorPad(t, pads, mode), u.theirs)))(x.theirs).dataSync();
    expect(Array.from(theirs).some((v, i) => Math.abs(v - numeric[i]!) > 1e-2)).toBe(true);
  });
});
