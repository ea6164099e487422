// TF.js-style gradient helpers over GradientTape, custom gradients and numerical
// differentiation for teaching.
import { convertToTensor, type TensorLike } from '../convert.js';
import { engine } from '../engine/engine.js';
import { tidy } from '../memory.js';
import { zeros } from '../ops/fill.js';
import { Tensor } from '../tensor.js';
import { liveVariableList, type Variable } from '../variable.js';
import { GradientTape } from './gradient_tape.js';
import { describe, wrapHandles, writeHandles } from './handles.js';

function requireTensor(x: unknown, op: string): Tensor {
  if (!(x instanceof Tensor)) throw new Error(`${op}: f must return a tensor, got ${describe(x)}`);
  return x;
}

// Plain numbers and arrays become float32 tensors, as TF.js converts them.
function asTensor(x: unknown, what: string, op: string, temps: Tensor[]): Tensor {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number' || typeof x === 'boolean' || Array.isArray(x) || ArrayBuffer.isView(x)) {
    const t = convertToTensor(x as TensorLike, undefined, op).tensor;
    temps.push(t);
    return t;
  }
  throw new Error(`${op}: ${what} is not a tensor (got ${describe(x)})`);
}

function gradsOf(op: string, f: (...xs: Tensor[]) => Tensor, xsIn: readonly TensorLike[], dyIn?: TensorLike) {
  const temps: Tensor[] = [];
  try {
    const xs = xsIn.map((x, i) => asTensor(x, `argument ${i}`, op, temps));
    const dy = dyIn === undefined || dyIn === null ? undefined : asTensor(dyIn, 'dy', op, temps);
    const r = gradsOfTensors(op, f, xs, dy);
    // A converted input that f returned as is stays alive as the value.
    temps.splice(0, temps.length, ...temps.filter((t) => t !== r.value));
    return r;
  } finally {
    for (const t of temps) t.dispose();
  }
}

function gradsOfTensors(op: string, f: (...xs: Tensor[]) => Tensor, xs: Tensor[], dy?: Tensor) {
  // As TF.js: f's intermediates are freed, only the value and the gradients survive, also when
  // gradient() throws.
  const tape = new GradientTape();
  try {
    return tidy(() => {
      const value = tape.record(() => {
        tape.watch(xs);
        return requireTensor(f(...xs), op);
      });
      const grads = tape.gradient(value, xs, dy ? { outputGradients: dy, unconnectedGradients: 'zero' } : { unconnectedGradients: 'zero' });
      // As TF.js: an input with no gradient path, even a bool or int32 one (where's condition),
      // gets zeros (float32 for non-floating inputs), never null.
      return { value, grads: grads.map((g, i) => g ?? zeros(xs[i]!.shape, 'float32')) };
    });
  } finally {
    tape.dispose();
  }
}

/**
 * The gradient function of f: x => df/dx (summed over f's elements, or weighted by dy).
 *
 * @example
 * const df = tp.grad((x) => x.square());
 * df(tp.tensor([1, 2])).print(); // [2, 4]
 * df(3).print(); // 6 (numbers and arrays are converted, as TF.js)
 */
export function grad(f: (x: Tensor) => Tensor): (x: TensorLike, dy?: TensorLike) => Tensor {
  return (x, dy) => {
    const { value, grads } = gradsOf('grad', f, [x], dy);
    if (value !== x) value.dispose();
    return grads[0]!;
  };
}

/**
 * The gradient function of f with respect to each of its arguments.
 *
 * @example
 * const df = tp.grads((a, b) => a.mul(b));
 * const [da, db] = df([tp.scalar(2), tp.scalar(3)]);
 * da.print(); // 3
 */
export function grads(f: (...xs: Tensor[]) => Tensor): (xs: TensorLike[], dy?: TensorLike) => Tensor[] {
  return (xs, dy) => {
    const r = gradsOf('grads', f, xs, dy);
    if (!xs.includes(r.value)) r.value.dispose();
    return r.grads;
  };
}

/**
 * Like grad, returning f's value too.
 *
 * @example
 * const { value, grad } = tp.valueAndGrad((x) => x.exp())(tp.scalar(0));
 * value.print(); // 1
 */
