// The Optimizer base class (keras.optimizers.Optimizer with TF.js's applyGradients/minimize).
// Its state lives in variables (iterations, learning rate, per-variable slots) and every update
// is tensor ops plus assigns, so that a training step compiled by tp.function replays correct
// updates on each call: nothing step-dependent is a JS number.
import { GradientTape } from '../autodiff/gradient_tape.js';
import type { DType } from '../dtype.js';
import { camelKeys, describeValue, readSerialized } from '../initializers/names.js';
import { tidy } from '../memory.js';
import { add, div, equal, mod, mul, notEqual, sub, where } from '../ops/binary.js';
import { fill } from '../ops/fill.js';
import { clone } from '../ops/shape.js';
import { cast, clipByValue } from '../ops/unary.js';
import { Tensor } from '../tensor.js';
import { liveVariableList, createVariable as variable, Variable } from '../variable.js';
import { clipByGlobalNorm, clipByNorm } from './clipping.js';
import { deserialize as deserializeSchedule, LearningRateSchedule, serialize as serializeSchedule } from './schedules.js';

/** Constructor arguments every optimizer takes (Keras's base optimizer arguments). */
export interface OptimizerArgs {
  /** A number or a schedule of the step. */
  learningRate?: number | LearningRateSchedule;
  /** Keras 2's old name for learningRate (`SGD(lr=0.001)` in older code). */
  lr?: number;
  /** Clips each gradient to this L2 norm. */
  clipnorm?: number | null;
  /** Clips each gradient element into [-clipvalue, clipvalue]. */
  clipvalue?: number | null;
  /** Scales all gradients together so their global L2 norm is at most this. */
  globalClipnorm?: number | null;
  /** Decoupled weight decay: each step first does w -= learningRate * weightDecay * w. */
  weightDecay?: number | null;
  /**
   * Keep an exponential moving average of each variable (Keras's use_ema):
   * avg = m * avg + (1 - m) * w after each update, m = emaMomentum (0.99), avg = w on the first step.
   */
  useEma?: boolean;
  emaMomentum?: number;
  /** With useEma, overwrite the variables with their averages every this many steps. */
  emaOverwriteFrequency?: number | null;
  /** Legacy inverse-time decay of the learning rate: lr / (1 + decay * iterations) (TF.js's adamax). */
  decay?: number;
  name?: string;
}

/** What applyGradients accepts: [gradient, variable] pairs (null gradients are skipped), a
 * {variableName: gradient} map as tp.variableGrads returns, or TF.js's [{name, tensor}] list. */
export type GradientsAndVariables =
  // The second form is what `grads.map((g, i) => [g, vars[i]])` infers; pairs are checked at run time.
  | Iterable<readonly [Tensor | null | undefined, Variable] | readonly (Tensor | null | undefined)[]>
  | { [variableName: string]: Tensor }
  | { name: string; tensor: Tensor }[];

function baseName(v: Variable): string {
  return v.name.replace(/:\d+$/, '');
}

function optionalPositive(x: number | null | undefined, what: string, who: string): number | null {
  if (x === null || x === undefined) return null;
  if (typeof x !== 'number' || !(x > 0)) throw new Error(`${who}: ${what} must be a positive number, got ${describeValue(x)}`);
  return x;
}

/**
 * Updates variables from their gradients. Subclasses give the slots each variable needs and the
 * update rule; the base class handles clipping, weight decay, the learning rate (a variable, or
 * a schedule evaluated at `iterations`), `iterations`, and each variable's `constraint`.
 *
 * @example
 * const w = tp.variable(tp.tensor([1, 2]), true, 'w');
 * const opt = new tp.optimizers.SGD({ learningRate: 0.1 });
 * opt.applyGradients([[tp.tensor([10, 10]), w]]);
 * w.print(); // [0, 1]
 */
export abstract class Optimizer {
  static className = 'Optimizer';
  readonly name: string;
  /** The number of updates applied so far (an int32 scalar variable). */
  readonly iterations: Variable;
  readonly clipnorm: number | null;
  readonly clipvalue: number | null;
  readonly globalClipnorm: number | null;
  readonly weightDecay: number | null;
  readonly decay: number;
  readonly useEma: boolean;
  readonly emaMomentum: number;
  readonly emaOverwriteFrequency: number | null;
  private readonly averages = new Map<Variable, Variable>();
  private readonly lrVariable: Variable | null;
  // The number last given for the variable: the getter returns it exactly, not float32-rounded.
  private lrValue = 0;
  private readonly schedule: LearningRateSchedule | null;
  private readonly slotMap = new Map<Variable, Variable[]>();
  private readonly stepValues = new Map<string, Tensor>();
  private readonly built_: Variable[] = [];
  private readonly warned = new Set<string>();
  private excludedNames: RegExp | null = null;
  private readonly excludedVariables = new Set<Variable>();
  private disposed = false;

