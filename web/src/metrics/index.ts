// tp.metrics: Keras's streaming Metric classes and TF.js's stateless metric functions.
export { Metric, type MetricArgs, type MetricConfig, type WeightInitializer, type AddWeightArgs } from './metric.js';
export { Mean, Sum, MeanMetricWrapper, type MetricFn } from './reduction_metrics.js';
export {
  Accuracy,
  BinaryAccuracy,
  CategoricalAccuracy,
  SparseCategoricalAccuracy,
  TopKCategoricalAccuracy,
  SparseTopKCategoricalAccuracy,
} from './accuracy.js';
export {
  accuracy,
  binaryAccuracy,
  categoricalAccuracy,
  sparseCategoricalAccuracy,
  topKCategoricalAccuracy,
  sparseTopKCategoricalAccuracy,
} from './accuracy_functions.js';
export {
  MeanSquaredError,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError,
  RootMeanSquaredError,
  LogCoshError,
  CosineSimilarity,
  BinaryCrossentropy,
  CategoricalCrossentropy,
  SparseCategoricalCrossentropy,
  KLDivergence,
  Poisson,
  Hinge,
  SquaredHinge,
  CategoricalHinge,
  cosineSimilarity,
  type CrossentropyMetricArgs,
} from './loss_metrics.js';
export { Precision, Recall, TruePositives, FalsePositives, TrueNegatives, FalseNegatives, type PrecisionRecallArgs } from './precision_recall.js';
export { AUC, type AUCArgs } from './auc.js';
export { precision, recall, cosineProximity } from './tfjs_functions.js';
export { get, serialize, deserialize, registerMetric, type MetricIdentifier, type MetricContext } from './get.js';
// TF.js's tf.metrics also holds these loss functions (per-sample values) and short names.
export {
  meanSquaredError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredLogarithmicError,
  meanSquaredError as mse,
  meanAbsoluteError as mae,
  meanAbsolutePercentageError as mape,
  meanSquaredLogarithmicError as msle,
  meanSquaredError as MSE,
  meanAbsoluteError as MAE,
  meanAbsolutePercentageError as MAPE,
  meanSquaredLogarithmicError as MSLE,
} from '../losses/regression.js';
export { cosineProximity as cosine } from './tfjs_functions.js';
export { binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, klDivergence as kld, poisson } from '../losses/probabilistic.js';
export { hinge, squaredHinge, categoricalHinge } from '../losses/hinge.js';
export { logCosh as logcosh } from '../losses/regression.js';
