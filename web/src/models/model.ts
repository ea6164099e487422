// Model: a Layer that groups layers, with Keras's three ways to make one: the functional API
// (new Model({inputs, outputs}) / tp.model), Sequential, and subclassing (override call; layers
// assigned to properties are tracked). Training methods delegate to web/src/training, saving to
// web/src/io.
import type { DType } from '../dtype.js';
import { saveModel, type HandlerOrUrl, type SaveConfig, type SaveResult } from '../io/index.js';
import { InputLayer } from '../layers/input_layer.js';
import { Layer, type CallKwargs, type LayerInputs, type LayerOutputs } from '../layers/layer.js';
import { inCall } from '../layers/call_context.js';
import { Node } from '../layers/node.js';
import { registerClass, type ConfigDict, type CustomObjects } from '../layers/serialization.js';
import { formatShape, isShapeList, type Shape } from '../layers/shape.js';
import { SymbolicTensor } from '../layers/symbolic_tensor.js';
import { tidy } from '../memory.js';
import { zeros } from '../ops/fill.js';
import { Tensor } from '../tensor.js';
import {
  compileModel, evaluateDatasetModel, evaluateModel, fitDatasetModel, fitModel, predictModel, trainOnBatchModel,
  type CompileArgs, type DatasetLike, type EvaluateArgs, type EvaluateDatasetArgs, type FitArgs, type FitDatasetArgs,
  type History, type PredictArgs, type TensorOrArrayOrMap,
} from '../training/index.js';
import type { Optimizer } from '../optimizers/index.js';
import type { Variable } from '../variable.js';
import { mapGraphNetwork, isModelInput, type GraphNetwork } from './graph_network.js';
import { summarizeModel } from './summary.js';
import { functionalFromConfig, toTopology } from './topology.js';

export interface ModelArgs {
  inputs?: SymbolicTensor | SymbolicTensor[];
  outputs?: SymbolicTensor | SymbolicTensor[];
  name?: string;
  trainable?: boolean;
  dtype?: DType;
}

type Inputs = Tensor | Tensor[] | { [inputName: string]: Tensor };

function dedupe<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/**
 * A model: layers with training and saving. Build one functionally, as a Sequential, or by
 * subclassing (create the layers in the constructor, use them in `call`).
 *
 * @example
 * class MyModel extends tp.Model {
 *   hidden = tp.layers.dense({ units: 30, activation: 'relu' });
 *   out = tp.layers.dense({ units: 1 });
 *   call(x: tp.Tensor) { return this.out.apply(this.hidden.apply(x)); }
 * }
 * const m = new MyModel();
 * console.log(m.apply(tp.ones([2, 8])).shape, m.weights.length); // [2, 1] 4
 */
export class Model extends Layer {
  static override className = 'Model';
  /** The model's symbolic inputs and outputs (functional and Sequential models). */
  inputs: SymbolicTensor[] = [];
  outputs: SymbolicTensor[] = [];
  /** Set by callbacks (EarlyStopping) to end fit() after the current epoch. */
  stopTraining = false;
  /** The optimizer compile() made or was given (null before compile). */
  optimizer: Optimizer | null = null;
  /** compile()'s `loss`, as given (null before compile). */
  loss: CompileArgs['loss'] | null = null;
  /** compile()'s `metrics`, as given (undefined when compiled without metrics; null before compile). */
  compiledMetrics: CompileArgs['metrics'] | null = null;
  metricsNames: string[] = [];
  /** The History of the last fit(). */
  history: History | null = null;
  /** @internal The graph of a functional model (null for subclassed models). */
  protected network: GraphNetwork | null = null;

  constructor(args: ModelArgs = {}) {
    super({ name: args.name, trainable: args.trainable, dtype: args.dtype });
    if ((args.inputs === undefined) !== (args.outputs === undefined))
      throw new Error(`${this.who}: a functional model needs both inputs and outputs`);
    if (args.inputs !== undefined && args.outputs !== undefined) this.initGraph(args.inputs, args.outputs);
  }

