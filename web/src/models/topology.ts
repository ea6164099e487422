// Model topology JSON (Keras's model_config, TF.js's modelTopology): writing a model as
// {class_name, config, keras_version, backend} with snake_case keys, and rebuilding layers and
// models from it through the class registry (Keras's reconstruct_from_config).
import type { Layer } from '../layers/layer.js';
import { getRegisteredClass, registeredClassNames } from '../layers/class_lookup.js';
import {
  fromPythonic, toPythonic, type ConfigDict, type CustomObjects, type SerializableClass,
} from '../layers/serialization.js';
import type { SymbolicTensor } from '../layers/symbolic_tensor.js';
import { Model } from './model.js';

/** The version written as keras_version ("tensorpad <version>"). */
export const TENSORPAD_VERSION = '0.1.0';

/** {class_name, config, keras_version, backend} for a model (functional or Sequential). */
export function toTopology(model: Model): { [k: string]: unknown } {
  const py = toPythonic({ className: model.getClassName(), config: model.getConfig() }) as { [k: string]: unknown };
  return { ...py, keras_version: `tensorpad ${TENSORPAD_VERSION}`, backend: 'tensorpad' };
}

/** A layer (or model) from {className, config} (camelCase), via the registry. */
export function deserializeLayer(spec: { className: string; config: ConfigDict }, customObjects?: CustomObjects): Layer {
  if (typeof spec !== 'object' || spec === null || typeof spec.className !== 'string')
    throw new Error(`modelFromJSON: expected {className, config}, got ${JSON.stringify(spec)}`);
  const cls = getRegisteredClass(spec.className, customObjects) as (SerializableClass & { fromConfig?: (c: ConfigDict, o?: CustomObjects) => unknown }) | undefined;
  if (cls === undefined)
    throw new Error(
      `modelFromJSON: unknown layer class '${spec.className}'; register custom layers with tp.serialization.registerClass ` +
        `(registered: ${registeredClassNames().join(', ')})`,
    );
  const config = { ...(spec.config ?? {}) };
  const made = typeof cls.fromConfig === 'function' ? cls.fromConfig(config, customObjects) : new (cls as unknown as new (c: ConfigDict) => unknown)(config);
  return made as Layer;
}

type NodeRef = [string, number, number, ConfigDict?];

/** Rebuilds a functional model from its config: layers first, then their calls in dependency order. */
export function functionalFromConfig(config: ConfigDict, customObjects?: CustomObjects): Model {
  const layerSpecs = config.layers as { name: string; className: string; config: ConfigDict; inboundNodes: NodeRef[][] }[];
  if (!Array.isArray(layerSpecs)) throw new Error('modelFromJSON: a functional model config needs a layers list');
  const created = new Map<string, Layer>();
  const pending = new Map<Layer, NodeRef[][]>();
  for (const spec of layerSpecs) {
    const layer = deserializeLayer({ className: spec.className, config: spec.config }, customObjects);
    created.set(spec.name ?? layer.name, layer);
    pending.set(layer, [...(spec.inboundNodes ?? [])]);
  }
  const lookup = (name: string): Layer => {
    const l = created.get(name);
    if (l === undefined) throw new Error(`modelFromJSON: a node refers to the unknown layer '${name}'`);
    return l;
  };
  // A call can run once every inbound layer has the node it refers to.
  const tryNode = (layer: Layer, refs: NodeRef[]): boolean => {
    const inputs: SymbolicTensor[] = [];
    for (const [name, nodeIndex, tensorIndex] of refs) {
      const src = lookup(name);
      if (nodeIndex >= src.inboundNodes.length) return false;
      inputs.push(src.inboundNodes[nodeIndex]!.outputTensors[tensorIndex]!);
    }
    const kwargs = { ...(refs[0]?.[3] ?? {}) };
    layer.apply(inputs.length === 1 ? inputs[0]! : inputs, kwargs);
    return true;
  };
  let remaining = [...pending.values()].reduce((n, l) => n + l.length, 0);
  while (remaining > 0) {
    let progressed = false;
    for (const spec of layerSpecs) {
      const layer = created.get(spec.name)!;
      const nodes = pending.get(layer)!;
      while (nodes.length > 0 && tryNode(layer, nodes[0]!)) {
        nodes.shift();
        remaining--;
        progressed = true;
      }
    }
    if (!progressed) throw new Error('modelFromJSON: the layer graph cannot be rebuilt (a node refers to a call that never happens)');
  }
  const refTensor = ([name, nodeIndex, tensorIndex]: NodeRef): SymbolicTensor => {
    const node = lookup(name).inboundNodes[nodeIndex];
    if (node === undefined) throw new Error(`modelFromJSON: layer '${name}' has no node ${nodeIndex}`);
    return node.outputTensors[tensorIndex]!;
  };
  // Keras may write a single input or output as one [name, node, tensor] triple.
  const refs = (x: unknown): NodeRef[] => (Array.isArray(x) && typeof x[0] === 'string' ? [x as NodeRef] : (x as NodeRef[]));
  const inputs = refs(config.inputLayers).map(refTensor);
  const outputs = refs(config.outputLayers).map(refTensor);
  return new Model({ inputs, outputs, name: config.name as string | undefined });
}

/** The model for a topology JSON; tp.models.modelFromJSON (models_namespace.ts) is the public entry. */
export function modelFromJSON(json: object | string, customObjects?: CustomObjects): Model {
  let topology = (typeof json === 'string' ? JSON.parse(json) : json) as { [k: string]: unknown };
  if (topology.modelTopology !== undefined) topology = topology.modelTopology as { [k: string]: unknown };
  if (topology.model_config !== undefined) topology = topology.model_config as { [k: string]: unknown };
  const ts = fromPythonic(topology) as { className?: string; config?: ConfigDict };
  if (typeof ts.className !== 'string') throw new Error('modelFromJSON: the topology has no class_name');
  const model = deserializeLayer({ className: ts.className, config: ts.config ?? {} }, customObjects);
  if (!(model instanceof Model)) throw new Error(`modelFromJSON: '${ts.className}' is a layer, not a model`);
  return model;
}
