// Adadelta (Zeiler 2012), Keras 3's formulation: moving averages of squared gradients and squared
// updates, delta = -sqrt(accDelta + eps) / sqrt(accGrad + eps) * g, w += lr * delta.
import { add, div, mul, sub } from '../ops/binary.js';
import { neg, sqrt, square } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { Optimizer, type OptimizerArgs } from './optimizer.js';

export interface AdadeltaArgs extends OptimizerArgs {
  rho?: number;
  epsilon?: number;
}

/**
 * Adadelta (Keras's defaults: learningRate 0.001, rho 0.95, epsilon 1e-7).
 *
 * @example
 * const w = tp.variable(tp.tensor([1]));
 * const opt = new tp.optimizers.Adadelta({ learningRate: 1 });
 * opt.applyGradients([[tp.tensor([1]), w]]);
 * console.log(w.arraySync()[0] < 1); // true
 */
export class Adadelta extends Optimizer {
  static override className = 'Adadelta';
  readonly rho: number;
  readonly epsilon: number;
  constructor(args: AdadeltaArgs = {}) {
    super(args, { learningRate: 0.001, name: 'Adadelta' });
    this.rho = args.rho ?? 0.95;
    this.epsilon = args.epsilon ?? 1e-7;
  }
  protected slotSpecs() {
    return [{ name: 'accumulated_grad', init: 0 }, { name: 'accumulated_delta_var', init: 0 }];
  }
  protected updateStep(g: Tensor, v: Variable, lr: Tensor, slots: Variable[]): void {
    const [accGrad, accDelta] = slots as [Variable, Variable];
    const rms = (x: Tensor) => sqrt(add(x, this.epsilon));
    accGrad.assign(add(mul(accGrad, this.rho), mul(square(g), 1 - this.rho)));
    const delta = neg(div(mul(rms(accDelta), g), rms(accGrad)));
    accDelta.assign(add(mul(accDelta, this.rho), mul(square(delta), 1 - this.rho)));
    v.assign(add(v, mul(delta, lr)));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rho: this.rho, epsilon: this.epsilon };
  }
}
