// Convolutions against TF.js (tfjs-core on its CPU backend, same inputs in one process): forward
// across strides, dilations, paddings, layouts and channel counts; gradients against TF.js's
// gradients; composites (conv1d, conv2dTranspose, separableConv2d, fused.conv2d); errors; and the
// graph compiler's conv + bias + activation fusion.
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { rng } from '../support/rng.js';

await tp.ready();
await tfc.setBackend('cpu');

function values(n: number, seed: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => r() * 2 - 1);
}
/** sum(y * u) in TF.js (its chained methods are not registered here). */
const weighted = (y: tfc.Tensor, u: tfc.Tensor): tfc.Scalar => tfc.sum(tfc.mul(y, u));
const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

/** The same random values as a tensorpad and a TF.js tensor. */
function pair(shape: number[], seed: number): [tp.Tensor, tfc.Tensor] {
  const v = values(size(shape), seed);
  return [tp.tensor(v, shape), tfc.tensor(v, shape)];
}

function expectClose(got: tp.Tensor, want: tfc.Tensor, tol = 1e-4): void {
  expect(got.shape).toEqual(want.shape);
  const g = got.dataSync() as Float32Array;
  const w = want.dataSync() as Float32Array;
  let worst = 0;
  for (let i = 0; i < w.length; i++) worst = Math.max(worst, Math.abs(g[i]! - w[i]!) / (1 + Math.abs(w[i]!)));
  expect(worst).toBeLessThan(tol);
}

/**
 * A dilated conv is the undilated conv with zeros between the filter taps: TF.js has no gradients
 * for dilations > 1, so those cases compare with TF.js's gradients of the zero-filled filter
 * (whose gradient, read at the real taps, is the filter's gradient).
 */
function dilatedFilter(w: tfc.Tensor, [dh, dw]: [number, number]): { filter: tfc.Tensor; taps: (g: tfc.Tensor) => tfc.Tensor } {
  const [kh, kw, ci, co] = w.shape as [number, number, number, number];
  const eh = (kh - 1) * dh + 1, ew = (kw - 1) * dw + 1;
  const src = w.dataSync();
  const out = new Float32Array(eh * ew * ci * co);
  const inner = ci * co;
  for (let a = 0; a < kh; a++)
    for (let b = 0; b < kw; b++) out.set(src.subarray((a * kw + b) * inner, (a * kw + b + 1) * inner), (a * dh * ew + b * dw) * inner);
  const taps = (g: tfc.Tensor): tfc.Tensor => {
    const gv = g.dataSync();
    const r = new Float32Array(kh * kw * inner);
    for (let a = 0; a < kh; a++)
      for (let b = 0; b < kw; b++) r.set(gv.subarray((a * dh * ew + b * dw) * inner, (a * dh * ew + b * dw + 1) * inner), (a * kw + b) * inner);
    return tfc.tensor(r, w.shape);
  };
  return { filter: tfc.tensor(out, [eh, ew, ci, co]), taps };
}

type Pad = 'valid' | 'same' | number | number[][];
interface Case {
  x: number[];
  f: number[];
  strides: number | [number, number];
  pad: Pad;
  dilations?: [number, number];
  rounding?: 'floor' | 'round' | 'ceil';
  format?: 'NHWC' | 'NCHW';
}

