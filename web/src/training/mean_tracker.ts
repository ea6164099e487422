// A weighted running mean held in two variables, for the 'loss' figures of fit/evaluate. Its update
// is tensor ops and assignAdd only, so it can run inside a compiled step.
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';
import { createVariable as variable, type Variable } from '../variable.js';
import { zeros } from '../ops/fill.js';
import { add, div, maximum, mul } from '../ops/binary.js';
import { scalar } from '../ops/tensor_from_values.js';
import { cast } from '../ops/unary.js';

/**
 * @internal Running mean of scalars, each weighted (by its batch size). The sums are kept in
 * float64 whatever the losses' dtype (so float32 and float64 models share one tracker, and sample
 * counts stay exact); the result has the dtype of the values added.
 */
export class MeanTracker {
  private total: Variable;
  private count: Variable;
  private dtype: DType = 'float32';

  constructor(readonly name: string) {
    this.total = variable(zeros([], 'float64'), false, `${name}/total`);
    this.count = variable(zeros([], 'float64'), false, `${name}/count`);
  }

  updateState(value: Tensor, weight: number): void {
    this.dtype = value.dtype === 'float64' ? 'float64' : 'float32';
    const v = value.dtype === 'float64' ? value : cast(value, 'float64');
    this.total.assign(add(this.total, mul(v, weight)));
    this.count.assign(add(this.count, scalar(weight, 'float64')));
  }

  /** total / count (0 before any update, as Keras's Mean), in the dtype of the values. */
  result(): Tensor {
    const r = div(this.total, maximum(this.count, 1e-30));
    return this.dtype === 'float64' ? r : cast(r, this.dtype);
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