  /** @internal Makes this a graph model from inputs to outputs. */
  protected initGraph(inputs: SymbolicTensor | SymbolicTensor[], outputs: SymbolicTensor | SymbolicTensor[]): void {
    const ins = Array.isArray(inputs) ? inputs : [inputs];
    const outs = Array.isArray(outputs) ? outputs : [outputs];
    [...ins, ...outs].forEach((t, i) => {
      if (!(t instanceof SymbolicTensor))
        throw new Error(`${this.who}: ${i < ins.length ? 'inputs' : 'outputs'} must be symbolic tensors (from tp.input and layer.apply)`);
    });
    ins.forEach((t) => {
      if (!isModelInput(t))
        throw new Error(`${this.who}: inputs must come from tp.input (the tensor '${t.name}' is an output of layer '${t.sourceLayer.name}')`);
    });
    if (new Set(ins).size !== ins.length) throw new Error(`${this.who}: the same input tensor appears twice in inputs`);
    this.network = mapGraphNetwork(ins, outs, this.who);
    this.inputs = ins;
    this.outputs = outs;
    // The model's own node (as Keras and TF.js): a nested model's calls are nodes 1, 2, ...
    const self = new Node(this, ins, outs, Array.isArray(inputs), Array.isArray(outputs), {});
    if (this.inboundNodes.length > 0 && this.inboundNodes[0]!.outboundLayer === this && this.selfNode) this.inboundNodes[0] = self;
    else this.inboundNodes.unshift(self);
    this.selfNode = true;
    this.built = true;
  }

  private selfNode = false;

  /** @internal Forgets the graph (Sequential.pop to empty). */
  protected clearGraph(): void {
    this.network = null;
    this.inputs = [];
    this.outputs = [];
    if (this.selfNode) this.inboundNodes.shift();
    this.selfNode = false;
    this.built = false;
  }

  /** True for functional and built Sequential models (false for subclassed ones). */
  get isGraphNetwork(): boolean {
    return this.network !== null;
  }

  /** @internal The graph (functional and built Sequential models). */
  get graph(): GraphNetwork | null {
    return this.network;
  }

  /** Names of the input layers (keys for dict inputs). */
  get inputNames(): string[] {
    return this.inputs.map((t) => t.sourceLayer.name);
  }

  /** Names of the output layers (keys for dict losses in compile). */
  get outputNames(): string[] {
    return this.outputs.map((t) => t.sourceLayer.name);
  }

  /** The input layers of a graph model. */
  get inputLayers(): Layer[] {
    return this.inputs.map((t) => t.sourceLayer);
  }

  /** The layers producing the outputs of a graph model. */
  get outputLayers(): Layer[] {
    return this.outputs.map((t) => t.sourceLayer);
  }

  /** The model's layers: the graph's (inputs included) or, for subclasses, the tracked ones. */
  get layers(): Layer[] {
    return this.network !== null ? [...this.network.layers] : this.trackedLayers();
  }

  override trackedLayers(): Layer[] {
    return this.network !== null ? [...this.network.layers] : super.trackedLayers();
  }

  /**
   * The layer called `name` (or at index `index` of `layers`).
   *
   * @example
   * const model = tp.sequential([tp.layers.dense({ units: 2, inputShape: [3], name: 'hidden' })]);
   * console.log(model.getLayer('hidden').name); // 'hidden'
   */
  getLayer(name?: string | number, index?: number): Layer {
    const layers = this.layers;
    const i = typeof name === 'number' ? name : index;
    if (i !== undefined && (name === undefined || typeof name === 'number')) {
      const l = layers[i];
      if (l === undefined) throw new Error(`${this.who}: getLayer: index ${i} is out of range (the model has ${layers.length} layers)`);
      return l;
    }
    const found = layers.find((l) => l.name === name);
    if (found === undefined) throw new Error(`${this.who}: no such layer: '${String(name)}' (layers: ${layers.map((l) => l.name).join(', ')})`);
    return found;
  }

  // Keras's order for models: each layer's weights in layer order, then the model's own.
  override gatherWeights(kind: 'trainable' | 'nonTrainable' | 'all', visiting: Set<Layer> = new Set()): Variable[] {
    if (visiting.has(this)) return [];
    if (kind === 'trainable' && !this.trainable) return [];
    const frozen = kind === 'nonTrainable' && !this.trainable;
    const k = frozen ? 'all' : kind;
    visiting.add(this);
    try {
      const children = this.trackedLayers().flatMap((l) => l.gatherWeights(k, visiting));
      return dedupe([...children, ...this.ownVariables(frozen ? 'all' : kind)]);
    } finally {
      visiting.delete(this);
    }
  }

