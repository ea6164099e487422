// unsortedSegmentSum, tensorScatterUpdate, searchSorted, bincount, unique, inTopKAsync,
// spaceToBatchND / batchToSpaceND and einsum: random inputs against TF.js, gradients against
// finite differences, forward mode against reverse mode, and errors that name the op.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { rng } from '../support/rng.js';
import { expectSame, pair, tfc } from '../support/tfjs_diff.js';

await tp.ready();

/** Finite-difference gradient of sum(w * f(x)) at x, compared with tp.grad. */
function checkGrad(f: (x: tp.Tensor) => tp.Tensor, shape: number[], seed: number): void {
  tp.tidy(() => {
    const x = pair(shape, seed);
    const w = tp.randomUniform(f(x.ours).shape, -1, 1, 'float32', seed + 1);
    const loss = (t: tp.Tensor) => tp.sum(tp.mul(f(t), w));
    const g = tp.grad(loss)(x.ours).dataSync();
    const numeric = tp.numericalGradient((...xs: number[]) => loss(tp.tensor(xs, shape)).dataSync()[0]!, Array.from(x.values), 1e-2);
    numeric.forEach((v, i) => expect(g[i], `element ${i}`).toBeCloseTo(v, 2));
  });
}

describe('unsortedSegmentSum', () => {
  test.each([
    [[40], 7],
    [[33, 5], 4],
    [[6, 3, 2], 9],
  ])('x %j into %i segments matches TF.js', (shape, n) => {
    const x = pair(shape as number[], 3);
    const next = rng(5);
    const ids = Array.from({ length: (shape as number[])[0]! }, () => Math.floor(next() * (n as number)));
    expectSame(tp.unsortedSegmentSum(x.ours, ids, n as number), tfc.unsortedSegmentSum(x.theirs, tfc.tensor1d(ids, 'int32'), n as number), 1e-5);
  });

  test('gradient: dy gathered by the ids, zero for a dropped row; forward mode agrees', () => {
    checkGrad((x) => tp.unsortedSegmentSum(x, [3, 0, -1, 3, 1], 4), [5, 2], 1);
    const x = tp.tensor([1, 2, 3]);
    const f = (t: tp.Tensor) => tp.unsortedSegmentSum(t, [1, -1, 1], 2);
    expect(tp.grad((t: tp.Tensor) => tp.sum(tp.mul(f(t), tp.tensor([5, 7]))))(x).arraySync()).toEqual([7, 0, 7]);
    const [y, dy] = tp.jvp(f, [x], [tp.tensor([1, 10, 100])]);
    expect(y.arraySync()).toEqual([0, 4]);
    expect(dy.arraySync()).toEqual([0, 101]);
  });

  test('errors name the op; the engine keeps working', () => {
    expect(() => tp.unsortedSegmentSum(tp.tensor([1, 2]), [0, 3], 2)).toThrow(/^unsortedSegmentSum: segment id 3 at segmentIds\[1\] is out of range for numSegments 2/);
    expect(() => tp.unsortedSegmentSum(tp.tensor([1, 2]), [0], 2)).toThrow(/unsortedSegmentSum: segmentIds of shape \[1\] must match the leading dims of x of shape \[2\]/);
    expect(() => tp.unsortedSegmentSum(tp.tensor([1, 2]), [0, 1], 1.5)).toThrow('unsortedSegmentSum: numSegments must be an integer');
    expect(tp.unsortedSegmentSum(tp.tensor([1, 2]), [0, 0], 1).arraySync()).toEqual([3]);
  });
});

describe('tensorScatterUpdate', () => {
  test('random rows match TF.js', () => {
    const x = pair([20, 3], 2);
    const u = pair([6, 3], 4);
    const idx = [[4], [19], [0], [7], [12], [3]];
    expectSame(tp.tensorScatterUpdate(x.ours, idx, u.ours), tfc.tensorScatterUpdate(x.theirs, tfc.tensor2d(idx, undefined, 'int32'), u.theirs), 0);
  });

  test('gradients: tensor outside the updated slices, updates where they were written', () => {
    checkGrad((t) => tp.tensorScatterUpdate(t, [[1, 0], [2, 2], [1, 0]], tp.tensor([5, 6, 7])), [3, 3], 2);
    checkGrad((u) => tp.tensorScatterUpdate(tp.ones([4, 2]), [[3], [0], [3]], u), [3, 2], 3);
    const [, dy] = tp.jvp((a: tp.Tensor, u: tp.Tensor) => tp.tensorScatterUpdate(a, [[0], [2]], u), [tp.zeros([3]), tp.zeros([2])], [tp.tensor([1, 2, 3]), tp.tensor([10, 20])]);
    expect(dy.arraySync()).toEqual([10, 2, 20]);
  });

  test('errors name the op', () => {
    expect(() => tp.tensorScatterUpdate(tp.tensor([1, 2]), [[2]], tp.tensor([1]))).toThrow(/^tensorScatterUpdate: index \[2\] at indices\[0\] is out of range for tensor shape \[2\]/);
    expect(() => tp.tensorScatterUpdate(tp.tensor([1, 2]), [[0]], tp.tensor([1], undefined, 'int32'))).toThrow(/^tensorScatterUpdate: dtype mismatch/);
  });
});

