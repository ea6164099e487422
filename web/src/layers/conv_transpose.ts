// Conv2DTranspose: the gradient of a conv2d with respect to its input, used as a learned
// up-sampling (decoders, GANs). Kernel [kh, kw, filters, inChannels], as TensorFlow stores it.
import { conv2dTranspose as conv2dTransposeOp } from '../ops/conv.js';
import { transpose } from '../ops/shape.js';
import type { Tensor } from '../tensor.js';
import { Conv, type ConvLayerArgs } from './conv.js';
import { channelAxis, deconvOutputLength, spatialDims, withSpatial } from './conv_utils.js';
import type { CallKwargs } from './layer.js';
import type { ConfigDict } from './serialization.js';
import type { Shape } from './shape.js';

/**
 * Transposed 2-D convolution: each input pixel spreads a `kernelSize` window into the output, at
 * `strides` steps (output size input * stride, plus kernel - stride with 'valid').
 *
 * @example
 * const up = tp.layers.conv2dTranspose({ filters: 1, kernelSize: 2, strides: 2, kernelInitializer: 'ones', useBias: false });
 * up.apply(tp.tensor([1, 2], [1, 1, 2, 1])).reshape([2, 4]).print(); // [[1, 1, 2, 2], [1, 1, 2, 2]]
 */
export class Conv2DTranspose extends Conv {
  static override className = 'Conv2DTranspose';
  constructor(args: ConvLayerArgs) {
    super(2, args);
    if (this.dilationRate.some((d) => d !== 1)) throw new Error(`${this.who}: dilationRate other than 1 is not supported, got [${this.dilationRate.join(', ')}]`);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    const channels = this.inputChannels(shape);
    this.kernel = this.addWeight('kernel', [...this.kernelSize, this.filters, channels], undefined, this.kernelInitializer, this.kernelRegularizer, true, this.kernelConstraint);
    if (this.useBias) this.bias = this.addWeight('bias', [this.filters], undefined, this.biasInitializer, this.biasRegularizer, true, this.biasConstraint);
    this.inputSpec = { ndim: 4, axes: { [channelAxis(this.dataFormat, 4)]: channels } };
    this.built = true;
  }

  override call(inputs: Tensor | Tensor[], kwargs: CallKwargs): Tensor {
    void kwargs;
    let x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const first = this.dataFormat === 'channelsFirst';
    if (first) x = transpose(x, [0, 2, 3, 1]);
    const out = this.computeOutputShapeNhwc(x.shape) as number[];
    let y = conv2dTransposeOp(x, this.kernel!, out, this.strides as [number, number], this.padding as 'valid' | 'same');
    if (first) y = transpose(y, [0, 3, 1, 2]);
    return this.finish(y);
  }

  private computeOutputShapeNhwc(s: Shape): Shape {
    const spatial = s.slice(1, 3).map((d, i) => deconvOutputLength(d, this.kernelSize[i]!, this.padding, this.strides[i]!));
    return [s[0] ?? null, ...spatial, this.filters];
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const s = inputShape as Shape;
    const spatial = spatialDims(s, this.dataFormat).map((d, i) => deconvOutputLength(d, this.kernelSize[i]!, this.padding, this.strides[i]!));
    return withSpatial(s[0] ?? null, spatial, this.filters, this.dataFormat);
  }

  override getConfig(): ConfigDict {
    const c = super.getConfig();
    delete c.dilationRate; // as TF.js, which has no dilated transposed convolution
    return c;
  }
}

/**
 * A Conv2DTranspose layer (TF.js's tf.layers.conv2dTranspose).
 *
 * @example
 * const model = tp.sequential([tp.layers.conv2dTranspose({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', inputShape: [7, 7, 32] })]);
 * console.log(model.outputs[0].shape, model.countParams()); // [null, 14, 14, 16] 4624
 */
export function conv2dTranspose(args: ConvLayerArgs): Conv2DTranspose {
  return new Conv2DTranspose(args);
}
