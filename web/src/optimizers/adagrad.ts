// Adagrad (Duchi et al.): per-element step sizes from the sum of squared gradients,
// acc += g²; w -= lr * g / sqrt(acc + eps) (Keras 3 and TF.js).
import { add, div, mul, sub } from '../ops/binary.js';
import { sqrt, square } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { Optimizer, type OptimizerArgs } from './optimizer.js';

export interface AdagradArgs extends OptimizerArgs {
  initialAccumulatorValue?: number;
  epsilon?: number;
}

/**
 * Adagrad (Keras's defaults: learningRate 0.001, initialAccumulatorValue 0.1, epsilon 1e-7).
 *
 * @example
 * const w = tp.variable(tp.tensor([1]));
 * const opt = new tp.optimizers.Adagrad({ learningRate: 0.1, initialAccumulatorValue: 0 });
 * opt.applyGradients([[tp.tensor([3]), w]]); // acc = 9: step 0.1 * 3 / 3
 * w.print(); // [0.9]
 */
export class Adagrad extends Optimizer {
  static override className = 'Adagrad';
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;
  constructor(args: AdagradArgs = {}) {
    super(args, { learningRate: 0.001, name: 'Adagrad' });
    this.initialAccumulatorValue = args.initialAccumulatorValue ?? 0.1;
    this.epsilon = args.epsilon ?? 1e-7;
  }
  protected slotSpecs() {
    return [{ name: 'accumulator', init: this.initialAccumulatorValue }];
  }
  protected updateStep(g: Tensor, v: Variable, lr: Tensor, slots: Variable[]): void {
    const acc = slots[0]!;
    acc.assign(add(acc, square(g)));
    v.assign(sub(v, div(mul(g, lr), sqrt(add(acc, this.epsilon)))));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
