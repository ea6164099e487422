// tp.activations: Keras's activation functions and the get/serialize pair layers use to accept
// 'relu', 'hard_sigmoid', a custom function, or null (linear).
import type { Tensor } from '../tensor.js';
import { describeValue, nameKey } from '../initializers/names.js';
import { BUILTIN_ACTIVATIONS, linear, namedActivation, type Activation } from './activations.js';

export {
  type Activation, linear, relu, relu6, elu, selu, sigmoid, hardSigmoid, hardSilu, tanh, softmax, logSoftmax,
  softplus, softsign, swish, silu, gelu, mish, exponential, leakyRelu,
} from './activations.js';

/** What layers accept as an activation: a name or a function of one tensor. */
export type ActivationIdentifier = string | ((x: Tensor) => Tensor);

const byKey = new Map<string, Activation>();
for (const a of BUILTIN_ACTIVATIONS) byKey.set(nameKey(a.activationName), a);
// Other spellings: TF.js's camelCase class names reduce to the same keys; these are aliases.
byKey.set(nameKey('swish'), BUILTIN_ACTIVATIONS.find((a) => a.activationName === 'silu')!);
byKey.set(nameKey('hard_swish'), BUILTIN_ACTIVATIONS.find((a) => a.activationName === 'hard_silu')!);
byKey.set('none', linear);

/**
 * The activation for `id`: a Keras or TF.js name ('relu', 'hard_sigmoid', 'hardSigmoid',
 * 'softmax', ...), a function (wrapped, named by its `name`; Keras's custom activations), or
 * null/undefined for linear.
 *
 * @example
 * const a = tp.activations.get('hard_sigmoid');
 * a(tp.tensor([0])).print(); // [0.5]
 * const mySoftplus = (z: tp.Tensor) => tp.log(tp.exp(z).add(1));
 * console.log(tp.activations.get(mySoftplus).activationName); // 'mySoftplus'
 */
export function get(id: ActivationIdentifier | null | undefined): Activation {
  if (id === null || id === undefined) return linear;
  if (typeof id === 'function') {
    if (typeof (id as Partial<Activation>).activationName === 'string') return id as Activation;
    const fn = id;
    return namedActivation(fn.name !== '' ? fn.name : 'custom_activation', (x: Tensor) => fn(x));
  }
  if (typeof id === 'string') {
    const a = byKey.get(nameKey(id));
    if (a !== undefined) return a;
    const known = BUILTIN_ACTIVATIONS.map((b) => b.activationName).join(', ');
    throw new Error(`activations.get: unknown activation '${id}' (known: ${known})`);
  }
  throw new Error(`activations.get: expected a name or a function, got ${describeValue(id)}`);
}

/**
 * The name an activation is saved under in a layer's config: Keras's snake_case name
 * ('hard_sigmoid'), or a custom function's name.
 *
 * @example
 * console.log(tp.activations.serialize(tp.activations.get('hardSigmoid'))); // 'hard_sigmoid'
 */
export function serialize(a: Activation | ((x: Tensor) => Tensor)): string {
  return get(a).activationName;
}

/**
 * The activation saved under `name` (the inverse of serialize; Keras's deserialize).
 *
 * @example
 * tp.activations.deserialize('relu')(tp.tensor([-1])).print(); // [0]
 */
export function deserialize(name: string): Activation {
  return get(name);
}