  constructor(args: OptimizerArgs, defaults: { learningRate: number; name: string }) {
    const who = (this.constructor as typeof Optimizer).className;
    this.name = args.name ?? defaults.name;
    this.clipnorm = optionalPositive(args.clipnorm, 'clipnorm', who);
    this.clipvalue = optionalPositive(args.clipvalue, 'clipvalue', who);
    this.globalClipnorm = optionalPositive(args.globalClipnorm, 'globalClipnorm', who);
    const set = [this.clipnorm, this.clipvalue, this.globalClipnorm].filter((c) => c !== null).length;
    if (set > 1)
      throw new Error(
        `${who}: only one of clipnorm, clipvalue and globalClipnorm can be set, got clipnorm=${this.clipnorm}, clipvalue=${this.clipvalue}, globalClipnorm=${this.globalClipnorm}`,
      );
    const wd = args.weightDecay ?? null;
    if (wd !== null && (typeof wd !== 'number' || !(wd >= 0))) throw new Error(`${who}: weightDecay must be a non-negative number, got ${describeValue(wd)}`);
    this.weightDecay = wd;
    this.decay = args.decay ?? 0;
    this.useEma = args.useEma ?? false;
    this.emaMomentum = args.emaMomentum ?? 0.99;
    if (!(this.emaMomentum >= 0 && this.emaMomentum <= 1)) throw new Error(`${who}: emaMomentum must be in [0, 1], got ${this.emaMomentum}`);
    const freq = args.emaOverwriteFrequency ?? null;
    if (freq !== null && !(Number.isInteger(freq) && freq > 0))
      throw new Error(`${who}: emaOverwriteFrequency must be a positive integer, got ${describeValue(freq)}`);
    this.emaOverwriteFrequency = freq;
    let lr: unknown = args.learningRate ?? args.lr ?? defaults.learningRate;
    if (readSerialized(lr) !== null) lr = deserializeSchedule(lr as object);
    this.iterations = variable(fill([], 0, 'int32'), false, `${this.name}/iteration`);
    if (lr instanceof LearningRateSchedule) {
      this.schedule = lr;
      this.lrVariable = null;
    } else {
      if (typeof lr !== 'number' || !Number.isFinite(lr)) throw new Error(`${who}: learningRate must be a number or a LearningRateSchedule, got ${describeValue(lr)}`);
      this.schedule = null;
      this.lrValue = lr;
      this.lrVariable = variable(fill([], lr, 'float32'), false, `${this.name}/learning_rate`);
    }
  }

  /** The slots a variable gets, by name, with their initial values (subclasses). */
  protected abstract slotSpecs(): { name: string; init: number }[];

  /** The update of one variable from its (clipped) gradient, with the step's learning rate (subclasses). */
  protected abstract updateStep(gradient: Tensor, variable: Variable, learningRate: Tensor, slots: Variable[]): void;

  /** Runs once per step before the variables' updates (Nadam's momentum-cache product). */
  protected beforeUpdates(): void {}

  /**
   * A value every variable's update of this step shares (bias corrections of the step number),
   * made once per step and key rather than once per variable.
   */
  protected perStep(key: string, make: () => Tensor): Tensor {
    let t = this.stepValues.get(key);
    if (t === undefined) {
      t = make();
      this.stepValues.set(key, t);
    }
    return t;
  }

  /** Optimizer variables beyond iterations and slots, for getWeights (Nadam's product). */
  protected extraVariables(): Variable[] {
    return [];
  }

  /**
   * One line: class, name, learning rate and steps taken, what an optimizer shows as a notebook
   * cell's value or printed.
   *
   * @example
   * String(tp.train.adam(0.01)); // "Adam 'adam' · learning rate 0.01 · 0 steps"
   */
  toString(): string {
    if (this.disposed) return `${this.getClassName()} '${this.name}' · disposed`;
    const steps = Number(this.iterations.dataSync()[0]);
    const lr = this.schedule ? `learning rate schedule ${this.schedule.constructor.name}` : `learning rate ${parseFloat(this.lrValue.toPrecision(6))}`;
    return `${this.getClassName()} '${this.name}' · ${lr} · ${steps} step${steps === 1 ? '' : 's'}`;
  }

