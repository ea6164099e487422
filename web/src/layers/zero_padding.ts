// ZeroPadding2D: zeros around the rows and columns of images.
import { pad } from '../ops/assemble.js';
import type { Tensor } from '../tensor.js';
import { checkDataFormat, type DataFormat } from './conv_utils.js';
import { Layer, type CallKwargs, type LayerArgs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import type { Shape } from './shape.js';

export interface ZeroPadding2DLayerArgs extends LayerArgs {
  /** n (all sides), [rows, cols] (symmetric), or [[top, bottom], [left, right]] (default 1). */
  padding?: number | [number, number] | [[number, number], [number, number]];
  dataFormat?: DataFormat;
}

/** @internal [[a, b], [c, d]] from Keras's three spellings of a 2-D amount (padding, cropping). */
export function pairs2d(v: unknown, what: string, who: string): [[number, number], [number, number]] {
  const ok = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;
  if (ok(v)) return [[v, v], [v, v]];
  if (Array.isArray(v) && v.length === 2 && v.every(ok)) {
    const [r, c] = v as [number, number];
    return [[r, r], [c, c]];
  }
  if (Array.isArray(v) && v.length === 2 && v.every((p) => Array.isArray(p) && p.length === 2 && p.every(ok))) {
    const [[t, b], [l, r]] = v as [[number, number], [number, number]];
    return [[t, b], [l, r]];
  }
  throw new Error(`${who}: ${what} must be n, [rows, cols] or [[top, bottom], [left, right]] of non-negative integers, got ${JSON.stringify(v)}`);
}

/**
 * Pads images with zero rows (top, bottom) and columns (left, right).
 *
 * @example
 * tp.layers.zeroPadding2d({ padding: [[1, 0], [0, 1]] }).apply(tp.ones([1, 1, 1, 1])).reshape([2, 2]).print(); // [[0, 0], [1, 0]]
 */
export class ZeroPadding2D extends Layer {
  static override className = 'ZeroPadding2D';
  readonly padding: [[number, number], [number, number]];
  readonly dataFormat: DataFormat;

  constructor(args: ZeroPadding2DLayerArgs = {}) {
    super(args);
    this.padding = pairs2d(args.padding ?? 1, 'padding', this.who);
    this.dataFormat = checkDataFormat(args.dataFormat, this.who);
    this.inputSpec = { ndim: 4 };
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const [h, w] = this.padding;
    return pad(x, this.dataFormat === 'channelsLast' ? [[0, 0], h, w, [0, 0]] : [[0, 0], [0, 0], h, w]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = [...(inputShape as Shape)];
    const [a, b] = this.dataFormat === 'channelsLast' ? [1, 2] : [2, 3];
    const grow = (d: number | null, p: [number, number]): number | null => (d === null ? null : d + p[0] + p[1]);
    s[a] = grow(s[a]!, this.padding[0]);
    s[b] = grow(s[b]!, this.padding[1]);
    return s;
  }

  override getConfig(): ConfigDict {
    return { padding: this.padding, dataFormat: this.dataFormat, ...super.getConfig() };
  }
}

/**
 * A ZeroPadding2D layer.
 *
 * @example
 * console.log(tp.layers.zeroPadding2d({ padding: 2 }).computeOutputShape([null, 28, 28, 1])); // [null, 32, 32, 1]
 */
export function zeroPadding2d(args: ZeroPadding2DLayerArgs = {}): ZeroPadding2D {
  return new ZeroPadding2D(args);
}