  /**
   * Builds the model for inputs of `inputShape`. A subclassed model runs its `call` once on zeros
   * so its layers make their weights (Keras's model.build).
   *
   * @example
   * class Net extends tp.Model {
   *   d = tp.layers.dense({ units: 2 });
   *   call(x: tp.Tensor) { return this.d.apply(x); }
   * }
   * const net = new Net();
   * net.build([null, 3]);
   * console.log(net.countParams()); // 8
   */
  override build(inputShape: Shape | Shape[]): void {
    if (this.network !== null || this.buildingFromApply) {
      this.built = true;
      return;
    }
    this.built = true;
    const shapes = isShapeList(inputShape) ? inputShape : [inputShape as Shape];
    inCall(false, () =>
      tidy(() => {
        const xs = shapes.map((s) => zeros(s.map((d) => d ?? 1)));
        this.call(shapes.length > 1 || isShapeList(inputShape) ? xs : xs[0]!, { training: false });
      }),
    );
    this.clearCallLosses();
  }

  /**
   * Layer.apply, also with inputs by name (`{ [inputName]: tensor }`). A model with several
   * outputs gives a list: `model.apply<tp.Tensor[]>(x)`.
   */
  override apply<T extends SymbolicTensor | SymbolicTensor[] = SymbolicTensor>(inputs: SymbolicTensor | SymbolicTensor[], kwargs?: CallKwargs): T;
  override apply<T extends Tensor | Tensor[] = Tensor>(inputs: Inputs | number[] | number[][], kwargs?: CallKwargs): T;
  override apply(inputs: Inputs | LayerInputs, kwargs?: CallKwargs): LayerOutputs;
  override apply(inputs: Inputs | LayerInputs, kwargs: CallKwargs = {}): LayerOutputs {
    if (inputs !== null && typeof inputs === 'object' && !Array.isArray(inputs) && !(inputs instanceof Tensor) && !(inputs instanceof SymbolicTensor)) {
      const dict = inputs as { [k: string]: Tensor };
      const names = this.inputNames;
      const missing = names.filter((n) => !(n in dict));
      if (names.length === 0 || missing.length > 0)
        throw new Error(`${this.who}: inputs given by name need the keys [${names.join(', ')}]${missing.length > 0 ? `; missing: ${missing.join(', ')}` : ''}`);
      const list = names.map((n) => dict[n]!);
      return super.apply(list.length === 1 ? list[0]! : list, kwargs);
    }
    return super.apply(inputs as Tensor | Tensor[], kwargs);
  }

  protected override assertInputCompatible(shapes: Shape[]): void {
    if (this.network === null) return super.assertInputCompatible(shapes);
    if (shapes.length !== this.inputs.length)
      throw new Error(`${this.who}: expects ${this.inputs.length} input${this.inputs.length === 1 ? '' : 's'}, got ${shapes.length}`);
    this.inputs.forEach((x, i) => {
      const s = shapes[i]!;
      const ok = s.length === x.shape.length && x.shape.every((d, k) => d === null || s[k] === null || d === s[k]);
      if (!ok)
        throw new Error(`${this.who}: expected input ${i} ('${x.sourceLayer.name}') of shape ${formatShape(x.shape)}, got shape ${formatShape(s)}`);
    });
  }

  /**
   * Runs the graph (functional models): one output gives a tensor, several a list (as TF.js).
   * Subclasses override it with their forward pass.
   */
  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor | Tensor[] {
    if (this.network === null) throw new Error(`${this.who}: a subclassed model must override call(inputs, kwargs)`);
    const list = Array.isArray(inputs) ? inputs : [inputs];
    const values = new Map<SymbolicTensor, Tensor>();
    this.inputs.forEach((x, i) => values.set(x, list[i]!));
    for (const d of this.network.depthKeys)
      for (const node of this.network.nodesByDepth.get(d)!) {
        if (node.isInput) continue;
        const ins = node.inputTensors.map((t) => values.get(t)!);
        // A training flag fixed when the graph was built (MC dropout) wins over the call's.
        const training = typeof node.callArgs.training === 'boolean' ? node.callArgs.training : kwargs.training;
        const out = node.outboundLayer.apply(node.inputIsList ? ins : ins[0]!, { ...node.callArgs, training }) as Tensor | Tensor[];
        const outs = Array.isArray(out) ? out : [out];
        node.outputTensors.forEach((t, i) => values.set(t, outs[i]!));
      }
    const outs = this.outputs.map((t) => values.get(t)!);
    return outs.length > 1 ? outs : outs[0]!;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    if (this.network === null) return super.computeOutputShape(inputShape);
    const given = isShapeList(inputShape) ? inputShape : [inputShape as Shape];
    const shapes = new Map<SymbolicTensor, Shape>();
    this.inputs.forEach((x, i) => shapes.set(x, given[i] ?? x.shape));
    for (const d of this.network.depthKeys)
      for (const node of this.network.nodesByDepth.get(d)!) {
        if (node.isInput) continue;
        const ins = node.inputTensors.map((t) => shapes.get(t)!);
        const out = node.outboundLayer.computeOutputShape(node.inputIsList ? ins : ins[0]!);
        const outs = isShapeList(out) ? out : [out as Shape];
        node.outputTensors.forEach((t, i) => shapes.set(t, outs[i]!));
      }
    const outs = this.outputs.map((t) => shapes.get(t)!);
    return outs.length > 1 ? outs : outs[0]!;
  }

