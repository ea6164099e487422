// Learning-rate schedules (keras.optimizers.schedules): the learning rate as a function of the
// optimizer's step, computed with tensor ops from the `iterations` variable so that a compiled
// training step evaluates it afresh on every call.
import { tidy } from '../memory.js';
import { add, div, equal, less, lessEqual, minimum, mul, pow, sub, where } from '../ops/binary.js';
import { scalar } from '../ops/tensor_from_values.js';
import { cast, ceil, cos, floor } from '../ops/unary.js';
import { Tensor } from '../tensor.js';
import { describeValue, nameKey, readSerialized } from '../initializers/names.js';

/**
 * A learning rate that depends on the step: `apply(step)` returns a float32 scalar. The step
 * is a tensor (the optimizer passes its int32 `iterations`, the number of updates made so far)
 * or a number.
 *
 * @example
 * class Halving extends tp.optimizers.schedules.LearningRateSchedule {
 *   static override className = 'Halving';
 *   apply(step: tp.Tensor | number) { return tp.pow(0.5, tp.cast(tp.scalar(step as number), 'float32')); }
 * }
 * new Halving().apply(3).print(); // 0.125
 */
export abstract class LearningRateSchedule {
  static className = 'LearningRateSchedule';
  /** The learning rate at `step`. */
  abstract apply(step: Tensor | number): Tensor;
  getConfig(): object {
    return {};
  }
  getClassName(): string {
    return (this.constructor as typeof LearningRateSchedule).className;
  }
}

/** The step as a float32 scalar tensor (created; the caller's tidy frees it). */
function stepTensor(step: Tensor | number): Tensor {
  if (step instanceof Tensor) return step.dtype === 'float32' ? mul(step, 1) : cast(step, 'float32');
  return scalar(step, 'float32');
}

function positive(value: number, what: string, who: string): number {
  if (typeof value !== 'number' || !(value > 0)) throw new Error(`${who}: ${what} must be a positive number, got ${describeValue(value)}`);
  return value;
}

type DecayArgs = { initialLearningRate: number; decaySteps: number; decayRate: number; staircase?: boolean };

/** The schedules of initialLearningRate decaying with step / decaySteps (floored with `staircase`). */
abstract class StepDecay extends LearningRateSchedule {
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly decayRate: number;
  readonly staircase: boolean;
  constructor(args: DecayArgs, name: string) {
    super();
    this.initialLearningRate = args.initialLearningRate;
    this.decaySteps = positive(args.decaySteps, 'decaySteps', name);
    this.decayRate = args.decayRate;
    this.staircase = args.staircase ?? false;
  }
  /** The learning rate at progress p = step / decaySteps. */
  protected abstract decay(p: Tensor): Tensor;
  apply(step: Tensor | number): Tensor {
    return tidy(() => {
      const p = div(stepTensor(step), this.decaySteps);
      return this.decay(this.staircase ? floor(p) : p);
    });
  }
  override getConfig(): object {
    return { initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, decayRate: this.decayRate, staircase: this.staircase };
  }
}

/**
 * initialLearningRate * decayRate ^ (step / decaySteps), the exponent floored with `staircase`.
 *
 * @example
 * const s = tp.optimizers.schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
 * s.apply(20).print(); // 0.025
 */
export class ExponentialDecay extends StepDecay {
  static override className = 'ExponentialDecay';
  constructor(args: DecayArgs) {
    super(args, 'ExponentialDecay');
  }
  protected decay(p: Tensor): Tensor {
    return mul(pow(scalar(this.decayRate, 'float32'), p), this.initialLearningRate);
  }
}

/**
 * initialLearningRate / (1 + decayRate * step / decaySteps), floored with `staircase`.
 *
 * @example
 * const s = tp.optimizers.schedules.inverseTimeDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.5 });
 * s.apply(2).print(); // 0.5
 */
export class InverseTimeDecay extends StepDecay {
  static override className = 'InverseTimeDecay';
  constructor(args: DecayArgs) {
    super(args, 'InverseTimeDecay');
  }
  protected decay(p: Tensor): Tensor {
    return div(scalar(this.initialLearningRate, 'float32'), add(mul(p, this.decayRate), 1));
  }
}

/**
 * values[0] while step <= boundaries[0], values[i] while boundaries[i-1] < step <= boundaries[i],
 * the last value after the last boundary.
 *
 * @example
 * const s = tp.optimizers.schedules.piecewiseConstant({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
 * s.apply(10).print(); // 1
 * s.apply(11).print(); // 0.5
 * s.apply(25).print(); // 0.1
 */
