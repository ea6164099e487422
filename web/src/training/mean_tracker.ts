// A weighted running mean held in two variables, for the 'loss' figures of fit/evaluate. Its update
// is tensor ops and assignAdd only, so it can run inside a compiled step.
import type { Tensor } from '../tensor.js';
import { createVariable as variable, type Variable } from '../variable.js';
import { zeros } from '../ops/fill.js';
import { add, div, maximum, mul } from '../ops/binary.js';
import { scalar } from '../ops/tensor_from_values.js';

/** @internal Running mean of scalars, each weighted (by its batch size). */
export class MeanTracker {
  private total: Variable;
  private count: Variable;

  constructor(readonly name: string) {
    this.total = variable(zeros([]), false, `${name}/total`);
    this.count = variable(zeros([]), false, `${name}/count`);
  }

  updateState(value: Tensor, weight: number): void {
    this.total.assign(add(this.total, mul(value, weight)));
    this.count.assign(add(this.count, scalar(weight)));
  }

  /** total / count (0 before any update, as Keras's Mean). */
  result(): Tensor {
    return div(this.total, maximum(this.count, 1e-30));
  }

  resetState(): void {
    this.total.assign(0);
    this.count.assign(0);
  }

  dispose(): void {
    this.total.dispose();
    this.count.dispose();
  }
}
