// tp.losses: Keras's loss functions (per-sample values) and Loss classes (weighted, reduced).
export { EPSILON, type Reduction } from './utils.js';
export {
  meanSquaredError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredLogarithmicError,
  huber,
  logCosh,
  cosineSimilarity,
  type LossFn,
} from './regression.js';
export { binaryCrossentropy, categoricalCrossentropy, sparseCategoricalCrossentropy, klDivergence, poisson } from './probabilistic.js';
export { hinge, squaredHinge, categoricalHinge } from './hinge.js';
export { Loss, LossFunctionWrapper, type LossArgs, type LossConfig } from './loss.js';
export {
  MeanSquaredError,
  MeanAbsoluteError,
  MeanAbsolutePercentageError,
  MeanSquaredLogarithmicError,
  Huber,
  LogCosh,
  BinaryCrossentropy,
  CategoricalCrossentropy,
  SparseCategoricalCrossentropy,
  CosineSimilarity,
  Hinge,
  SquaredHinge,
  CategoricalHinge,
  KLDivergence,
  Poisson,
  type CrossentropyArgs,
} from './classes.js';
export { get, serialize, deserialize, registerLoss, type LossIdentifier } from './get.js';
// Keras's short names of the functions.
export {
  meanSquaredError as mse,
  meanAbsoluteError as mae,
  meanAbsolutePercentageError as mape,
  meanSquaredLogarithmicError as msle,
  cosineSimilarity as cosineProximity,
} from './regression.js';
export { klDivergence as kld, klDivergence as kullbackLeiblerDivergence } from './probabilistic.js';
