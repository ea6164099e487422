// Matrix products (core/ops/linalg.cpp): batched matMul with broadcasting batch dimensions.
import type { TensorLike } from '../convert.js';
import type { Tensor } from '../tensor.js';
import { callOp1, named } from './op_helpers.js';

/**
 * Matrix product of the last two dimensions (leading dimensions broadcast as a batch);
 * `transposeA`/`transposeB` use a or b transposed without copying.
 *
 * @example
 * const t = tp.tensor([[1, 2, 3], [4, 5, 6]]);
 * t.matMul(t, false, true).print(); // [[14, 32], [32, 77]]
 */
export function matMul(a: TensorLike, b: TensorLike, transposeA = false, transposeB = false): Tensor {
  return callOp1('matMul', [a, b], { transposeA, transposeB });
}

/**
 * Dot product of vectors, or vector-matrix / matrix-vector / matrix-matrix products (rank 1 or 2).
 *
 * @example
 * tp.dot(tp.tensor([1, 2, 3]), tp.tensor([4, 5, 6])).print(); // 32
 */
export function dot(a: TensorLike, b: TensorLike): Tensor {
  return named('dot', () => callOp1('dot', [a, b]));
}

/**
 * Outer product of two vectors: out[i][j] = a[i] * b[j].
 *
 * @example
 * tp.outerProduct(tp.tensor([1, 2]), tp.tensor([3, 4, 5])).print(); // [[3, 4, 5], [6, 8, 10]]
 */
export function outerProduct(a: TensorLike, b: TensorLike): Tensor {
  return callOp1('outer', [a, b]);
}

/** The op table's name for `outerProduct`. @example tp.outer(tp.tensor([1, 2]), tp.tensor([3])).print(); // [[3], [6]] */
export const outer = outerProduct;
