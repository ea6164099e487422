// model.summary(): Keras's print_summary table. Sequential-like models (a chain of single-input
// layers) get Layer (type) / Output Shape / Param #; other graph models add "Connected to".
import { InputLayer } from '../layers/input_layer.js';
import type { Layer } from '../layers/layer.js';
import type { Node } from '../layers/node.js';
import { pythonShape, type Shape } from '../layers/shape.js';
import type { Model } from './model.js';

function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

// Keras's print_row: each field cut to its column, the column's last character a space.
function row(fields: string[], positions: number[]): string {
  let line = '';
  fields.forEach((f, i) => {
    if (i > 0) line = `${line.slice(0, -1)} `;
    line += f;
    line = line.slice(0, positions[i]);
    line += ' '.repeat(Math.max(0, positions[i]! - line.length));
  });
  return line;
}

function isSequentialLike(model: Model): boolean {
  const net = model.graph;
  if (model.getClassName() === 'Sequential' || net === null) return true;
  const nodes: Node[] = [];
  for (const d of net.depthKeys) {
    const v = net.nodesByDepth.get(d)!;
    if (v.length > 1 || (v.length === 1 && v[0]!.inputTensors.length > 1)) return false;
    nodes.push(...v);
  }
  return net.layers.every((l) => l.inboundNodes.filter((n) => nodes.includes(n)).length <= 1);
}

function shapeText(shapes: Shape[], asList: boolean): string {
  const parts = shapes.map(pythonShape);
  return asList ? `[${parts.join(', ')}]` : parts[0]!;
}

function outputShapeText(layer: Layer, relevant: Node[] | null): string {
  if (relevant === null) return 'multiple';
  const nodes = relevant.length > 0 ? relevant : layer.inboundNodes;
  if (nodes.length === 0) return 'multiple';
  const texts = new Set(nodes.map((n) => shapeText(n.outputShapes, n.outputIsList || n.outputTensors.length > 1 || layer instanceof InputLayer)));
  return texts.size === 1 ? [...texts][0]! : 'multiple';
}

function params(layer: Layer): number {
  return layer.weights.reduce((n, v) => n + v.size, 0);
}

/** Prints the summary of `model` line by line through `printFn`. */
export function summarizeModel(model: Model, lineLength: number | undefined, positions: number[] | undefined, printFn: (line: string) => void): void {
  if (!model.built)
    throw new Error(
      `model '${model.name}': this model has not yet been built. Build the model first by calling build() or by calling it ` +
        'on data, or give an inputShape to its first layer',
    );
  const sequentialLike = isSequentialLike(model);
  const net = model.graph;
  const length = lineLength ?? (sequentialLike ? 65 : 98);
  let pos = positions ?? (sequentialLike ? [0.45, 0.85, 1] : [0.33, 0.55, 0.67, 1]);
  if (pos[pos.length - 1]! <= 1) pos = pos.map((p) => Math.floor(length * p));
  const header = sequentialLike ? ['Layer (type)', 'Output Shape', 'Param #'] : ['Layer (type)', 'Output Shape', 'Param #', 'Connected to'];
  const layers = model.layers;

  printFn(`Model: "${model.name}"`);
  printFn('_'.repeat(length));
  printFn(row(header, pos));
  printFn('='.repeat(length));
  layers.forEach((layer, i) => {
    const relevant = net === null ? null : layer.inboundNodes.filter((n) => net.nodes.has(n));
    const name = `${layer.name} (${layer.getClassName()})`;
    const shape = outputShapeText(layer, relevant);
    if (sequentialLike) printFn(row([name, shape, String(params(layer))], pos));
    else {
      const connections: string[] = [];
      for (const node of relevant ?? [])
        node.inputTensors.forEach((t) => connections.push(`${t.sourceLayer.name}[${t.nodeIndex}][${t.tensorIndex}]`));
      printFn(row([name, shape, String(params(layer)), connections[0] ?? ''], pos));
      for (const c of connections.slice(1)) printFn(row(['', '', '', c], pos));
    }
    printFn((i === layers.length - 1 ? '=' : '_').repeat(length));
  });
  const trainable = model.trainableWeights.reduce((n, v) => n + v.size, 0);
  const nonTrainable = model.nonTrainableWeights.reduce((n, v) => n + v.size, 0);
  printFn(`Total params: ${formatCount(trainable + nonTrainable)}`);
  printFn(`Trainable params: ${formatCount(trainable)}`);
  printFn(`Non-trainable params: ${formatCount(nonTrainable)}`);
  printFn('_'.repeat(length));
}
