// Gradient clipping as Keras's optimizers do it (clipnorm, global_clipnorm), also usable on its
// own in custom training loops. Tensor ops only, so it runs inside compiled steps.
import { tidy } from '../memory.js';
import { add, div, maximum, minimum, mul, sub } from '../ops/binary.js';
import { sum } from '../ops/reduction.js';
import { sqrt, square } from '../ops/unary.js';
import { addN } from '../ops/math_composites.js';
import { describeValue } from '../convert.js';
import { checkArg, named } from '../ops/op_helpers.js';
import { Tensor } from '../tensor.js';

function checkTensors(tensors: readonly Tensor[], op: string): void {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new Error(`${op}: expected a non-empty array of tensors, got ${describeValue(tensors)}`);
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new Error(`${op}: element ${i} is ${describeValue(t)}, expected a tensor`);
    t.throwIfDisposed(op);
  });
}

/**
 * `t * clipNorm / max(norm(t), clipNorm)`: rescales t if its L2 norm exceeds clipNorm
 * (tf.clip_by_norm).
 *
 * @example
 * tp.optimizers.clipByNorm(tp.tensor([3, 4]), 1).print(); // [0.6, 0.8]
 */
export function clipByNorm(t: Tensor, clipNorm: number): Tensor {
  checkTensors([t], 'clipByNorm');
  checkArg(clipNorm, 'number', 'clipByNorm', 'clipNorm');
  return named('clipByNorm', () => tidy(() => div(mul(t, clipNorm), maximum(sqrt(sum(square(t))), clipNorm))));
}

/**
 * The L2 norm of all the tensors together, sqrt(sum of every squared element), in float64 when
 * any tensor is float64, else float32.
 *
 * @example
 * tp.optimizers.globalNorm([tp.tensor([3]), tp.tensor([4])]).print(); // 5
 */
export function globalNorm(tensors: readonly Tensor[]): Tensor {
  checkTensors(tensors, 'globalNorm');
  const dtype = tensors.some((t) => t.dtype === 'float64') ? 'float64' : 'float32';
  return tidy(() => sqrt(addN(tensors.map((t) => sum(square(t.dtype === dtype ? t : t.cast(dtype)))))));
}

/**
 * Scales every tensor by clipNorm / max(globalNorm, clipNorm) (tf.clip_by_global_norm), which
 * keeps the direction of the whole gradient; NaN or infinite norms propagate as in TF.
 *
 * @example
 * const [a, b] = tp.optimizers.clipByGlobalNorm([tp.tensor([3]), tp.tensor([4])], 1);
 * a!.print(); // [0.6]
 * b!.print(); // [0.8]
 */
export function clipByGlobalNorm(tensors: readonly Tensor[], clipNorm: number): Tensor[] {
  checkTensors(tensors, 'clipByGlobalNorm');
  checkArg(clipNorm, 'number', 'clipByGlobalNorm', 'clipNorm');
  return tidy(() => {
    const norm = globalNorm(tensors);
    // clipNorm * min(1 / norm, 1 / clipNorm) is 1 for a zero norm; (norm - norm) carries NaN.
    const scale = add(mul(minimum(div(1, norm), 1 / clipNorm), clipNorm), sub(norm, norm));
    return tensors.map((t) => mul(t, t.dtype === scale.dtype ? scale : scale.cast(t.dtype)));
  });
}
