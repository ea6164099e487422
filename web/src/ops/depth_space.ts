// Moving blocks of pixels between the spatial axes and the channel axis: layout ops written as
// reshape + transpose, so their gradients are those of the layout ops.
import { convertToTensor, type TensorLike } from '../convert.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { named } from './op_helpers.js';
import { reshape, transpose } from './shape.js';

type DataFormat = 'NHWC' | 'NCHW';

function blockOp(op: string, x: TensorLike, blockSize: number, dataFormat: DataFormat, f: (t: Tensor, n: number, h: number, w: number, c: number) => Tensor): Tensor {
  return named(op, () => {
    const cv = convertToTensor(x, undefined, op);
    try {
      return tidy(() => {
        let t = cv.tensor;
        if (t.rank !== 4) throw new Error(`${op}: x must be rank 4, got shape ${JSON.stringify(t.shape)}`);
        if (!Number.isInteger(blockSize) || blockSize < 2) throw new Error(`${op}: blockSize must be an integer >= 2, got ${String(blockSize)}`);
        if (dataFormat !== 'NHWC' && dataFormat !== 'NCHW') throw new Error(`${op}: dataFormat must be 'NHWC' or 'NCHW', got '${String(dataFormat)}'`);
        if (dataFormat === 'NCHW') t = transpose(t, [0, 2, 3, 1]);
        const [n, h, w, c] = t.shape as [number, number, number, number];
        const y = f(t, n, h, w, c);
        return dataFormat === 'NCHW' ? transpose(y, [0, 3, 1, 2]) : y;
      });
    } finally {
      if (cv.created) cv.tensor.dispose();
    }
  });
}

/**
 * Rearranges channels into blockSize x blockSize spatial blocks: [n, h, w, c] becomes
 * [n, h * b, w * b, c / b²], with out[n, h*b + i, w*b + j, k] = x[n, h, w, (i*b + j) * c/b² + k],
 * as TensorFlow (dataFormat 'NCHW' applies the same to channels-first data).
 *
 * @example
 * const x = tp.tensor4d([1, 2, 3, 4], [1, 1, 1, 4]);
 * tp.depthToSpace(x, 2).reshape([2, 2]).print(); // [[1, 2], [3, 4]]
 */
export function depthToSpace(x: TensorLike, blockSize: number, dataFormat: DataFormat = 'NHWC'): Tensor {
  return blockOp('depthToSpace', x, blockSize, dataFormat, (t, n, h, w, c) => {
    const b = blockSize;
    if (c % (b * b) !== 0) throw new Error(`depthToSpace: channels ${c} of shape ${JSON.stringify(t.shape)} must be divisible by blockSize² = ${b * b}`);
    const d = c / (b * b);
    return reshape(transpose(reshape(t, [n, h, w, b, b, d]), [0, 1, 3, 2, 4, 5]), [n, h * b, w * b, d]);
  });
}

/**
 * The inverse of depthToSpace: blockSize x blockSize spatial blocks become channels,
 * [n, h, w, c] -> [n, h / b, w / b, c * b²] (TensorFlow's tf.nn.space_to_depth).
 *
 * @example
 * const x = tp.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
 * tp.spaceToDepth(x, 2).print(); // [[[[1, 2, 3, 4]]]]
 */
export function spaceToDepth(x: TensorLike, blockSize: number, dataFormat: DataFormat = 'NHWC'): Tensor {
  return blockOp('spaceToDepth', x, blockSize, dataFormat, (t, n, h, w, c) => {
    const b = blockSize;
    if (h % b !== 0 || w % b !== 0) throw new Error(`spaceToDepth: height and width of shape ${JSON.stringify(t.shape)} must be divisible by blockSize ${b}`);
    return reshape(transpose(reshape(t, [n, h / b, b, w / b, b, c]), [0, 1, 3, 2, 4, 5]), [n, h / b, w / b, b * b * c]);
  });
}