  /**
   * Prints a table of the layers, their output shapes and parameter counts, as Keras's
   * model.summary() (functional models also show what each layer is connected to).
   *
   * @example
   * const model = tp.sequential([tp.layers.dense({ units: 2, inputShape: [3] })]);
   * model.summary(); // Model: "sequential" ... Total params: 8
   */
  summary(lineLength?: number, positions?: number[], printFn: (line: string) => void = (l) => console.log(l)): void {
    summarizeModel(this, lineLength, positions, printFn);
  }

  /**
   * The summary() table (one line until the model is built): what a model shows as a notebook
   * cell's value or printed.
   *
   * @example
   * String(tp.sequential({ layers: [tp.layers.dense({ units: 2, inputShape: [3] })] })); // 'Model: "sequential" ...'
   */
  override toString(): string {
    if (!this.built) return `${this.getClassName()} '${this.name}' · not built (call it on data, or give its first layer an inputShape)`;
    const lines: string[] = [];
    this.summary(undefined, undefined, (l) => lines.push(l));
    return lines.join('\n');
  }

  // ---- serialization ---------------------------------------------------------------------------

  override getConfig(): ConfigDict {
    if (this.network === null)
      throw new Error(`${this.who}: a subclassed model has no config of its layers; override getConfig (and register the class) to serialize it`);
    const net = this.network;
    // Node indices count only the calls inside this model (a nested model's own node is 0).
    const kept = new Map<Node, number>();
    for (const layer of net.layers) {
      let n = layer instanceof Model && layer.isGraphNetwork ? 1 : 0;
      for (const node of layer.inboundNodes) if (net.nodes.has(node)) kept.set(node, n++);
    }
    const ref = (t: SymbolicTensor): [string, number, number] => [t.sourceLayer.name, kept.get(t.sourceLayer.inboundNodes[t.nodeIndex]!) ?? 0, t.tensorIndex];
    const layers = net.layers.map((layer) => {
      const inboundNodes = layer.inboundNodes
        .filter((node) => net.nodes.has(node) && !node.isInput)
        .map((node) => node.inputTensors.map((t) => [...ref(t), { ...node.callArgs }]));
      return { name: layer.name, className: layer.getClassName(), config: layer.getConfig(), inboundNodes };
    });
    return { name: this.name, layers, inputLayers: this.inputs.map(ref), outputLayers: this.outputs.map(ref) };
  }

  /**
   * Rebuilds a functional model from getConfig() output.
   *
   * @example
   * const x = tp.input({ shape: [2] });
   * const m = tp.model({ inputs: x, outputs: tp.layers.dense({ units: 1 }).apply(x) });
   * const copy = tp.Model.fromConfig(m.getConfig());
   */
  static override fromConfig<T extends Layer>(this: new (config: never) => T, config: ConfigDict, customObjects?: CustomObjects): T {
    return functionalFromConfig(config, customObjects) as unknown as T;
  }

  /**
   * The Keras/TF.js topology JSON ({class_name, config, keras_version, backend}, snake_case keys
   * inside config as in model.json); tp.models.modelFromJSON rebuilds the model from it.
   * `returnString` gives it stringified.
   *
   * @example
   * const model = tp.sequential([tp.layers.dense({ units: 1, inputShape: [2] })]);
   * console.log((model.toJSON() as { class_name: string }).class_name); // 'Sequential'
   */
  toJSON(unused?: unknown, returnString = false): object | string {
    void unused;
    const topology = toTopology(this);
    return returnString ? JSON.stringify(topology) : topology;
  }

  // ---- training (web/src/training) -------------------------------------------------------------

  /**
   * Configures training: optimizer, loss(es), metrics (Keras's compile).
   *
   * @example
   * const model = tp.sequential([tp.layers.dense({ units: 1, inputShape: [3] })]);
   * model.compile({ optimizer: 'adam', loss: 'meanSquaredError', metrics: ['mae'] });
   */
  compile(args: CompileArgs): void {
    compileModel(this, args);
  }

