// Stochastic gradient descent with optional (Nesterov) momentum, Keras's formulation:
// m = momentum * m - lr * g; w += m, or w += momentum * m - lr * g with Nesterov.
import { add, mul, sub } from '../ops/binary.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { Optimizer, type OptimizerArgs } from './optimizer.js';

export interface SGDArgs extends OptimizerArgs {
  /** 0 by default: plain gradient descent, w -= lr * g. */
  momentum?: number;
  nesterov?: boolean;
}

/**
 * Gradient descent (Keras's defaults: learningRate 0.01, momentum 0, nesterov false).
 *
 * @example
 * const w = tp.variable(tp.tensor([1]));
 * const opt = new tp.optimizers.SGD({ learningRate: 0.1, momentum: 0.9 });
 * opt.applyGradients([[tp.tensor([1]), w]]); // m = -0.1
 * opt.applyGradients([[tp.tensor([1]), w]]); // m = -0.19
 * w.print(); // [0.71]
 */
export class SGD extends Optimizer {
  static override className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  constructor(args: SGDArgs = {}) {
    super(args, { learningRate: 0.01, name: 'SGD' });
    this.momentum = args.momentum ?? 0;
    this.nesterov = args.nesterov ?? false;
    if (typeof this.momentum !== 'number' || this.momentum < 0 || this.momentum > 1)
      throw new Error(`SGD: momentum must be a number in [0, 1], got ${String(this.momentum)}`);
  }
  protected slotSpecs() {
    return this.momentum > 0 ? [{ name: 'momentum', init: 0 }] : [];
  }
  protected updateStep(g: Tensor, v: Variable, lr: Tensor, slots: Variable[]): void {
    const step = mul(g, lr);
    if (this.momentum === 0) {
      v.assign(sub(v, step));
      return;
    }
    const m = slots[0]!;
    m.assign(sub(mul(m, this.momentum), step));
    v.assign(add(v, this.nesterov ? sub(mul(m, this.momentum), step) : m));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}
