// A Keras-level GraphDef of a model for TensorBoard's Graphs tab: one op node per layer (op = the
// layer's class), grouped with its weight variables under the layer's name, edges from the layers
// whose outputs it consumes (its inbound nodes). Input layers become Placeholders.
import type { GraphDefData, GraphNode } from '../summary/graph.js';

interface LayerLike {
  name: string;
  constructor: { name: string; className?: string };
  weights?: { name: string; shape?: readonly number[] }[];
  inboundNodes?: { inboundLayers?: LayerLike[] }[];
}

// A user's subclass without its own static className inherits its parent's: use its JS name then.
function classOf(layer: LayerLike): string {
  const c = layer.constructor;
  return Object.prototype.hasOwnProperty.call(c, 'className') && c.className ? c.className : c.name;
}

function isInput(layer: LayerLike): boolean {
  return classOf(layer) === 'InputLayer';
}

function opName(layer: LayerLike): string {
  return isInput(layer) ? layer.name : `${layer.name}/${classOf(layer)}`;
}

/**
 * The layer graph of `model` (layers from `model.layers`, edges from their inbound nodes). A
 * model without inbound nodes (subclassed) gives its layers, unconnected.
 *
 * @example
 * const graph = tp.callbacks.modelGraphDef(model); // { nodes: [{ name: 'input_1', op: 'Placeholder' }, { name: 'dense/Dense', ... }] }
 * tp.summary.graph(graph);
 */
export function modelGraphDef(model: { layers?: LayerLike[] }): GraphDefData {
  const layers = model.layers ?? [];
  const known = new Set(layers);
  const nodes: GraphNode[] = [];
  const extraInputs = new Map<LayerLike, GraphNode>();
  for (const layer of layers) {
    if (isInput(layer)) {
      nodes.push({ name: layer.name, op: 'Placeholder' });
      continue;
    }
    const inputs: string[] = [];
    for (const node of layer.inboundNodes ?? []) {
      for (const src of node.inboundLayers ?? []) {
        // Inputs outside model.layers (Sequential's implicit input layer) still get a node.
        if (!known.has(src) && !extraInputs.has(src)) {
          const n: GraphNode = isInput(src) ? { name: src.name, op: 'Placeholder' } : { name: opName(src), op: classOf(src) };
          extraInputs.set(src, n);
          nodes.push(n);
        }
        const name = opName(src);
        if (!inputs.includes(name)) inputs.push(name);
      }
    }
    for (const w of layer.weights ?? []) {
      const name = w.name.replace(/:\d+$/, '');
      const varName = name.startsWith(`${layer.name}/`) ? name : `${layer.name}/${name}`;
      nodes.push({ name: varName, op: 'VarHandleOp', ...(w.shape ? { attr: { shape: { shape: [...w.shape] } } } : {}) });
      inputs.push(varName);
    }
    nodes.push({ name: opName(layer), op: classOf(layer), inputs });
  }
  // Several weights of one name in a model (possible in subclassed models) must stay distinct nodes.
  const seen = new Set<string>();
  return { nodes: nodes.filter((n) => (seen.has(n.name) ? false : (seen.add(n.name), true))) };
}