  /**
   * Trains for `epochs` over (x, y).
   *
   * @example
   * const model = tp.sequential([tp.layers.dense({ units: 1, inputShape: [3] })]);
   * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
   * const history = await model.fit(tp.ones([8, 3]), tp.ones([8, 1]), { epochs: 10, batchSize: 4, verbose: 0 });
   * console.log(history.history.loss.length); // 10
   */
  fit(x: TensorOrArrayOrMap, y: TensorOrArrayOrMap, args?: FitArgs): Promise<History> {
    return fitModel(this, x, y, args);
  }

  /**
   * Trains on a tp.data dataset of {xs, ys} batches.
   *
   * @example
   * const model = tp.sequential([tp.layers.dense({ units: 1, inputShape: [3] })]);
   * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
   * const ds = tp.data.zip({ xs: tp.data.array([tp.tensor([1, 2, 3]), tp.tensor([4, 5, 6])]), ys: tp.data.array([tp.tensor([1]), tp.tensor([2])]) }).batch(2);
   * await model.fitDataset(ds, { epochs: 5, verbose: 0 });
   */
  fitDataset(dataset: DatasetLike, args?: FitDatasetArgs): Promise<History> {
    return fitDatasetModel(this, dataset, args);
  }

  /**
   * Loss and metrics on (x, y).
   *
   * @example
   * const model = tp.sequential([tp.layers.dense({ units: 1, inputShape: [3] })]);
   * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
   * const loss = model.evaluate(tp.ones([4, 3]), tp.zeros([4, 1])) as tp.Tensor;
   */
  evaluate(x: TensorOrArrayOrMap, y: TensorOrArrayOrMap, args?: EvaluateArgs): Tensor | Tensor[] {
    return evaluateModel(this, x, y, args);
  }

  /**
   * Loss and metrics over a dataset.
   *
   * @example
   * const model = tp.sequential([tp.layers.dense({ units: 1, inputShape: [3] })]);
   * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
   * const ds = tp.data.zip({ xs: tp.data.array([tp.tensor([1, 2, 3])]), ys: tp.data.array([tp.tensor([1])]) }).batch(1);
   * const result = await model.evaluateDataset(ds);
   */
  evaluateDataset(dataset: DatasetLike, args?: EvaluateDatasetArgs): Promise<Tensor | Tensor[]> {
    return evaluateDatasetModel(this, dataset, args);
  }

  /**
   * Outputs for x, in batches, in inference mode.
   *
   * @example
   * const model = tp.sequential([tp.layers.dense({ units: 2, inputShape: [3] })]);
   * const y = model.predict(tp.ones([4, 3])) as tp.Tensor;
   * console.log(y.shape); // [4, 2]
   */
  predict(x: TensorOrArrayOrMap, args?: PredictArgs): Tensor | Tensor[] {
    return predictModel(this, x, args);
  }

  /**
   * Outputs for one batch in inference mode.
   *
   * @example
   * const model = tp.sequential([tp.layers.dense({ units: 2, inputShape: [3] })]);
   * const y = model.predictOnBatch(tp.ones([4, 3])) as tp.Tensor;
   */
  predictOnBatch(x: Inputs): Tensor | Tensor[] {
    return this.apply(x, { training: false }) as Tensor | Tensor[];
  }

  /**
   * One training step on a batch; returns the loss (and metrics).
   *
   * @example
   * const model = tp.sequential([tp.layers.dense({ units: 1, inputShape: [3] })]);
   * model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
   * const loss = model.trainOnBatch(tp.ones([4, 3]), tp.zeros([4, 1]));
   */
  trainOnBatch(x: TensorOrArrayOrMap, y: TensorOrArrayOrMap): number | number[] {
    return trainOnBatchModel(this, x, y);
  }

  /**
   * Saves topology and weights in the TF.js layers format (web/src/io): 'file://dir',
   * 'indexeddb://name', 'memory://name' or an IO handler.
   *
   * @example
   * const model = tp.sequential([tp.layers.dense({ units: 1, inputShape: [3] })]);
   * await model.save('memory://my-model');
   */
  save(handlerOrUrl: HandlerOrUrl, config?: SaveConfig): Promise<SaveResult> {
    return saveModel(this, handlerOrUrl, config);
  }
}
registerClass(Model);
registerClass(Model, 'Functional');
