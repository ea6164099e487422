// tp.linalg: bandPart, gramSchmidt and qr, written with ops (so they differentiate).
import { describeValue, type TensorLike } from '../convert.js';
import { tidy } from '../memory.js';
import { Tensor } from '../tensor.js';
import { concat, stack } from './assemble.js';
import { div, greater, mul, sub, where } from './binary.js';
import { fill } from './fill.js';
import { matMul } from './linalg.js';
import { checkArg, named, withTensor } from './op_helpers.js';
import { norm } from './math_composites.js';
import { sum } from './reduction.js';
import { eye } from './sequences.js';
import { reshape } from './shape.js';
import { slice, unstack } from './slicing.js';

function bandLimit(v: number | Tensor, what: string): number {
  if (v instanceof Tensor && v.size !== 1) throw new Error(`bandPart: ${what} must be an integer or a one-element tensor, got ${describeValue(v)}`);
  const n = v instanceof Tensor ? named('bandPart', () => Number(v.dataSync()[0])) : v;
  checkArg(n, 'integer', 'bandPart', what);
  return n;
}

/**
 * Keeps a band of each innermost matrix: entry [i, j] survives when i - j <= numLower and
 * j - i <= numUpper (a negative limit keeps that whole triangle); the rest become 0.
 *
 * @example
 * const a = tp.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]);
 * tp.linalg.bandPart(a, 0, -1).print(); // [[1, 2, 3], [0, 5, 6], [0, 0, 9]] (upper triangle)
 * tp.linalg.bandPart(a, 1, 0).print(); // [[1, 0, 0], [4, 5, 0], [0, 8, 9]]
 */
export function bandPart(a: TensorLike, numLower: number | Tensor, numUpper: number | Tensor): Tensor {
  const lower = bandLimit(numLower, 'numLower');
  const upper = bandLimit(numUpper, 'numUpper');
  return named('bandPart', () => withTensor(a, 'bandPart', (t) => {
    if (t.rank < 2) throw new Error(`bandPart: expected a tensor of rank >= 2, got shape [${t.shape.join(',')}]`);
    const m = t.shape[t.rank - 2]!;
    const n = t.shape[t.rank - 1]!;
    if (lower > m || upper > n) throw new Error(`bandPart: numLower ${lower} must be <= ${m} and numUpper ${upper} <= ${n} (matrix [${m},${n}])`);
    const keep = new Array<boolean>(m * n);
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) keep[i * n + j] = (lower < 0 || i - j <= lower) && (upper < 0 || j - i <= upper);
    return tidy(() => where(keep.length ? reshape(keep, [m, n]) : fill([m, n], false), t, fill(t.shape, 0, t.dtype)));
  }));
}

/**
 * Orthonormalizes vectors by Gram-Schmidt: each vector loses its projections on the ones before
 * it, then is scaled to unit length. Takes and returns either a list of rank-1 tensors or the
 * rows of a rank-2 tensor.
 *
 * @example
 * const [a, b] = tp.linalg.gramSchmidt([tp.tensor1d([1, 1]), tp.tensor1d([1, 0])]) as tp.Tensor[];
 * a!.print(); // [0.7071068, 0.7071068]
 * b!.print(); // [0.7071068, -0.7071068]
 */
export function gramSchmidt(xs: Tensor | readonly Tensor[]): Tensor | Tensor[] {
  const asMatrix = xs instanceof Tensor;
  if (asMatrix) xs.throwIfDisposed('gramSchmidt');
  if (asMatrix && xs.rank !== 2) throw new Error(`gramSchmidt: expected a rank-2 tensor or a list of rank-1 tensors, got shape [${xs.shape.join(',')}]`);
  if (!asMatrix) {
    if (!Array.isArray(xs)) throw new Error(`gramSchmidt: expected a rank-2 tensor or a list of rank-1 tensors, got ${describeValue(xs)}`);
    xs.forEach((x, i) => {
      if (!(x instanceof Tensor)) throw new Error(`gramSchmidt: vector ${i} is ${describeValue(x)}, expected a tensor`);
      x.throwIfDisposed('gramSchmidt');
    });
    if (xs.length === 0) throw new Error('gramSchmidt: expected at least one vector');
    const d = xs[0]!.shape;
    xs.forEach((x, i) => {
      if (x.rank !== 1 || x.shape[0] !== d[0])
        throw new Error(`gramSchmidt: vector ${i} has shape [${x.shape.join(',')}], expected [${d.join(',')}]`);
    });
  }
  // More vectors than dimensions cannot all be orthonormal (TF.js throws too).
  const [count, dim] = asMatrix ? xs.shape : [xs.length, xs[0]!.shape[0]!];
  if (count! > dim!) throw new Error(`gramSchmidt: ${count} vectors of dimension ${dim} cannot be orthonormal (need at most ${dim} vectors)`);
  return named('gramSchmidt', () => tidy(() => {
    const vs = asMatrix ? unstack(xs) : [...xs];
    const ys: Tensor[] = [];
    for (const v of vs) {
      let x = v;
      for (const y of ys) x = sub(x, mul(sum(mul(y, x)), y));
      ys.push(div(x, norm(x)));
    }
    return asMatrix ? stack(ys) : ys;
  }));
}

