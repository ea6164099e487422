// Running sums and products along an axis (core/ops/reduction.cpp). A bool tensor is counted as
// int32, as TF.js.
import type { TensorLike } from '../convert.js';
import { tidy } from '../memory.js';
import { Tensor } from '../tensor.js';
import { callOp1 } from './op_helpers.js';

function scan(name: string, x: TensorLike, axis: number, exclusive: boolean, reverse: boolean): Tensor {
  if (x instanceof Tensor && x.dtype === 'bool') {
    x.throwIfDisposed(name);
    return tidy(() => callOp1(name, [callOp1('cast', [x], { dtype: 'int32' })], { axis, exclusive, reverse }));
  }
  return callOp1(name, [x], { axis, exclusive, reverse });
}

/**
 * Cumulative sum along `axis`; `exclusive` starts each sum at 0, `reverse` sums from the end.
 *
 * @example
 * tp.cumsum(tp.tensor([1, 2, 3])).print(); // [1, 3, 6]
 * tp.cumsum(tp.tensor([1, 2, 3]), 0, true).print(); // [0, 1, 3]
 */
export function cumsum(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  return scan('cumsum', x, axis, exclusive, reverse);
}

/**
 * Cumulative product along `axis`; `exclusive` starts each product at 1, `reverse` multiplies
 * from the end. Its gradient is exact where x has zeros too.
 *
 * @example
 * tp.cumprod(tp.tensor([1, 2, 3, 4])).print(); // [1, 2, 6, 24]
 * tp.cumprod(tp.tensor([1, 2, 3, 4]), 0, true, true).print(); // [24, 12, 4, 1]
 */
export function cumprod(x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor {
  return scan('cumprod', x, axis, exclusive, reverse);
}
