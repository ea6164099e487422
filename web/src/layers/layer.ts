// The base class of every layer and model (Keras's Layer, with TF.js's names): unique names,
// building on the first call from the input shape, weights made by addWeight (trainable or not,
// with regularizers and constraints), losses, the functional API's nodes and configs.
import type { DType } from '../dtype.js';
import { isDType } from '../dtype.js';
import { tidy } from '../memory.js';
import { div } from '../ops/binary.js';
import { clone } from '../ops/shape.js';
import { scalar, tensor } from '../ops/tensor_from_values.js';
import { Tensor } from '../tensor.js';
import { createVariable as variable, type Variable } from '../variable.js';
import { inCall, inheritedTraining, isOutermostCall, notePendingLoss, pendingCallLosses } from './call_context.js';
import {
  getConstraint, getInitializer, getRegularizer,
  type ConstraintIdentifier, type InitializerIdentifier, type RegularizerIdentifier, type RegularizerLike,
} from './components.js';
import { checkInputSpec, type InputSpec } from './input_spec.js';
import { toSnakeCase, uniqueName } from './naming.js';
import { Node } from './node.js';
import { probeOutputShape } from './output_shape.js';
import { classNameOf, type ConfigDict } from './serialization.js';
import { formatShape, isShapeList, pythonShape, type Shape } from './shape.js';
import { SymbolicTensor, isSymbolic } from './symbolic_tensor.js';

/** What Layer.apply takes: tensors (or nested number arrays) to compute, symbolic tensors to record a call. */
export type LayerInputs = Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[] | number[] | number[][];
/** What Layer.apply returns: the outputs, symbolic for symbolic inputs; a list for several outputs. */
export type LayerOutputs = Tensor | Tensor[] | SymbolicTensor | SymbolicTensor[];

/** Keyword arguments of a layer call. `training` switches dropout and batch normalization. */
export interface CallKwargs {
  training?: boolean;
  mask?: Tensor | null;
  [k: string]: unknown;
}

/** Arguments every layer accepts. */
export interface LayerArgs {
  name?: string;
  trainable?: boolean;
  /** Input shape without the batch dimension (first layer of a Sequential model). */
  inputShape?: Shape;
  /** Input shape with the batch dimension (null for any). */
  batchInputShape?: Shape;
  /** Batch size used with `inputShape`. */
  batchSize?: number;
  dtype?: DType;
  /** Penalty on the layer's output, added to `losses` on each call (divided by the batch size). */
  activityRegularizer?: RegularizerIdentifier;
}

/** Arguments of addWeight in object form. */
export interface AddWeightArgs {
  name: string;
  shape: number[];
  dtype?: DType;
  initializer?: InitializerIdentifier;
  regularizer?: RegularizerIdentifier;
  trainable?: boolean;
  constraint?: ConstraintIdentifier;
}

interface WeightRecord {
  variable: Variable;
  trainable: boolean;
  regularizer: RegularizerLike | null;
}

