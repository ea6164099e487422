// The base of layers that merge a list of inputs (Keras's _Merge): at least two inputs whose
// shapes broadcast together.
import type { Tensor } from '../tensor.js';
import { Layer, type CallKwargs } from './layer.js';
import { formatShape, type Shape } from './shape.js';

/** Keras's broadcast of two shapes (null dimensions stay unknown unless the other is > 1). */
export function broadcastShapes(a: Shape, b: Shape, who: string): Shape {
  const rank = Math.max(a.length, b.length);
  const out: Shape = [];
  for (let i = 0; i < rank; i++) {
    const ia = a.length - rank + i;
    const ib = b.length - rank + i;
    const x = ia < 0 ? 1 : a[ia]!;
    const y = ib < 0 ? 1 : b[ib]!;
    if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else if (x === null) out.push(y);
    else if (y === null || x === y) out.push(x);
    else throw new Error(`${who}: inputs with shapes ${formatShape(a)} and ${formatShape(b)} cannot be merged (they do not broadcast)`);
  }
  return out;
}

/** A layer that merges a list of tensors elementwise. */
export abstract class Merge extends Layer {
  /** Merges the inputs (already checked). */
  protected abstract mergeFunction(inputs: Tensor[]): Tensor;

  protected checkList(shapes: Shape[] | Shape): Shape[] {
    const list = Array.isArray(shapes[0]) ? (shapes as Shape[]) : null;
    if (list === null || list.length < 2)
      throw new Error(`${this.who}: a merge layer must be called on a list of at least 2 inputs, got ${list === null ? 'one tensor' : `${list.length} input`}`);
    return list;
  }

  override build(inputShape: Shape | Shape[]): void {
    const list = this.checkList(inputShape);
    list.reduce((acc, s) => broadcastShapes(acc, s, this.who));
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    if (!Array.isArray(inputs)) throw new Error(`${this.who}: a merge layer must be called on a list of at least 2 inputs, got one tensor`);
    this.checkList(inputs.map((t) => t.shape));
    return this.mergeFunction(inputs);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.checkList(inputShape).reduce((acc, s) => broadcastShapes(acc, s, this.who));
  }
}
