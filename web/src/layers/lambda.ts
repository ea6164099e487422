// Lambda: a layer from a function of tensors (Keras's Lambda), e.g. tp.layers.lambda(x => tp.exp(x)).
// Its output shape is found by running the function; a JS function cannot be saved in model.json,
// so getConfig refuses (write a registered Layer subclass for models that are saved).
import type { Tensor } from '../tensor.js';
import { Layer, type CallKwargs, type LayerArgs } from './layer.js';
import type { Shape } from './shape.js';

/** The function of a Lambda layer: inputs (a tensor, or a list), then `arguments` if given. */
export type LambdaFunction = (inputs: Tensor & Tensor[], args?: { [k: string]: unknown }) => Tensor | Tensor[];

export interface LambdaLayerArgs extends LayerArgs {
  fn: LambdaFunction;
  /** Output shape without the batch dimension, if known (else found by running fn). */
  outputShape?: Shape;
  /** Extra keyword arguments passed to fn. */
  arguments?: { [k: string]: unknown };
}

/**
 * Wraps a function as a layer.
 *
 * @example
 * const expLayer = tp.layers.lambda((x) => tp.exp(x));
 * expLayer.apply(tp.tensor([[0]])).print(); // [[1]]
 */
export class Lambda extends Layer {
  static override className = 'Lambda';
  readonly fn: LambdaFunction;
  readonly fixedOutputShape: Shape | null;
  readonly fnArguments: { [k: string]: unknown } | undefined;

  constructor(args: LambdaLayerArgs) {
    super(args);
    if (typeof args.fn !== 'function') throw new Error(`${this.who}: expected a function (tp.layers.lambda(fn) or lambda({fn}))`);
    this.fn = args.fn;
    this.fixedOutputShape = args.outputShape ?? null;
    this.fnArguments = args.arguments;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor | Tensor[] {
    void kwargs;
    return this.fn(inputs as Tensor & Tensor[], this.fnArguments);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    if (this.fixedOutputShape !== null) return [(inputShape as Shape)[0] ?? null, ...this.fixedOutputShape];
    return super.computeOutputShape(inputShape);
  }

  override getConfig(): never {
    throw new Error(`${this.who}: a Lambda layer's function cannot be serialized; use a Layer subclass registered with tp.registerClass`);
  }
}

/**
 * A Lambda layer: `lambda(fn)` or `lambda({fn, outputShape, arguments, name})`.
 *
 * @example
 * const double = tp.layers.lambda({ fn: (x) => x.mul(2), name: 'double' });
 * double.apply(tp.tensor([[1, 2]])).print(); // [[2, 4]]
 */
export function lambda(fnOrArgs: LambdaFunction | LambdaLayerArgs): Lambda {
  return new Lambda(typeof fnOrArgs === 'function' ? { fn: fnOrArgs } : fnOrArgs);
}