const conv2dCases: Case[] = [
  { x: [2, 8, 8, 1], f: [3, 3, 1, 4], strides: 1, pad: 'same' },
  { x: [2, 9, 7, 3], f: [3, 3, 3, 8], strides: 2, pad: 'same' },
  { x: [1, 10, 10, 3], f: [5, 5, 3, 6], strides: [2, 1], pad: 'valid' },
  { x: [1, 9, 9, 4], f: [3, 3, 4, 5], strides: 1, pad: 'same', dilations: [2, 2] },
  { x: [1, 8, 9, 5], f: [3, 2, 5, 7], strides: 1, pad: 'valid', dilations: [1, 3] },
  { x: [2, 7, 7, 6], f: [3, 3, 6, 4], strides: 1, pad: [[0, 0], [1, 2], [0, 1], [0, 0]] },
  { x: [1, 7, 7, 2], f: [3, 3, 2, 3], strides: 2, pad: 1, rounding: 'ceil' },
  { x: [1, 8, 8, 2], f: [2, 2, 2, 3], strides: 3, pad: 1, rounding: 'round' },
  { x: [1, 6, 6, 2], f: [3, 3, 2, 3], strides: 2, pad: 1, rounding: 'floor' },
  { x: [3, 5, 5, 16], f: [1, 1, 16, 9], strides: 1, pad: 'valid' },
  { x: [1, 12, 12, 32], f: [3, 3, 32, 33], strides: 1, pad: 'same' },
  { x: [2, 3, 8, 8], f: [3, 3, 3, 4], strides: 2, pad: 'same', format: 'NCHW' },
];

const label = (c: Case): string =>
  `x[${c.x}] f[${c.f}] s${JSON.stringify(c.strides)} ${JSON.stringify(c.pad)}${c.dilations ? ` d${c.dilations}` : ''}${c.rounding ? ` ${c.rounding}` : ''}${c.format === 'NCHW' ? ' NCHW' : ''}`;

describe('conv2d vs TF.js', () => {
  test.each(conv2dCases.map((c) => [label(c), c] as const))('forward %s', (_l, c) => {
    const [x, tx] = pair(c.x, 1);
    const [f, tf] = pair(c.f, 2);
    const y = tp.conv2d(x, f, c.strides, c.pad, c.format ?? 'NHWC', c.dilations ?? [1, 1], c.rounding);
    // TF.js's CPU backend runs NCHW through NHWC the same way; compare in NHWC where it lacks it.
    const want = c.format === 'NCHW'
      ? tfc.transpose(tfc.conv2d(tfc.transpose(tx, [0, 2, 3, 1]) as tfc.Tensor4D, tf as tfc.Tensor4D, c.strides, c.pad as 'same', 'NHWC', c.dilations ?? [1, 1], c.rounding), [0, 3, 1, 2])
      : tfc.conv2d(tx as tfc.Tensor4D, tf as tfc.Tensor4D, c.strides, c.pad as 'same', 'NHWC', c.dilations ?? [1, 1], c.rounding);
    expectClose(y, want);
  });

  test.each(conv2dCases.filter((c) => c.format !== 'NCHW').map((c) => [label(c), c] as const))('gradients %s', (_l, c) => {
    const [x, tx] = pair(c.x, 3);
    const [f, tf] = pair(c.f, 4);
    const yShape = tfc.conv2d(tx as tfc.Tensor4D, tf as tfc.Tensor4D, c.strides, c.pad as 'same', 'NHWC', c.dilations ?? [1, 1], c.rounding).shape;
    const [u, tu] = pair(yShape, 5);
    const got = tp.grads((a: tp.Tensor, b: tp.Tensor) => tp.conv2d(a, b, c.strides, c.pad, 'NHWC', c.dilations ?? [1, 1], c.rounding).mul(u).sum())([x, f]);
    const d = dilatedFilter(tf, c.dilations ?? [1, 1]);
    const want = tfc.grads((a: tfc.Tensor, b: tfc.Tensor) =>
      weighted(tfc.conv2d(a as tfc.Tensor4D, b as tfc.Tensor4D, c.strides, c.pad as 'same', 'NHWC', 1, c.rounding), tu))([tx, d.filter]);
    expectClose(got[0]!, want[0]!);
    expectClose(got[1]!, d.taps(want[1]!));
  });

  test('rank-3 input gives a rank-3 result; float64 works', () => {
    const [x, tx] = pair([6, 6, 2], 6);
    const [f, tf] = pair([3, 3, 2, 3], 7);
    expectClose(tp.conv2d(x, f, 1, 'same'), tfc.conv2d(tx as tfc.Tensor3D, tf as tfc.Tensor4D, 1, 'same'));
    const y64 = tp.conv2d(x.cast('float64'), f.cast('float64'), 1, 'same');
    expect(y64.dtype).toBe('float64');
    expectClose(y64.cast('float32'), tfc.conv2d(tx as tfc.Tensor3D, tf as tfc.Tensor4D, 1, 'same'));
  });

  test('grouped convolution equals per-group convolutions', () => {
    const [x] = pair([1, 6, 6, 4], 8);
    const [f] = pair([3, 3, 2, 6], 9);
    const y = tp.conv2d(x, f, 1, 'same');
    const g0 = tp.conv2d(x.slice([0, 0, 0, 0], [1, 6, 6, 2]), f.slice([0, 0, 0, 0], [3, 3, 2, 3]), 1, 'same');
    const g1 = tp.conv2d(x.slice([0, 0, 0, 2], [1, 6, 6, 2]), f.slice([0, 0, 0, 3], [3, 3, 2, 3]), 1, 'same');
    const want = tfc.concat([tfc.tensor(g0.arraySync() as number[][][][]), tfc.tensor(g1.arraySync() as number[][][][])], 3);
    expectClose(y, want, 1e-6);
  });
});