export function valueAndGrad(f: (x: Tensor) => Tensor): (x: TensorLike, dy?: TensorLike) => { value: Tensor; grad: Tensor } {
  return (x, dy) => {
    const r = gradsOf('valueAndGrad', f, [x], dy);
    return { value: r.value, grad: r.grads[0]! };
  };
}

/**
 * Like grads, returning f's value too.
 *
 * @example
 * const { value, grads } = tp.valueAndGrads((a, b) => a.mul(b))([tp.scalar(2), tp.scalar(3)]);
 * value.print(); // 6
 */
export function valueAndGrads(f: (...xs: Tensor[]) => Tensor): (xs: TensorLike[], dy?: TensorLike) => { value: Tensor; grads: Tensor[] } {
  return (xs, dy) => gradsOf('valueAndGrads', f, xs, dy);
}

/**
 * The value of a scalar f() and its gradients with respect to trainable variables (all live
 * ones by default), keyed by variable name, as TF.js.
 *
 * @example
 * const w = tp.variable(3, true, 'w');
 * const { value, grads } = tp.variableGrads(() => w.square());
 * grads['w:0']!.print(); // 6
 */
export function variableGrads(f: () => Tensor, varList?: Variable[]): { value: Tensor; grads: { [name: string]: Tensor } } {
  const vars = (varList ?? liveVariableList()).filter((v) => v.trainable);
  const tape = new GradientTape();
  const value = tape.record(() => requireTensor(f(), 'variableGrads'));
  if (value.rank !== 0) throw new Error(`variableGrads: f must return a scalar, got shape [${value.shape.join(',')}]`);
  const gs = tape.gradient(value, vars);
  tape.dispose();
  const out: { [name: string]: Tensor } = {};
  vars.forEach((v, i) => {
    if (gs[i]) out[v.name] = gs[i]!;
  });
  return { value, grads: out };
}

/**
 * Central-difference gradient of a scalar function of plain numbers, in float64 (JS numbers):
 * what autodiff replaces, for comparing in lessons. `eps` defaults to 1e-6.
 *
 * @example
 * const f = (w1: number, w2: number) => 3 * w1 ** 2 + 2 * w1 * w2;
 * console.log(tp.numericalGradient(f, [5, 3])); // about [36, 10]
 */
export function numericalGradient(f: (...xs: number[]) => number, xs: number[], eps = 1e-6, scheme: 'central' | 'forward' = 'central'): number[] {
  return xs.map((_, i) => {
    const at = (d: number) => f(...xs.map((x, j) => (j === i ? x + d : x)));
    return scheme === 'forward' ? (at(eps) - at(0)) / eps : (at(eps) - at(-eps)) / (2 * eps);
  });
}

/** What a customGradient function returns: its value and the gradient rule. */
export interface CustomGradientResult {
  value: Tensor;
  /** Gradients of the inputs from the upstream gradient dy (null = no gradient). */
  gradFunc: (dy: Tensor) => Tensor | (Tensor | null)[];
  /** Optional forward-mode rule: tangents of the inputs to the tangent of the value. */
  jvpFunc?: (...tangents: (Tensor | null)[]) => Tensor;
}

/**
 * Defines a function whose gradient is given by hand, like tf.custom_gradient / tf.customGrad:
 * the body runs unrecorded, and tapes use gradFunc instead.
 *
 * @example
 * // softplus whose gradient stays finite for large x: sigmoid(x), not exp(x)/(1+exp(x))
 * const softplus = tp.customGradient((x) => ({
 *   value: tp.log1p(tp.exp(x.neg())).add(tp.relu(x)),
 *   gradFunc: (dy) => dy.mul(tp.sigmoid(x)),
 * }));
 * tp.grad(softplus)(tp.scalar(100)).print(); // 1
 */
