// The graph of a functional model, read from the layers' nodes between its inputs and outputs
// (Keras's _map_graph_network): nodes by depth (outputs at depth 0), layers ordered from the inputs
// down, and a check that every node's inputs can be computed from the model's inputs.
import { InputLayer } from '../layers/input_layer.js';
import type { Layer } from '../layers/layer.js';
import type { Node } from '../layers/node.js';
import type { SymbolicTensor } from '../layers/symbolic_tensor.js';

export interface GraphNetwork {
  /** Nodes that belong to the model. */
  nodes: Set<Node>;
  /** Depths, deepest (inputs) first, and the nodes at each. */
  depthKeys: number[];
  nodesByDepth: Map<number, Node[]>;
  /** The model's layers, inputs first (Keras's model.layers order). */
  layers: Layer[];
}

function nodeOf(t: SymbolicTensor): Node {
  return t.sourceLayer.inboundNodes[t.nodeIndex]!;
}

/** Maps the graph from `inputs` to `outputs`; throws if it is cyclic or disconnected. */
export function mapGraphNetwork(inputs: SymbolicTensor[], outputs: SymbolicTensor[], who: string): GraphNetwork {
  // Depth-first from the outputs: nodes in finishing order (inputs first), layers in discovery order.
  const finished = new Set<Node>();
  const inProgress = new Set<Node>();
  const ordered: Node[] = [];
  const layerIndex = new Map<Layer, number>();
  const visit = (t: SymbolicTensor): void => {
    const node = nodeOf(t);
    if (finished.has(node)) return;
    if (inProgress.has(node)) throw new Error(`${who}: the tensor '${t.name}' at layer '${t.sourceLayer.name}' is part of a cycle`);
    if (!layerIndex.has(t.sourceLayer)) layerIndex.set(t.sourceLayer, layerIndex.size);
    inProgress.add(node);
    if (!node.isInput && !inputs.includes(t)) node.inputTensors.forEach(visit);
    inProgress.delete(node);
    finished.add(node);
    ordered.push(node);
  };
  outputs.forEach(visit);

  const nodeDepth = new Map<Node, number>();
  const layerDepth = new Map<Layer, number>();
  for (const node of [...ordered].reverse()) {
    const depth = Math.max(nodeDepth.get(node) ?? 0, layerDepth.get(node.outboundLayer) ?? 0);
    layerDepth.set(node.outboundLayer, depth);
    nodeDepth.set(node, depth);
    if (node.isInput) continue;
    for (const parent of node.parentNodes) nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
  }
  // Inputs not connected to any output still belong to the model.
  for (const x of inputs) {
    if (!layerDepth.has(x.sourceLayer)) {
      layerDepth.set(x.sourceLayer, 0);
      layerIndex.set(x.sourceLayer, -1);
      nodeDepth.set(nodeOf(x), 0);
    }
  }
  const nodesByDepth = new Map<number, Node[]>();
  for (const [node, d] of nodeDepth) nodesByDepth.set(d, [...(nodesByDepth.get(d) ?? []), node]);
  const layersByDepth = new Map<number, Layer[]>();
  for (const [layer, d] of layerDepth) layersByDepth.set(d, [...(layersByDepth.get(d) ?? []), layer]);
  const layers: Layer[] = [];
  for (const d of [...layersByDepth.keys()].sort((a, b) => b - a))
    layers.push(...layersByDepth.get(d)!.sort((a, b) => layerIndex.get(a)! - layerIndex.get(b)!));
  const depthKeys = [...nodesByDepth.keys()].sort((a, b) => b - a);

  // Every node's inputs must come from the model's inputs.
  const computable = new Set<SymbolicTensor>(inputs);
  const done: string[] = [];
  for (const d of depthKeys)
    for (const node of nodesByDepth.get(d)!) {
      const layer = node.outboundLayer;
      if (node.isInput && !node.outputTensors.some((t) => computable.has(t)))
        throw new Error(
          `${who}: graph disconnected: cannot obtain a value for tensor '${node.outputTensors[0]!.name}' of input layer '${layer.name}', ` +
            `which is not among the model's inputs. The layers reached without issue: [${done.join(', ')}]`,
        );
      if (!node.isInput)
        for (const x of node.inputTensors)
          if (!computable.has(x))
            throw new Error(
              `${who}: graph disconnected: cannot obtain a value for tensor '${x.name}' at layer '${layer.name}'. ` +
                `The layers reached without issue: [${done.join(', ')}]`,
            );
      node.outputTensors.forEach((t) => computable.add(t));
      done.push(layer.name);
    }

  const names = new Map<string, number>();
  for (const l of layers) names.set(l.name, (names.get(l.name) ?? 0) + 1);
  for (const [name, n] of names)
    if (n > 1) throw new Error(`${who}: all layer names should be unique; the name '${name}' is used by ${n} layers`);
  return { nodes: new Set(nodeDepth.keys()), depthKeys, nodesByDepth, layers };
}

/** True when the tensor was made by tp.input (the output of an InputLayer). */
export function isModelInput(t: SymbolicTensor): boolean {
  return t.sourceLayer instanceof InputLayer;
}
