// tp.models: building models from their topology JSON (TF.js's tf.models).
import { getRegisteredClass } from '../layers/class_lookup.js';
import type { CustomObjects } from '../layers/serialization.js';
import type { Model } from './model.js';
import { Sequential } from './sequential.js';
import { modelFromJSON as rebuild } from './topology.js';

export { registerClass } from '../layers/serialization.js';
export { getRegisteredClass };

/**
 * A model rebuilt from its topology (model.toJSON(), a model.json's modelTopology, or Keras's
 * model_config): the layers are looked up by class_name among the built-in layers, Sequential,
 * Model and the classes passed to tp.serialization.registerClass; `customObjects` adds more. The
 * weights are freshly initialized (tp.loadLayersModel loads them). Synchronous; `await` works too,
 * as with TF.js.
 *
 * @example
 * const model = tp.sequential([tp.layers.dense({ units: 2, inputShape: [3] })]);
 * const copy = tp.models.modelFromJSON(model.toJSON());
 * console.log(copy.layers[0]!.getClassName()); // 'Dense'
 */
export function modelFromJSON(json: object | string, customObjects?: CustomObjects): Model {
  // Named here so an app that rebuilds models ships Sequential even if it never names it.
  const withSequential = getRegisteredClass('Sequential', customObjects) === undefined ? { Sequential, ...customObjects } : customObjects;
  return rebuild(json, withSequential);
}
