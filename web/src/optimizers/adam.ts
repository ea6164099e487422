// Adam (Kingma & Ba), Keras 3's formulation: the bias corrections fold into the step size,
// alpha = lr * sqrt(1 - beta2^t) / (1 - beta1^t), and epsilon is added to sqrt(v) ("epsilon hat").
// t is computed from the iterations variable, so compiled steps stay correct.
import { add, div, maximum, mul, pow, sub } from '../ops/binary.js';
import { cast, sqrt, square } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { Optimizer, type OptimizerArgs } from './optimizer.js';

export interface AdamArgs extends OptimizerArgs {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Keep the maximum of past second moments (Reddi et al.'s AMSGrad). */
  amsgrad?: boolean;
}

/** @internal The step t = iterations + 1 in `dtype`. */
export function localStep(o: Optimizer, dtype: Tensor['dtype'], offset = 1): Tensor {
  return cast(add(o.iterations, offset), dtype);
}

/**
 * Adam (Keras's defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7).
 *
 * @example
 * const w = tp.variable(tp.tensor([1, 1]));
 * const opt = new tp.optimizers.Adam({ learningRate: 0.1 });
 * opt.applyGradients([[tp.tensor([2, -3]), w]]); // the first step moves each weight by about lr
 * w.print(); // [0.9, 1.1]
 */
export class Adam extends Optimizer {
  static override className = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  constructor(args: AdamArgs = {}, defaults = { learningRate: 0.001, name: 'Adam' }) {
    super(args, defaults);
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
    this.amsgrad = args.amsgrad ?? false;
  }
  protected slotSpecs() {
    const s = [{ name: 'momentum', init: 0 }, { name: 'velocity', init: 0 }];
    return this.amsgrad ? [...s, { name: 'velocity_hat', init: 0 }] : s;
  }
  protected updateStep(g: Tensor, v: Variable, lr: Tensor, slots: Variable[]): void {
    const [m, vel, vHat] = slots as [Variable, Variable, Variable | undefined];
    const alpha = this.perStep(`alpha:${v.dtype}`, () => {
      const t = localStep(this, v.dtype);
      return div(mul(lr, sqrt(sub(1, pow(this.beta2, t)))), sub(1, pow(this.beta1, t)));
    });
    m.assign(add(m, mul(sub(g, m), 1 - this.beta1)));
    vel.assign(add(vel, mul(sub(square(g), vel), 1 - this.beta2)));
    let second: Tensor = vel;
    if (vHat !== undefined) {
      vHat.assign(maximum(vHat, vel));
      second = vHat;
    }
    v.assign(sub(v, div(mul(m, alpha), add(sqrt(second), this.epsilon))));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}
