// Arguments shared by the convolution, pooling and image-shape layers, checked and normalized the
// way Keras does: sizes as a number or a tuple, 'valid'/'same' padding, channels-last by default.
import type { Shape } from './shape.js';

export type DataFormat = 'channelsLast' | 'channelsFirst';
export type PaddingMode = 'valid' | 'same' | 'causal';

/** @internal A number or a list of `n` positive integers as a list (`what` names it in errors). */
export function normalizeTuple(value: number | readonly number[] | undefined, n: number, what: string, who: string, fallback?: number): number[] {
  const v = value ?? fallback;
  const list = typeof v === 'number' ? new Array<number>(n).fill(v) : Array.isArray(v) ? [...v] : null;
  if (list === null || list.length !== n || !list.every((d) => Number.isInteger(d) && d > 0))
    throw new Error(`${who}: ${what} must be a positive integer or a list of ${n}, got ${JSON.stringify(value)}`);
  return list;
}

/** @internal Checks dataFormat ('channelsLast' default). */
export function checkDataFormat(value: unknown, who: string): DataFormat {
  const v = value ?? 'channelsLast';
  if (v !== 'channelsLast' && v !== 'channelsFirst') throw new Error(`${who}: dataFormat must be 'channelsLast' or 'channelsFirst', got ${JSON.stringify(value)}`);
  return v;
}

/** @internal Checks padding ('valid' default); 'causal' only where `causal` is allowed (conv1d). */
export function checkPadding(value: unknown, who: string, causal = false): PaddingMode {
  const v = value ?? 'valid';
  if (v === 'valid' || v === 'same' || (causal && v === 'causal')) return v;
  throw new Error(`${who}: padding must be ${causal ? "'valid', 'same' or 'causal'" : "'valid' or 'same'"}, got ${JSON.stringify(value)}`);
}

/** @internal Output length of a convolution or pooling window along one axis (null stays null). */
export function convOutputLength(length: number | null, kernel: number, padding: PaddingMode, stride: number, dilation = 1): number | null {
  if (length === null) return null;
  const k = kernel + (kernel - 1) * (dilation - 1);
  const n = padding === 'valid' ? length - k + 1 : length;
  return Math.floor((n + stride - 1) / stride);
}

/** @internal Output length of a transposed convolution along one axis (Keras's deconv_output_length without output padding). */
export function deconvOutputLength(length: number | null, kernel: number, padding: PaddingMode, stride: number): number | null {
  if (length === null) return null;
  return padding === 'valid' ? length * stride + Math.max(kernel - stride, 0) : length * stride;
}

/** @internal Index of the channel axis for a rank-`rank` input. */
export function channelAxis(format: DataFormat, rank: number): number {
  return format === 'channelsLast' ? rank - 1 : 1;
}

/** @internal The spatial dimensions of `shape` (between batch and channels). */
export function spatialDims(shape: Shape, format: DataFormat): (number | null)[] {
  return format === 'channelsLast' ? shape.slice(1, -1) : shape.slice(2);
}

/** @internal Rebuilds a shape from batch, spatial dims and channels. */
export function withSpatial(batch: number | null, spatial: (number | null)[], channels: number | null, format: DataFormat): Shape {
  return format === 'channelsLast' ? [batch, ...spatial, channels] : [batch, channels, ...spatial];
}
