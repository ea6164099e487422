// tp.train: TF.js's optimizer factories with their positional arguments, returning the Keras
// optimizer classes (so the update rules are Keras's; TF.js's defaults where TF.js has them).
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { Adamax } from './adamax.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

export type { Optimizer } from './optimizer.js';

/**
 * Plain gradient descent, w -= learningRate * g.
 *
 * @example
 * const x = tp.variable(tp.scalar(2));
 * tp.train.sgd(0.1).minimize(() => x.square()); // gradient 4
 * x.print(); // 1.6
 */
export function sgd(learningRate: number): SGD {
  return new SGD({ learningRate });
}

/**
 * Gradient descent with momentum (Nesterov's with `useNesterov`).
 *
 * @example
 * const opt = tp.train.momentum(0.01, 0.9, true);
 * console.log(opt.nesterov); // true
 */
export function momentum(learningRate: number, momentum: number, useNesterov = false): SGD {
  return new SGD({ learningRate, momentum, nesterov: useNesterov });
}

/**
 * Adam (epsilon 1e-7 by default, applied as Keras does).
 *
 * @example
 * const opt = tp.train.adam(0.01);
 * console.log(opt.beta1, opt.beta2); // 0.9 0.999
 */
export function adam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon?: number): Adam {
  return new Adam({ learningRate, beta1, beta2, epsilon });
}

/**
 * Adagrad with the accumulator starting at `initialAccumulatorValue`.
 *
 * @example
 * console.log(tp.train.adagrad(0.1).initialAccumulatorValue); // 0.1
 */
export function adagrad(learningRate: number, initialAccumulatorValue = 0.1): Adagrad {
  return new Adagrad({ learningRate, initialAccumulatorValue });
}

/**
 * Adadelta.
 *
 * @example
 * console.log(tp.train.adadelta().rho); // 0.95
 */
export function adadelta(learningRate = 0.001, rho = 0.95, epsilon?: number): Adadelta {
  return new Adadelta({ learningRate, rho, epsilon });
}

/**
 * Adamax; `decay` divides the learning rate by (1 + decay * iterations) as TF.js.
 *
 * @example
 * console.log(tp.train.adamax().learningRate); // 0.002
 */
export function adamax(learningRate = 0.002, beta1 = 0.9, beta2 = 0.999, epsilon?: number, decay = 0): Adamax {
  return new Adamax({ learningRate, beta1, beta2, epsilon, decay });
}

/**
 * RMSprop; TF.js's `decay` is Keras's rho.
 *
 * @example
 * const opt = tp.train.rmsprop(0.01, 0.95, 0.5, 1e-6, true);
 * console.log(opt.rho, opt.centered); // 0.95 true
 */
export function rmsprop(learningRate: number, decay = 0.9, momentum = 0, epsilon?: number, centered = false): RMSprop {
  return new RMSprop({ learningRate, rho: decay, momentum, epsilon, centered });
}