describe('searchSorted, lowerBound, upperBound', () => {
  test.each(['left', 'right'] as const)('random sorted rows with ties, side %s, match TF.js', (side) => {
    const next = rng(side === 'left' ? 1 : 2);
    const rows = 5, n = 17, m = 11;
    const seq: number[][] = [];
    const vals: number[][] = [];
    for (let r = 0; r < rows; r++) {
      seq.push(Array.from({ length: n }, () => Math.floor(next() * 8)).sort((a, b) => a - b));
      vals.push(Array.from({ length: m }, () => Math.floor(next() * 10) - 1));
    }
    const ours = tp.searchSorted(tp.tensor(seq), tp.tensor(vals), side);
    expect(ours.dtype).toBe('int32');
    expectSame(ours, tfc.searchSorted(tfc.tensor(seq), tfc.tensor(vals), side), 0);
    expect((side === 'left' ? tp.lowerBound : tp.upperBound)(tp.tensor(seq), tp.tensor(vals)).arraySync()).toEqual(ours.arraySync());
  });

  test('vectors give a vector (TensorFlow\'s shape); errors name the function', () => {
    expect(tp.searchSorted(tp.tensor([1, 2, 2, 3]), tp.tensor([2, 0, 5])).arraySync()).toEqual([1, 0, 4]);
    expect(tp.searchSorted(tp.tensor([[1, 2], [3, 4]]), tp.tensor([[2], [0]]), 'right').shape).toEqual([2, 1]);
    expect(() => tp.upperBound(tp.tensor([1, 2]), tp.tensor([1], undefined, 'int32'))).toThrow(/^upperBound: .*one dtype/);
    expect(() => tp.lowerBound(tp.tensor([[1, 2]]), tp.tensor([[1], [2]]))).toThrow(/^lowerBound: the leading dims/);
    expect(() => tp.searchSorted(tp.tensor([1, 2]), tp.tensor([1]), 'middle' as 'left')).toThrow("searchSorted: side must be 'left' or 'right'");
  });
});

describe('bincount, denseBincount, unique, inTopKAsync', () => {
  test('random values and weights match TF.js', () => {
    const next = rng(9);
    const x = Array.from({ length: 50 }, () => Math.floor(next() * 12));
    const w = Array.from({ length: 50 }, () => next());
    const xo = tp.tensor(x, undefined, 'int32');
    const xt = tfc.tensor(x, undefined, 'int32');
    expectSame(tp.bincount(xo, tp.tensor(w), 10), tfc.bincount(xt as tfc.Tensor1D, tfc.tensor1d(w), 10), 1e-5);
    expectSame(tp.denseBincount(tp.reshape(xo, [5, 10]), [], 9), tfc.denseBincount(tfc.reshape(xt, [5, 10]) as tfc.Tensor2D, tfc.tensor2d([], [0, 0]), 9), 0);
    expectSame(tp.denseBincount(tp.reshape(xo, [5, 10]), [], 9, true), tfc.denseBincount(tfc.reshape(xt, [5, 10]) as tfc.Tensor2D, tfc.tensor2d([], [0, 0]), 9, true), 0);
    const u = tp.unique(xo);
    const ut = tfc.unique(xt);
    expectSame(u.values, ut.values, 0);
    expectSame(u.indices, ut.indices, 0);
  });

  test('denseBincount binaryOutput of a vector is 1 where a value occurs (TensorFlow)', () => {
    expect(tp.denseBincount(tp.tensor([1, 1, 3], undefined, 'int32'), tp.tensor([0.5, 2, 3]), 4, true).arraySync()).toEqual([0, 1, 0, 1]);
    expect(() => tp.bincount(tp.tensor([2, -1], undefined, 'int32'), [], 3)).toThrow('bincount: x must be non-negative, got -1 at flat index 1');
  });

  test('inTopKAsync: ties go to the lower index, as TF.js', async () => {
    const p = [[1, 3, 3, 0], [5, 5, 5, 5], [0, 1, 2, 3]];
    const t = [2, 1, 0];
    for (const k of [1, 2, 4]) {
      const ours = await tp.inTopKAsync(tp.tensor(p), tp.tensor(t, undefined, 'int32'), k);
      const theirs = await tfc.inTopKAsync(tfc.tensor(p), tfc.tensor(t, undefined, 'int32'), k);
      expect(ours.dtype).toBe('bool');
      expectSame(ours, theirs, 0, `k ${k}`);
    }
    await expect(tp.inTopKAsync(tp.tensor(p), tp.tensor(t, undefined, 'int32'), 5)).rejects.toThrow('inTopKAsync: k must be in [1, 4]');
  });
});