describe('depthwiseConv2d vs TF.js', () => {
  const cases: Case[] = [
    { x: [2, 7, 7, 3], f: [3, 3, 3, 1], strides: 1, pad: 'same' },
    { x: [1, 9, 9, 19], f: [3, 3, 19, 1], strides: 2, pad: 'same' },
    { x: [1, 8, 8, 4], f: [3, 3, 4, 3], strides: 1, pad: 'valid', dilations: [2, 2] },
    { x: [1, 6, 7, 5], f: [2, 3, 5, 2], strides: [1, 2], pad: [[0, 0], [1, 0], [2, 1], [0, 0]] },
    { x: [1, 7, 7, 2], f: [3, 3, 2, 1], strides: 2, pad: 1, rounding: 'ceil' },
  ];
  test.each(cases.map((c) => [label(c), c] as const))('forward and gradients %s', (_l, c) => {
    const [x, tx] = pair(c.x, 10);
    const [f, tf] = pair(c.f, 11);
    const run = (a: tp.Tensor, b: tp.Tensor) => tp.depthwiseConv2d(a, b, c.strides, c.pad, 'NHWC', c.dilations ?? [1, 1], c.rounding);
    const trun = (a: tfc.Tensor, b: tfc.Tensor) =>
      tfc.depthwiseConv2d(a as tfc.Tensor4D, b as tfc.Tensor4D, c.strides, c.pad as 'same', 'NHWC', c.dilations ?? [1, 1], c.rounding);
    const want = trun(tx, tf);
    expectClose(run(x, f), want);
    const [u, tu] = pair(want.shape, 12);
    const got = tp.grads((a: tp.Tensor, b: tp.Tensor) => run(a, b).mul(u).sum())([x, f]);
    const d = dilatedFilter(tf, c.dilations ?? [1, 1]);
    const wantG = tfc.grads((a: tfc.Tensor, b: tfc.Tensor) =>
      weighted(tfc.depthwiseConv2d(a as tfc.Tensor4D, b as tfc.Tensor4D, c.strides, c.pad as 'same', 'NHWC', 1, c.rounding), tu))([tx, d.filter]);
    expectClose(got[0]!, wantG[0]!);
    expectClose(got[1]!, d.taps(wantG[1]!));
  });
});

