// UpSampling2D: repeats rows and columns of images ('nearest'), or interpolates ('bilinear').
import { resizeBilinear } from '../ops/image.js';
import { reshape, broadcastTo, transpose } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import { checkDataFormat, normalizeTuple, type DataFormat } from './conv_utils.js';
import { Layer, type CallKwargs, type LayerArgs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import type { Shape } from './shape.js';

export interface UpSampling2DLayerArgs extends LayerArgs {
  /** Factors for rows and columns (default [2, 2]). */
  size?: number | [number, number];
  dataFormat?: DataFormat;
  /** 'nearest' (default: each pixel repeated) or 'bilinear' (tp.image.resizeBilinear, as TF.js). */
  interpolation?: 'nearest' | 'bilinear';
}

/**
 * Enlarges images by whole factors, each pixel repeated `size[0]` times down and `size[1]` across.
 *
 * @example
 * const x = tp.tensor([[1, 2], [3, 4]]).reshape([1, 2, 2, 1]);
 * tp.layers.upSampling2d({ size: [1, 2] }).apply(x).reshape([2, 4]).print(); // [[1, 1, 2, 2], [3, 3, 4, 4]]
 */
export class UpSampling2D extends Layer {
  static override className = 'UpSampling2D';
  readonly size: [number, number];
  readonly dataFormat: DataFormat;
  readonly interpolation: 'nearest' | 'bilinear';

  constructor(args: UpSampling2DLayerArgs = {}) {
    super(args);
    this.size = normalizeTuple(args.size, 2, 'size', this.who, 2) as [number, number];
    this.dataFormat = checkDataFormat(args.dataFormat, this.who);
    const mode = args.interpolation ?? 'nearest';
    if (mode !== 'nearest' && mode !== 'bilinear')
      throw new Error(`${this.who}: interpolation must be 'nearest' or 'bilinear', got ${JSON.stringify(args.interpolation)}`);
    this.interpolation = mode;
    this.inputSpec = { ndim: 4 };
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    let x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const first = this.dataFormat === 'channelsFirst';
    if (first) x = transpose(x, [0, 2, 3, 1]);
    const [n, h, w, c] = x.shape as [number, number, number, number];
    const [sh, sw] = this.size;
    // Nearest: each pixel becomes an sh x sw block, a broadcast over two new axes and one reshape.
    let y =
      this.interpolation === 'bilinear'
        ? resizeBilinear(x, [h * sh, w * sw])
        : reshape(broadcastTo(reshape(x, [n, h, 1, w, 1, c]), [n, h, sh, w, sw, c]), [n, h * sh, w * sw, c]);
    if (first) y = transpose(y, [0, 3, 1, 2]);
    return y;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = [...(inputShape as Shape)];
    const [a, b] = this.dataFormat === 'channelsLast' ? [1, 2] : [2, 3];
    s[a] = s[a] === null ? null : s[a]! * this.size[0];
    s[b] = s[b] === null ? null : s[b]! * this.size[1];
    return s;
  }

  override getConfig(): ConfigDict {
    return { size: this.size, dataFormat: this.dataFormat, interpolation: this.interpolation, ...super.getConfig() };
  }
}

/**
 * An UpSampling2D layer.
 *
 * @example
 * console.log(tp.layers.upSampling2d().computeOutputShape([null, 7, 7, 16])); // [null, 14, 14, 16]
 */
export function upSampling2d(args: UpSampling2DLayerArgs = {}): UpSampling2D {
  return new UpSampling2D(args);
}