function isPlainObject(x: unknown): x is { [k: string]: unknown } {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

function dedupe<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

// Keyword arguments kept in a node (and in model.json): JSON values only.
function serializableKwargs(kwargs: CallKwargs): CallKwargs {
  const out: CallKwargs = {};
  for (const [k, v] of Object.entries(kwargs)) if (v === null || ['boolean', 'number', 'string'].includes(typeof v)) out[k] = v;
  return out;
}

/**
 * A layer: a computation from input tensors to output tensors, with its own weights. Subclass it
 * and override `build` (make weights with `addWeight`), `call` (the forward pass) and
 * `computeOutputShape`; call it with `apply` on tensors, or on symbolic tensors to build a
 * functional model.
 *
 * @example
 * class MyDense extends tp.layers.Layer {
 *   kernel!: tp.Variable;
 *   bias!: tp.Variable;
 *   constructor(private units: number) { super(); }
 *   build(inputShape: (number | null)[]) {
 *     this.kernel = this.addWeight('kernel', [inputShape[inputShape.length - 1]!, this.units], 'glorotNormal');
 *     this.bias = this.addWeight('bias', [this.units], 'zeros');
 *   }
 *   call(x: tp.Tensor) { return tp.matMul(x, this.kernel).add(this.bias); }
 *   computeOutputShape(s: (number | null)[]) { return [...s.slice(0, -1), this.units]; }
 * }
 * const layer = new MyDense(2);
 * console.log(layer.apply(tp.ones([4, 3])).shape, layer.countParams()); // [4, 2] 8
 */
export class Layer {
  /** The class name written to configs; subclasses set their own for serialization. */
  static className = 'Layer';
  /** Unique name ('dense', 'dense_1', ...); weight variables are named `${name}/<weight>`. */
  readonly name: string;
  /** True once `build` ran (on the first call, or explicitly). */
  built = false;
  /** dtype of the weights. */
  dtype: DType;
  /** Input shape with batch dimension given at construction (inputShape / batchInputShape), else null. */
  batchInputShape: Shape | null;
  /** What the layer accepts; checked on each call. */
  inputSpec: InputSpec | InputSpec[] | null = null;
  /** Penalty on the outputs (Keras's activity_regularizer). */
  activityRegularizer: RegularizerLike | null;
  /** @internal The layer's calls on symbolic tensors. */
  inboundNodes: Node[] = [];
  /** @internal Calls of other layers on this layer's outputs. */
  outboundNodes: Node[] = [];
  private trainableFlag: boolean;
  private ownWeights: WeightRecord[] = [];
  private callLosses: Tensor[] = [];
  private callableLosses: (() => Tensor)[] = [];
  private disposedFlag = false;
  private buildingInApply = false;

  constructor(args: LayerArgs = {}) {
    const ctor = this.constructor as typeof Layer;
    this.name = args.name ?? uniqueName(toSnakeCase(classNameOf(ctor)), ctor.zeroBasedNames);
    if (typeof this.name !== 'string' || this.name === '') throw new Error(`${classNameOf(ctor)}: name must be a non-empty string`);
    this.trainableFlag = args.trainable ?? true;
    this.dtype = args.dtype ?? 'float32';
    if (args.batchInputShape !== undefined && args.batchInputShape !== null) this.batchInputShape = [...args.batchInputShape];
    else if (args.inputShape !== undefined && args.inputShape !== null) this.batchInputShape = [args.batchSize ?? null, ...args.inputShape];
    else this.batchInputShape = null;
    this.activityRegularizer = getRegularizer(args.activityRegularizer);
  }

  /** @internal Default names count from 0 ('dense', 'dense_1'); inputs count from 1. */
  static zeroBasedNames = true;

  /** `dense 'dense_1'`: how errors name this layer. */
  protected get who(): string {
    return `${toSnakeCase(classNameOf(this.constructor as typeof Layer))} '${this.name}'`;
  }

  /** The class name used in configs and summaries. */
  getClassName(): string {
    return classNameOf(this.constructor as typeof Layer);
  }

  /** Whether the layer's weights are trained; setting it sets all sublayers too (Keras). */
  get trainable(): boolean {
    return this.trainableFlag;
  }

  set trainable(on: boolean) {
    this.trainableFlag = on;
    for (const r of this.ownWeights) if (!r.variable.isDisposed) r.variable.trainable = on && r.trainable;
    for (const l of this.trackedLayers()) l.trainable = on;
  }

  // ---- sublayers -------------------------------------------------------------------------------

  /**
   * The layers this layer holds directly, in the order they were assigned: properties whose
   * value is a layer or an array/plain object of layers (as Keras tracks attributes). Models
   * with a graph override this with their layer list.
   */
  trackedLayers(): Layer[] {
    const out: Layer[] = [];
    const seen = new Set<unknown>();
    const visit = (v: unknown): void => {
      if (v instanceof Layer) {
        if (v !== this && !out.includes(v)) out.push(v);
        return;
      }
      if (typeof v !== 'object' || v === null || seen.has(v)) return;
      seen.add(v);
      if (Array.isArray(v)) v.forEach(visit);
      else if (v instanceof Map) v.forEach(visit);
      else if (isPlainObject(v)) Object.values(v).forEach(visit);
    };
    for (const key of Object.keys(this)) visit((this as unknown as { [k: string]: unknown })[key]);
    return out;
  }

  /** This layer and all layers under it, each once, parents first. */
  flattenLayers(includeSelf = true): Layer[] {
    const out: Layer[] = [];
    const visit = (l: Layer): void => {
      if (out.includes(l)) return;
      out.push(l);
      l.trackedLayers().forEach(visit);
    };
    visit(this);
    return includeSelf ? out : out.slice(1);
  }

  // ---- weights ---------------------------------------------------------------------------------

  /**
   * Makes a weight variable named `${layer.name}/${name}`, initialized by `initializer`
   * (default glorotUniform for floats, zeros otherwise). Three forms: TF.js's positional
   * `(name, shape, dtype?, initializer?, regularizer?, trainable?, constraint?)`,
   * `(name, shape, initializer)`, and `({name, shape, initializer, ...})`.
   *
   * @example
   * const layer = new tp.layers.Layer();
   * const w = layer.addWeight('w', [2, 2], 'ones');
   * console.log(w.name, layer.weights.length); // 'layer/w:0' 1
   */
  addWeight(
    nameOrArgs: string | AddWeightArgs,
    shape?: number[],
    dtypeOrInitializer?: DType | InitializerIdentifier | null,
    initializer?: InitializerIdentifier | null,
    regularizer?: RegularizerIdentifier,
    trainable?: boolean,
    constraint?: ConstraintIdentifier,
  ): Variable {
    let a: AddWeightArgs;
    if (typeof nameOrArgs === 'object') a = nameOrArgs;
    else {
      if (shape === undefined) throw new Error(`${this.who}: addWeight('${nameOrArgs}') needs a shape`);
      const dtypeGiven = isDType(dtypeOrInitializer);
      a = {
        name: nameOrArgs, shape,
        dtype: dtypeGiven ? (dtypeOrInitializer as DType) : undefined,
        initializer: (dtypeGiven ? initializer : (dtypeOrInitializer ?? initializer)) ?? undefined,
        regularizer, trainable, constraint,
      };
    }
    const dtype = a.dtype ?? this.dtype;
    if (!Array.isArray(a.shape) || a.shape.some((d) => !Number.isInteger(d) || d < 0))
      throw new Error(`${this.who}: addWeight('${a.name}'): shape must be a list of non-negative integers, got ${JSON.stringify(a.shape)}`);
    const init = getInitializer(a.initializer ?? (dtype === 'float32' || dtype === 'float64' ? 'glorotUniform' : 'zeros'));
    const isTrainable = a.trainable ?? true;
    const value = tidy(() => init.apply([...a.shape], dtype));
    if (value.shape.length !== a.shape.length || value.shape.some((d, i) => d !== a.shape[i]))
      throw new Error(`${this.who}: the initializer of '${a.name}' made shape ${formatShape(value.shape)}, expected ${formatShape(a.shape)}`);
    const v = variable(value, isTrainable && this.trainableFlag, `${this.name}/${a.name}`, dtype);
    value.dispose();
    const c = getConstraint(a.constraint);
    if (c !== null) v.constraint = (w: Tensor) => c.apply(w);
    this.ownWeights.push({ variable: v, trainable: isTrainable, regularizer: getRegularizer(a.regularizer) });
    return v;
  }

  /**
   * @internal Weights of one kind, this layer's and its sublayers' (`visiting` breaks reference
   * cycles between layers). A layer lists its own weights first; models override the order.
   */
  gatherWeights(kind: 'trainable' | 'nonTrainable' | 'all', visiting: Set<Layer> = new Set()): Variable[] {
    if (visiting.has(this)) return [];
    if (kind === 'all') return dedupe([...this.gatherWeights('trainable', visiting), ...this.gatherWeights('nonTrainable', visiting)]);
    visiting.add(this);
    try {
      const own = (trainable: boolean) => this.ownWeights.filter((r) => r.trainable === trainable).map((r) => r.variable);
      const children = (k: 'trainable' | 'nonTrainable' | 'all') => this.trackedLayers().flatMap((l) => l.gatherWeights(k, visiting));
      if (kind === 'trainable') return this.trainable ? dedupe([...own(true), ...children('trainable')]) : [];
      if (!this.trainable) return dedupe([...own(true), ...own(false), ...children('all')]);
      return dedupe([...own(false), ...children('nonTrainable')]);
    } finally {
      visiting.delete(this);
    }
  }

  /** @internal This layer's own weight variables (not its sublayers'), trainable ones first when `trainable`. */
  protected ownVariables(kind: 'trainable' | 'nonTrainable' | 'all'): Variable[] {
    const t = this.ownWeights.filter((r) => r.trainable).map((r) => r.variable);
    const n = this.ownWeights.filter((r) => !r.trainable).map((r) => r.variable);
    if (kind === 'all') return [...t, ...n];
    if (!this.trainable) return kind === 'trainable' ? [] : [...t, ...n];
    return kind === 'trainable' ? t : n;
  }

  /** Trainable weights of this layer and its sublayers ([] when `trainable` is false). */
  get trainableWeights(): Variable[] {
    return this.gatherWeights('trainable');
  }

  /** Non-trainable weights (moving statistics; all weights when `trainable` is false). */
  get nonTrainableWeights(): Variable[] {
    return this.gatherWeights('nonTrainable');
  }

  /** All weights: trainable first, then non-trainable (Keras's order for layers). */
  get weights(): Variable[] {
    return this.gatherWeights('all');
  }

  /** Keras's name for trainableWeights. */
  get trainableVariables(): Variable[] {
    return this.trainableWeights;
  }

  /** Keras's name for nonTrainableWeights. */
  get nonTrainableVariables(): Variable[] {
    return this.nonTrainableWeights;
  }

  /** Keras's name for weights. */
  get variables(): Variable[] {
    return this.weights;
  }

  /**
   * Copies of the weights' values, in `weights` order (the caller owns them).
   *
   * @example
   * const d = tp.layers.dense({ units: 1, inputShape: [2] });
   * tp.sequential([d]);
   * console.log(d.getWeights().map((w) => w.shape)); // [[2, 1], [1]]
   */
  getWeights(trainableOnly = false): Tensor[] {
    return (trainableOnly ? this.trainableWeights : this.weights).map((v) => clone(v));
  }

  /**
   * Sets the weights from tensors (or nested arrays) in `weights` order.
   *
   * @example
   * const d = tp.layers.dense({ units: 1, inputShape: [2] });
   * tp.sequential([d]);
   * d.setWeights([tp.tensor([[1], [2]]), tp.tensor([3])]);
   * d.apply(tp.tensor([[1, 1]])).print(); // [[6]]
   */
  setWeights(weights: (Tensor | number[] | number[][] | number)[]): void {
    const vars = this.weights;
    if (weights.length !== vars.length)
      throw new Error(
        `${this.who}: setWeights got ${weights.length} weights, the layer has ${vars.length} (${vars.map((v) => `${v.name} ${formatShape(v.shape)}`).join(', ')})`,
      );
    vars.forEach((v, i) => {
      const w = weights[i]!;
      const t = w instanceof Tensor ? w : tensor(w as number[], undefined, v.dtype);
      try {
        if (t.shape.length !== v.shape.length || t.shape.some((d, k) => d !== v.shape[k]))
          throw new Error(`${this.who}: setWeights: weight ${i} ('${v.name}') has shape ${formatShape(v.shape)}, got ${formatShape(t.shape)}`);
        v.assign(t.dtype === v.dtype ? t : t.cast(v.dtype));
      } finally {
        if (t !== w) t.dispose();
      }
    });
  }

  /**
   * Number of weight values (all weights, trainable or not).
   *
   * @example
   * const d = tp.layers.dense({ units: 4, inputShape: [3] });
   * tp.sequential([d]);
   * console.log(d.countParams()); // 16
   */
  countParams(): number {
    if (!this.built && this.weights.length === 0)
      throw new Error(`${this.who}: countParams() needs the layer built; call it on data first or build it with layer.build(batchInputShape)`);
    return this.weights.reduce((n, v) => n + v.size, 0);
  }

  // ---- losses ----------------------------------------------------------------------------------

  /**
   * Adds a loss: a tensor (kept until the next call of the outermost layer, as Keras's
   * add_loss inside call) or a function returning one (evaluated at each `losses` access).
   *
   * @example
   * class Penalized extends tp.layers.Layer {
   *   call(x: tp.Tensor) { this.addLoss(x.square().mean().mul(0.1)); return x; }
   * }
   * const layer = new Penalized();
   * layer.apply(tp.tensor([[1, 3]]));
   * layer.losses[0]!.print(); // 0.5
   */
  addLoss(loss: Tensor | (() => Tensor) | number | (Tensor | (() => Tensor))[]): void {
    if (Array.isArray(loss)) {
      loss.forEach((l) => this.addLoss(l));
      return;
    }
    if (typeof loss === 'function') {
      this.callableLosses.push(loss);
      return;
    }
    if ((loss as unknown) instanceof SymbolicTensor)
      throw new Error(`${this.who}: addLoss on a symbolic tensor is not supported; add the loss inside a layer's call()`);
    const t = typeof loss === 'number' ? scalar(loss) : loss;
    if (!(t instanceof Tensor)) throw new Error(`${this.who}: addLoss expects a tensor or a function returning one`);
    this.callLosses.push(t);
    notePendingLoss(t);
  }

  /**
   * Losses of this layer and its sublayers: those added with addLoss during the last call
   * (and activity regularization), then the weight regularization penalties, computed now (so
   * a recording GradientTape sees them).
   *
   * @example
   * const d = tp.layers.dense({ units: 1, kernelInitializer: 'ones', kernelRegularizer: tp.regularizers.l2({ l2: 0.5 }) });
   * d.apply(tp.ones([1, 2]));
   * d.losses[0]!.print(); // 1
   */
  get losses(): Tensor[] {
    const layers = this.flattenLayers();
    const out: Tensor[] = [];
    for (const l of layers) out.push(...l.callLosses);
    for (const l of layers) {
      for (const r of l.ownWeights) if (r.regularizer !== null) out.push(tidy(() => r.regularizer!.apply(r.variable)));
      for (const f of l.callableLosses) out.push(f());
    }
    return out;
  }

  /** @internal Forgets (and frees) the call losses of this layer and its sublayers. */
  clearCallLosses(): void {
    for (const l of this.flattenLayers()) {
      for (const t of l.callLosses) t.dispose();
      l.callLosses = [];
    }
  }

  // ---- building and calling --------------------------------------------------------------------

  /**
   * Makes the weights for inputs of `inputShape` (a shape, or a list for several inputs). Runs
   * once, on the first call; override it to create weights, ending with `super.build(inputShape)`.
   */
  build(inputShape: Shape | Shape[]): void {
    void inputShape;
    this.built = true;
  }

  /** @internal True while build() runs from apply() (models build by calling otherwise). */
  protected get buildingFromApply(): boolean {
    return this.buildingInApply;
  }

  /** @internal Builds from the first call's input shape(s). */
  protected maybeBuild(shape: Shape | Shape[]): void {
    if (this.built) return;
    this.buildingInApply = true;
    try {
      this.build(shape);
    } finally {
      this.buildingInApply = false;
    }
    this.built = true;
  }

  /** The forward pass; override it. The base layer returns its inputs. */
  call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor | Tensor[] {
    void kwargs;
    return inputs;
  }

  /**
   * The output shape for inputs of `inputShape`. The base layer runs `call` on zeros to find it;
   * layers whose output shape is known override it.
   */
  computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    const isList = isShapeList(inputShape);
    const shapes = isList ? inputShape : [inputShape as Shape];
    const dtypes = this.probeDTypes ?? shapes.map(() => this.dtype);
    return probeOutputShape(this, shapes, isList, dtypes, this.who);
  }

  private probeDTypes: DType[] | null = null;

  /** dtype of the outputs for inputs of these dtypes (the first input's by default). */
  protected computeOutputDType(inputDTypes: DType[]): DType {
    return inputDTypes[0] ?? this.dtype;
  }

  /** @internal Checks input shapes against inputSpec. */
  protected assertInputCompatible(shapes: Shape[]): void {
    if (this.inputSpec === null) return;
    const specs = Array.isArray(this.inputSpec) ? this.inputSpec : [this.inputSpec];
    if (specs.length > 1 && specs.length !== shapes.length)
      throw new Error(`${this.who}: expects ${specs.length} inputs, got ${shapes.length}`);
    specs.forEach((s, i) => checkInputSpec(s, shapes[i]!, this.who, specs.length > 1 ? i : null));
  }

  /**
   * Calls the layer: on tensors, computes the outputs (building the layer the first time); on
   * symbolic tensors (from tp.input), records the call and returns symbolic outputs. `training`
   * is inherited by sublayers called without it.
   *
   * The result is typed as one tensor (symbolic for symbolic inputs); a layer with several
   * outputs names its list type, as TF.js's ops take their result type: `apply<tp.Tensor[]>(x)`.
   *
   * @example
   * const dense = tp.layers.dense({ units: 3, activation: 'relu' });
   * console.log(dense.apply(tp.ones([2, 4])).shape); // [2, 3]
   * console.log(dense.apply(tp.input({ shape: [4] })).shape); // [null, 3]
   */
  apply<T extends SymbolicTensor | SymbolicTensor[] = SymbolicTensor>(inputs: SymbolicTensor | SymbolicTensor[], kwargs?: CallKwargs): T;
  apply<T extends Tensor | Tensor[] = Tensor>(inputs: Tensor | Tensor[] | number[] | number[][], kwargs?: CallKwargs): T;
  apply(inputs: LayerInputs, kwargs?: CallKwargs): LayerOutputs;
  apply(inputs: LayerInputs, kwargs: CallKwargs = {}): LayerOutputs {
    if (this.disposedFlag) throw new Error(`${this.who}: the layer was disposed`);
    if (isSymbolic(inputs)) return this.applySymbolic(inputs as SymbolicTensor | SymbolicTensor[], kwargs);
    const isList = Array.isArray(inputs) && inputs.length > 0 && inputs.every((x) => x instanceof Tensor);
    if (isList) (inputs as Tensor[]).forEach((t) => t.throwIfDisposed(this.name));
    if (isOutermostCall()) this.clearCallLosses();
    const training = typeof kwargs.training === 'boolean' ? kwargs.training : inheritedTraining();
    return inCall(training, () => {
      const [out] = tidy(() => {
        const list = isList ? (inputs as Tensor[]) : [inputs instanceof Tensor ? inputs : tensor(inputs as number[])];
        this.assertInputCompatible(list.map((t) => t.shape));
        const shapes = list.map((t) => [...t.shape]);
        this.maybeBuild(isList ? shapes : shapes[0]!);
        let result = this.call(isList ? list : list[0]!, { ...kwargs, training: training ?? false });
        const fresh = (t: Tensor): Tensor => (list.includes(t) ? clone(t) : t);
        if (result instanceof Tensor) result = fresh(result);
        else if (Array.isArray(result)) result = result.map(fresh);
        else throw new Error(`${this.who}: call() must return a tensor or an array of tensors`);
        if (this.activityRegularizer !== null) {
          const outs = Array.isArray(result) ? result : [result];
          for (const o of outs) {
            const batch = o.rank > 0 ? o.shape[0]! : 1;
            this.addLoss(div(this.activityRegularizer.apply(o), batch));
          }
        }
        return [result, pendingCallLosses()] as [Tensor | Tensor[], Tensor[]];
      });
      return out;
    });
  }

  /** @internal The symbolic call: build, infer output shapes, record a node. */
  protected applySymbolic(inputs: SymbolicTensor | SymbolicTensor[], kwargs: CallKwargs): SymbolicTensor | SymbolicTensor[] {
    const isList = Array.isArray(inputs);
    const list = isList ? inputs : [inputs];
    list.forEach((x, i) => {
      if (!(x instanceof SymbolicTensor))
        throw new Error(`${this.who}: input ${i} is not a symbolic tensor; do not mix tensors and symbolic tensors in one call`);
    });
    const shapes = list.map((t) => [...t.shape]);
    this.assertInputCompatible(shapes);
    const shapeArg = isList ? shapes : shapes[0]!;
    this.maybeBuild(shapeArg);
    this.probeDTypes = list.map((t) => t.dtype);
    let outShape: Shape | Shape[];
    try {
      outShape = this.computeOutputShape(shapeArg);
    } finally {
      this.probeDTypes = null;
    }
    const outIsList = isShapeList(outShape);
    const outShapes: Shape[] = outIsList ? (outShape as Shape[]) : [outShape as Shape];
    const dtype = this.computeOutputDType(list.map((t) => t.dtype));
    const nodeIndex = this.inboundNodes.length;
    const suffix = nodeIndex > 0 ? `_${nodeIndex}` : '';
    const outputs = outShapes.map(
      (s, i) => new SymbolicTensor(dtype, [...s], this, nodeIndex, i, `${this.name}${suffix}${outShapes.length > 1 ? `/${i}` : ''}`),
    );
    const node = new Node(this, list, outputs, isList, outIsList, serializableKwargs(kwargs));
    this.inboundNodes.push(node);
    for (const l of node.inboundLayers) l.outboundNodes.push(node);
    return outIsList ? outputs : outputs[0]!;
  }

  /**
   * One line: class, name, output shape and parameter count, what a layer shows as a notebook
   * cell's value or printed.
   *
   * @example
   * const d = tp.layers.dense({ units: 4, inputShape: [3] });
   * tp.sequential({ layers: [d] });
   * String(d); // "Dense 'dense' · output (None, 4) · 16 params"
   */
  toString(): string {
    const parts = [`${this.getClassName()} '${this.name}'`];
    if (this.inboundNodes.length > 0) {
      const shapes = this.inboundNodes[0]!.outputShapes;
      parts.push(`output ${shapes.length === 1 ? pythonShape(shapes[0]!) : `[${shapes.map(pythonShape).join(', ')}]`}`);
    }
    if (this.built || this.weights.length > 0) {
      const n = this.weights.reduce((acc, v) => acc + v.size, 0);
      parts.push(`${n.toLocaleString('en')} param${n === 1 ? '' : 's'}`);
    } else parts.push('not built');
    return parts.join(' · ');
  }

  // ---- graph properties ------------------------------------------------------------------------

  /** The output shape of the layer's calls in a graph (Keras's output_shape); throws if it has none. */
  get outputShape(): Shape | Shape[] {
    if (this.inboundNodes.length === 0) throw new Error(`${this.who}: the layer has never been called on symbolic inputs and has no defined output shape`);
    const shapes = this.inboundNodes.map((n) => JSON.stringify(n.outputShapes));
    if (new Set(shapes).size > 1) throw new Error(`${this.who}: the layer has multiple inbound nodes with different output shapes`);
    const n = this.inboundNodes[0]!;
    return n.outputIsList ? n.outputShapes : n.outputShapes[0]!;
  }

  /** The symbolic output of the layer's first call (Keras's layer.output). */
  get output(): SymbolicTensor | SymbolicTensor[] {
    const n = this.inboundNodes[0];
    if (n === undefined) throw new Error(`${this.who}: the layer has never been called on symbolic inputs`);
    return n.outputIsList ? n.outputTensors : n.outputTensors[0]!;
  }

  /** The symbolic input of the layer's first call (Keras's layer.input). */
  get input(): SymbolicTensor | SymbolicTensor[] {
    const n = this.inboundNodes[0];
    if (n === undefined) throw new Error(`${this.who}: the layer has never been called on symbolic inputs`);
    return n.inputIsList ? n.inputTensors : (n.inputTensors[0] ?? n.outputTensors[0]!);
  }

  // ---- config ----------------------------------------------------------------------------------

  /**
   * The layer's constructor arguments as a JSON-able object (TF.js's camelCase keys);
   * `fromConfig(getConfig())` makes an equivalent layer.
   *
   * @example
   * console.log(tp.layers.dense({ units: 3, name: 'd' }).getConfig().units); // 3
   */
  getConfig(): ConfigDict {
    const config: ConfigDict = { name: this.name, trainable: this.trainable };
    if (this.batchInputShape !== null) config.batchInputShape = [...this.batchInputShape];
    config.dtype = this.dtype;
    return config;
  }

  /**
   * Makes a layer from a config (`new cls(config)`); override for other constructors.
   *
   * @example
   * const d = tp.layers.Dense.fromConfig({ units: 2, name: 'copy' });
   * console.log(d.name); // 'copy'
   */
  static fromConfig<T extends Layer>(this: new (config: never) => T, config: ConfigDict): T {
    return new this(config as never);
  }

  /**
   * Frees the layer's weights (and its sublayers'); the layer cannot be called afterwards.
   *
   * @example
   * const d = tp.layers.dense({ units: 2 });
   * d.apply(tp.ones([1, 2]));
   * d.dispose();
   */
  dispose(): void {
    if (this.disposedFlag) return;
    for (const l of this.trackedLayers()) l.dispose();
    this.clearCallLosses();
    for (const r of this.ownWeights) r.variable.dispose();
    this.disposedFlag = true;
  }

  /** True after dispose(). */
  get isDisposed(): boolean {
    return this.disposedFlag;
  }
}
