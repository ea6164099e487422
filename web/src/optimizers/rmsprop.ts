// RMSprop (Hinton), Keras 3's formulation: epsilon inside the square root,
// w -= lr * g / sqrt(v + eps), with optional momentum and the centered variance v - mean(g)².
import { add, div, mul, sub } from '../ops/binary.js';
import { sqrt, square } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { Optimizer, type OptimizerArgs } from './optimizer.js';

export interface RMSpropArgs extends OptimizerArgs {
  /** Decay of the moving average of squared gradients (TF.js calls it `decay`). */
  rho?: number;
  momentum?: number;
  epsilon?: number;
  /** Normalize by the variance estimate instead of the second moment. */
  centered?: boolean;
}

/**
 * RMSprop (Keras's defaults: learningRate 0.001, rho 0.9, momentum 0, epsilon 1e-7, centered false).
 *
 * @example
 * const w = tp.variable(tp.tensor([1]));
 * const opt = new tp.optimizers.RMSprop({ learningRate: 0.01 });
 * opt.applyGradients([[tp.tensor([2]), w]]); // v = 0.4, step 0.01 * 2 / sqrt(0.4)
 * w.print(); // [0.9683772]
 */
export class RMSprop extends Optimizer {
  static override className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  constructor(args: RMSpropArgs = {}) {
    super(args, { learningRate: 0.001, name: 'RMSprop' });
    this.rho = args.rho ?? 0.9;
    this.momentum = args.momentum ?? 0;
    this.epsilon = args.epsilon ?? 1e-7;
    this.centered = args.centered ?? false;
  }
  protected slotSpecs() {
    const s = [{ name: 'velocity', init: 0 }];
    if (this.momentum > 0) s.push({ name: 'momentum', init: 0 });
    if (this.centered) s.push({ name: 'average_gradient', init: 0 });
    return s;
  }
  protected updateStep(g: Tensor, v: Variable, lr: Tensor, slots: Variable[]): void {
    const vel = slots[0]!;
    const mom = this.momentum > 0 ? slots[1]! : null;
    const avg = this.centered ? slots[this.momentum > 0 ? 2 : 1]! : null;
    vel.assign(add(mul(vel, this.rho), mul(square(g), 1 - this.rho)));
    let denominator: Tensor;
    if (avg !== null) {
      avg.assign(add(mul(avg, this.rho), mul(g, 1 - this.rho)));
      denominator = add(sub(vel, square(avg)), this.epsilon);
    } else denominator = add(vel, this.epsilon);
    const increment = div(mul(g, lr), sqrt(denominator));
    if (mom !== null) {
      mom.assign(add(mul(mom, this.momentum), increment));
      v.assign(sub(v, mom));
    } else v.assign(sub(v, increment));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}
