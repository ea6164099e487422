// Keras-style training for tensorpad models: compile / fit / evaluate / predict / trainOnBatch,
// fitDataset / evaluateDataset, History, the progress bar and the custom-loop status bar. Model's
// methods delegate here.
export type {
  CompileArgs, FitArgs, EvaluateArgs, PredictArgs, FitDatasetArgs, EvaluateDatasetArgs, DatasetLike,
  LossFn, MetricFn, LossIdentifier, MetricIdentifier, TensorOrArrayOrMap, TrainableModel, YieldEvery,
} from './types.js';
export type { CustomCallbackArgs } from '../callbacks/index.js';
export { compileModel } from './compile.js';
export { fitModel, trainOnBatchModel } from './fit.js';
export { fitDatasetModel, evaluateDatasetModel } from './dataset.js';
export { evaluateModel } from './evaluate.js';
export { predictModel } from './predict.js';
export { History } from './history.js';
export { ProgressLogger, formatProgressLine, formatValue, formatTimePerUnit, type ProgressLoggerArgs, type ProgressState } from './progress.js';
export { printStatusBar, type NamedResult } from './status_bar.js';
