// Adamax (Kingma & Ba, section 7): Adam with the infinity norm, Keras 3's formulation:
// m += (g - m)(1 - beta1); u = max(beta2 * u, |g|); w -= lr * m / ((1 - beta1^t)(u + eps)).
import { add, div, maximum, mul, pow, sub } from '../ops/binary.js';
import { abs } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { localStep } from './adam.js';
import { Optimizer, type OptimizerArgs } from './optimizer.js';

export interface AdamaxArgs extends OptimizerArgs {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/**
 * Adamax (Keras's defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7).
 *
 * @example
 * const w = tp.variable(tp.tensor([1]));
 * const opt = new tp.optimizers.Adamax({ learningRate: 0.1 });
 * opt.applyGradients([[tp.tensor([4]), w]]); // m = 0.4, u = 4: step 0.1 * 0.4 / (0.1 * 4)
 * w.print(); // [0.9]
 */
export class Adamax extends Optimizer {
  static override className = 'Adamax';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  constructor(args: AdamaxArgs = {}) {
    super(args, { learningRate: 0.001, name: 'Adamax' });
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
  }
  protected slotSpecs() {
    return [{ name: 'momentum', init: 0 }, { name: 'norm', init: 0 }];
  }
  protected updateStep(g: Tensor, v: Variable, lr: Tensor, slots: Variable[]): void {
    const [m, u] = slots as [Variable, Variable];
    const correction = this.perStep(`correction:${v.dtype}`, () => sub(1, pow(this.beta1, localStep(this, v.dtype))));
    m.assign(add(m, mul(sub(g, m), 1 - this.beta1)));
    u.assign(maximum(mul(u, this.beta2), abs(g)));
    v.assign(sub(v, div(mul(m, lr), mul(correction, add(u, this.epsilon)))));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
