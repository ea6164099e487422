// Cropping2D: removes rows and columns at the edges of images.
import { slice } from '../ops/slicing.js';
import type { Tensor } from '../tensor.js';
import { checkDataFormat, type DataFormat } from './conv_utils.js';
import { Layer, type CallKwargs, type LayerArgs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import { formatShape, type Shape } from './shape.js';
import { pairs2d } from './zero_padding.js';

export interface Cropping2DLayerArgs extends LayerArgs {
  /** n (all sides), [rows, cols] (symmetric), or [[top, bottom], [left, right]]. */
  cropping: number | [number, number] | [[number, number], [number, number]];
  dataFormat?: DataFormat;
}

/**
 * Crops images: `cropping` rows off the top and bottom, columns off the left and right.
 *
 * @example
 * const x = tp.tensor([[1, 2, 3], [4, 5, 6], [7, 8, 9]]).reshape([1, 3, 3, 1]);
 * tp.layers.cropping2d({ cropping: [[1, 0], [0, 1]] }).apply(x).reshape([2, 2]).print(); // [[4, 5], [7, 8]]
 */
export class Cropping2D extends Layer {
  static override className = 'Cropping2D';
  readonly cropping: [[number, number], [number, number]];
  readonly dataFormat: DataFormat;

  constructor(args: Cropping2DLayerArgs) {
    super(args);
    this.cropping = pairs2d(args?.cropping, 'cropping', this.who);
    this.dataFormat = checkDataFormat(args.dataFormat, this.who);
    this.inputSpec = { ndim: 4 };
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const out = this.computeOutputShape(x.shape) as number[];
    const [a] = this.dataFormat === 'channelsLast' ? [1] : [2];
    const begin = [0, 0, 0, 0];
    begin[a] = this.cropping[0][0];
    begin[a + 1] = this.cropping[1][0];
    return slice(x, begin, out);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = [...(inputShape as Shape)];
    const [a, b] = this.dataFormat === 'channelsLast' ? [1, 2] : [2, 3];
    const cut = (d: number | null, c: [number, number]): number | null => {
      if (d === null) return null;
      if (d - c[0] - c[1] <= 0)
        throw new Error(`${this.who}: cropping ${JSON.stringify(this.cropping)} leaves nothing of an input of shape ${formatShape(inputShape as Shape)}`);
      return d - c[0] - c[1];
    };
    s[a] = cut(s[a]!, this.cropping[0]);
    s[b] = cut(s[b]!, this.cropping[1]);
    return s;
  }

  override getConfig(): ConfigDict {
    return { cropping: this.cropping, dataFormat: this.dataFormat, ...super.getConfig() };
  }
}

/**
 * A Cropping2D layer.
 *
 * @example
 * console.log(tp.layers.cropping2d({ cropping: 2 }).computeOutputShape([null, 28, 28, 3])); // [null, 24, 24, 3]
 */
export function cropping2d(args: Cropping2DLayerArgs): Cropping2D {
  return new Cropping2D(args);
}

/**
 * TF.js's spelling of cropping2d.
 *
 * @example
 * const layer = tp.layers.cropping2D({ cropping: [[2, 2], [4, 4]] });
 */
export const cropping2D = cropping2d;
