// tp.image: resizing NHWC images (core/ops/image.cpp), as TF.js's tf.image.
import { convertToTensor, describeValue, type TensorLike } from '../convert.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { callOp1, checkArg, named } from './op_helpers.js';
import { reshape } from './shape.js';
import { cast } from './unary.js';

function resize(op: 'resizeBilinear' | 'resizeNearestNeighbor', images: TensorLike, size: readonly [number, number], alignCorners: boolean, halfPixelCenters: boolean): Tensor {
  return named(op, () => {
    const c = convertToTensor(images, undefined, op);
    try {
      return tidy(() => {
        let t = c.tensor;
        if (t.rank !== 3 && t.rank !== 4)
          throw new Error(`${op}: images must be rank 4 [batch, height, width, channels] or rank 3 [height, width, channels], got shape ${JSON.stringify(t.shape)}`);
        if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => Number.isInteger(v) && v >= 1))
          throw new Error(`${op}: size must be two positive integers [newHeight, newWidth], got ${Array.isArray(size) ? JSON.stringify(size) : describeValue(size)}`);
        checkArg(alignCorners, 'boolean', op, 'alignCorners');
        checkArg(halfPixelCenters, 'boolean', op, 'halfPixelCenters');
        const unbatched = t.rank === 3;
        if (unbatched) t = reshape(t, [1, ...t.shape]);
        const dtype = t.dtype;
        if (dtype !== 'float32' && dtype !== 'float64') t = cast(t, 'float32');
        let y = callOp1(op, [t], { size: [...size], alignCorners, halfPixelCenters });
        // Nearest neighbour copies values, so integer images stay integer (bilinear gives floats, as TF.js).
        if (op === 'resizeNearestNeighbor' && dtype === 'int32') y = cast(y, 'int32');
        return unbatched ? reshape(y, y.shape.slice(1)) : y;
      });
    } finally {
      if (c.created) c.tensor.dispose();
    }
  });
}

/**
 * Bilinear resize of NHWC images (rank 4, or rank 3 without the batch) to `size` =
 * [newHeight, newWidth]. `alignCorners` maps corner pixels onto corner pixels;
 * `halfPixelCenters` samples at pixel centres (TF2's default in tf.image.resize).
 *
 * @example
 * const img = tp.tensor3d([0, 10, 20, 30], [2, 2, 1]);
 * tp.image.resizeBilinear(img, [3, 3], true).reshape([3, 3]).print(); // [[0, 5, 10], [10, 15, 20], [20, 25, 30]]
 */
export function resizeBilinear(images: TensorLike, size: readonly [number, number], alignCorners = false, halfPixelCenters = false): Tensor {
  return resize('resizeBilinear', images, size, alignCorners, halfPixelCenters);
}

/**
 * Nearest-neighbour resize of NHWC images to `size` = [newHeight, newWidth], with the same
 * `alignCorners` / `halfPixelCenters` conventions as TensorFlow.
 *
 * @example
 * const img = tp.tensor3d([1, 2, 3, 4], [2, 2, 1]);
 * tp.image.resizeNearestNeighbor(img, [3, 4]).reshape([3, 4]).print(); // [[1, 1, 2, 2], [1, 1, 2, 2], [3, 3, 4, 4]]
 */
export function resizeNearestNeighbor(images: TensorLike, size: readonly [number, number], alignCorners = false, halfPixelCenters = false): Tensor {
  return resize('resizeNearestNeighbor', images, size, alignCorners, halfPixelCenters);
}
