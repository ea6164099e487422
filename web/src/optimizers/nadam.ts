// Nadam (Dozat 2015): Adam with Nesterov momentum, Keras 3's formulation. The momentum schedule
// is u_t = beta1 * (1 - 0.5 * 0.96^t), and the running product of the u_t lives in a variable.
import { add, div, mul, pow, sub } from '../ops/binary.js';
import { fill } from '../ops/fill.js';
import { sqrt, square } from '../ops/unary.js';
import type { Tensor } from '../tensor.js';
import { createVariable as variable, type Variable } from '../variable.js';
import { localStep, type AdamArgs } from './adam.js';
import { Optimizer } from './optimizer.js';

export type NadamArgs = Omit<AdamArgs, 'amsgrad'>;

/**
 * Nadam (Keras's defaults: learningRate 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7).
 *
 * @example
 * const w = tp.variable(tp.tensor([1]));
 * const opt = new tp.optimizers.Nadam({ learningRate: 0.01 });
 * opt.applyGradients([[tp.tensor([1]), w]]);
 * console.log(w.arraySync()[0] < 1); // true
 */
export class Nadam extends Optimizer {
  static override className = 'Nadam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private uProduct: Variable | null = null;
  constructor(args: NadamArgs = {}) {
    super(args, { learningRate: 0.001, name: 'Nadam' });
    this.beta1 = args.beta1 ?? 0.9;
    this.beta2 = args.beta2 ?? 0.999;
    this.epsilon = args.epsilon ?? 1e-7;
  }
  override build(variables: readonly Variable[]): void {
    super.build(variables);
    if (this.uProduct === null && variables.length > 0) {
      const one = fill([], 1, variables[0]!.dtype);
      this.uProduct = variable(one, false, `${this.name}/u_product`);
      one.dispose();
    }
  }
  protected override extraVariables(): Variable[] {
    return this.uProduct === null ? [] : [this.uProduct];
  }
  private u(step: Tensor): Tensor {
    return mul(sub(1, mul(pow(0.96, step), 0.5)), this.beta1);
  }
  protected override beforeUpdates(): void {
    const p = this.uProduct!;
    p.assign(mul(p, this.u(localStep(this, p.dtype))));
  }
  protected slotSpecs() {
    return [{ name: 'momentum', init: 0 }, { name: 'velocity', init: 0 }];
  }
  protected updateStep(g: Tensor, v: Variable, lr: Tensor, slots: Variable[]): void {
    const [m, vel] = slots as [Variable, Variable];
    const d = v.dtype;
    const t = this.perStep(`t:${d}`, () => localStep(this, d));
    const uT = this.perStep(`u:${d}`, () => this.u(t));
    const uNext = this.perStep(`uNext:${d}`, () => this.u(localStep(this, d, 2)));
    const product = this.perStep(`product:${d}`, () => (this.uProduct!.dtype === d ? this.uProduct! : this.uProduct!.cast(d)));
    const productNext = this.perStep(`productNext:${d}`, () => mul(product, uNext));
    m.assign(add(m, mul(sub(g, m), 1 - this.beta1)));
    vel.assign(add(vel, mul(sub(square(g), vel), 1 - this.beta2)));
    const mHat = add(div(mul(m, uNext), sub(1, productNext)), div(mul(g, sub(1, uT)), sub(1, product)));
    const vHat = div(vel, this.perStep(`vCorrection:${d}`, () => sub(1, pow(this.beta2, t))));
    v.assign(sub(v, div(mul(mHat, lr), add(sqrt(vHat), this.epsilon))));
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
