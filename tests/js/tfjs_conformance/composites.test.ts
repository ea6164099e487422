// Rank-suffixed forms, tensor methods, composites and tp.linalg, against TF.js (see harness.ts).
import { expect, test } from 'vitest';
import { compositeCases } from './cases/composites.js';
import { compare, tp } from './harness.js';

test.each(compositeCases.map((c) => [c.name, c] as const))('%s: as TF.js', (_, c) => {
  expect(compare(c)).toBeNull();
});

test('rank-suffixed forms check the rank', () => {
  expect(() => tp.slice2d(tp.tensor([1, 2]), [0, 0], [1, 1])).toThrow('slice2d: expected a rank-2 tensor, got shape [2] (rank 1)');
  expect(() => tp.concat1d([tp.tensor([[1]])])).toThrow('concat1d: expected a rank-1 tensor');
  expect(() => tp.pad2d(tp.tensor([[1]]), [[1, 1]])).toThrow('pad2d: expected 2 [before, after] pairs');
  expect(() => tp.tensor([1, 2]).asScalar()).toThrow('asScalar: shape [] holds 1 elements, the tensor has 2');
});

test('dropout: kept entries are scaled by 1/(1-rate), about rate of them dropped; gradient is the mask', () => {
  const x = tp.ones([4000]);
  const y = tp.dropout(x, 0.25, undefined, 11);
  const v = y.dataSync();
  const zeros = v.filter((e) => e === 0).length;
  expect(v.every((e) => e === 0 || Math.abs(e - 4 / 3) < 1e-6)).toBe(true);
  expect(Math.abs(zeros / 4000 - 0.25)).toBeLessThan(0.03);
  // Same seed, same mask: the gradient of sum(dropout(x)) is that mask.
  const g = tp.grad((t) => tp.dropout(t, 0.25, undefined, 11).sum())(x);
  expect(Array.from(g.dataSync())).toEqual(Array.from(v));
  // noiseShape [1, 3] shares one draw per column.
  const cols = tp.dropout(tp.ones([50, 3]), 0.5, [1, 3], 2).arraySync() as number[][];
  for (const row of cols) expect(row).toEqual(cols[0]);
});

test('bytes() is the little-endian storage of the values', async () => {
  const b = await tp.tensor([1, 256], undefined, 'int32').bytes();
  expect(Array.from(b)).toEqual([1, 0, 0, 0, 0, 1, 0, 0]);
});

test('booleanMaskAsync picks rows, and flattens a multi-axis mask', async () => {
  const t = tp.tensor([[1, 2], [3, 4], [5, 6]]);
  expect((await tp.booleanMaskAsync(t, tp.tensor([true, false, true]))).arraySync()).toEqual([[1, 2], [5, 6]]);
  expect((await tp.booleanMaskAsync(t, tp.tensor([[false, true], [true, false], [false, true]]))).arraySync()).toEqual([2, 3, 6]);
  expect((await tp.booleanMaskAsync(t, tp.tensor([false, true]), 1)).arraySync()).toEqual([[2], [4], [6]]);
  await expect(tp.booleanMaskAsync(t, tp.tensor([true, false]))).rejects.toThrow(/mask shape \[2\] does not match tensor shape \[3,2\]/);
});

test('qr: q orthonormal, r upper triangular, q·r = x, and gradients match finite differences', () => {
  const x = tp.tensor([[2, -1, 0.5], [1, 3, 2], [0.5, 1, -2], [1, 0, 1]], undefined, 'float64');
  const [q, r] = tp.linalg.qr(x);
  const close = (a: tp.Tensor, b: tp.Tensor) => expect(tp.abs(tp.sub(a, b)).max().arraySync()).toBeLessThan(1e-10);
  close(q.matMul(r), x);
  close(q.matMul(q, true), tp.eye(3, 3, undefined, 'float64'));
  close(r, tp.linalg.bandPart(r, 0, -1));
  // d/dx of sum(r * w) against central differences.
  const w = tp.tensor([[1, 2, 3], [0, -1, 2], [0, 0, 1.5]], undefined, 'float64');
  const f = (t: tp.Tensor) => tp.linalg.qr(t)[1].mul(w).sum();
  const g = tp.grad(f)(x).dataSync();
  const base = x.dataSync();
  const eps = 1e-6;
  for (let i = 0; i < base.length; i++) {
    const at = (d: number) => { const v = Float64Array.from(base); v[i] = v[i]! + d; return f(tp.tensor(v, [4, 3], 'float64')).arraySync() as number; };
    expect(Math.abs(g[i]! - (at(eps) - at(-eps)) / (2 * eps))).toBeLessThan(1e-6);
  }
});

test('customGrad in TF.js form: f(...inputs, save) and gradFunc(dy, saved)', () => {
  const f = tp.customGrad((a: tp.Tensor, b: tp.Tensor, save: (ts: tp.Tensor[]) => void) => {
    save([a, b]);
    // d(ab)/da = b, d(ab)/db = a; the rule scales them by 10 so the test sees it is used.
    return { value: a.mul(b), gradFunc: (dy: tp.Tensor, [sa, sb]: tp.Tensor[]) => [dy.mul(sb!).mul(10), dy.mul(sa!).mul(10)] };
  });
  const [ga, gb] = tp.grads((a, b) => f(a, b))([tp.tensor([2, 3]), tp.tensor([5, 7])]);
  expect(ga!.arraySync()).toEqual([50, 70]);
  expect(gb!.arraySync()).toEqual([20, 30]);
  expect(() => tp.customGrad(() => ({}) as never)(tp.scalar(1))).toThrow(/customGrad: f must return/);
});
