// tp.callbacks.lambda: the factory of LambdaCallback (defined with the base class).
import { LambdaCallback, type CustomCallbackArgs } from './callback.js';

/**
 * A callback from functions (Keras `LambdaCallback`): `tp.callbacks.lambda({ onEpochEnd })`.
 *
 * @example
 * const log: number[] = [];
 * await model.fit(x, y, { epochs: 3, callbacks: [tp.callbacks.lambda({ onEpochEnd: (e, logs) => { log.push(logs!.loss); } })] });
 */
export function lambda(args: CustomCallbackArgs): LambdaCallback {
  return new LambdaCallback(args);
}

export { lambda as lambdaCallback };
