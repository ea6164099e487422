// TF.js ops written over existing primitives: step, logicalXor, isInf, meshgrid, dropout, diag,
// booleanMaskAsync, prelu, divNoNan. Their gradients are those of the primitives they are made of.
import { describeValue, type TensorLike } from '../convert.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { add, div, equal, greater, logicalAnd, logicalOr, mul, where } from './binary.js';
import { fill } from './fill.js';
import { gather } from './gather_scatter.js';
import { checkArg, named, namedTidy, withTensor } from './op_helpers.js';
import { randomUniform } from './random.js';
import { eye } from './sequences.js';
import { reshape } from './shape.js';
import { abs, cast, floor, isNaN, logicalNot } from './unary.js';

/**
 * 1 where x > 0, else `alpha`; NaN stays NaN (as TF.js's tf.step).
 *
 * @example
 * tp.step(tp.tensor([-2, 0, 3])).print(); // [0, 0, 1]
 * tp.step(tp.tensor([-2, 3]), 0.5).print(); // [0.5, 1]
 */
export function step(x: TensorLike, alpha = 0): Tensor {
  if (typeof alpha !== 'number') throw new Error(`step: alpha must be a number, got ${describeValue(alpha)}`);
  return named('step', () => withTensor(x, 'step', (t) => tidy(() => {
    const stepped = where(greater(t, 0), fill(t.shape, 1, t.dtype), fill(t.shape, alpha, t.dtype));
    // Integers have no NaN to keep.
    return t.dtype === 'float32' || t.dtype === 'float64' ? where(isNaN(t), t, stepped) : stepped;
  })));
}

/**
 * a XOR b on bool tensors (with broadcasting).
 *
 * @example
 * tp.logicalXor([true, true, false], [true, false, false]).print(); // [false, true, false]
 */
export function logicalXor(a: TensorLike, b: TensorLike): Tensor {
  return namedTidy('logicalXor', () => logicalAnd(logicalOr(a, b), logicalNot(logicalAnd(a, b))));
}

/**
 * True where x is +Infinity or -Infinity.
 *
 * @example
 * tp.isInf(tp.tensor([Infinity, -Infinity, 1, NaN])).print(); // [true, true, false, false]
 */
export function isInf(x: TensorLike): Tensor {
  return namedTidy('isInf', () => equal(abs(x), Infinity));
}

/**
 * Coordinate matrices from two coordinate vectors. `indexing` 'xy' (default) gives outputs of
 * shape [y.size, x.size], 'ij' gives [x.size, y.size]; inputs of higher rank are flattened.
 *
 * @example
 * const [X, Y] = tp.meshgrid(tp.tensor([1, 2, 3]), tp.tensor([4, 5]));
 * X!.print(); // [[1, 2, 3], [1, 2, 3]]
 * Y!.print(); // [[4, 4, 4], [5, 5, 5]]
 */
export function meshgrid(x: TensorLike, y?: TensorLike, options?: { indexing?: 'xy' | 'ij' }): Tensor[] {
  if (options !== undefined) {
    const proto = options === null || typeof options !== 'object' ? undefined : Object.getPrototypeOf(options);
    if (proto !== Object.prototype && proto !== null) throw new Error(`meshgrid: options must be {indexing: 'xy' | 'ij'}, got ${describeValue(options)}`);
    const keys = Object.keys(options);
    if (keys.some((k) => k !== 'indexing'))
      throw new Error(`meshgrid: options must be {indexing: 'xy' | 'ij'}, got keys [${keys.join(',')}]`);
  }
  const indexing = options?.indexing === undefined ? 'xy' : options.indexing;
  if (indexing !== 'xy' && indexing !== 'ij') throw new Error(`meshgrid: indexing must be 'xy' or 'ij', got ${describeValue(indexing)}`);
  // With no input there is no grid (TF.js gives []).
  if (x === undefined && y === undefined) return [];
  if (y === undefined) return named('meshgrid', () => [withTensor(x, 'meshgrid', (t) => reshape(t, [t.size]))]);
  return namedTidy('meshgrid', () =>
    withTensor(x, 'meshgrid', (xt) =>
      withTensor(y, 'meshgrid', (yt) => {
        // Each grid keeps its input's dtype.
        const xs = reshape(xt, [xt.size]);
        const ys = reshape(yt, [yt.size]);
        if (indexing === 'xy') {
          const ones = fill([yt.size, 1], 1, xt.dtype);
          return [mul(ones, reshape(xs, [1, xt.size])), mul(reshape(ys, [yt.size, 1]), fill([1, xt.size], 1, yt.dtype))];
        }
        return [mul(reshape(xs, [xt.size, 1]), fill([1, yt.size], 1, xt.dtype)), mul(fill([xt.size, 1], 1, yt.dtype), reshape(ys, [1, yt.size]))];
      }),
    ),
  );
}

/**
 * Inverted dropout: each entry is zeroed with probability `rate` and the others scaled by
 * 1 / (1 - rate); `noiseShape` (broadcastable to x) shares one draw along its size-1 axes.
 *
 * @example
 * const y = tp.dropout(tp.ones([2, 4]), 0.5, undefined, 7); // zeros and twos
 */