  /** The class name (static className). */
  getClassName(): string {
    return (this.constructor as typeof Optimizer).className;
  }

  private throwIfDisposed(op: string): void {
    if (this.disposed) throw new Error(`${this.getClassName()} '${this.name}'.${op}: the optimizer was disposed`);
  }

  /** True once build() has made slots for at least one variable. */
  get built(): boolean {
    return this.built_.length > 0;
  }

  /**
   * The learning rate now: the number last set (held in a float32 variable that updates read),
   * or the schedule at the current iteration.
   * Setting it assigns the variable, which compiled steps read on their next call (how
   * ReduceLROnPlateau changes it); an optimizer built with a schedule cannot be set.
   */
  get learningRate(): number {
    this.throwIfDisposed('learningRate');
    if (this.schedule === null && this.decay === 0) return this.lrValue;
    return tidy(() => this.currentLearningRate().dataSync()[0]!);
  }

  set learningRate(value: number) {
    this.throwIfDisposed('learningRate');
    if (this.lrVariable === null)
      throw new Error(
        `${this.getClassName()}: this optimizer was created with a LearningRateSchedule as its learningRate, so its learning rate cannot be set; create it with a number to change it`,
      );
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${this.getClassName()}: learningRate must be a finite number, got ${describeValue(value)}`);
    tidy(() => {
      this.lrVariable!.assign(fill([], value, 'float32'));
    });
    this.lrValue = value;
  }

  /** TF.js's name: the learning rate as a float32 scalar tensor, computed from variables (traceable). */
  currentLearningRate(): Tensor {
    const lr = this.schedule !== null ? this.schedule.apply(this.iterations) : mul(this.lrVariable!, 1);
    if (this.decay === 0) return lr;
    return tidy(() => div(lr, add(mul(cast(this.iterations, 'float32'), this.decay), 1)));
  }

  /** The schedule given as learningRate, or null. */
  get learningRateSchedule(): LearningRateSchedule | null {
    return this.schedule;
  }

  /**
   * Leaves variables out of weight decay: these variables, and those whose name matches one of
   * `varNames` (e.g. ['bias']). Call before the optimizer is built, as Keras.
   *
   * @example
   * const opt = new tp.optimizers.AdamW({ weightDecay: 0.1 });
   * opt.excludeFromWeightDecay({ varNames: ['bias'] });
   */
  excludeFromWeightDecay(args: { varList?: Variable[]; varNames?: string[] }): void {
    if (this.built) throw new Error(`${this.getClassName()}: excludeFromWeightDecay must be called before the optimizer is built`);
    for (const v of args.varList ?? []) this.excludedVariables.add(v);
    const names = args.varNames ?? [];
    this.excludedNames = names.length > 0 ? new RegExp(names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')) : null;
  }

  /**
   * Creates the slots of `variables` that have none yet (applyGradients does it on first use).
   *
   * @example
   * const w = tp.variable(tp.zeros([3]));
   * const opt = new tp.optimizers.Adam();
   * opt.build([w]);
   * console.log(opt.getWeights().length); // 3: iterations, momentum, velocity
   */
  build(variables: readonly Variable[]): void {
    this.throwIfDisposed('build');
    const specs = this.slotSpecs();
    for (const v of variables) {
      if (this.slotMap.has(v)) continue;
      const slots = specs.map((s) => {
        const init = fill(v.shape, s.init, v.dtype);
        const slot = variable(init, false, `${baseName(v)}/${s.name}`);
        init.dispose();
        return slot;
      });
      this.slotMap.set(v, slots);
      this.built_.push(v);
      if (this.useEma) {
        const zeros = fill(v.shape, 0, v.dtype);
        this.averages.set(v, variable(zeros, false, `${baseName(v)}/average`));
        zeros.dispose();
      }
    }
  }

  /** The slot variables of `v` in slotSpecs order (empty if not built for it). */
  getSlots(v: Variable): Variable[] {
    return this.slotMap.get(v) ?? [];
  }

  private resolveName(name: string): Variable {
    const key = name.includes(':') ? name : `${name}:0`;
    const own = this.built_.filter((v) => v.name === key);
    const found = own.length > 0 ? own : liveVariableList().filter((v) => v.name === key);
    if (found.length === 0) throw new Error(`${this.getClassName()}.applyGradients: no variable named '${name}'`);
    if (found.length > 1)
      throw new Error(`${this.getClassName()}.applyGradients: ${found.length} variables are named '${name}'; pass [gradient, variable] pairs instead`);
    return found[0]!;
  }

  private toPairs(input: GradientsAndVariables): [Tensor | null, Variable][] {
    if (input === null || typeof input !== 'object')
      throw new Error(`${this.getClassName()}.applyGradients: expected [gradient, variable] pairs or {name: gradient}, got ${describeValue(input)}`);
    if (Symbol.iterator in input) {
      const items = Array.from(input as Iterable<unknown>);
      return items.map((item, i) => {
        if (Array.isArray(item) && item.length === 2) {
          const [g, v] = item as [Tensor | null | undefined, Variable];
          if (!(v instanceof Variable))
            throw new Error(`${this.getClassName()}.applyGradients: pair ${i} has no variable (got ${describeValue(v)})`);
          if (g !== null && g !== undefined && !(g instanceof Tensor))
            throw new Error(`${this.getClassName()}.applyGradients: the gradient of pair ${i} is not a tensor (got ${describeValue(g)})`);
          return [g ?? null, v];
        }
        const named = item as { name?: unknown; tensor?: unknown };
        if (typeof named === 'object' && named !== null && typeof named.name === 'string' && named.tensor instanceof Tensor)
          return [named.tensor, this.resolveName(named.name)];
        throw new Error(`${this.getClassName()}.applyGradients: item ${i} is neither a [gradient, variable] pair nor {name, tensor}`);
      });
    }
    return Object.entries(input as { [name: string]: Tensor }).map(([name, g]) => [g ?? null, this.resolveName(name)]);
  }

  private usesWeightDecay(v: Variable): boolean {
    if (this.weightDecay === null || this.weightDecay === 0 || this.excludedVariables.has(v)) return false;
    return this.excludedNames === null || !this.excludedNames.test(v.name);
  }

  private clip(grads: Tensor[]): Tensor[] {
    if (this.clipnorm !== null) return grads.map((g) => clipByNorm(g, this.clipnorm!));
    if (this.globalClipnorm !== null) return clipByGlobalNorm(grads, this.globalClipnorm);
    if (this.clipvalue !== null) return grads.map((g) => clipByValue(g, -this.clipvalue!, this.clipvalue!));
    return grads;
  }

  /**
   * Applies one update: clips the gradients, applies weight decay, runs the update rule,
   * increments `iterations`, then assigns `constraint(v)` to variables that have one.
   * Null gradients are skipped with a warning (once per variable); all null is an error.
   *
   * @example
   * const w = tp.variable(tp.tensor([1, -1]), true, 'weights');
   * const vars = [w];
   * const opt = new tp.optimizers.SGD({ learningRate: 0.5 });
   * const tape = new tp.GradientTape();
   * const loss = tape.record(() => w.square().sum());
   * const grads = tape.gradient(loss, vars);
   * opt.applyGradients(grads.map((g, i) => [g, vars[i]!])); // Keras's zip(grads, vars)
   * w.print(); // [0, 0]
   */
  applyGradients(gradsAndVars: GradientsAndVariables): void {
    this.throwIfDisposed('applyGradients');
    const pairs = this.toPairs(gradsAndVars);
    const missing = pairs.filter(([g]) => g === null).map(([, v]) => v.name);
    const live = pairs.filter((p): p is [Tensor, Variable] => p[0] !== null);
    if (live.length === 0) throw new Error(`${this.getClassName()}.applyGradients: no gradients provided for any variable`);
    const fresh = missing.filter((n) => !this.warned.has(n));
    if (fresh.length > 0) {
      fresh.forEach((n) => this.warned.add(n));
      console.warn(`${this.getClassName()}: gradients do not exist for variables [${fresh.join(', ')}] when minimizing the loss; they are not updated`);
    }
    for (const [g, v] of live) {
      v.throwIfDisposed(`${this.getClassName()}.applyGradients`);
      g.throwIfDisposed(`${this.getClassName()}.applyGradients`);
      if (g.shape.length !== v.shape.length || g.shape.some((d, i) => d !== v.shape[i]))
        throw new Error(
          `${this.getClassName()}.applyGradients: gradient shape [${g.shape.join(',')}] does not match variable '${v.name}' shape [${v.shape.join(',')}]`,
        );
      if (v.dtype !== 'float32' && v.dtype !== 'float64')
        throw new Error(`${this.getClassName()}.applyGradients: variable '${v.name}' is ${v.dtype}; only float variables can be optimized`);
    }
    this.build(live.map(([, v]) => v));
    tidy(() => {
      const vars = live.map(([, v]) => v);
      const grads = this.clip(live.map(([g, v]) => (g.dtype === v.dtype ? g : cast(g, v.dtype))));
      const lr32 = this.currentLearningRate();
      const lrs = new Map<DType, Tensor>([['float32', lr32]]);
      const lrFor = (dtype: DType): Tensor => {
        if (!lrs.has(dtype)) lrs.set(dtype, cast(lr32, dtype));
        return lrs.get(dtype)!;
      };
      if (this.weightDecay !== null)
        for (const v of vars) if (this.usesWeightDecay(v)) v.assign(sub(v, mul(mul(v, lrFor(v.dtype)), this.weightDecay)));
      this.beforeUpdates();
      try {
        vars.forEach((v, i) => this.updateStep(grads[i]!, v, lrFor(v.dtype), this.slotMap.get(v)!));
      } finally {
        this.stepValues.clear(); // the tidy frees them
      }
      if (this.useEma) this.updateAverages(vars);
      this.iterations.assign(add(this.iterations, 1));
      for (const v of vars) if (v.constraint !== null) v.assign(v.constraint(v));
    });
  }

  // Keras: momentum 0 on the first step makes the average start at the variable.
  private updateAverages(vars: Variable[]): void {
    const notFirst = cast(notEqual(this.iterations, 0), 'float32');
    const m = mul(notFirst, this.emaMomentum);
    const overwrite = this.emaOverwriteFrequency === null ? null : equal(mod(add(this.iterations, 1), this.emaOverwriteFrequency), 0);
    for (const v of vars) {
      const avg = this.averages.get(v)!;
      const mv = v.dtype === 'float32' ? m : cast(m, v.dtype);
      avg.assign(add(mul(avg, mv), mul(v, sub(1, mv))));
      if (overwrite !== null) v.assign(where(overwrite, avg, v));
    }
  }

  /**
   * With useEma, sets each variable to its moving average (Keras calls it at the end of fit).
   *
   * @example
   * const w = tp.variable(tp.tensor([0]));
   * const opt = new tp.optimizers.SGD({ learningRate: 1, useEma: true, emaMomentum: 0.5 });
   * opt.applyGradients([[tp.tensor([-2]), w]]); // w = 2, average 2
   * opt.applyGradients([[tp.tensor([-2]), w]]); // w = 4, average 0.5 * 2 + 0.5 * 4
   * opt.finalizeVariableValues([w]);
   * w.print(); // [3]
   */
  finalizeVariableValues(variables: readonly Variable[]): void {
    this.throwIfDisposed('finalizeVariableValues');
    if (!this.useEma) return;
    for (const v of variables) {
      const avg = this.averages.get(v);
      if (avg !== undefined) v.assign(avg);
    }
  }

  /** The moving average of `v` (useEma), or null. */
  getAverage(v: Variable): Variable | null {
    return this.averages.get(v) ?? null;
  }

  /**
   * Keras 3's optimizer.apply(grads, variables): applyGradients on the zipped lists.
   *
   * @example
   * const w = tp.variable(tp.tensor([1]));
   * new tp.optimizers.SGD({ learningRate: 1 }).apply([tp.tensor([1])], [w]);
   * w.print(); // [0]
   */
  apply(grads: readonly (Tensor | null)[], variables: readonly Variable[]): void {
    if (grads.length !== variables.length)
      throw new Error(`${this.getClassName()}.apply: ${grads.length} gradients for ${variables.length} variables`);
    this.applyGradients(grads.map((g, i) => [g, variables[i]!] as const));
  }

  /**
   * TF.js's minimize: computes the gradients of the scalar f() with respect to `varList` (by
   * default the trainable variables f reads) and applies them. Returns the cost if `returnCost`,
   * else null.
   *
   * @example
   * const x = tp.variable(tp.scalar(3));
   * const opt = tp.train.sgd(0.25);
   * const cost = opt.minimize(() => x.square(), true);
   * cost!.print(); // 9
   * x.print(); // 1.5
   */
  minimize(f: () => Tensor, returnCost = false, varList?: Variable[]): Tensor | null {
    this.throwIfDisposed('minimize');
    const who = `${this.getClassName()}.minimize`;
    // In a tidy, as TF.js: f's intermediates and the gradients are freed; only the cost may stay.
    return tidy(() => {
      const tape = new GradientTape();
      try {
        const value = tape.record(f);
        if (!(value instanceof Tensor)) throw new Error(`${who}: f must return a tensor, got ${describeValue(value)}`);
        if (value.rank !== 0) throw new Error(`${who}: f must return a scalar, got shape [${value.shape.join(',')}]`);
        const vars = (varList ?? tape.watchedVariables()).filter((v) => v.trainable);
        if (vars.length === 0) throw new Error(`${who}: f reads no trainable variables`);
        const grads = tape.gradient(value, vars);
        this.applyGradients(grads.map((g, i) => [g, vars[i]!] as const));
        return returnCost ? value : null;
      } finally {
        tape.dispose();
      }
    });
  }

  /** All the optimizer's variables in getWeights order: iterations, then each built variable's slots, then extras. */
  get variables(): Variable[] {
    const averages = this.built_.flatMap((v) => (this.averages.has(v) ? [this.averages.get(v)!] : []));
    return [this.iterations, ...this.built_.flatMap((v) => this.slotMap.get(v)!), ...this.extraVariables(), ...averages];
  }

  /**
   * Copies of the optimizer's state: iterations, then for each variable (in build order) its
   * slots, then optimizer-wide extras, then the moving averages (useEma).
   *
   * @example
   * const opt = new tp.optimizers.SGD({ momentum: 0.9 });
   * opt.build([tp.variable(tp.zeros([2]))]);
   * console.log(opt.getWeights().map((w) => w.shape)); // [[], [2]]
   */
  getWeights(): Tensor[] {
    this.throwIfDisposed('getWeights');
    return this.variables.map((v) => clone(v));
  }

  /** Names of getWeights' tensors (iterations, '<variable>/<slot>', ...), for saving. */
  getWeightNames(): string[] {
    return this.variables.map((v) => v.name.replace(/:\d+$/, ''));
  }

  /**
   * Restores state saved by getWeights. The optimizer must be built for the same variables
   * (as Keras: call build(model.trainableWeights) first).
   *
   * @example
   * const w = tp.variable(tp.zeros([2]));
   * const opt = new tp.optimizers.Adam();
   * opt.build([w]);
   * opt.setWeights([tp.scalar(5, 'int32'), tp.ones([2]), tp.ones([2])]);
   * opt.iterations.print(); // 5
   */
  setWeights(weights: readonly Tensor[]): void {
    this.throwIfDisposed('setWeights');
    if (!this.built)
      throw new Error(`${this.getClassName()}.setWeights: the optimizer is not built yet; call optimizer.build(variables) before setWeights()`);
    const vars = this.variables;
    if (weights.length !== vars.length)
      throw new Error(`${this.getClassName()}.setWeights: expected ${vars.length} weights (iterations and slots), got ${weights.length}`);
    vars.forEach((v, i) => {
      const w = weights[i]!;
      if (w.shape.length !== v.shape.length || w.shape.some((d, k) => d !== v.shape[k]))
        throw new Error(
          `${this.getClassName()}.setWeights: weight ${i} for '${v.name}' has shape [${w.shape.join(',')}], expected [${v.shape.join(',')}]`,
        );
    });
    tidy(() => vars.forEach((v, i) => v.assign(weights[i]!.dtype === v.dtype ? weights[i]! : cast(weights[i]!, v.dtype))));
  }

  /**
   * The constructor arguments (camelCase), with the learning rate as a number or a saved schedule.
   *
   * @example
   * console.log(new tp.optimizers.SGD({ learningRate: 0.1 }).getConfig().learningRate); // 0.1
   */
  getConfig(): Record<string, unknown> {
    const lr = this.schedule !== null ? serializeSchedule(this.schedule) : this.learningRate;
    return {
      name: this.name, learningRate: lr, weightDecay: this.weightDecay, clipnorm: this.clipnorm,
      globalClipnorm: this.globalClipnorm, clipvalue: this.clipvalue, useEma: this.useEma, emaMomentum: this.emaMomentum,
      emaOverwriteFrequency: this.emaOverwriteFrequency,
    };
  }

  /** Frees the optimizer's variables (iterations, learning rate, slots). */
  dispose(): void {
    if (this.disposed) return;
    for (const v of this.variables) v.dispose();
    this.lrVariable?.dispose();
    this.slotMap.clear();
    this.averages.clear();
    this.built_.length = 0;
    this.disposed = true;
  }
}

/** @internal A subclass's constructor arguments read from a saved config (snake_case allowed). */
export function configArgs<T>(config: object | undefined): T {
  return camelKeys(config) as T;
}