// Householder QR of one [m, n] matrix: reflection k zeroes column k below the diagonal; its
// vector w has w[0] = 1, and R's diagonal entry takes the sign opposite to the pivot (so no
// cancellation), as LAPACK and TF.js.
function qr2d(a: Tensor, fullMatrices: boolean): [Tensor, Tensor] {
  const [m, n] = a.shape as [number, number];
  let q = eye(m, m, undefined, a.dtype);
  let r = a;
  for (let k = 0; k < Math.min(m, n); k++) {
    const col = slice(r, [k, k], [m - k, 1]);
    const pivot = slice(r, [k, k], [1, 1]);
    const len = norm(col);
    const s = where(greater(pivot, 0), fill([1, 1], -1, a.dtype), fill([1, 1], 1, a.dtype));
    const u0 = sub(pivot, mul(s, len));
    const scaled = div(col, u0);
    const w = m - k === 1 ? fill([1, 1], 1, a.dtype) : concat([fill([1, 1], 1, a.dtype), slice(scaled, [1, 0], [m - k - 1, 1])], 0);
    const tau = div(mul(s, u0), len).neg();
    const tw = mul(tau, w);
    const below = slice(r, [k, 0], [m - k, n]);
    const reflected = sub(below, matMul(tw, matMul(w, below, true)));
    r = k === 0 ? reflected : concat([slice(r, [0, 0], [k, n]), reflected], 0);
    const right = slice(q, [0, k], [m, m - k]);
    const qReflected = sub(right, matMul(matMul(right, w), tw, false, true));
    q = k === 0 ? qReflected : concat([slice(q, [0, 0], [m, k]), qReflected], 1);
  }
  if (!fullMatrices && m > n) return [slice(q, [0, 0], [m, n]), slice(r, [0, 0], [n, n])];
  return [q, r];
}

/**
 * QR decomposition by Householder reflections: x = q·r with q orthonormal and r upper
 * triangular, for each innermost [m, n] matrix. By default q is [m, min(m, n)] and r
 * [min(m, n), n]; `fullMatrices` gives q [m, m] and r [m, n].
 *
 * @example
 * const [q, r] = tp.linalg.qr(tp.tensor([[1, 2], [3, 4]]));
 * q.matMul(r).print(); // [[1, 2], [3, 4]]
 */
export function qr(x: TensorLike, fullMatrices = false): [Tensor, Tensor] {
  checkArg(fullMatrices, 'boolean', 'qr', 'fullMatrices');
  return named('qr', () => withTensor(x, 'qr', (t) => {
    if (t.rank < 2) throw new Error(`qr: expected a tensor of rank >= 2, got shape [${t.shape.join(',')}]`);
    if (!t.dtype.startsWith('float')) throw new Error(`qr: expected a float tensor, got ${t.dtype}`);
    return tidy(() => {
      const [m, n] = t.shape.slice(-2) as [number, number];
      if (t.rank === 2) return qr2d(t, fullMatrices);
      const batch = t.shape.slice(0, -2);
      const parts = unstack(reshape(t, [-1, m, n])).map((a) => qr2d(a, fullMatrices));
      const q = stack(parts.map((p) => p[0]));
      const r = stack(parts.map((p) => p[1]));
      return [reshape(q, [...batch, ...q.shape.slice(1)]), reshape(r, [...batch, ...r.shape.slice(1)])];
    });
  }));
}
