// Normalization ops of TF.js written over primitives: batchNorm (fused inference form, broadcast
// over the last axis) and localResponseNormalization. Their gradients, of every order, are those
// of the primitives.
import { convertToTensor, type TensorLike } from '../convert.js';
import { checkArg, named } from './op_helpers.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { add, div, mul, pow, sub } from './binary.js';
import { pad } from './assemble.js';
import { slice } from './slicing.js';
import { neg, rsqrt, square } from './unary.js';

/**
 * Batch normalization in inference form: (x - mean) / sqrt(variance + varianceEpsilon) * scale
 * + offset, with mean, variance, offset and scale broadcast against x (usually one value per
 * channel, the last axis of NHWC data).
 *
 * @example
 * const x = tp.tensor2d([[1, 2], [3, 4]]);
 * tp.batchNorm(x, [2, 3], [1, 1], [0, 10], [2, 1], 0).print(); // [[-2, 9], [2, 11]]
 */
export function batchNorm(x: TensorLike, mean: TensorLike, variance: TensorLike, offset?: TensorLike, scale?: TensorLike, varianceEpsilon = 0.001): Tensor {
  return named('batchNorm', () => {
    // Converted non-tensor arguments are owned here and freed even when a later check throws.
    const created: Tensor[] = [];
    try {
      const conv = (v: TensorLike, dtype: Tensor['dtype'] | undefined, what: string): Tensor => {
        const c = convertToTensor(v, dtype, `batchNorm: ${what}`);
        if (c.created) created.push(c.tensor);
        return c.tensor;
      };
      const t = conv(x, undefined, 'x');
      const as = (v: TensorLike, what: string): Tensor => {
        const u = conv(v, t.dtype, what);
        if (u.rank > t.rank) throw new Error(`batchNorm: ${what} of shape ${JSON.stringify(u.shape)} has a higher rank than x ${JSON.stringify(t.shape)}`);
        return u;
      };
      const m = as(mean, 'mean'), v = as(variance, 'variance');
      if (m.rank !== v.rank) throw new Error(`batchNorm: mean ${JSON.stringify(m.shape)} and variance ${JSON.stringify(v.shape)} must have equal ranks`);
      const sc = scale != null ? as(scale, 'scale') : undefined;
      const of = offset != null ? as(offset, 'offset') : undefined;
      checkArg(varianceEpsilon, 'number', 'batchNorm', 'varianceEpsilon');
      return tidy(() => {
        // x * inv + (offset - mean * inv): two passes over x, the rest on the per-channel values.
        let inv = rsqrt(add(v, varianceEpsilon));
        if (sc !== undefined) inv = mul(inv, sc);
        const shift = of !== undefined ? sub(of, mul(m, inv)) : neg(mul(m, inv));
        return add(mul(t, inv), shift);
      });
    } finally {
      for (const c of created) c.dispose();
    }
  });
}

function rankedBatchNorm(rank: number, x: TensorLike, mean: TensorLike, variance: TensorLike, offset?: TensorLike, scale?: TensorLike, varianceEpsilon?: number): Tensor {
  const name = `batchNorm${rank}d`;
  return named(name, () => {
    const t = convertToTensor(x, undefined, name);
    try {
      if (t.tensor.rank !== rank) throw new Error(`${name}: x must be rank ${rank}, got shape ${JSON.stringify(t.tensor.shape)}`);
      return batchNorm(t.tensor, mean, variance, offset, scale, varianceEpsilon);
    } finally {
      if (t.created) t.tensor.dispose();
    }
  });
}

/**
 * batchNorm for rank-2 x.
 *
 * @example
 * tp.batchNorm2d(tp.tensor2d([[1, 3]]), [1, 1], [4, 4], undefined, undefined, 0).print(); // [[0, 1]]
 */
export function batchNorm2d(x: TensorLike, mean: TensorLike, variance: TensorLike, offset?: TensorLike, scale?: TensorLike, varianceEpsilon?: number): Tensor {
  return rankedBatchNorm(2, x, mean, variance, offset, scale, varianceEpsilon);
}

/**
 * batchNorm for rank-3 x.
 *
 * @example
 * tp.batchNorm3d(tp.ones([1, 1, 2]), [0, 1], [1, 1], undefined, undefined, 0).print(); // [[[1, 0]]]
 */
export function batchNorm3d(x: TensorLike, mean: TensorLike, variance: TensorLike, offset?: TensorLike, scale?: TensorLike, varianceEpsilon?: number): Tensor {
  return rankedBatchNorm(3, x, mean, variance, offset, scale, varianceEpsilon);
}

/**
 * batchNorm for rank-4 x (NHWC images, statistics per channel).
 *
 * @example
 * tp.batchNorm4d(tp.ones([1, 1, 1, 2]), [0, 1], [1, 1], [5, 5], undefined, 0).print(); // [[[[6, 5]]]]
 */
export function batchNorm4d(x: TensorLike, mean: TensorLike, variance: TensorLike, offset?: TensorLike, scale?: TensorLike, varianceEpsilon?: number): Tensor {
  return rankedBatchNorm(4, x, mean, variance, offset, scale, varianceEpsilon);
}

/**
 * Local response normalization across channels (the last axis), as in AlexNet and TF.js:
 * y = x / (bias + alpha * s)^beta, with s the sum of x² over the channels within depthRadius of
 * each channel.
 *
 * @example
 * const x = tp.tensor4d([1, 2, 2], [1, 1, 1, 3]);
 * tp.localResponseNormalization(x, 1, 0, 1, 0.5).reshape([3]).print(); // [0.4472136, 0.6666667, 0.7071068]
 */
export function localResponseNormalization(x: TensorLike, depthRadius = 5, bias = 1, alpha = 1, beta = 0.5): Tensor {
  const op = 'localResponseNormalization';
  return named(op, () => {
    const cv = convertToTensor(x, undefined, op);
    try {
      const t = cv.tensor;
      if (t.rank !== 4 && t.rank !== 3) throw new Error(`${op}: x must be rank 4 or rank 3, got shape ${JSON.stringify(t.shape)}`);
      if (!Number.isInteger(depthRadius) || depthRadius < 0) throw new Error(`${op}: depthRadius must be a non-negative integer, got ${String(depthRadius)}`);
      checkArg(bias, 'number', op, 'bias');
      checkArg(alpha, 'number', op, 'alpha');
      checkArg(beta, 'number', op, 'beta');
      return tidy(() => {
        const c = t.shape[t.rank - 1]!;
        const r = Math.min(depthRadius, Math.max(c - 1, 0));
        // Window sums of x² over the channel axis as a sum of 2r + 1 shifted slices of its zero-padded copy.
        const sq = pad(square(t), t.shape.map((_, i) => (i === t.rank - 1 ? [r, r] : [0, 0])));
        const begin = t.shape.map(() => 0);
        let s: Tensor | undefined;
        for (let k = 0; k <= 2 * r; ++k) {
          begin[t.rank - 1] = k;
          const part = slice(sq, begin, t.shape);
          s = s === undefined ? part : add(s, part);
        }
        return div(t, pow(add(mul(s!, alpha), bias), beta));
      });
    } finally {
      if (cv.created) cv.tensor.dispose();
    }
  });
}
