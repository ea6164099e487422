// The streaming Metric base class (keras.metrics.Metric): state in non-trainable variables made
// by addWeight, updateState folds a batch into them, result reads them.
import type { TensorLike } from '../convert.js';
import type { DType } from '../dtype.js';
import { tidy } from '../memory.js';
import { fill } from '../ops/fill.js';
import { clone } from '../ops/shape.js';
import { tensor } from '../ops/tensor_from_values.js';
import { Tensor } from '../tensor.js';
import { Variable, createVariable as variable } from '../variable.js';

/** Constructor arguments every Metric takes. */
export interface MetricArgs {
  /** Name shown in logs (Keras's snake_case default of each class when left out). */
  name?: string;
  /** dtype of the state variables and the result. Default float32. */
  dtype?: DType;
}

/** What `getConfig()` returns: constructor arguments that rebuild the metric. */
export interface MetricConfig {
  name: string;
  dtype: DType;
  [key: string]: unknown;
}

/** How addWeight fills a new variable: 'zeros', 'ones', or an initializer object or function. */
export type WeightInitializer =
  | 'zeros'
  | 'ones'
  | { apply(shape: number[], dtype?: DType): Tensor }
  | ((shape: number[], dtype: DType) => Tensor);

/** Options of addWeight in the object form. */
export interface AddWeightArgs {
  name: string;
  shape?: number[];
  initializer?: WeightInitializer;
  dtype?: DType;
}

function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

function initialValue(init: WeightInitializer, shape: number[], dtype: DType, where: string): Tensor {
  if (init === 'zeros' || init === 'ones') return fill(shape, init === 'ones' ? 1 : 0, dtype);
  if (typeof init === 'function') return init(shape, dtype);
  if (typeof init === 'object' && init !== null && typeof init.apply === 'function') return init.apply(shape, dtype);
  throw new Error(`${where}: initializer must be 'zeros', 'ones', an initializer object or a function (shape, dtype) => Tensor, got ${JSON.stringify(init)}`);
}

// Arrays and numbers given to updateState become tensors of the metric's dtype.
function toTensorArg(x: unknown, dtype: DType): unknown {
  if (x === null || x === undefined || x instanceof Tensor) return x;
  if (typeof x === 'number' || typeof x === 'boolean' || Array.isArray(x) || ArrayBuffer.isView(x)) return tensor(x as never, undefined, dtype);
  return x;
}

/**
 * Base class of streaming metrics (keras.metrics.Metric). A subclass creates its state with
 * `addWeight` in the constructor, implements `updateState(yTrue, yPred, sampleWeight?)` with
 * tensor ops and `assign`/`assignAdd` only (it runs inside compiled training steps: no
 * `dataSync()`, no JS branching on values) and `result()` from the state.
 *
 * As Keras wraps update_state, every instance's `updateState` and `result` run inside `tp.tidy`
 * (temporaries are freed) and take plain arrays (converted to the metric's dtype); a result that
 * is a state variable is returned as a copy. `apply(...)` is Keras's `metric(...)`: update, then
 * the result. `resetState()` zeroes every state variable.
 *
 * @example
 * // The course's HuberMetric, streaming the mean Huber loss.
 * const createHuber = (threshold: number) => (yTrue: tp.Tensor, yPred: tp.Tensor) => {
 *   const error = yTrue.sub(yPred);
 *   const linear = tp.abs(error).mul(threshold).sub(threshold ** 2 / 2);
 *   return tp.where(tp.abs(error).less(threshold), tp.square(error).div(2), linear);
 * };
 * class HuberMetric extends tp.metrics.Metric {
 *   threshold: number;
 *   huberFn: (yTrue: tp.Tensor, yPred: tp.Tensor) => tp.Tensor;
 *   total: tp.Variable;
 *   count: tp.Variable;
 *   constructor(threshold = 1, args: tp.metrics.MetricArgs = {}) {
 *     super(args);
 *     this.threshold = threshold;
 *     this.huberFn = createHuber(threshold);
 *     this.total = this.addWeight('total', [], 'zeros');
 *     this.count = this.addWeight('count', [], 'zeros');
 *   }
 *   updateState(yTrue: tp.Tensor, yPred: tp.Tensor) {
 *     this.total.assignAdd(tp.sum(this.huberFn(yTrue, yPred)));
 *     this.count.assignAdd(tp.scalar(yTrue.size));
 *   }
 *   result() { return this.total.div(this.count); }
 *   getConfig() { return { ...super.getConfig(), threshold: this.threshold }; }
 * }
 * const m = new HuberMetric(2);
 * m.apply([0, 0], [1, 3]).print(); // 2.25
 * m.apply([0], [0]).print(); // 1.5
 */
export abstract class Metric {
  /** Registered class name (serialization). */
  static className = 'Metric';
  readonly name: string;
  readonly dtype: DType;
  private readonly stateVariables: Variable[] = [];

  constructor(args: MetricArgs = {}) {
    this.name = args.name ?? snakeCase(new.target.name);
    this.dtype = args.dtype ?? 'float32';
    // `this.updateState` / `this.result` are the most derived class's methods here.
    const update = this.updateState;
    const result = this.result;
    const own = (name: string, value: unknown) => Object.defineProperty(this, name, { value, writable: true, configurable: true, enumerable: false });
    own('updateState', (...args: unknown[]): void => {
      tidy(() => {
        update.apply(this, args.map((a) => toTensorArg(a, this.dtype)) as never);
      });
    });
    own('result', (): Tensor =>
      tidy(() => {
        const r = result.call(this);
        if (!(r instanceof Tensor)) throw new Error(`metric '${this.name}': result() must return a tensor`);
        return r instanceof Variable ? clone(r) : r;
      }),
    );
  }

