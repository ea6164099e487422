// Sequential: a linear stack of layers. With an input shape (on the first layer, or an
// InputLayer first) it is a graph model from the start; otherwise the graph is made on the first
// call (or build) from the input's shape, as Keras does.
import { InputLayer, input } from '../layers/input_layer.js';
import { Layer, type CallKwargs } from '../layers/layer.js';
import { registerClass, type ConfigDict, type CustomObjects } from '../layers/serialization.js';
import type { Shape } from '../layers/shape.js';
import { SymbolicTensor } from '../layers/symbolic_tensor.js';
import type { Tensor } from '../tensor.js';
import { Model } from './model.js';
import { deserializeLayer } from './topology.js';

export interface SequentialArgs {
  layers?: Layer[];
  name?: string;
  trainable?: boolean;
}

/**
 * A model that applies its layers one after the other.
 *
 * @example
 * const model = new tp.Sequential();
 * model.add(tp.layers.dense({ units: 30, activation: 'relu', inputShape: [8] }));
 * model.add(tp.layers.dense({ units: 1 }));
 * console.log(model.outputs[0]!.shape, model.countParams()); // [null, 1] 301
 */
export class Sequential extends Model {
  static override className = 'Sequential';
  private stack: Layer[] = [];
  // Symbolic output after each layer of the stack (when the graph exists).
  private stackOutputs: SymbolicTensor[] = [];
  private stackInput: SymbolicTensor | null = null;

  constructor(args: SequentialArgs | Layer[] = {}) {
    const a = Array.isArray(args) ? { layers: args } : args;
    super({ name: a.name, trainable: a.trainable });
    for (const l of a.layers ?? []) this.add(l);
  }

  /** The layers added (without the InputLayer at the bottom, as Keras). */
  override get layers(): Layer[] {
    return this.stack.filter((l, i) => !(i === 0 && l instanceof InputLayer));
  }

  override trackedLayers(): Layer[] {
    return this.graph !== null ? super.trackedLayers() : [...this.stack];
  }

  /**
   * Adds a layer on top of the stack.
   *
   * @example
   * const model = tp.sequential();
   * model.add(tp.layers.dense({ units: 4, inputShape: [2] }));
   * console.log(model.layers.length); // 1
   */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) throw new Error(`${this.who}: add() expects a layer, got ${String(layer)}`);
    if (this.stack.some((l) => l.name === layer.name))
      throw new Error(
        `${this.who}: all layers added to a Sequential model should have unique names; '${layer.name}' is already the name of a layer in this model`,
      );
    this.stack.push(layer);
    if (this.stackInput !== null) {
      this.extend(layer);
      return;
    }
    if (this.stack.length > 1) return; // no input shape yet: the graph is made on the first call
    if (layer instanceof InputLayer) {
      this.stackInput = layer.output as SymbolicTensor;
      return;
    }
    const batchShape = layer.batchInputShape ?? (layer instanceof Model && layer.inputs.length === 1 ? layer.inputs[0]!.shape : null);
    if (batchShape !== null) {
      this.stackInput = input({ batchShape, dtype: layer.dtype, name: `${layer.name}_input` });
      this.extend(layer);
    }
  }

  // Applies `layer` to the current top of the graph.
  private extend(layer: Layer): void {
    const top = this.stackOutputs[this.stackOutputs.length - 1] ?? this.stackInput!;
    const out = layer.apply(top) as SymbolicTensor | SymbolicTensor[];
    if (Array.isArray(out)) {
      this.stack.pop();
      throw new Error(`${this.who}: all layers in a Sequential model should have a single output tensor; '${layer.name}' has ${out.length}`);
    }
    this.stackOutputs.push(out);
    this.initGraph(this.stackInput!, out);
  }

  /**
   * Removes the top layer.
   *
   * @example
   * const model = tp.sequential([tp.layers.dense({ units: 4, inputShape: [2] }), tp.layers.dense({ units: 1 })]);
   * model.pop();
   * console.log(model.outputs[0]!.shape); // [null, 4]
   */
  pop(): void {
    if (this.layers.length === 0) throw new Error(`${this.who}: pop(): there are no layers in the model`);
    this.stack.pop();
    if (this.stackInput === null) return;
    this.stackOutputs.pop();
    const top = this.stackOutputs[this.stackOutputs.length - 1];
    if (top === undefined) {
      this.clearGraph();
      if (!(this.stack[0] instanceof InputLayer)) this.stackInput = null;
    } else this.initGraph(this.stackInput, top);
  }

  /** Builds the graph for inputs of `inputShape` (with the batch dimension) if there is none yet. */
  override build(inputShape: Shape | Shape[]): void {
    if (this.graph === null && this.layers.length > 0) {
      const shape = inputShape as Shape;
      const first = this.stack[0]!;
      this.stackInput = this.stackInput ?? input({ batchShape: [null, ...shape.slice(1)], dtype: first.dtype, name: `${first.name}_input` });
      for (const l of this.stack) if (!(l instanceof InputLayer)) this.extend(l);
    }
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor | Tensor[] {
    let x = inputs;
    for (const layer of this.layers) x = layer.apply(x, { training: kwargs.training }) as Tensor | Tensor[];
    return x;
  }

  override getConfig(): ConfigDict {
    const layers = this.layers.map((l, i) => {
      const config = l.getConfig();
      if (i === 0 && config.batchInputShape === undefined && this.stackInput !== null) config.batchInputShape = [...this.stackInput.shape];
      return { className: l.getClassName(), config };
    });
    return { name: this.name, layers };
  }

  /**
   * Rebuilds a Sequential model from getConfig() output ({name, layers} or a list of layers).
   *
   * @example
   * const m = tp.sequential([tp.layers.dense({ units: 1, inputShape: [2] })]);
   * const copy = tp.Sequential.fromConfig(m.getConfig());
   */
  static override fromConfig<T extends Layer>(this: new (config: never) => T, config: ConfigDict | ConfigDict[], customObjects?: CustomObjects): T {
    const specs = (Array.isArray(config) ? config : config.layers) as { className: string; config: ConfigDict }[];
    if (!Array.isArray(specs)) throw new Error('Sequential.fromConfig: the config needs a layers list');
    const name = Array.isArray(config) ? undefined : (config.name as string | undefined);
    const model = new Sequential({ name });
    for (const spec of specs) model.add(deserializeLayer(spec, customObjects));
    return model as unknown as T;
  }
}
registerClass(Sequential);

/**
 * A Sequential model (TF.js's tf.sequential): `sequential({layers, name})` or `sequential([...])`.
 *
 * @example
 * const model = tp.sequential([
 *   tp.layers.dense({ units: 30, activation: 'relu', inputShape: [8] }),
 *   tp.layers.dense({ units: 1 }),
 * ]);
 * console.log(model.apply(tp.ones([2, 8])).shape); // [2, 1]
 */
export function sequential(config: SequentialArgs | Layer[] = {}): Sequential {
  return new Sequential(config);
}
