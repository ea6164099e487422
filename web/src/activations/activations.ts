// The Keras activation functions (keras.activations), written from the core's primitives so that
// their gradients come from the primitives' rules. Each is an `Activation`: a function of one
// tensor carrying its Keras name, which layers store and serialize.
import { tidy } from '../memory.js';
import { add, div, greater, mul, sub, where } from '../ops/binary.js';
import { softmax as softmaxOp, logSoftmax as logSoftmaxOp } from '../ops/softmax.js';
import * as u from '../ops/unary.js';
import type { Tensor } from '../tensor.js';

/** An activation function with the name Keras serializes it under. */
export type Activation = ((x: Tensor) => Tensor) & { readonly activationName: string };

/** @internal Attaches `name` to `fn`. */
export function namedActivation<F extends (x: Tensor) => Tensor>(name: string, fn: F): F & { readonly activationName: string } {
  Object.defineProperty(fn, 'activationName', { value: name, enumerable: false });
  return fn as F & { readonly activationName: string };
}

/**
 * The identity: returns its input unchanged (the same tensor, as Keras and TF.js do).
 *
 * @example
 * tp.activations.linear(tp.tensor([-1, 2])).print(); // [-1, 2]
 */
export const linear = namedActivation('linear', (x: Tensor): Tensor => x);

/**
 * Keras's relu: max(x, 0), or with options `negativeSlope * x` below `threshold` and a cap at
 * `maxValue`.
 *
 * @example
 * tp.activations.relu(tp.tensor([-1, 2])).print(); // [0, 2]
 * tp.activations.relu(tp.tensor([-1, 2, 9]), { negativeSlope: 0.5, maxValue: 6 }).print(); // [-0.5, 2, 6]
 */
export const relu = namedActivation(
  'relu',
  (x: Tensor, options: { negativeSlope?: number; maxValue?: number | null; threshold?: number } = {}): Tensor => {
    const slope = options.negativeSlope ?? 0;
    const cap = options.maxValue ?? null;
    const threshold = options.threshold ?? 0;
    if (slope === 0 && cap === null && threshold === 0) return u.relu(x);
    return tidy(() => {
      // As Keras: x above the threshold (clipped to [0, maxValue]), negativeSlope * (x - threshold) below.
      let y = threshold !== 0 ? mul(x, u.cast(greater(x, threshold), x.dtype)) : u.relu(x);
      if (cap !== null) y = u.clipByValue(y, 0, cap);
      if (slope !== 0) y = sub(y, mul(u.relu(threshold !== 0 ? sub(threshold, x) : u.neg(x)), slope));
      return y;
    });
  },
);

/**
 * min(max(x, 0), 6).
 *
 * @example
 * tp.activations.relu6(tp.tensor([-1, 3, 8])).print(); // [0, 3, 6]
 */
export const relu6 = namedActivation('relu6', (x: Tensor): Tensor => u.relu6(x));

/**
 * x if x > 0, else alpha * (exp(x) - 1) (alpha 1 by default).
 *
 * @example
 * tp.activations.elu(tp.tensor([1, 0])).print(); // [1, 0]
 */
export const elu = namedActivation('elu', (x: Tensor, alpha = 1): Tensor => {
  if (alpha === 1) return u.elu(x);
  return tidy(() => where(greater(x, 0), x, mul(u.expm1(x), alpha)));
});

/**
 * Scaled ELU: scale * elu(x, alpha) with Keras's alpha = 1.67326324, scale = 1.05070098; with
 * lecunNormal initialization it keeps activations normalized (self-normalizing networks).
 *
 * @example
 * tp.activations.selu(tp.tensor([0, 1])).print(); // [0, 1.050701]
 */
export const selu = namedActivation('selu', (x: Tensor): Tensor => u.selu(x));

/**
 * 1 / (1 + exp(-x)).
 *
 * @example
 * tp.activations.sigmoid(tp.tensor([0])).print(); // [0.5]
 */
export const sigmoid = namedActivation('sigmoid', (x: Tensor): Tensor => u.sigmoid(x));

/**
 * Keras 3's hard sigmoid relu6(x + 3) / 6: 0 below -3, 1 above 3, x / 6 + 0.5 between.
 * (Keras 2 and TF.js used 0.2 * x + 0.5 clipped to [0, 1].)
 *
 * @example
 * tp.activations.hardSigmoid(tp.tensor([-4, 0, 1.5, 4])).print(); // [0, 0.5, 0.75, 1]
 */
