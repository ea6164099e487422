// tp.models: building models from their topology JSON (TF.js's tf.models).
export { modelFromJSON } from './topology.js';
export { registerClass, getRegisteredClass } from '../layers/serialization.js';