describe('spaceToBatchND / batchToSpaceND', () => {
  test.each([
    [[2, 4, 6, 3], [2, 3], [[1, 1], [0, 0]]],
    [[1, 5, 2], [3], [[1, 0]]],
    [[3, 2, 4, 2, 2], [2, 2, 1], [[0, 0], [1, 1], [0, 0]]],
  ])('x %j block %j pad %j matches TF.js both ways', (shape, block, pads) => {
    const x = pair(shape as number[], 7);
    const s = tp.spaceToBatchND(x.ours, block as number[], pads as number[][]);
    const st = tfc.spaceToBatchND(x.theirs, block as number[], pads as number[][]);
    expectSame(s, st, 0);
    expectSame(tp.batchToSpaceND(s, block as number[], pads as number[][]), tfc.batchToSpaceND(st, block as number[], pads as number[][]), 0);
  });

  test('gradients by finite differences', () => {
    checkGrad((x) => tp.spaceToBatchND(x, [2, 2], [[1, 0], [0, 1]]), [1, 3, 3, 2], 4);
    checkGrad((x) => tp.batchToSpaceND(x, [2, 2], [[1, 0], [0, 1]]), [4, 2, 2, 1], 5);
  });
});

describe('einsum', () => {
  test.each([
    ['ij,jk->ik', [[3, 4], [4, 5]]],
    ['bij,bjk->bik', [[2, 3, 4], [2, 4, 2]]],
    ['bij,bkj->bik', [[2, 3, 4], [2, 5, 4]]],
    ['ij,ij->ij', [[3, 4], [3, 4]]],
    ['ij,ij->', [[3, 4], [3, 4]]],
    ['i,j->ij', [[3], [4]]],
    ['ijk->kji', [[2, 3, 4]]],
    ['ijk->j', [[2, 3, 4]]],
    ['abc,cd->abd', [[2, 3, 4], [4, 2]]],
    ['abcd,adbe->acbe', [[2, 3, 4, 5], [2, 5, 3, 4]]],
  ])('%s on %j matches TF.js', (eq, shapes) => {
    const xs = (shapes as number[][]).map((s, i) => pair(s, 11 + i));
    expectSame(tp.einsum(eq as string, ...xs.map((x) => x.ours)), tfc.einsum(eq as string, ...xs.map((x) => x.theirs)), 1e-5);
  });

  test('three operands and implicit output agree with the pairwise products', () => {
    const [a, b, c] = [pair([2, 3], 1).ours, pair([3, 4], 2).ours, pair([4, 5], 3).ours];
    expectSame(tp.einsum('ij,jk,kl->il', a, b, c), tfc.tensor(tp.matMul(tp.matMul(a, b), c).dataSync(), [2, 5]), 1e-5);
    expectSame(tp.einsum('ij,jk', a, b), tfc.tensor(tp.matMul(a, b).dataSync(), [2, 4]), 1e-5);
    expect(tp.einsum('ba', tp.tensor([[1, 2]])).arraySync()).toEqual([[1], [2]]);
  });

  test('gradients by finite differences', () => {
    const b = pair([4, 3], 8).ours;
    checkGrad((a) => tp.einsum('ij,jk->ik', a, b), [2, 4], 6);
    checkGrad((a) => tp.einsum('bij,bkj->bik', a, a), [2, 3, 2], 7);
    checkGrad((a) => tp.einsum('ij,kl->ik', a, b), [2, 3], 8);
  });

  test('unsupported or malformed equations: the error names the equation', () => {
    const m = tp.ones([2, 2]);
    expect(() => tp.einsum('ii->i', m)).toThrow("einsum: equation 'ii->i': operand 'ii' repeats a label (diagonals are not supported)");
    expect(() => tp.einsum('...ij->ij', m)).toThrow("einsum: equation '...ij->ij': the ellipsis '...' is not supported");
    expect(() => tp.einsum('ij,jk->ik', m, tp.ones([3, 2]))).toThrow("einsum: equation 'ij,jk->ik': label 'j' has size 2 and 3");
    expect(() => tp.einsum('ij->ik', m)).toThrow("einsum: equation 'ij->ik': output label 'k' is in no operand");
    expect(() => tp.einsum('ij->i->j', m)).toThrow("more than one '->'");
    expect(() => tp.einsum('ij,jk->ik', m)).toThrow('2 operand(s) in the equation, 1 tensor(s) given');
  });
});

describe('inside tp.function', () => {
  test('the primitives and einsum trace, and their compiled gradients equal the eager ones', () => {
    const f = (x: tp.Tensor, u: tp.Tensor) =>
      tp.sum(tp.mul(tp.unsortedSegmentSum(tp.tensorScatterUpdate(x, [[1], [3], [1]], u), [2, 0, -1, 2], 3), tp.einsum('i,j->ij', tp.tensor([1, -2, 3]), tp.tensor([0.5, 2]))));
    const x = pair([4, 2], 21).ours;
    const u = pair([3, 2], 22).ours;
    const eager = tp.grads(f)([x, u]).map((g) => g.arraySync());
    const traced = tp.function((a: tp.Tensor, b: tp.Tensor) => tp.grads(f)([a, b]));
    expect((traced(x, u) as tp.Tensor[]).map((g) => g.arraySync())).toEqual(eager);
  });
});
