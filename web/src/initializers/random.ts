// Random initializers with fixed parameters: RandomNormal, RandomUniform, TruncatedNormal. With a
// seed they return the same values on every call (Keras 3, TF.js); without one they draw from
// the engine's global stream (tp.setSeed makes that reproducible).
import type { DType } from '../dtype.js';
import { randomNormal as normalOp, randomUniform as uniformOp, truncatedNormal as truncatedOp } from '../ops/random.js';
import type { Tensor } from '../tensor.js';
import { checkShape, Initializer } from './initializer.js';

/** Arguments shared by the random initializers. */
export interface SeedArgs {
  /** Makes every call return the same values. */
  seed?: number | null;
}

/**
 * Normal values with `mean` (0) and `stddev` (0.05, Keras's default).
 *
 * @example
 * const w = new tp.initializers.RandomNormal({ stddev: 1, seed: 1 }).apply([1000]);
 * console.log(Math.abs(w.mean().arraySync()) < 0.1); // true
 */
export class RandomNormal extends Initializer {
  static override className = 'RandomNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | null;
  constructor(args: { mean?: number; stddev?: number } & SeedArgs = {}) {
    super();
    this.mean = args.mean ?? 0;
    this.stddev = args.stddev ?? 0.05;
    this.seed = args.seed ?? null;
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return normalOp(checkShape(shape, 'RandomNormal'), this.mean, this.stddev, dtype, this.seed ?? undefined);
  }
  override getConfig(): object {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}

/**
 * Uniform values in [minval, maxval) ([-0.05, 0.05) by default).
 *
 * @example
 * const w = new tp.initializers.RandomUniform({ minval: 0, maxval: 1, seed: 3 }).apply([100]);
 * console.log(w.min().arraySync() >= 0, w.max().arraySync() < 1); // true true
 */
export class RandomUniform extends Initializer {
  static override className = 'RandomUniform';
  readonly minval: number;
  readonly maxval: number;
  readonly seed: number | null;
  constructor(args: { minval?: number; maxval?: number } & SeedArgs = {}) {
    super();
    this.minval = args.minval ?? -0.05;
    this.maxval = args.maxval ?? 0.05;
    this.seed = args.seed ?? null;
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return uniformOp(checkShape(shape, 'RandomUniform'), this.minval, this.maxval, dtype, this.seed ?? undefined);
  }
  override getConfig(): object {
    return { minval: this.minval, maxval: this.maxval, seed: this.seed };
  }
}

/**
 * Normal values with `mean` (0) and `stddev` (0.05), redrawn when more than two standard
 * deviations from the mean.
 *
 * @example
 * const w = new tp.initializers.TruncatedNormal({ stddev: 1, seed: 2 }).apply([1000]);
 * console.log(w.abs().max().arraySync() <= 2); // true
 */
export class TruncatedNormal extends Initializer {
  static override className = 'TruncatedNormal';
  readonly mean: number;
  readonly stddev: number;
  readonly seed: number | null;
  constructor(args: { mean?: number; stddev?: number } & SeedArgs = {}) {
    super();
    this.mean = args.mean ?? 0;
    this.stddev = args.stddev ?? 0.05;
    this.seed = args.seed ?? null;
  }
  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    return truncatedOp(checkShape(shape, 'TruncatedNormal'), this.mean, this.stddev, dtype, this.seed ?? undefined);
  }
  override getConfig(): object {
    return { mean: this.mean, stddev: this.stddev, seed: this.seed };
  }
}
