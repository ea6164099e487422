// Models: tp.Model, tp.Sequential, tp.sequential, tp.model, tp.input, tp.SymbolicTensor, tp.models.
export { Model, type ModelArgs } from './model.js';
export { Sequential, sequential, type SequentialArgs } from './sequential.js';
export { model, type FunctionalModelArgs } from './functional.js';
export { input, type InputArgs } from '../layers/input_layer.js';
export { SymbolicTensor } from '../layers/symbolic_tensor.js';
export * as models from './models_namespace.js';
export * as serialization from './serialization_namespace.js';
