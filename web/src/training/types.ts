// The shapes the training functions work with. The model is described structurally (what
// training reads and sets on it), so this part does not import the Model class (no import cycle).
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import type { Loss } from '../losses/index.js';
import type { Metric } from '../metrics/index.js';
import type { Optimizer } from '../optimizers/index.js';
import type { CallbackArg } from '../callbacks/index.js';

/** A per-sample loss or metric function (yTrue, yPred) -> values. */
export type LossFn = (yTrue: Tensor, yPred: Tensor) => Tensor;
export type MetricFn = (yTrue: Tensor, yPred: Tensor) => Tensor;
export type LossIdentifier = string | Loss | LossFn;
export type MetricIdentifier = string | Metric | MetricFn;

/** Model inputs or targets: one tensor, one per input/output, or by input/output name. */
export type TensorOrArrayOrMap = Tensor | Tensor[] | { [name: string]: Tensor };

/** What the training functions need from a model (tp.Model has all of it). */
export interface TrainableModel {
  readonly name: string;
  apply(inputs: Tensor | Tensor[], kwargs?: { training?: boolean }): unknown;
  readonly trainableWeights: Variable[];
  readonly losses: Tensor[];
  stopTraining: boolean;
  /** Functional models: output and input names and symbolic outputs (for shapes). */
  readonly outputNames?: string[];
  readonly inputNames?: string[];
  readonly outputs?: { shape: (number | null)[] }[];
  /** Set by compile (tp.Model starts them at null). */
  optimizer?: Optimizer | null;
  loss?: CompileArgs['loss'] | null;
  compiledMetrics?: CompileArgs['metrics'] | null;
  metricsNames?: string[];
  /** Set by fit: the History of the last run (Keras's model.history). */
  history?: unknown;
}

export interface CompileArgs {
  /** An optimizer name ('adam', 'sgd', ...) or object. */
  optimizer: string | Optimizer;
  /** One loss for every output, one per output (array) or by output name. */
  loss: LossIdentifier | LossIdentifier[] | { [output: string]: LossIdentifier };
  /** Metrics for every output, per output (array of arrays), or by output name. */
  metrics?: MetricIdentifier[] | MetricIdentifier[][] | { [output: string]: MetricIdentifier | MetricIdentifier[] };
  /** Factors of each output's loss in the total loss. */
  lossWeights?: number[] | { [output: string]: number };
  /** Run the steps as plain JS (default false: each step is one compiled tp.function call). */
  runEagerly?: boolean;
  /**
   * Training batches per engine call in fit (Keras's steps_per_execution). A number N runs N
   * batches per call and calls onBatchBegin/onBatchEnd once per call (with the first and last
   * batch index), as Keras. 'auto' (default) runs many batches per call, sized to about 15 ms of
   * work, when no callback overrides onBatchBegin/onBatchEnd and yieldEvery is not 'batch'; else
   * one. Results are the same either way.
   */
  stepsPerExecution?: number | 'auto';
}

/** When fit gives the event loop a turn: every N milliseconds, after each batch or epoch, or never. */
export type YieldEvery = 'auto' | 'batch' | 'epoch' | 'never' | number;

export interface FitArgs {
  epochs?: number;
  batchSize?: number;
  /** 0 silent, 1 progress bar, 2 one line per epoch. Default 1. */
  verbose?: 0 | 1 | 2;
  callbacks?: CallbackArg;
  /** [x, y] or [x, y, sampleWeight] evaluated at the end of each epoch. */
  validationData?: [TensorOrArrayOrMap, TensorOrArrayOrMap] | [TensorOrArrayOrMap, TensorOrArrayOrMap, Tensor];
  /** Fraction of the samples, taken from the end before shuffling, held out for validation. */
  validationSplit?: number;
  validationBatchSize?: number;
  shuffle?: boolean;
  initialEpoch?: number;
  /** Batches per epoch (default: all the samples once). */
  stepsPerEpoch?: number;
  /** Weight of each class index in the loss (targets one-hot or sparse). */
  classWeight?: { [classIndex: number]: number };
  /** Weight of each sample in the loss, shape [samples]. */
  sampleWeight?: Tensor;
  yieldEvery?: YieldEvery;
}

export interface EvaluateArgs {
  batchSize?: number;
  verbose?: 0 | 1;
  sampleWeight?: Tensor;
  steps?: number;
}

export interface PredictArgs {
  batchSize?: number;
  verbose?: 0 | 1;
}

export interface FitDatasetArgs {
  epochs?: number;
  /** Batches per epoch; by default each epoch runs the dataset to its end. */
  batchesPerEpoch?: number;
  stepsPerEpoch?: number;
  verbose?: 0 | 1 | 2;
  callbacks?: FitArgs['callbacks'];
  /** A dataset, or [x, y] tensors, evaluated at the end of each epoch. */
  validationData?: DatasetLike | [TensorOrArrayOrMap, TensorOrArrayOrMap] | [TensorOrArrayOrMap, TensorOrArrayOrMap, Tensor];
  validationBatches?: number;
  validationBatchSize?: number;
  initialEpoch?: number;
  classWeight?: { [classIndex: number]: number };
  yieldEvery?: YieldEvery;
}

export interface EvaluateDatasetArgs {
  batches?: number;
  steps?: number;
  verbose?: 0 | 1;
}

/** A dataset of batches: elements {xs, ys} or [xs, ys] (tp.data datasets). */
export interface DatasetLike {
  iterator?(): Promise<{ next(): Promise<IteratorResult<unknown>> }>;
  [Symbol.asyncIterator]?(): AsyncIterator<unknown>;
}