export class PiecewiseConstant extends LearningRateSchedule {
  static override className = 'PiecewiseConstant';
  readonly boundaries: number[];
  readonly values: number[];
  constructor(args: { boundaries: number[]; values: number[] }) {
    super();
    this.boundaries = [...args.boundaries];
    this.values = [...args.values];
    if (this.values.length !== this.boundaries.length + 1)
      throw new Error(
        `PiecewiseConstant: needs one more value than boundaries, got ${this.boundaries.length} boundaries and ${this.values.length} values`,
      );
    for (let i = 1; i < this.boundaries.length; i++)
      if (!(this.boundaries[i]! > this.boundaries[i - 1]!))
        throw new Error(`PiecewiseConstant: boundaries must increase, got [${this.boundaries.join(', ')}]`);
  }
  apply(step: Tensor | number): Tensor {
    return tidy(() => {
      const s = stepTensor(step);
      // Nested selections from the last interval down, so each value is returned exactly.
      let r: Tensor = scalar(this.values[this.values.length - 1]!, 'float32');
      for (let i = this.boundaries.length - 1; i >= 0; i--) r = where(lessEqual(s, this.boundaries[i]!), scalar(this.values[i]!, 'float32'), r);
      return r;
    });
  }
  override getConfig(): object {
    return { boundaries: [...this.boundaries], values: [...this.values] };
  }
}

/**
 * Cosine decay from initialLearningRate (or, after a linear warmup of warmupSteps steps, from
 * warmupTarget) to alpha times it over decaySteps, then constant (Loshchilov & Hutter's SGDR
 * without restarts):
 * lr * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decaySteps) / decaySteps)) + alpha).
 *
 * @example
 * const s = tp.optimizers.schedules.cosineDecay({ initialLearningRate: 1, decaySteps: 10, alpha: 0.1 });
 * s.apply(5).print(); // 0.55
 * s.apply(50).print(); // 0.1
 */
export class CosineDecay extends LearningRateSchedule {
  static override className = 'CosineDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly alpha: number;
  readonly warmupTarget: number | null;
  readonly warmupSteps: number;
  constructor(args: { initialLearningRate: number; decaySteps: number; alpha?: number; warmupTarget?: number | null; warmupSteps?: number }) {
    super();
    this.initialLearningRate = args.initialLearningRate;
    this.decaySteps = positive(args.decaySteps, 'decaySteps', 'CosineDecay');
    this.alpha = args.alpha ?? 0;
    this.warmupTarget = args.warmupTarget ?? null;
    this.warmupSteps = args.warmupSteps ?? 0;
  }
  private decayed(step: Tensor, from: number): Tensor {
    const cosine = mul(add(cos(mul(div(step, this.decaySteps), Math.PI)), 1), 0.5);
    return mul(add(mul(cosine, 1 - this.alpha), this.alpha), from);
  }
  apply(step: Tensor | number): Tensor {
    return tidy(() => {
      const s = stepTensor(step);
      if (this.warmupTarget === null) return this.decayed(minimum(s, this.decaySteps), this.initialLearningRate);
      const target = this.warmupTarget;
      const capped = minimum(s, this.decaySteps + this.warmupSteps);
      const warm =
        this.warmupSteps > 0
          ? add(mul(div(capped, this.warmupSteps), target - this.initialLearningRate), this.initialLearningRate)
          : scalar(target, 'float32');
      return where(less(capped, this.warmupSteps), warm, this.decayed(sub(capped, this.warmupSteps), target));
    });
  }
  override getConfig(): object {
    return {
      initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, alpha: this.alpha,
      warmupTarget: this.warmupTarget, warmupSteps: this.warmupSteps,
    };
  }
}

/**
 * (initialLearningRate - endLearningRate) * (1 - step / decaySteps) ^ power + endLearningRate,
 * with step capped at decaySteps (or, with `cycle`, decaySteps stretched to the next multiple).
 *
 * @example
 * const s = tp.optimizers.schedules.polynomialDecay({ initialLearningRate: 1, decaySteps: 10, endLearningRate: 0, power: 2 });
 * s.apply(5).print(); // 0.25
 */
