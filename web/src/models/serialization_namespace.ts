// tp.serialization: the class registry used to rebuild saved models (TF.js's tf.serialization).
export { registerClass, type SerializableClass, type ConfigDict, type CustomObjects } from '../layers/serialization.js';
export { getRegisteredClass } from '../layers/class_lookup.js';
