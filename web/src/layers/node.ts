// A node is one call of a layer on symbolic tensors (Keras's Node): which layers' outputs went in,
// which symbolic tensors came out. Layers keep their nodes in `inboundNodes`; models read the
// graph from them.
import type { CallKwargs, Layer } from './layer.js';
import type { Shape } from './shape.js';
import type { SymbolicTensor } from './symbolic_tensor.js';

export class Node {
  /** Producer layer of each input tensor, with its node and output index. */
  readonly inboundLayers: Layer[];
  readonly nodeIndices: number[];
  readonly tensorIndices: number[];

  constructor(
    readonly outboundLayer: Layer,
    readonly inputTensors: SymbolicTensor[],
    readonly outputTensors: SymbolicTensor[],
    /** Whether the layer was given a list (so it is called with a list again). */
    readonly inputIsList: boolean,
    readonly outputIsList: boolean,
    /** JSON-safe keyword arguments of the call (written to inbound_nodes). */
    readonly callArgs: CallKwargs,
  ) {
    this.inboundLayers = inputTensors.map((t) => t.sourceLayer);
    this.nodeIndices = inputTensors.map((t) => t.nodeIndex);
    this.tensorIndices = inputTensors.map((t) => t.tensorIndex);
  }

  get inputShapes(): Shape[] {
    return this.inputTensors.map((t) => t.shape);
  }

  get outputShapes(): Shape[] {
    return this.outputTensors.map((t) => t.shape);
  }

  /** True for an input layer's node (no inbound tensors). */
  get isInput(): boolean {
    return this.inputTensors.length === 0;
  }

  /** The nodes that produced this node's inputs. */
  get parentNodes(): Node[] {
    return this.inputTensors.map((t) => t.sourceLayer.inboundNodes[t.nodeIndex]!);
  }
}
