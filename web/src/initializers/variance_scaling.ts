// VarianceScaling and its named cases (Glorot, He, LeCun): random values whose variance is
// `scale / fan`, with the fans Keras computes from the weight's shape.
import type { DType } from '../dtype.js';
import { randomNormal, randomUniform, truncatedNormal } from '../ops/random.js';
import type { Tensor } from '../tensor.js';
import { camelValue } from './names.js';
import { checkShape, Initializer } from './initializer.js';
import type { SeedArgs } from './random.js';

export type FanMode = 'fanIn' | 'fanOut' | 'fanAvg';
export type Distribution = 'truncatedNormal' | 'untruncatedNormal' | 'uniform';

// The standard deviation of a unit normal truncated to [-2, 2]: dividing by it gives the
// truncated draw the intended variance (Keras's constant).
const TRUNCATED_STDDEV = 0.87962566103423978;

/**
 * Keras's fans of a weight shape: [n] has fanIn = fanOut = n; [in, out] a dense kernel; rank >= 3
 * a convolution kernel [...spatial, in, out] whose receptive field multiplies both; [] gives 1, 1.
 *
 * @example
 * console.log(tp.initializers.computeFans([3, 3, 16, 32])); // { fanIn: 144, fanOut: 288 }
 */
export function computeFans(shape: readonly number[]): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0]!, fanOut: shape[0]! };
  if (shape.length === 2) return { fanIn: shape[0]!, fanOut: shape[1]! };
  const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
  return { fanIn: shape[shape.length - 2]! * receptive, fanOut: shape[shape.length - 1]! * receptive };
}

/** Arguments of VarianceScaling. */
export interface VarianceScalingArgs extends SeedArgs {
  /** Variance numerator (1 by default). */
  scale?: number;
  /** Which fan divides the scale: 'fanIn' (default), 'fanOut', 'fanAvg' (snake_case accepted). */
  mode?: FanMode | 'fan_in' | 'fan_out' | 'fan_avg';
  /**
   * 'truncatedNormal' (default; TF.js's and old Keras's 'normal' means the same), 'untruncatedNormal'
   * or 'uniform' (snake_case accepted).
   */
  distribution?: Distribution | 'truncated_normal' | 'untruncated_normal' | 'normal';
}

/**
 * Random values of variance scale / fan: a normal truncated at two standard deviations (with
 * Keras's correction, so the variance is exact), an untruncated normal, or uniform in
 * [-sqrt(3 * scale / fan), sqrt(3 * scale / fan)].
 *
 * @example
 * const init = new tp.initializers.VarianceScaling({ scale: 2, mode: 'fanIn', distribution: 'uniform', seed: 1 });
 * const w = init.apply([50, 10]); // uniform in [-0.2, 0.2]
 * console.log(w.abs().max().arraySync() <= 0.2); // true
 */
export class VarianceScaling extends Initializer {
  static override className = 'VarianceScaling';
  readonly scale: number;
  readonly mode: FanMode;
  readonly distribution: Distribution;
  readonly seed: number | null;

  constructor(args: VarianceScalingArgs = {}) {
    super();
    this.scale = args.scale ?? 1;
    if (!(this.scale > 0)) throw new Error(`VarianceScaling: scale must be positive, got ${this.scale}`);
    const mode = camelValue(args.mode ?? 'fanIn');
    if (mode !== 'fanIn' && mode !== 'fanOut' && mode !== 'fanAvg')
      throw new Error(`VarianceScaling: mode must be 'fanIn', 'fanOut' or 'fanAvg', got '${String(args.mode)}'`);
    this.mode = mode;
    let dist = camelValue(args.distribution ?? 'truncatedNormal') as string;
    if (dist === 'normal') dist = 'truncatedNormal';
    if (dist !== 'truncatedNormal' && dist !== 'untruncatedNormal' && dist !== 'uniform')
      throw new Error(
        `VarianceScaling: distribution must be 'truncatedNormal', 'untruncatedNormal' or 'uniform', got '${String(args.distribution)}'`,
      );
    this.distribution = dist;
    this.seed = args.seed ?? null;
  }

  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    const s = checkShape(shape, this.getClassName());
    const { fanIn, fanOut } = computeFans(s);
    const fan = this.mode === 'fanIn' ? fanIn : this.mode === 'fanOut' ? fanOut : (fanIn + fanOut) / 2;
    const variance = this.scale / Math.max(1, fan);
    const seed = this.seed ?? undefined;
    if (this.distribution === 'truncatedNormal') return truncatedNormal(s, 0, Math.sqrt(variance) / TRUNCATED_STDDEV, dtype, seed);
    if (this.distribution === 'untruncatedNormal') return randomNormal(s, 0, Math.sqrt(variance), dtype, seed);
    const limit = Math.sqrt(3 * variance);
    return randomUniform(s, -limit, limit, dtype, seed);
  }

  override getConfig(): object {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution, seed: this.seed };
  }
}

// The named cases save only their seed (as Keras), since the rest is fixed.
function preset(className: string, scale: number, mode: FanMode, distribution: Distribution) {
  return class extends VarianceScaling {
    static override className = className;
    constructor(args: SeedArgs = {}) {
      super({ scale, mode, distribution, seed: args.seed ?? null });
    }
    override getConfig(): object {
      return { seed: this.seed };
    }
  };
}

/**
 * Glorot (Xavier) uniform: limit sqrt(6 / (fanIn + fanOut)); Keras's default kernel initializer.
 *
 * @example
 * const w = new tp.initializers.GlorotUniform({ seed: 1 }).apply([4, 8]);
 * console.log(w.abs().max().arraySync() <= 0.5); // true
 */
export class GlorotUniform extends preset('GlorotUniform', 1, 'fanAvg', 'uniform') {}
/**
 * Glorot normal: truncated normal with stddev sqrt(2 / (fanIn + fanOut)).
 *
 * @example
 * console.log(new tp.initializers.GlorotNormal({ seed: 1 }).apply([4, 8]).shape); // [4, 8]
 */
export class GlorotNormal extends preset('GlorotNormal', 1, 'fanAvg', 'truncatedNormal') {}
/**
 * He uniform: limit sqrt(6 / fanIn), for ReLU layers.
 *
 * @example
 * const w = new tp.initializers.HeUniform({ seed: 1 }).apply([6, 3]);
 * console.log(w.abs().max().arraySync() <= 1); // true
 */
export class HeUniform extends preset('HeUniform', 2, 'fanIn', 'uniform') {}
/**
 * He normal: truncated normal with stddev sqrt(2 / fanIn).
 *
 * @example
 * console.log(new tp.initializers.HeNormal({ seed: 1 }).apply([6, 3]).shape); // [6, 3]
 */
export class HeNormal extends preset('HeNormal', 2, 'fanIn', 'truncatedNormal') {}
/**
 * LeCun uniform: limit sqrt(3 / fanIn).
 *
 * @example
 * const w = new tp.initializers.LecunUniform({ seed: 1 }).apply([3, 3]);
 * console.log(w.abs().max().arraySync() <= 1); // true
 */
export class LecunUniform extends preset('LecunUniform', 1, 'fanIn', 'uniform') {}
/**
 * LeCun normal: truncated normal with stddev sqrt(1 / fanIn); the initializer for selu.
 *
 * @example
 * console.log(new tp.initializers.LecunNormal({ seed: 1 }).apply([3, 3]).shape); // [3, 3]
 */
export class LecunNormal extends preset('LecunNormal', 1, 'fanIn', 'truncatedNormal') {}