describe('composites vs TF.js', () => {
  test('conv1d: NWC, stride, dilation, same/valid, rank 2', () => {
    const [x, tx] = pair([2, 11, 3], 13);
    const [f, tf] = pair([3, 3, 4], 14);
    expectClose(tp.conv1d(x, f, 2, 'same'), tfc.conv1d(tx as tfc.Tensor3D, tf as tfc.Tensor3D, 2, 'same'));
    expectClose(tp.conv1d(x, f, 1, 'valid', 'NWC', 2), tfc.conv1d(tx as tfc.Tensor3D, tf as tfc.Tensor3D, 1, 'valid', 'NWC', 2));
    const [x2, tx2] = pair([9, 3], 15);
    expectClose(tp.conv1d(x2, f, 1, 'same'), tfc.conv1d(tx2 as tfc.Tensor2D, tf as tfc.Tensor3D, 1, 'same'));
    const g = tp.grad((a: tp.Tensor) => tp.conv1d(a, f, 2, 'same').square().sum())(x);
    const tg = tfc.grad((a: tfc.Tensor) => tfc.sum(tfc.square(tfc.conv1d(a as tfc.Tensor3D, tf as tfc.Tensor3D, 2, 'same'))))(tx);
    expectClose(g, tg);
  });

  // TF.js's conv1d hands a numeric pad to conv2d on its [n, 1, w, c] view, which pads the height
  // too and then fails to reshape (for pad > 0; pad 0 sizes the width with the filter's height).
  // tensorpad pads the width only, as TF.js's conv2d on that view with explicit pads
  // [[0,0],[0,0],[pad,pad],[0,0]] does (and its dimRoundingMode): compared with that.
  test.each([
    [[2, 11, 3], 1, 1, 'NWC', 1, undefined],
    [[2, 11, 3], 2, 2, 'NWC', 1, undefined],
    [[2, 10, 3], 2, 1, 'NWC', 1, 'ceil'],
    [[2, 10, 3], 2, 1, 'NWC', 1, 'round'],
    [[2, 10, 3], 3, 2, 'NWC', 1, 'floor'],
    [[2, 9, 3], 1, 3, 'NWC', 2, undefined],
    [[2, 3, 9], 2, 1, 'NCW', 1, undefined],
    [[12, 3], 1, 0, 'NWC', 1, undefined],
    [[12, 3], 2, 2, 'NWC', 1, 'ceil'],
  ] as const)('conv1d with numeric pad: x %j stride %d pad %d %s dilation %d rounding %s, forward and gradients', (xs, s, p, fmt, d, r) => {
    const cf = fmt === 'NCW';
    const [x, tx] = pair([...xs], 50);
    const [f, tf] = pair([3, 3, 4], 51);
    const rank2 = xs.length === 2;
    const n = rank2 ? 1 : xs[0];
    const [d1, d2] = rank2 ? xs : [xs[1], xs[2]];
    const width = cf ? d2 : d1;
    // want: TF.js on the NWC form of x.
    const want = (a: tfc.Tensor, w: tfc.Tensor) => {
      const y = tfc.conv2d(tfc.reshape(a, [n, 1, width, 3]) as tfc.Tensor4D, tfc.reshape(w, [1, 3, 3, 4]) as tfc.Tensor4D, [1, s], [[0, 0], [0, 0], [p, p], [0, 0]], 'NHWC', [1, d], r);
      return tfc.reshape(y, rank2 ? [y.shape[2], 4] : [n, y.shape[2], 4]);
    };
    const got = tp.conv1d(x, f, s, p, fmt, d, r);
    if (cf) {
      // TF.js's CPU backend has no NCHW conv2d: the NCW result, transposed, against its NWC form.
      expectClose(tp.transpose(got, [0, 2, 1]), want(tfc.transpose(tx, [0, 2, 1]), tf));
      return;
    }
    const w = want(tx, tf);
    expectClose(got, w);
    if (d === 1) {
      const [u, tu] = pair(w.shape, 52);
      const g = tp.grads((a: tp.Tensor, b: tp.Tensor) => tp.conv1d(a, b, s, p, fmt, d, r).mul(u).sum())([x, f]);
      const tg = tfc.grads((a: tfc.Tensor, b: tfc.Tensor) => weighted(want(a, b), tu))([tx, tf]);
      if (r === undefined || r === 'floor') {
        expectClose(g[0]!, tg[0]!);
        expectClose(g[1]!, tg[1]!);
      } else {
        // TF.js's gradients drop the extra output a rounded-up size adds (they disagree with its
        // own forward): checked against central differences of TF.js's forward instead, exact up
        // to rounding since the loss is linear in x and in the filter.
        const central = (t: tfc.Tensor, loss: (v: tfc.Tensor) => number) => {
          const v = Array.from(t.dataSync());
          return tfc.tensor(v.map((_, k) => {
            const up = [...v], down = [...v];
            up[k]! += 0.05;
            down[k]! -= 0.05;
            return (loss(tfc.tensor(up, t.shape)) - loss(tfc.tensor(down, t.shape))) / 0.1;
          }), t.shape);
        };
        expectClose(g[0]!, central(tx, (a) => weighted(want(a, tf), tu).dataSync()[0]!), 1e-3);
        expectClose(g[1]!, central(tf, (b) => weighted(want(tx, b), tu).dataSync()[0]!), 1e-3);
      }
    }
  });

  test("TF.js's own conv1d cannot take a numeric pad (why the test above compares with its conv2d)", () => {
    const [, tx] = pair([1, 8, 3], 53);
    const [, tf] = pair([3, 3, 4], 54);
    expect(() => tfc.conv1d(tx as tfc.Tensor3D, tf as tfc.Tensor3D, 1, 1)).toThrow(/Size\(\d+\) must match/);
    expect(tp.conv1d(tp.tensor(tx.dataSync(), [1, 8, 3]), tp.tensor(tf.dataSync(), [3, 3, 4]), 1, 1).shape).toEqual([1, 8, 4]);
  });

  test('conv2dTranspose: strides, same/valid, gradients', () => {
    const [x, tx] = pair([2, 4, 4, 5], 16);
    const [f, tf] = pair([3, 3, 2, 5], 17);
    for (const [shape, s, pad] of [[[2, 8, 8, 2], 2, 'same'], [[2, 9, 9, 2], 2, 'valid'], [[2, 6, 6, 2], 1, 'valid']] as const) {
      expectClose(tp.conv2dTranspose(x, f, [...shape], s, pad), tfc.conv2dTranspose(tx as tfc.Tensor4D, tf as tfc.Tensor4D, [...shape] as [number, number, number, number], s, pad));
    }
    const [u, tu] = pair([2, 8, 8, 2], 18);
    const got = tp.grads((a: tp.Tensor, b: tp.Tensor) => tp.conv2dTranspose(a, b, [2, 8, 8, 2], 2, 'same').mul(u).sum())([x, f]);
    const want = tfc.grads((a: tfc.Tensor, b: tfc.Tensor) =>
      weighted(tfc.conv2dTranspose(a as tfc.Tensor4D, b as tfc.Tensor4D, [2, 8, 8, 2], 2, 'same'), tu))([tx, tf]);
    expectClose(got[0]!, want[0]!);
    expectClose(got[1]!, want[1]!);
  });

  test('separableConv2d', () => {
    const [x, tx] = pair([1, 8, 8, 3], 19);
    const [d, td] = pair([3, 3, 3, 2], 20);
    const [p, tpw] = pair([1, 1, 6, 5], 21);
    expectClose(tp.separableConv2d(x, d, p, 1, 'same'), tfc.separableConv2d(tx as tfc.Tensor4D, td as tfc.Tensor4D, tpw as tfc.Tensor4D, 1, 'same'));
    expectClose(tp.separableConv2d(x, d, p, 2, 'valid'), tfc.separableConv2d(tx as tfc.Tensor4D, td as tfc.Tensor4D, tpw as tfc.Tensor4D, 2, 'valid'));
  });

  test.each(['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const)('fused.conv2d with %s: forward and gradients', (activation) => {
    const [x, tx] = pair([2, 6, 6, 3], 22);
    const [f, tf] = pair([3, 3, 3, 4], 23);
    const [b, tb] = pair([4], 24);
    const args = { strides: 1 as const, pad: 'same' as const, activation, leakyreluAlpha: 0.1 };
    const y = tp.fused.conv2d({ x: x.mul(3), filter: f, bias: b, ...args });
    expectClose(y, tfc.fused.conv2d({ x: tfc.mul(tx, 3) as tfc.Tensor4D, filter: tf as tfc.Tensor4D, bias: tb, ...args }));
    const [u, tu] = pair(y.shape, 25);
    const got = tp.grads((a: tp.Tensor, w: tp.Tensor, c: tp.Tensor) => tp.fused.conv2d({ x: a, filter: w, bias: c, ...args }).mul(u).sum())([x, f, b]);
    const want = tfc.grads((a: tfc.Tensor, w: tfc.Tensor, c: tfc.Tensor) =>
      weighted(tfc.fused.conv2d({ x: a as tfc.Tensor4D, filter: w as tfc.Tensor4D, bias: c, ...args }), tu))([tx, tf, tb]);
    got.forEach((g, i) => expectClose(g, want[i]!));
  });

  test('fused.conv2d without bias is conv2d then the activation', () => {
    const [x] = pair([1, 5, 5, 2], 26);
    const [f] = pair([3, 3, 2, 3], 27);
    const y = tp.fused.conv2d({ x, filter: f, strides: 1, pad: 'valid', activation: 'relu' });
    expect(y.arraySync()).toEqual(tp.relu(tp.conv2d(x, f, 1, 'valid')).arraySync());
  });
});

