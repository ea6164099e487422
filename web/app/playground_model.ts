// The network the playground's settings describe, built with tensorpad's Keras API. The notebook
// code (playground_code.ts) writes the same layers in the same order, so with the same seed both
// start from the same weights. A hidden layer is Dense(units, activation), or with batch norm
// Dense -> BatchNormalization -> Activation; the output is one unit, sigmoid for classification
// (binary cross-entropy on 0/1 labels) and linear for regression (mean squared error).
import * as tp from '../src/index.ts';
import { activeFeatures, numericSeed, type PlaygroundState } from './playground_state.ts';

export interface PlaygroundModel {
  model: tp.Model;
  /** Same layers; outputs every hidden layer's activations, then the network's output. */
  probe: tp.Model;
  /** The Dense layers, input side first; the last one is the output. */
  dense: tp.layers.Layer[];
}

function regularizer(s: PlaygroundState): tp.regularizers.Regularizer | undefined {
  if (s.regularization === 'none' || s.regularizationRate === 0) return undefined;
  return s.regularization === 'L1' ? tp.regularizers.l1({ l1: s.regularizationRate }) : tp.regularizers.l2({ l2: s.regularizationRate });
}

export function optimizerFor(s: PlaygroundState): tp.optimizers.Optimizer {
  switch (s.optimizer) {
    case 'sgd': return tp.train.sgd(s.learningRate);
    case 'momentum': return tp.train.momentum(s.learningRate, 0.9);
    case 'adam': return tp.train.adam(s.learningRate);
  }
}

export function lossFor(s: PlaygroundState): 'binaryCrossentropy' | 'meanSquaredError' {
  return s.problem === 'classification' ? 'binaryCrossentropy' : 'meanSquaredError';
}

/** Builds and compiles the network; seeds tp with the link's seed first. */
export function buildModel(s: PlaygroundState): PlaygroundModel {
  tp.setSeed(numericSeed(s.seed));
  const init = s.initZero ? { kernelInitializer: 'zeros' as const } : {};
  const kernelRegularizer = regularizer(s);
  const input = tp.input({ shape: [activeFeatures(s).length] });
  let h: tp.SymbolicTensor = input;
  const hidden: tp.SymbolicTensor[] = [];
  const dense: tp.layers.Layer[] = [];
  for (const units of s.networkShape) {
    const d = tp.layers.dense({ units, activation: s.batchNorm ? 'linear' : s.activation, kernelRegularizer, ...init });
    dense.push(d);
    h = d.apply(h) as tp.SymbolicTensor;
    if (s.batchNorm) {
      h = tp.layers.batchNormalization().apply(h) as tp.SymbolicTensor;
      h = tp.layers.activation({ activation: s.activation }).apply(h) as tp.SymbolicTensor;
    }
    hidden.push(h);
  }
  const out = tp.layers.dense({ units: 1, activation: s.problem === 'classification' ? 'sigmoid' : 'linear', kernelRegularizer, ...init });
  dense.push(out);
  const y = out.apply(h) as tp.SymbolicTensor;
  const model = tp.model({ inputs: input, outputs: y });
  model.compile({ optimizer: optimizerFor(s), loss: lossFor(s) });
  const probe = tp.model({ inputs: input, outputs: [...hidden, y] });
  return { model, probe, dense };
}
