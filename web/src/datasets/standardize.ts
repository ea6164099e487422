// Feature standardization adapted on training data, as Keras's Normalization layer:
// (x - mean) / max(sqrt(variance), epsilon), with the population variance of each feature.
import { keep, tidy } from '../memory.js';
import { div, maximum, sub } from '../ops/binary.js';
import { moments } from '../ops/math_composites.js';
import { sqrt } from '../ops/unary.js';
import { Tensor } from '../tensor.js';

const EPSILON = 1e-7; // Keras's backend.epsilon()

/**
 * Per-feature mean and variance of training rows, applied to any rows with the same features.
 * Adapt on the training split only, then apply to train and test alike (no test leakage).
 *
 * @example
 * const s = tp.datasets.Standardizer.adapt(tp.tensor([[1, 10], [3, 30]]));
 * s.apply(tp.tensor([[2, 20], [5, 10]])).print(); // [[0, 0], [3, -1]]
 */
export class Standardizer {
  /** Per-feature mean, shape [features] (the non-first axes of the adapted rows). */
  readonly mean: Tensor;
  /** Per-feature population variance. */
  readonly variance: Tensor;
  private readonly scale: Tensor;

  private constructor(mean: Tensor, variance: Tensor, scale: Tensor) {
    this.mean = mean;
    this.variance = variance;
    this.scale = scale;
  }

  /**
   * Statistics of `x` over its first axis (rows).
   *
   * @example
   * const s = tp.datasets.Standardizer.adapt(tp.tensor([[0], [2]]));
   * s.mean.print(); // [1]
   */
  static adapt(x: Tensor): Standardizer {
    if (!(x instanceof Tensor) || x.rank < 1 || x.shape[0]! < 1)
      throw new Error(`Standardizer.adapt: expected a tensor of rows [n >= 1, ...], got ${x instanceof Tensor ? `shape [${x.shape.join(',')}]` : typeof x}`);
    const { mean, variance, scale } = tidy(() => {
      const m = moments(x.dtype === 'float32' || x.dtype === 'float64' ? x : x.cast('float32'), 0);
      return { mean: m.mean, variance: m.variance, scale: maximum(sqrt(m.variance), EPSILON) };
    });
    return new Standardizer(keep(mean), keep(variance), keep(scale));
  }

  /**
   * (x - mean) / max(std, 1e-7) for rows of the adapted features.
   *
   * @example
   * const s = tp.datasets.Standardizer.adapt(tp.tensor([[0], [2]]));
   * s.apply(tp.tensor([[4]])).print(); // [[3]]
   */
  apply(x: Tensor): Tensor {
    const want = this.mean.shape;
    if (x.rank !== want.length + 1 || x.shape.slice(1).some((d, i) => d !== want[i]))
      throw new Error(`Standardizer.apply: expected rows of shape [${want.join(',')}] (x of shape [n,${want.join(',')}]), got shape [${x.shape.join(',')}]`);
    return tidy(() => div(sub(x.dtype === this.mean.dtype ? x : x.cast(this.mean.dtype), this.mean), this.scale));
  }

  /** Frees the statistics. @example tp.datasets.Standardizer.adapt(tp.tensor([[1]])).dispose(); */
  dispose(): void {
    this.mean.dispose();
    this.variance.dispose();
    this.scale.dispose();
  }
}

/**
 * Standardizes `train` with its own per-feature statistics and every tensor in `others` (test,
 * validation) with the same ones. Returns the new tensors and the Standardizer (to apply to new
 * data later, and to dispose).
 *
 * @example
 * const { train, others: [test], standardizer } = tp.datasets.standardize(tp.tensor([[1], [3]]), tp.tensor([[5]]));
 * test!.print(); // [[3]]
 */
export function standardize(train: Tensor, ...others: Tensor[]): { train: Tensor; others: Tensor[]; standardizer: Standardizer } {
  const standardizer = Standardizer.adapt(train);
  try {
    return { train: standardizer.apply(train), others: others.map((t) => standardizer.apply(t)), standardizer };
  } catch (e) {
    standardizer.dispose();
    throw e;
  }
}