describe('second order', () => {
  test('Hessian-vector product of sum(conv2d(x, w)^2) in w, nested grads vs the closed form', () => {
    const [x] = pair([1, 6, 6, 2], 28);
    const [w] = pair([3, 3, 2, 3], 29);
    const [v] = pair([3, 3, 2, 3], 30);
    const gradW = (ww: tp.Tensor) => tp.grad((a: tp.Tensor) => tp.conv2d(x, a, 1, 'same').square().sum())(ww);
    const hv = tp.grad((ww: tp.Tensor) => gradW(ww).mul(v).sum())(w);
    // f is quadratic in w: H v = 2 * conv2dBackpropFilter(x, conv2d(x, v)).
    const want = tp.conv2dBackpropFilter(x, tp.conv2d(x, v, 1, 'same'), [3, 3, 2, 3], 1, 'same').mul(2);
    const tw = tfc.tensor(want.arraySync() as number[][][][]);
    expectClose(hv, tw, 1e-4);
  });
});

describe('errors name the op and the shapes, and the module keeps working', () => {
  test('bad shapes and arguments', () => {
    expect(() => tp.conv2d(tp.ones([1, 5, 5, 3]), tp.ones([3, 3, 2, 4]), 1, 'same')).toThrow(/conv2d: input depth 3 .*\[1,5,5,3\].*\[3,3,2,4\]/);
    expect(() => tp.conv2d(tp.ones([5, 5]), tp.ones([3, 3, 1, 1]), 1, 'same')).toThrow(/conv2d: input must have rank 3 or 4/);
    expect(() => tp.conv2d(tp.ones([1, 5, 5, 1]), tp.ones([3, 3, 1]), 1, 'same')).toThrow(/conv2d: filter must have rank 4/);
    expect(() => tp.conv2d(tp.ones([1, 5, 5, 1]), tp.ones([3, 3, 1, 1]), 0, 'same')).toThrow(/conv2d: strides must be/);
    expect(() => tp.conv2d(tp.ones([1, 5, 5, 1]), tp.ones([3, 3, 1, 1]), 2, 'same', 'NHWC', 2)).toThrow(/conv2d: strides \[2,2\] and dilations \[2,2\]/);
    expect(() => tp.conv2d(tp.ones([1, 5, 5, 1]), tp.ones([3, 3, 1, 1]), 1, 'same', 'NHWC', 1, 'ceil')).toThrow(/conv2d: pad must be a number/);
    expect(() => tp.conv2d(tp.ones([1, 5, 5, 1]), tp.ones([3, 3, 1, 1]), 1, [[1, 0], [1, 1], [1, 1], [0, 0]])).toThrow(/conv2d: explicit pad/);
    expect(() => tp.depthwiseConv2d(tp.ones([1, 5, 5, 3]), tp.ones([3, 3, 2, 1]), 1, 'same')).toThrow(/depthwiseConv2d: input depth 3 must match/);
    expect(() => tp.conv2d(tp.ones([1, 5, 5, 1], 'int32'), tp.ones([3, 3, 1, 1], 'int32'), 1, 'same')).toThrow(/conv2d: expected a float32 or float64 tensor/);
    expect(() => tp.conv2dTranspose(tp.ones([1, 4, 4, 2]), tp.ones([3, 3, 1, 2]), [1, 9, 9, 1], 2, 'same')).toThrow(/conv2dBackpropInput: dy has shape \[1,4,4,2\]/);
    expect(() => tp.fused.conv2d({ x: tp.ones([1, 3, 3, 1]), filter: tp.ones([1, 1, 1, 2]), strides: 1, pad: 'same', bias: tp.ones([3]) })).toThrow(/fusedConv2d: bias must be a vector of outDepth 2/);
    expect(tp.conv2d(tp.ones([1, 3, 3, 1]), tp.ones([3, 3, 1, 1]), 1, 'valid').arraySync()).toEqual([[[[9]]]]);
  });
});