export const hardSigmoid = namedActivation('hard_sigmoid', (x: Tensor): Tensor => tidy(() => div(u.relu6(add(x, 3)), 6)));

/**
 * x * hardSigmoid(x) (Keras 3's hard_silu, a.k.a. hard swish).
 *
 * @example
 * tp.activations.hardSilu(tp.tensor([-4, 0, 3])).print(); // [0, 0, 3]
 */
export const hardSilu = namedActivation('hard_silu', (x: Tensor): Tensor => tidy(() => mul(x, hardSigmoid(x))));

/**
 * Hyperbolic tangent.
 *
 * @example
 * tp.activations.tanh(tp.tensor([0])).print(); // [0]
 */
export const tanh = namedActivation('tanh', (x: Tensor): Tensor => u.tanh(x));

/**
 * exp(x) / sum(exp(x)) over `axis` (the last axis by default, as Keras).
 *
 * @example
 * tp.activations.softmax(tp.tensor([[0, 0], [0, Math.log(3)]])).print(); // [[0.5, 0.5], [0.25, 0.75]]
 */
export const softmax = namedActivation('softmax', (x: Tensor, axis = -1): Tensor => softmaxOp(x, axis));

/**
 * log(softmax(x)) over `axis` (the last by default), computed without overflow.
 *
 * @example
 * tp.activations.logSoftmax(tp.tensor([0, 0])).print(); // [-0.6931472, -0.6931472]
 */
export const logSoftmax = namedActivation('log_softmax', (x: Tensor, axis = -1): Tensor => logSoftmaxOp(x, axis));

/**
 * log(exp(x) + 1).
 *
 * @example
 * tp.activations.softplus(tp.tensor([0])).print(); // [0.6931472]
 */
export const softplus = namedActivation('softplus', (x: Tensor): Tensor => u.softplus(x));

/**
 * x / (|x| + 1).
 *
 * @example
 * tp.activations.softsign(tp.tensor([-3, 1])).print(); // [-0.75, 0.5]
 */
export const softsign = namedActivation('softsign', (x: Tensor): Tensor => tidy(() => div(x, add(u.abs(x), 1))));

/**
 * x * sigmoid(x) (Keras's swish, also named silu).
 *
 * @example
 * tp.activations.swish(tp.tensor([0, 1])).print(); // [0, 0.7310586]
 */
export const swish = namedActivation('silu', (x: Tensor): Tensor => tidy(() => mul(x, u.sigmoid(x))));
/** Keras 3's name for swish. @example tp.activations.silu(tp.tensor([0])).print(); // [0] */
export const silu = swish;

/**
 * Gaussian error linear unit x * Phi(x); `approximate` uses the tanh form. Keras's default is
 * the exact form.
 *
 * @example
 * tp.activations.gelu(tp.tensor([0, 1])).print(); // [0, 0.8413447]
 */
export const gelu = namedActivation('gelu', (x: Tensor, approximate = false): Tensor => u.gelu(x, approximate));

/**
 * x * tanh(softplus(x)).
 *
 * @example
 * tp.activations.mish(tp.tensor([0, 1])).print(); // [0, 0.8650984]
 */
export const mish = namedActivation('mish', (x: Tensor): Tensor => tidy(() => mul(x, u.tanh(u.softplus(x)))));

/**
 * exp(x).
 *
 * @example
 * tp.activations.exponential(tp.tensor([0])).print(); // [1]
 */
export const exponential = namedActivation('exponential', (x: Tensor): Tensor => u.exp(x));

/**
 * x if x > 0, else negativeSlope * x (Keras 3's leaky_relu, negativeSlope 0.2 by default).
 *
 * @example
 * tp.activations.leakyRelu(tp.tensor([-1, 2])).print(); // [-0.2, 2]
 */
export const leakyRelu = namedActivation('leaky_relu', (x: Tensor, negativeSlope = 0.2): Tensor => u.leakyRelu(x, negativeSlope));

/** Every built-in activation, in the order of keras.activations. */
export const BUILTIN_ACTIVATIONS: readonly Activation[] = [
  linear, relu, relu6, elu, selu, sigmoid, hardSigmoid, hardSilu, tanh, softmax, logSoftmax,
  softplus, softsign, swish, gelu, mish, exponential, leakyRelu,
];