export function dropout(x: TensorLike, rate: number, noiseShape?: readonly number[], seed?: number): Tensor {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw new Error(`dropout: rate must be a number in [0, 1), got ${describeValue(rate)}`);
  return named('dropout', () => withTensor(x, 'dropout', (t) => {
    if (!t.dtype.startsWith('float')) throw new Error(`dropout: expected a float tensor, got ${t.dtype}[${t.shape.join(',')}]`);
    if (rate === 0) return mul(t, 1);
    const shape = noiseShape ?? t.shape;
    return tidy(() => {
      const keep = 1 - rate;
      // floor(u + keep) is 1 with probability keep.
      const mask = floor(add(randomUniform(shape, 0, 1, t.dtype, seed), keep));
      return mul(t, div(mask, keep));
    });
  }));
}

/**
 * A tensor with x on its diagonal: for x of shape [d...], the result has shape [d..., d...]
 * and holds x[i...] at [i..., i...], zeros elsewhere.
 *
 * @example
 * tp.diag(tp.tensor([1, 2, 3])).print(); // [[1, 0, 0], [0, 2, 0], [0, 0, 3]]
 */
export function diag(x: TensorLike): Tensor {
  return named('diag', () => withTensor(x, 'diag', (t) =>
    tidy(() => {
      if (t.rank === 0) throw new Error('diag: expected a tensor of rank >= 1, got a scalar');
      const n = t.size;
      const flat = reshape(t, [n, 1]);
      return reshape(mul(flat, eye(n, n, undefined, t.dtype === 'bool' ? 'int32' : t.dtype)), [...t.shape, ...t.shape]);
    }),
  ));
}

/**
 * The entries of `tensor` where `mask` is true: mask's dimensions match tensor's from `axis` on,
 * and are flattened into one axis holding the selected entries (asynchronous in TF.js because
 * the output size depends on the values).
 *
 * @example
 * const t = await tp.booleanMaskAsync(tp.tensor([[1, 2], [3, 4], [5, 6]]), tp.tensor([true, false, true]));
 * t.print(); // [[1, 2], [5, 6]]
 */
export async function booleanMaskAsync(tensor: TensorLike, mask: TensorLike, axis = 0): Promise<Tensor> {
  checkArg(axis, 'integer', 'booleanMaskAsync', 'axis');
  return named('booleanMaskAsync', () => withTensor(tensor, 'booleanMaskAsync', (t) =>
    withTensor(mask, 'booleanMaskAsync', (m) => {
      if (m.dtype !== 'bool') throw new Error(`booleanMaskAsync: mask must be bool, got ${m.dtype}`);
      if (m.rank === 0) throw new Error('booleanMaskAsync: mask must not be a scalar');
      const ax = axis < 0 ? axis + t.rank : axis;
      const covered = t.shape.slice(ax, ax + m.rank);
      if (ax < 0 || ax + m.rank > t.rank || covered.some((d, i) => d !== m.shape[i]))
        throw new Error(`booleanMaskAsync: mask shape [${m.shape.join(',')}] does not match tensor shape [${t.shape.join(',')}] from axis ${axis}`);
      const bits = m.dataSync();
      const picked: number[] = [];
      for (let i = 0; i < bits.length; i++) if (bits[i]) picked.push(i);
      return tidy(() => {
        const flat = reshape(t, [...t.shape.slice(0, ax), m.size, ...t.shape.slice(ax + m.rank)]);
        return gather(flat, Int32Array.from(picked), ax);
      });
    }, 'bool'),
  ));
}

/**
 * Leaky ReLU with a learned slope: x where x > 0, else alpha * x (alpha broadcasts against x, as
 * TF.js's tf.prelu). An int32 x is computed in float32, as in TF.js.
 *
 * @example
 * tp.prelu(tp.tensor([-2, 0, 3]), tp.tensor([0.5, 0.5, 0.5])).print(); // [-1, 0, 3]
 */
export function prelu(x: TensorLike, alpha: TensorLike): Tensor {
  return named('prelu', () => withTensor(x, 'prelu', (xt) => tidy(() => {
    const xf = xt.dtype === 'float32' || xt.dtype === 'float64' ? xt : cast(xt, 'float32');
    return where(greater(xf, 0), xf, mul(alpha, xf));
  })));
}

/**
 * a / b, with 0 where b is 0 (even for a 0 or NaN numerator), as TF.js's tf.divNoNan. The gradient
 * is 0 where b is 0.
 *
 * @example
 * tp.divNoNan(tp.tensor([2, 4, 6]), tp.tensor([2, 0, 3])).print(); // [1, 0, 2]
 */
export function divNoNan(a: TensorLike, b: TensorLike): Tensor {
  return named('divNoNan', () => withTensor(b, 'divNoNan', (bt) => tidy(() => {
    const zero = equal(bt, 0);
    // The denominator is 1 where b is 0 so that neither the value nor its gradient becomes NaN.
    const q = div(a, where(zero, fill(bt.shape, 1, bt.dtype), bt));
    return where(zero, fill(q.shape, 0, q.dtype), q);
  })));
}