  /**
   * Creates a non-trainable state variable named `${metric.name}/${name}` (zeros by default),
   * tracked for `weights`, `resetState` and `dispose`. Also takes ({name, shape, initializer, dtype}).
   *
   * @example
   * class Counter extends tp.metrics.Metric {
   *   n = this.addWeight('n');
   *   updateState(values: tp.Tensor) { this.n.assignAdd(tp.scalar(values.size)); }
   *   result() { return this.n.mul(1); }
   * }
   * const c = new Counter();
   * c.updateState([1, 2, 3]);
   * c.result().print(); // 3
   */
  addWeight(nameOrArgs: string | AddWeightArgs, shape: number[] = [], initializer: WeightInitializer = 'zeros', dtype?: DType): Variable {
    const a: AddWeightArgs = typeof nameOrArgs === 'string' ? { name: nameOrArgs, shape, initializer, dtype: dtype ?? this.dtype } : nameOrArgs;
    const where = `metric '${this.name}': addWeight '${a.name}'`;
    const s = a.shape ?? [];
    const d = a.dtype ?? this.dtype;
    const init = tidy(() => initialValue(a.initializer ?? 'zeros', s, d, where));
    if (init.shape.length !== s.length || init.shape.some((x, i) => x !== s[i]))
      throw new Error(`${where}: the initializer gave shape [${init.shape.join(',')}], expected [${s.join(',')}]`);
    const v = variable(init, false, `${this.name}/${a.name}`, d);
    init.dispose();
    this.stateVariables.push(v);
    return v;
  }

  /** Keras's add_variable, the same as addWeight. @example const v = new tp.metrics.Mean().addVariable('extra', [2]); */
  addVariable(nameOrArgs: string | AddWeightArgs, shape: number[] = [], initializer: WeightInitializer = 'zeros', dtype?: DType): Variable {
    return this.addWeight(nameOrArgs, shape, initializer, dtype);
  }

  /** Folds one batch into the state (tensor ops and assigns only). */
  abstract updateState(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): void;

  /** The metric's value from the current state (a new tensor; traceable). */
  abstract result(): Tensor;

  /**
   * Sets every state variable back to zeros (Keras's reset_state).
   *
   * @example
   * const m = new tp.metrics.Mean();
   * m.updateState([1, 3]);
   * m.resetState();
   * m.result().print(); // 0
   */
  resetState(): void {
    tidy(() => {
      for (const v of this.stateVariables) v.assign(fill(v.shape, 0, v.dtype));
    });
  }

  /** Keras 2's name of resetState. @example new tp.metrics.Sum().resetStates(); */
  resetStates(): void {
    this.resetState();
  }

  /**
   * updateState(...args), then result(): Keras's `metric(yTrue, yPred, sampleWeight)`.
   *
   * @example
   * const precision = new tp.metrics.Precision();
   * precision.apply([0, 1, 1, 1, 0, 1, 0, 1], [1, 1, 0, 1, 0, 1, 0, 1]).print(); // 0.8
   * precision.apply([0, 1, 0, 0, 1, 0, 1, 1], [1, 0, 1, 1, 0, 0, 0, 0]).print(); // 0.5
   */
  apply(yTrue: TensorLike, yPred?: TensorLike | null, sampleWeight?: TensorLike | null): Tensor {
    this.updateState(yTrue, yPred, sampleWeight);
    return this.result();
  }

  /** The state variables, in creation order. @example console.log(new tp.metrics.Mean().weights.length); // 2 */
  get weights(): Variable[] {
    return [...this.stateVariables];
  }

  /** Keras's name of `weights`. @example console.log(new tp.metrics.Sum().variables.length); // 1 */
  get variables(): Variable[] {
    return this.weights;
  }

  /** The state variables (a metric has no trainable ones). @example console.log(new tp.metrics.AUC().nonTrainableWeights.length); // 4 */
  get nonTrainableWeights(): Variable[] {
    return this.weights;
  }

  /** No trainable weights, as in Keras. @example console.log(new tp.metrics.Mean().trainableWeights); // [] */
  get trainableWeights(): Variable[] {
    return [];
  }

  /**
   * The constructor arguments as a plain object (Keras's get_config).
   *
   * @example
   * console.log(new tp.metrics.BinaryAccuracy({ threshold: 0.7 }).getConfig()); // { name: 'binary_accuracy', dtype: 'float32', threshold: 0.7 }
   */
  getConfig(): MetricConfig {
    return { name: this.name, dtype: this.dtype };
  }

  /**
   * Rebuilds a metric from `getConfig()` output (the class's constructor takes that object).
   *
   * @example
   * const acc = tp.metrics.BinaryAccuracy.fromConfig({ name: 'acc', dtype: 'float32', threshold: 0.3 });
   * console.log(acc.name); // acc
   */
  static fromConfig<T extends Metric>(this: new (config: never) => T, config: object): T {
    return new this(config as never);
  }

  /**
   * Frees the state variables.
   *
   * @example
   * const m = new tp.metrics.Mean();
   * m.dispose();
   */
  dispose(): void {
    for (const v of this.stateVariables) v.dispose();
    this.stateVariables.length = 0;
  }
}
