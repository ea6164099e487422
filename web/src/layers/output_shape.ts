// Output shapes of layers that do not declare computeOutputShape (custom layers, lambdas): the
// call runs twice on zeros, unknown dimensions set to 2 and then 3; output dimensions that change
// between the runs depend on the unknown ones and are unknown too.
import type { DType } from '../dtype.js';
import { tidy } from '../memory.js';
import { zeros } from '../ops/fill.js';
import { Tensor } from '../tensor.js';
import { inCall } from './call_context.js';
import type { Layer } from './layer.js';
import type { Shape } from './shape.js';

function outputShapes(out: unknown, who: string): number[][] | null {
  if (out instanceof Tensor) return null;
  if (Array.isArray(out) && out.every((t) => t instanceof Tensor)) return (out as Tensor[]).map((t) => t.shape);
  throw new Error(`${who}: call() must return a tensor or an array of tensors`);
}

/** The output shape(s) of `layer.call` for inputs of `inputShape` (a shape or a list of shapes). */
export function probeOutputShape(layer: Layer, inputShapes: Shape[], isList: boolean, dtypes: DType[], who: string): Shape | Shape[] {
  const run = (fill: number): { single: number[] | null; list: number[][] | null } =>
    inCall(false, () =>
      tidy(() => {
        const inputs = inputShapes.map((s, i) => zeros(s.map((d) => d ?? fill), dtypes[i] ?? 'float32'));
        const out = layer.call(isList ? inputs : inputs[0]!, { training: false });
        const list = outputShapes(out, who);
        return { single: list === null ? (out as Tensor).shape : null, list };
      }),
    );
  const a = run(2);
  const b = run(3);
  const merge = (x: number[], y: number[]): Shape => x.map((d, i) => (d === y[i] ? d : null));
  layer.clearCallLosses();
  if (a.single !== null) return merge(a.single, b.single!);
  return a.list!.map((s, i) => merge(s, b.list![i]!));
}
