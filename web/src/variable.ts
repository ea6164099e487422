// Variables: mutable tensors for model parameters (tf.Variable). A variable is one core handle made
// a variable (Host::make_variable): assignments replace the value held under that handle, tensors
// read from it earlier keep their values (as TF's reads), and gradient tapes and traced functions
// recognise it. Variables are not disposed by tidy, as in TF.js.
import { convertToTensor, describeValue, prepareValues, allocHandle, type TensorLike } from './convert.js';
import type { DType } from './dtype.js';
import { runOp1 } from './engine/run_op.js';
import { planIndex, type IndexArg, type IndexPlan } from './indexing.js';
import { engine } from './engine/engine.js';
import { add, sub } from './ops/binary.js';
import { cast } from './ops/unary.js';
import { named } from './ops/op_helpers.js';
import { stridedSliceSpec, stridedSliceUpdateSpec } from './ops/slicing.js';
import { Tensor } from './tensor.js';

let unnamedVariables = 0;

// TF's graph-style unique names: Variable:0, Variable_1:0, ...
function defaultName(): string {
  const n = unnamedVariables++;
  return n === 0 ? 'Variable:0' : `Variable_${n}:0`;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

// Variables by core handle: tapes report the variables they watched as handles.
const liveVariables = new Map<number, WeakRef<Variable>>();

/** @internal The live variable holding core handle `handle`, if any. */
export function variableForHandle(handle: number): Variable | undefined {
  const v = liveVariables.get(handle)?.deref();
  return v !== undefined && !v.isDisposed ? v : undefined;
}

/** @internal Every live variable, in creation order. */
export function liveVariableList(): Variable[] {
  const out: Variable[] = [];
  for (const ref of liveVariables.values()) {
    const v = ref.deref();
    if (v !== undefined && !v.isDisposed) out.push(v);
  }
  return out;
}

/**
 * A mutable tensor, for model parameters. Reading it (ops, data()) sees its current value;
 * `assign`, `assignAdd`, `assignSub` and slice assignment through `at(...)` replace the value,
 * keeping shape and dtype.
 *
 * @example
 * const v = tp.variable(tp.tensor([[1, 2, 3], [4, 5, 6]]));
 * v.assign(v.mul(2));
 * v.at('0, 1').assign(42);
 * v.at(':, 2').assign([0, 1]);
 * v.print(); // [[2, 42, 0], [8, 10, 1]]
 */
export class Variable extends Tensor {
  /** The variable's name: the given one or "Variable", "Variable_1", ... followed by ":0" as in TF. */
  readonly name: string;
  private isTrainable: boolean;
  /**
   * Applied after each optimizer update (Keras's `variable.constraint`): the optimizer assigns
   * `constraint(variable)` to the variable. Layers set it from their `kernelConstraint` etc.
   */
  constraint: ((w: Tensor) => Tensor) | null = null;
  /** Slices: the returned tensor also has `assign(value)`, which writes into this variable. */
  declare at: (...args: IndexArg[]) => VariableSlice;

  /** @internal Takes ownership of `handle`; use tp.variable() to create variables. */
  constructor(handle: number, shape: number[], dtype: DType, trainable: boolean, name: string) {
    super(handle, shape, dtype, 'unscoped');
    engine().module.makeVariable(handle, trainable);
    this.isTrainable = trainable;
    this.name = name;
    liveVariables.set(handle, new WeakRef(this));
  }

  /** Frees the variable; gradient tapes and tp.variableGrads no longer see it. */
  override dispose(): void {
    if (!this.isDisposed) liveVariables.delete(this.handle);
    super.dispose();
  }

  /** Whether gradient tapes watch this variable automatically (only floating variables are). */
  get trainable(): boolean {
    return this.isTrainable;
  }

  set trainable(on: boolean) {
    this.throwIfDisposed('trainable');
    engine().module.makeVariable(this.handle, on);
    this.isTrainable = on;
  }

  /** @internal Makes `t` the value; `owned` tensors (fresh op outputs) are disposed afterwards. */
  setValue(t: Tensor, op: string, owned: boolean): this {
    try {
      if (t.dtype !== this.dtype)
        throw new Error(
          `${op}: dtype mismatch, variable '${this.name}' is ${this.dtype} but the value is ${t.dtype} (convert it with tp.cast)`,
        );
      if (!sameShape(t.shape, this.shape))
        throw new Error(
          `${op}: the value's shape [${t.shape.join(',')}] differs from variable '${this.name}''s shape ` +
            `[${this.shape.join(',')}]; a variable keeps its shape`,
        );
      t.throwIfDisposed(op);
      engine().module.assign(this.handle, t.handle);
      return this;
    } finally {
      if (owned) t.dispose();
    }
  }

  /**
   * Sets the variable to `value` (a tensor or values of the same shape and dtype).
   *
   * @example
   * const v = tp.variable([1, 2]);
   * v.assign([3, 4]);
   * v.print(); // [3, 4]
   */
  assign(value: TensorLike): this {
    this.throwIfDisposed('assign');
    const { tensor, created } = convertToTensor(value, this.dtype, 'assign');
    return this.setValue(tensor, 'assign', created);
  }

  /**
   * Adds `value` to the variable.
   *
   * @example
   * const v = tp.variable([1, 2]);
   * v.assignAdd([10, 10]);
   * v.print(); // [11, 12]
   */
  assignAdd(value: TensorLike): this {
    this.throwIfDisposed('assignAdd');
    return this.setValue(add(this, value), 'assignAdd', true);
  }

  /**
   * Subtracts `value` from the variable.
   *
   * @example
   * const v = tp.variable([1, 2]);
   * v.assignSub([1, 1]);
   * v.print(); // [0, 1]
   */
  assignSub(value: TensorLike): this {
    this.throwIfDisposed('assignSub');
    return this.setValue(sub(this, value), 'assignSub', true);
  }

  /** @internal */
  protected override details(): string[] {
    return [`  name: ${this.name}`, ...super.details(), ...(this.trainable ? [] : ['  trainable: false'])];
  }
}

/**
 * A slice of a variable, read like any tensor; `assign(value)` writes `value` (broadcast to the
 * slice's shape) into that region of the variable.
 *
 * @example
 * const v = tp.variable([[1, 2], [3, 4]]);
 * const row = v.at(1); // a VariableSlice
 * row.print(); // [3, 4]
 * row.assign(0);
 * v.print(); // [[1, 2], [0, 0]]
 */
export class VariableSlice extends Tensor {
  /** @internal */
  constructor(
    view: Tensor,
    /** The variable this slice was taken from (`variable()` is TF.js's tensor method). */
    readonly source: Variable,
    private readonly plan: IndexPlan,
  ) {
    super(view.takeHandle(), view.shape, view.dtype);
  }

  /**
   * Writes `value` into this region of the variable; returns the variable.
   *
   * @example
   * const v = tp.variable([[1, 2, 3], [4, 5, 6]]);
   * v.at(':, 2').assign([0, 1]);
   * v.print(); // [[1, 2, 0], [4, 5, 1]]
   */
  assign(value: TensorLike): Variable {
    const v = this.source;
    v.throwIfDisposed('assign');
    if (this.plan.gather !== null)
      throw new Error('assign: cannot assign through an index array; use tp.scatterND to build the update');
    const { tensor, created } = convertToTensor(value, v.dtype, 'assign');
    try {
      return v.setValue(stridedSliceUpdateSpec(v, tensor, this.plan.spec), 'assign', true);
    } finally {
      if (created) tensor.dispose();
    }
  }
}

function indexVariable(this: Variable, ...args: IndexArg[]): VariableSlice {
  this.throwIfDisposed('at');
  const plan = planIndex(args, this.rank);
  if (plan.gather !== null) throw new Error('at: a variable slice cannot use an index array; read it with tp.gather');
  return new VariableSlice(stridedSliceSpec(this, plan.spec), this, plan);
}
Object.defineProperty(Variable.prototype, 'at', { value: indexVariable, writable: true, configurable: true });

/**
 * A new variable holding a copy of `initialValue` (a tensor, or values as for tp.tensor).
 * `trainable` variables are watched by gradient tapes; `dtype` converts the initial value.
 *
 * @example
 * const v = tp.variable(tp.tensor([[1, 2, 3], [4, 5, 6]]));
 * console.log(v.name, v.shape, v.dtype); // Variable:0 [2, 3] float32
 */
export function variable(initialValue: TensorLike, trainable = true, name?: string, dtype?: DType): Variable {
  if (typeof trainable !== 'boolean') throw new Error(`variable: trainable must be a boolean, got ${describeValue(trainable)}`);
  if (name !== undefined && name !== null && typeof name !== 'string') throw new Error(`variable: name must be a string, got ${describeValue(name)}`);
  // As TF.js: a name is taken while a variable of that name is alive.
  if (name !== undefined && name !== null) {
    const full = name.includes(':') ? name : `${name}:0`;
    if (liveVariableList().some((v) => v.name === full))
      throw new Error(`variable: a variable named '${name}' already exists (dispose it first, or choose another name)`);
  }
  return createVariable(initialValue, trainable, name, dtype);
}

/** @internal variable() without the unique-name check, for layers, optimizers and metrics, whose names may repeat across models. */
export function createVariable(initialValue: TensorLike, trainable = true, name?: string, dtype?: DType): Variable {
  const fullName = name !== undefined && name !== null ? (name.includes(':') ? name : `${name}:0`) : defaultName();
  if (initialValue instanceof Tensor) {
    initialValue.throwIfDisposed('variable');
    const copy = named('variable', () => (dtype !== undefined && dtype !== initialValue.dtype ? cast(initialValue, dtype) : runOp1('copy', [initialValue])));
    return new Variable(copy.takeHandle(), copy.shape, copy.dtype, trainable, fullName);
  }
  const p = prepareValues(initialValue, undefined, dtype, 'variable');
  return new Variable(allocHandle(p.data, p.shape, p.dtype), p.shape, p.dtype, trainable, fullName);
}