export class PolynomialDecay extends LearningRateSchedule {
  static override className = 'PolynomialDecay';
  readonly initialLearningRate: number;
  readonly decaySteps: number;
  readonly endLearningRate: number;
  readonly power: number;
  readonly cycle: boolean;
  constructor(args: { initialLearningRate: number; decaySteps: number; endLearningRate?: number; power?: number; cycle?: boolean }) {
    super();
    this.initialLearningRate = args.initialLearningRate;
    this.decaySteps = positive(args.decaySteps, 'decaySteps', 'PolynomialDecay');
    this.endLearningRate = args.endLearningRate ?? 0.0001;
    this.power = args.power ?? 1;
    this.cycle = args.cycle ?? false;
  }
  apply(step: Tensor | number): Tensor {
    return tidy(() => {
      let s = stepTensor(step);
      let steps: Tensor | number = this.decaySteps;
      if (this.cycle) {
        const multiplier = where(equal(s, 0), scalar(1, 'float32'), ceil(div(s, this.decaySteps)));
        steps = mul(multiplier, this.decaySteps);
      } else s = minimum(s, this.decaySteps);
      const frac = sub(1, div(s, steps));
      return add(mul(pow(frac, this.power), this.initialLearningRate - this.endLearningRate), this.endLearningRate);
    });
  }
  override getConfig(): object {
    return {
      initialLearningRate: this.initialLearningRate, decaySteps: this.decaySteps, endLearningRate: this.endLearningRate,
      power: this.power, cycle: this.cycle,
    };
  }
}

type ScheduleClass = { className: string; new (config: never): LearningRateSchedule };
const classes = new Map<string, ScheduleClass>();

/**
 * Makes a custom schedule class loadable from a saved optimizer config.
 *
 * @example
 * class Fixed extends tp.optimizers.schedules.LearningRateSchedule {
 *   static override className = 'Fixed';
 *   apply() { return tp.scalar(0.1); }
 * }
 * tp.optimizers.schedules.registerSchedule(Fixed);
 */
export function registerSchedule(cls: ScheduleClass): void {
  classes.set(nameKey(cls.className), cls);
}
for (const cls of [ExponentialDecay, InverseTimeDecay, PiecewiseConstant, CosineDecay, PolynomialDecay] as ScheduleClass[]) registerSchedule(cls);

/**
 * The saved form {className, config}.
 *
 * @example
 * const s = tp.optimizers.schedules.piecewiseConstant({ boundaries: [5], values: [1, 0.1] });
 * console.log(tp.optimizers.schedules.serialize(s)); // { className: 'PiecewiseConstant', config: { boundaries: [5], values: [1, 0.1] } }
 */
export function serialize(s: LearningRateSchedule): { className: string; config: object } {
  return { className: s.getClassName(), config: s.getConfig() };
}

/**
 * The schedule saved as {className, config} (Keras's {class_name, config} with snake_case keys too).
 *
 * @example
 * const s = tp.optimizers.schedules.deserialize({ class_name: 'ExponentialDecay', config: { initial_learning_rate: 1, decay_steps: 1, decay_rate: 0.5 } });
 * s.apply(1).print(); // 0.5
 */
export function deserialize(config: { className?: string; class_name?: string; config?: object }): LearningRateSchedule {
  const s = readSerialized(config);
  if (s === null) throw new Error(`schedules.deserialize: expected {className, config}, got ${describeValue(config)}`);
  const cls = classes.get(nameKey(s.className));
  if (cls === undefined) throw new Error(`schedules.deserialize: unknown schedule class '${s.className}'`);
  return new cls(s.config as never);
}

/** @example tp.optimizers.schedules.exponentialDecay({ initialLearningRate: 1, decaySteps: 1, decayRate: 0.1, staircase: true }).apply(1.5).print(); // 0.1 */
export function exponentialDecay(args: ConstructorParameters<typeof ExponentialDecay>[0]): ExponentialDecay {
  return new ExponentialDecay(args);
}
/** @example tp.optimizers.schedules.inverseTimeDecay({ initialLearningRate: 1, decaySteps: 2, decayRate: 1 }).apply(2).print(); // 0.5 */
export function inverseTimeDecay(args: ConstructorParameters<typeof InverseTimeDecay>[0]): InverseTimeDecay {
  return new InverseTimeDecay(args);
}
/** @example tp.optimizers.schedules.piecewiseConstant({ boundaries: [1], values: [1, 2] }).apply(2).print(); // 2 */
export function piecewiseConstant(args: ConstructorParameters<typeof PiecewiseConstant>[0]): PiecewiseConstant {
  return new PiecewiseConstant(args);
}
/** @example tp.optimizers.schedules.cosineDecay({ initialLearningRate: 2, decaySteps: 4 }).apply(4).print(); // 0 */
export function cosineDecay(args: ConstructorParameters<typeof CosineDecay>[0]): CosineDecay {
  return new CosineDecay(args);
}
/** @example tp.optimizers.schedules.polynomialDecay({ initialLearningRate: 1, decaySteps: 4, endLearningRate: 0 }).apply(1).print(); // 0.75 */
export function polynomialDecay(args: ConstructorParameters<typeof PolynomialDecay>[0]): PolynomialDecay {
  return new PolynomialDecay(args);
}