export function customGradient(f: (...inputs: Tensor[]) => CustomGradientResult): (...inputs: Tensor[]) => Tensor {
  if (typeof f !== 'function') throw new Error(`customGradient: f must be a function, got ${describe(f)}`);
  return (...inputs) => {
    inputs.forEach((x, i) => {
      if (!(x instanceof Tensor)) throw new Error(`customGradient: input ${i} is not a tensor (got ${describe(x)})`);
    });
    const { module } = engine();
    module.pause(true);
    let res: CustomGradientResult;
    try {
      res = f(...inputs);
    } finally {
      module.pause(false);
    }
    if (!res || !(res.value instanceof Tensor) || typeof res.gradFunc !== 'function')
      throw new Error('customGradient: f must return { value: Tensor, gradFunc: (dy) => gradients }');
    const value = res.value;
    // Called by the core during gradient(): the arguments are handles the core made for us; the
    // results are handed to the core, which releases both.
    const handOver = (rule: (args: (Tensor | null)[]) => Tensor | (Tensor | null)[], count: number) => (ids: number[]) => {
      const args = wrapHandles(ids);
      const out = tidy(() => {
        const r = rule(args);
        return Array.isArray(r) ? r : [r];
      });
      if (out.length !== count)
        throw new Error(`customGradient: the gradient function returned ${out.length} gradients for ${count} inputs`);
      const result = out.map((t) => (t === null ? -1 : t.handle));
      for (const t of [...args, ...out]) if (t !== null && !t.isDisposed) t.takeHandle();
      return result;
    };
    writeHandles(0, inputs, 'customGradient');
    writeHandles(inputs.length, [value], 'customGradient');
    const jvpFunc = res.jvpFunc;
    module.customGradient(
      inputs.length,
      1,
      handOver((a) => res.gradFunc(a[0]!), inputs.length),
      jvpFunc ? handOver((a) => jvpFunc(...a), 1) : null,
    );
    return value;
  };
}

/** What a customGrad function returns, in TF.js's form: gradFunc also receives the saved tensors. */
export interface CustomGradFuncResult<T extends Tensor = Tensor> {
  value: T;
  gradFunc: (dy: T, saved: Tensor[]) => Tensor | (Tensor | null)[];
}

/** The `save` function customGrad passes as f's last argument (TF.js's GradSaveFunc). */
export type GradSaveFunc = (tensors: Tensor[]) => void;

/**
 * TF.js's tf.customGrad: `f(...inputs, save)` computes the value, may `save([...tensors])` for the
 * backward pass, and returns `{ value, gradFunc(dy, saved) }` giving the inputs' gradients.
 * Saved tensors live in the caller's scope (tidy), as the value does. In TypeScript, annotate f's
 * parameters (as below, as with TF.js): the returned function takes the inputs they list and
 * returns the value's type.
 *
 * @example
 * const square = tp.customGrad((x: tp.Tensor, save: (ts: tp.Tensor[]) => void) => {
 *   save([x]);
 *   return { value: x.square(), gradFunc: (dy, [sx]) => dy.mul(sx!.mul(2)) };
 * });
 * tp.grad((x) => square(x))(tp.tensor([3])).print(); // [6]
 */
export function customGrad<A extends Tensor[], T extends Tensor = Tensor>(f: (...args: [...A, GradSaveFunc]) => CustomGradFuncResult<T>): (...inputs: A) => T;
export function customGrad<A extends Tensor[], T extends Tensor = Tensor>(f: (...args: A) => CustomGradFuncResult<T>): (...inputs: A) => T;
export function customGrad(f: (...args: [...Tensor[], GradSaveFunc]) => CustomGradFuncResult): (...inputs: Tensor[]) => Tensor {
  if (typeof f !== 'function') throw new Error(`customGrad: f must be a function, got ${describe(f)}`);
  return customGradient((...inputs) => {
    let saved: Tensor[] = [];
    const save = (tensors: Tensor[]): void => {
      if (!Array.isArray(tensors) || tensors.some((t) => !(t instanceof Tensor)))
        throw new Error('customGrad: save() takes an array of tensors');
      saved = tensors;
    };
    const r = f(...inputs, save);
    if (!r || !(r.value instanceof Tensor) || typeof r.gradFunc !== 'function')
      throw new Error('customGrad: f must return { value: Tensor, gradFunc: (dy, saved) => gradients }');
    return { value: r.value, gradFunc: (dy) => r.gradFunc(dy, saved) };
  });
}