describe('graph fusion', () => {
  test('tp.function turns conv2d -> add(bias) -> relu into one fusedConv2d node with the same result', () => {
    const [w] = pair([3, 3, 3, 8], 31);
    const [b] = pair([8], 32);
    const layer = (x: tp.Tensor) => tp.relu(tp.conv2d(x, w, 1, 'same').add(b));
    const f = tp.function(layer);
    const [x] = pair([2, 9, 9, 3], 33);
    const got = f(x);
    const c = f.getConcreteFunction(x);
    expect(c.text).toContain('fusedConv2d');
    expect(c.opCount).toBe(1);
    const want = layer(x);
    expect(Math.max(...Array.from(got.sub(want).abs().dataSync()))).toBeLessThan(1e-6);
    expect(Array.from(got.dataSync()).some((v) => v === 0)).toBe(true);
  });
});

describe('conv3d vs TF.js', () => {
  test.each([
    [[2, 5, 6, 5, 2], [3, 3, 2, 2, 4], 1, 'same'],
    [[1, 6, 5, 6, 3], [2, 3, 3, 3, 2], [2, 1, 2], 'valid'],
  ] as const)('x %j f %j strides %j %s: forward and gradients', (xs, fs, s, pad) => {
    const [x, tx] = pair([...xs], 34);
    const [f, tf] = pair([...fs], 35);
    const want = tfc.conv3d(tx as tfc.Tensor5D, tf as tfc.Tensor5D, s as [number, number, number], pad);
    expectClose(tp.conv3d(x, f, s as [number, number, number], pad), want);
    const [u, tu] = pair(want.shape, 36);
    const got = tp.grads((a: tp.Tensor, b: tp.Tensor) => tp.conv3d(a, b, s as [number, number, number], pad).mul(u).sum())([x, f]);
    const wantG = tfc.grads((a: tfc.Tensor, b: tfc.Tensor) => weighted(tfc.conv3d(a as tfc.Tensor5D, b as tfc.Tensor5D, s as [number, number, number], pad), tu))([tx, tf]);
    expectClose(got[0]!, wantG[0]!);
    expectClose(got[1]!, wantG[1]!);
  });

  test('conv3dTranspose', () => {
    const [x, tx] = pair([1, 3, 3, 3, 4], 37);
    const [f, tf] = pair([2, 2, 2, 2, 4], 38);
    expectClose(tp.conv3dTranspose(x, f, [1, 6, 6, 6, 2], 2, 'same'),
      tfc.conv3dTranspose(tx as tfc.Tensor5D, tf as tfc.Tensor5D, [1, 6, 6, 6, 2], 2, 'same'));
  });
});
