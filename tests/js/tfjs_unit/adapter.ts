// The `tf` namespace the TF.js spec files see: tensorpad's own exports under their TF.js names,
// plus the few environment queries the specs make of the test backend (TF.js's CPU backend is the
// environment they are run as). Every op, tensor and function a spec calls is tensorpad's.
import * as tp from '../../../web/src/index.js';

export * from '../../../web/src/index.js';

/** The environment the specs ask about: a synchronous, float32 backend named like TF.js's CPU one. */
const testBackend = {
  floatPrecision: () => 32,
  epsilon: () => 1e-7,
  numDataIds: () => tp.memory().numTensors,
};
export const backend = () => testBackend;
export const getBackend = () => 'cpu';
export const engine = () => ({ backend: testBackend });

// Some specs call the assertions through the namespace (tf.test_util.expectArraysClose): TF.js's own.
export * as test_util from '../../../node_modules/@tensorflow/tfjs-core/dist/test_util.js';
