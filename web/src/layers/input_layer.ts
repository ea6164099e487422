// InputLayer and tp.input: the entry points of a functional model. An InputLayer owns one node
// with no inbound layers whose output is the symbolic input tensor.
import type { DType } from '../dtype.js';
import { clone } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import { Layer, type CallKwargs } from './layer.js';
import { uniqueName } from './naming.js';
import { Node } from './node.js';
import type { ConfigDict } from './serialization.js';
import type { Shape } from './shape.js';
import { SymbolicTensor } from './symbolic_tensor.js';

export interface InputLayerArgs {
  /** Shape without the batch dimension. */
  inputShape?: Shape;
  /** Shape with the batch dimension. */
  batchInputShape?: Shape;
  batchSize?: number;
  dtype?: DType;
  sparse?: boolean;
  name?: string;
}

/**
 * The input of a functional model; `tp.input` makes one and returns its symbolic tensor.
 *
 * @example
 * const layer = tp.layers.inputLayer({ inputShape: [3] });
 * console.log(layer.name, layer.batchInputShape); // 'input_1' [null, 3]
 */
export class InputLayer extends Layer {
  static override className = 'InputLayer';
  readonly sparse: boolean;

  constructor(args: InputLayerArgs) {
    const batchShape = args.batchInputShape ?? (args.inputShape !== undefined ? [args.batchSize ?? null, ...args.inputShape] : undefined);
    if (batchShape === undefined) throw new Error('InputLayer: give inputShape (without the batch dimension) or batchInputShape');
    if (!Array.isArray(batchShape) || batchShape.some((d) => d !== null && (!Number.isInteger(d) || d < 0)))
      throw new Error(`InputLayer: the shape must be a list of non-negative integers or null, got ${JSON.stringify(batchShape)}`);
    super({ name: args.name ?? uniqueName('input', false), batchInputShape: batchShape, dtype: args.dtype ?? 'float32' });
    this.sparse = args.sparse ?? false;
    const x = new SymbolicTensor(this.dtype, [...batchShape], this, 0, 0, this.name);
    this.inboundNodes.push(new Node(this, [], [x], false, false, {}));
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor | Tensor[] {
    void kwargs;
    return Array.isArray(inputs) ? inputs.map((t) => clone(t)) : clone(inputs);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): ConfigDict {
    return { batchInputShape: [...this.batchInputShape!], dtype: this.dtype, sparse: this.sparse, name: this.name };
  }
}

/**
 * An InputLayer (TF.js's tf.layers.inputLayer).
 *
 * @example
 * const model = tp.sequential([tp.layers.inputLayer({ inputShape: [4] }), tp.layers.dense({ units: 2 })]);
 * console.log(model.outputs[0]!.shape); // [null, 2]
 */
export function inputLayer(args: InputLayerArgs): InputLayer {
  return new InputLayer(args);
}

export interface InputArgs {
  /** Shape without the batch dimension (null for unknown sizes). */
  shape?: Shape;
  /** Full shape with the batch dimension (instead of shape). */
  batchShape?: Shape;
  batchSize?: number;
  name?: string;
  dtype?: DType;
  sparse?: boolean;
}

/**
 * A symbolic input for the functional API (Keras's keras.Input, TF.js's tf.input).
 *
 * @example
 * const x = tp.input({ shape: [8] });
 * console.log(x.shape, x.name); // [null, 8] 'input_1'
 */
export function input(args: InputArgs): SymbolicTensor {
  if (args.shape === undefined && args.batchShape === undefined) throw new Error('input: give shape (without the batch dimension) or batchShape');
  const layer = new InputLayer({
    inputShape: args.shape, batchInputShape: args.batchShape, batchSize: args.batchSize, name: args.name, dtype: args.dtype, sparse: args.sparse,
  });
  return layer.output as SymbolicTensor;
}
