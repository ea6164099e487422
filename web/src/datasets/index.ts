// tp.datasets: built-in data sets that need no network (the TF Playground's synthetic 2-D sets,
// Auto MPG and Palmer penguins from vega-datasets, 10,000 MNIST digits), MNIST-format loaders for
// user-supplied IDX files, and the usual preparation helpers (train/test split, standardization).
export { TabularData, type ToTensorsOptions } from './tabular.js';
export { circle, xor, gauss, spiral, regressPlane, regressGaussian, type PlaygroundOptions } from './playground.js';
export { mnist } from './mnist_digits.js';
export { LabeledImages, type ImageTensorsOptions } from './labeled_images.js';
export { mnistFromIdx, fashionMnistFromIdx, type MnistFiles, type MnistOptions, type MnistData, type MnistSplit } from './mnist.js';
export { autoMpg, penguins, type VegaOptions, type VegaSource, type PenguinsOptions } from './vega.js';
export { trainTestSplit, type TrainTestSplitOptions, type TrainTestSplit } from './train_test_split.js';
export { Standardizer, standardize } from './standardize.js';
