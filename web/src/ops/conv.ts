// Convolutions (core/ops/conv.cpp), with TF.js names and argument order. conv2d, depthwiseConv2d,
// their gradient ops and fused.conv2d are op-table ops; conv1d, conv2dTranspose and
// separableConv2d are composites of them, as in TF.js.
import { convertToTensor, describeValue, type TensorLike } from '../convert.js';
import type { AttrMap } from '../engine/schema.js';
import { Tensor } from '../tensor.js';
import { callOp1, checkArg, named } from './op_helpers.js';
import { expandDims, reshape, squeeze } from './shape.js';
import { zeros } from './fill.js';
import { tidy } from '../memory.js';
import { add } from './binary.js';
import { applyActivation, fusedMatMul } from './fused.js';

/** Whether a fused bias is one value per output channel (what the fused kernel takes). */
function isChannelVector(bias: TensorLike, filter: TensorLike): boolean {
  const shape = bias instanceof Tensor ? bias.shape : Array.isArray(bias) && bias.every((v) => typeof v === 'number') ? [bias.length] : [];
  const outDepth = filter instanceof Tensor ? filter.shape[3] : undefined;
  // A rank-1 bias of the wrong length is left to the kernel, which names the expected length.
  return shape.length === 1 || outDepth === undefined;
}

/** 'valid', 'same', one number for every side, or explicit [[0,0],[top,bottom],[left,right],[0,0]] (NCHW: [[0,0],[0,0],[top,bottom],[left,right]]). */
export type ConvPadding = 'valid' | 'same' | number | number[][];
export type DimRoundingMode = 'floor' | 'round' | 'ceil';
export type ConvDataFormat = 'NHWC' | 'NCHW';
/** Activations fused.conv2d applies in the same pass (TF.js's list without prelu, plus tanh). */
export type FusedActivation = 'linear' | 'relu' | 'relu6' | 'elu' | 'sigmoid' | 'leakyrelu' | 'tanh';

/** JSON of `v` for messages, or a description when it has none (BigInt, symbol, function). */
function fmt(v: unknown): string {
  try {
    return JSON.stringify(v) ?? describeValue(v);
  } catch {
    return describeValue(v);
  }
}

/** `v` checked to be an array of non-negative integers (a shape argument). */
function shapeArg(op: string, name: string, v: unknown): number[] {
  if (!Array.isArray(v) || !v.every((e) => Number.isInteger(e) && e >= 0))
    throw new Error(`${op}: ${name} must be an array of non-negative integers, got ${fmt(v)}`);
  return [...(v as number[])];
}

const ROUNDING: Record<DimRoundingMode, number> = { floor: 0, round: 1, ceil: 2 };
const ACTIVATIONS: Record<FusedActivation, number> = { linear: 0, relu: 1, relu6: 2, elu: 3, sigmoid: 4, leakyrelu: 5, tanh: 6 };

function pair(op: string, name: string, v: number | readonly number[]): number[] {
  if (typeof v !== 'number' && !Array.isArray(v)) throw new Error(`${op}: ${name} must be a positive integer or two of them, got ${fmt(v)}`);
  const p = typeof v === 'number' ? [v, v] : [...v];
  if (p.length !== 2 || p.some((e) => !Number.isInteger(e) || e < 1))
    throw new Error(`${op}: ${name} must be a positive integer or two of them, got ${fmt(v)}`);
  return p;
}

function formatCode(op: string, dataFormat: string): number {
  if (dataFormat === 'NHWC') return 0;
  if (dataFormat === 'NCHW') return 1;
  throw new Error(`${op}: dataFormat must be 'NHWC' or 'NCHW', got ${fmt(dataFormat)}`);
}

/** The core's conv attributes for TF.js-style strides, pad, dataFormat, dilations and rounding. */
function convAttrs(op: string, strides: number | readonly number[], pad: ConvPadding, dataFormat: ConvDataFormat,
  dilations: number | readonly number[], dimRoundingMode?: DimRoundingMode): AttrMap {
  const format = formatCode(op, dataFormat);
  let padMode: number;
  let padding = [0, 0, 0, 0];
  if (pad === 'valid') padMode = 0;
  else if (pad === 'same') padMode = 1;
  else if (typeof pad === 'number') {
    if (!Number.isInteger(pad) || pad < 0) throw new Error(`${op}: a numeric pad must be a non-negative integer, got ${pad}`);
    padMode = 2;
    padding = [pad, pad, pad, pad];
  } else if (Array.isArray(pad)) {
    const ok = pad.length === 4 && pad.every((p) => Array.isArray(p) && p.length === 2 && p.every((e) => Number.isInteger(e) && e >= 0));
    const [h, w] = format === 0 ? [1, 2] : [2, 3];
    const other = format === 0 ? [0, 3] : [0, 1];
    if (!ok || other.some((d) => pad[d]![0] !== 0 || pad[d]![1] !== 0))
      throw new Error(`${op}: explicit pad must be ${format === 0 ? '[[0,0],[top,bottom],[left,right],[0,0]]' : '[[0,0],[0,0],[top,bottom],[left,right]]'} with non-negative integers, got ${fmt(pad)}`);
    padMode = 2;
    padding = [pad[h]![0]!, pad[h]![1]!, pad[w]![0]!, pad[w]![1]!];
  } else {
    throw new Error(`${op}: pad must be 'valid', 'same', a number or explicit pads, got ${fmt(pad)}`);
  }
  let rounding = 0;
  if (dimRoundingMode !== undefined && dimRoundingMode !== null) {
    if (typeof dimRoundingMode !== 'string' || !Object.hasOwn(ROUNDING, dimRoundingMode)) throw new Error(`${op}: dimRoundingMode must be 'floor', 'round' or 'ceil', got ${fmt(dimRoundingMode)}`);
    if (typeof pad === 'string') throw new Error(`${op}: pad must be a number or explicit pads when using dimRoundingMode, got '${pad}'`);
    rounding = ROUNDING[dimRoundingMode];
  }
  return { strides: pair(op, 'strides', strides), dilations: pair(op, 'dilations', dilations), padMode, padding, dimRoundingMode: rounding, dataFormat: format };
}

function asTensor(x: TensorLike, op: string): Tensor {
  return convertToTensor(x, undefined, op).tensor;
}

/** Runs `f` on x as rank 4, giving a rank-3 result back for a rank-3 x (TF.js's Tensor3D form). */
function batched(op: string, x: TensorLike, f: (x4: Tensor) => Tensor): Tensor {
  const t = asTensor(x, op);
  try {
    if (t.rank === 4) return f(t);
    if (t.rank !== 3) throw new Error(`${op}: input must have rank 3 or 4, got shape [${t.shape.join(',')}]`);
    const x4 = expandDims(t, 0);
    try {
      const y = f(x4);
      try { return squeeze(y, [0]); } finally { y.dispose(); }
    } finally { x4.dispose(); }
  } finally {
    if (t !== x) t.dispose();
  }
}

/**
 * 2-D convolution (cross-correlation, as TensorFlow) of x [batch, height, width, inDepth] (or
 * rank 3 without the batch) with filter [filterHeight, filterWidth, inDepth, outDepth]. An input
 * depth that is a multiple of the filter's inDepth makes a grouped convolution, as in TensorFlow.
 *
 * @example
 * const x = tp.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
 * const w = tp.tensor4d([1, 0, 0, 1], [2, 2, 1, 1]);
 * tp.conv2d(x, w, 1, 'valid').reshape([2, 2]).print(); // [[6, 8], [12, 14]]
 */
export function conv2d(x: TensorLike, filter: TensorLike, strides: number | [number, number], pad: ConvPadding,
  dataFormat: ConvDataFormat = 'NHWC', dilations: number | [number, number] = [1, 1], dimRoundingMode?: DimRoundingMode): Tensor {
  return named('conv2d', () => {
    const attrs = convAttrs('conv2d', strides, pad, dataFormat, dilations, dimRoundingMode);
    return batched('conv2d', x, (x4) => callOp1('conv2d', [x4, filter], attrs));
  });
}

/**
 * Depthwise 2-D convolution: filter [filterHeight, filterWidth, inDepth, channelMultiplier];
 * output channel c * channelMultiplier + q sees input channel c only.
 *
 * @example
 * const x = tp.tensor4d([1, 10, 2, 20, 3, 30, 4, 40], [1, 2, 2, 2]);
 * const w = tp.ones([2, 2, 2, 1]);
 * tp.depthwiseConv2d(x, w, 1, 'valid').reshape([2]).print(); // [10, 100]
 */
export function depthwiseConv2d(x: TensorLike, filter: TensorLike, strides: number | [number, number], pad: ConvPadding,
  dataFormat: ConvDataFormat = 'NHWC', dilations: number | [number, number] | null = [1, 1], dimRoundingMode?: DimRoundingMode): Tensor {
  return named('depthwiseConv2d', () => {
    // null means the default, as in TF.js.
    const attrs = convAttrs('depthwiseConv2d', strides, pad, dataFormat, dilations ?? [1, 1], dimRoundingMode);
    return batched('depthwiseConv2d', x, (x4) => callOp1('depthwiseConv2d', [x4, filter], attrs));
  });
}

/**
 * Gradient of conv2d with respect to its input: dy [batch, outHeight, outWidth, outDepth] and the
 * filter give a tensor of `xShape`.
 *
 * @example
 * const dy = tp.ones([1, 2, 2, 1]);
 * const w = tp.ones([2, 2, 1, 1]);
 * tp.conv2dBackpropInput([1, 3, 3, 1], dy, w, 1, 'valid').reshape([3, 3]).print(); // [[1, 2, 1], [2, 4, 2], [1, 2, 1]]
 */
export function conv2dBackpropInput(xShape: readonly number[], dy: TensorLike, filter: TensorLike, strides: number | [number, number],
  pad: ConvPadding, dataFormat: ConvDataFormat = 'NHWC', dimRoundingMode?: DimRoundingMode, dilations: number | [number, number] = [1, 1]): Tensor {
  return named('conv2dBackpropInput', () => {
    const attrs = convAttrs('conv2dBackpropInput', strides, pad, dataFormat, dilations, dimRoundingMode);
    return callOp1('conv2dBackpropInput', [dy, filter], { ...attrs, inputShape: shapeArg('conv2dBackpropInput', 'xShape', xShape) });
  });
}

/**
 * Gradient of conv2d with respect to its filter: x and dy give a tensor of `filterShape`.
 *
 * @example
 * const x = tp.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
 * tp.conv2dBackpropFilter(x, tp.ones([1, 2, 2, 1]), [2, 2, 1, 1], 1, 'valid').reshape([2, 2]).print(); // [[12, 16], [24, 28]]
 */
export function conv2dBackpropFilter(x: TensorLike, dy: TensorLike, filterShape: readonly number[], strides: number | [number, number],
  pad: ConvPadding, dataFormat: ConvDataFormat = 'NHWC', dimRoundingMode?: DimRoundingMode, dilations: number | [number, number] = [1, 1]): Tensor {
  return named('conv2dBackpropFilter', () => {
    const attrs = convAttrs('conv2dBackpropFilter', strides, pad, dataFormat, dilations, dimRoundingMode);
    return callOp1('conv2dBackpropFilter', [x, dy], { ...attrs, filterShape: shapeArg('conv2dBackpropFilter', 'filterShape', filterShape) });
  });
}

/**
 * Transposed 2-D convolution ("deconvolution"): the gradient of conv2d with respect to its input,
 * with filter [filterHeight, filterWidth, outDepth, inDepth] and the result shaped `outputShape`
 * ([batch, height, width, outDepth], or rank 3), as tf.conv2dTranspose.
 *
 * @example
 * const x = tp.ones([1, 2, 2, 1]);
 * const w = tp.ones([2, 2, 1, 1]);
 * tp.conv2dTranspose(x, w, [1, 4, 4, 1], 2, 'same').reshape([4, 4]).print(); // [[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]
 */
export function conv2dTranspose(x: TensorLike, filter: TensorLike, outputShape: readonly number[], strides: number | [number, number],
  pad: ConvPadding, dimRoundingMode?: DimRoundingMode): Tensor {
  return named('conv2dTranspose', () => {
    const os = shapeArg('conv2dTranspose', 'outputShape', outputShape);
    const shape4 = os.length === 3 ? [1, ...os] : os;
    if (shape4.length !== 4) throw new Error(`conv2dTranspose: outputShape must have rank 3 or 4, got [${outputShape.join(',')}]`);
    return batched('conv2dTranspose', x, (x4) => conv2dBackpropInput(shape4, x4, filter, strides, pad, 'NHWC', dimRoundingMode));
  });
}

/**
 * 1-D convolution of x [batch, width, inChannels] (or rank 2) with filter [filterWidth,
 * inChannels, outChannels], run as a conv2d of height 1 (as TF.js). A numeric pad pads both ends of
 * the width only, as TF.js's conv2d with explicit pads does (TF.js's own conv1d pads the height of
 * its view too and then fails to reshape).
 *
 * @example
 * const x = tp.tensor3d([1, 2, 3, 4], [1, 4, 1]);
 * tp.conv1d(x, tp.tensor3d([1, -1], [2, 1, 1]), 1, 'valid').reshape([3]).print(); // [-1, -1, -1]
 */
export function conv1d(x: TensorLike, filter: TensorLike, stride: number, pad: 'valid' | 'same' | number,
  dataFormat: 'NWC' | 'NCW' = 'NWC', dilation = 1, dimRoundingMode?: DimRoundingMode): Tensor {
  return named('conv1d', () => {
    if (dataFormat !== 'NWC' && dataFormat !== 'NCW') throw new Error(`conv1d: dataFormat must be 'NWC' or 'NCW', got ${fmt(dataFormat)}`);
    const cf = dataFormat === 'NCW';
    const t = asTensor(x, 'conv1d');
    const f = asTensor(filter, 'conv1d');
    const temps: Tensor[] = [];
    try {
      if (t.rank !== 2 && t.rank !== 3) throw new Error(`conv1d: input must have rank 2 or 3, got shape [${t.shape.join(',')}]`);
      if (f.rank !== 3) throw new Error(`conv1d: filter must have rank 3 [filterWidth, inChannels, outChannels], got shape [${f.shape.join(',')}]`);
      const x3 = t.rank === 2 ? expandDims(t, 0) : t;
      if (x3 !== t) temps.push(x3);
      const [b, d1, d2] = x3.shape as [number, number, number];
      const x4 = reshape(x3, cf ? [b, d1, 1, d2] : [b, 1, d1, d2]);
      const f4 = reshape(f, [1, ...f.shape]);
      temps.push(x4, f4);
      const pad2d: ConvPadding = typeof pad === 'number' ? (cf ? [[0, 0], [0, 0], [0, 0], [pad, pad]] : [[0, 0], [0, 0], [pad, pad], [0, 0]]) : pad;
      const y4 = callOp1('conv2d', [x4, f4], convAttrs('conv1d', [1, stride], pad2d, cf ? 'NCHW' : 'NHWC', [1, dilation], dimRoundingMode));
      temps.push(y4);
      return squeeze(y4, t.rank === 2 ? [0, cf ? 2 : 1] : [cf ? 2 : 1]);
    } finally {
      for (const v of temps) v.dispose();
      if (t !== x) t.dispose();
      if (f !== filter) f.dispose();
    }
  });
}

/**
 * Depthwise-separable 2-D convolution: depthwiseConv2d with depthwiseFilter [h, w, inDepth,
 * multiplier], then a 1x1 conv2d with pointwiseFilter [1, 1, inDepth * multiplier, outDepth].
 *
 * @example
 * const x = tp.ones([1, 3, 3, 2]);
 * const y = tp.separableConv2d(x, tp.ones([3, 3, 2, 1]), tp.ones([1, 1, 2, 1]), 1, 'valid');
 * y.reshape([1]).print(); // [18]
 */
export function separableConv2d(x: TensorLike, depthwiseFilter: TensorLike, pointwiseFilter: TensorLike,
  strides: number | [number, number], pad: 'valid' | 'same', dilation: number | [number, number] = [1, 1],
  dataFormat: ConvDataFormat = 'NHWC'): Tensor {
  return named('separableConv2d', () => {
    const pw = pointwiseFilter instanceof Tensor ? pointwiseFilter.shape : undefined;
    // A pointwise filter of the wrong rank is reported by conv2d, after the depthwise checks.
    if (pw && pw.length === 4 && (pw[0] !== 1 || pw[1] !== 1))
      throw new Error(`separableConv2d: the pointwise filter must be 1x1: shape [1, 1, inChannels * channelMultiplier, outChannels], got [${pw.join(',')}]`);
    return batched('separableConv2d', x, (x4) => {
      const d = depthwiseConv2d(x4, depthwiseFilter, strides, pad, dataFormat, dilation);
      try {
        return conv2d(d, pointwiseFilter, 1, 'valid', dataFormat);
      } finally { d.dispose(); }
    });
  });
}

/** Arguments of fused.conv2d, as TF.js's tf.fused.conv2d. */
export interface FusedConv2dArgs {
  x: TensorLike;
  filter: TensorLike;
  strides: number | [number, number];
  pad: ConvPadding;
  dataFormat?: ConvDataFormat;
  dilations?: number | [number, number];
  dimRoundingMode?: DimRoundingMode;
  bias?: TensorLike | null;
  activation?: FusedActivation | 'prelu';
  leakyreluAlpha?: number;
  /** PReLU slopes for activation 'prelu', broadcast against the output (per channel if rank 1). */
  preluActivationWeights?: TensorLike | null;
}

/**
 * act(conv2d(x, filter) + bias) in one pass over the output (bias: one value per output channel).
 *
 * @example
 * const x = tp.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
 * const y = tp.fused.conv2d({ x, filter: tp.ones([1, 1, 1, 2]), strides: 1, pad: 'valid', bias: tp.tensor([-2.5, 0]), activation: 'relu' });
 * y.reshape([4, 2]).print(); // [[0, 1], [0, 2], [0.5, 3], [1.5, 4]]
 */
export function fusedConv2d(args: FusedConv2dArgs): Tensor {
  return named('fusedConv2d', () => {
    if (args === null || typeof args !== 'object' || Array.isArray(args) || args instanceof Tensor) throw new Error(`fusedConv2d: expected an object of arguments {x, filter, strides, pad, ...}, got ${describeValue(args)}`);
    const { x, filter, strides, pad, dataFormat = 'NHWC', dilations = [1, 1], dimRoundingMode, bias, activation = 'linear', leakyreluAlpha = 0.2, preluActivationWeights } = args;
    // What the fused kernel does not take (PReLU, a bias that is not one value per channel) is
    // computed with ops, as TF.js: conv2d, then bias broadcast against the output, then activation.
    if (activation === 'prelu' || (bias != null && !isChannelVector(bias, filter))) {
      checkArg(leakyreluAlpha, 'number', 'fusedConv2d', 'leakyreluAlpha');
      return tidy(() => {
        const perChannel = (t: TensorLike | null | undefined) =>
          t != null && dataFormat === 'NCHW' && asTensor(t, 'fusedConv2d').rank === 1 ? reshape(asTensor(t, 'fusedConv2d'), [-1, 1, 1]) : t;
        const y = conv2d(x, filter, strides, pad, dataFormat, dilations, dimRoundingMode);
        const withBias = bias == null ? y : add(y, perChannel(bias)!);
        return applyActivation('fusedConv2d', withBias, activation, perChannel(preluActivationWeights), leakyreluAlpha);
      });
    }
    if (typeof activation !== 'string' || !Object.hasOwn(ACTIVATIONS, activation)) throw new Error(`fusedConv2d: activation must be one of ${Object.keys(ACTIVATIONS).join(', ')}, got ${fmt(activation)}`);
    checkArg(leakyreluAlpha, 'number', 'fusedConv2d', 'leakyreluAlpha');
    const attrs = { ...convAttrs('fusedConv2d', strides, pad, dataFormat, dilations, dimRoundingMode), activation: ACTIVATIONS[activation], leakyreluAlpha };
    return batched('fusedConv2d', x, (x4) => {
      if (bias != null) return callOp1('fusedConv2d', [x4, filter, bias], attrs);
      const f = asTensor(filter, 'fusedConv2d');
      const b = zeros([f.shape[3] ?? 0], f.dtype);
      try {
        return callOp1('fusedConv2d', [x4, f, b], attrs);
      } finally {
        b.dispose();
        if (f !== filter) f.dispose();
      }
    });
  });
}

/**
 * Fused ops, as TF.js's tf.fused: conv2d (bias and activation in one kernel) and matMul.
 *
 * @example
 * tp.fused.conv2d({ x: tp.ones([1, 1, 1, 1]), filter: tp.ones([1, 1, 1, 1]), strides: 1, pad: 'same', bias: tp.tensor([1]) }).reshape([1]).print(); // [2]
 */
export const fused = { conv2d: fusedConv2d, matMul: fusedMatMul };

function triple(op: string, name: string, v: number | readonly number[]): number[] {
  if (typeof v !== 'number' && !Array.isArray(v)) throw new Error(`${op}: ${name} must be a positive integer or three of them, got ${fmt(v)}`);
  const p = typeof v === 'number' ? [v, v, v] : [...v];
  if (p.length !== 3 || p.some((e) => !Number.isInteger(e) || e < 1))
    throw new Error(`${op}: ${name} must be a positive integer or three of them, got ${fmt(v)}`);
  return p;
}

function conv3dAttrs(op: string, strides: number | readonly number[], pad: 'valid' | 'same', dataFormat: string, dilations: number | readonly number[]): AttrMap {
  if (dataFormat !== 'NDHWC') throw new Error(`${op}: dataFormat must be 'NDHWC', got ${fmt(dataFormat)}`);
  if (pad !== 'valid' && pad !== 'same') throw new Error(`${op}: pad must be 'valid' or 'same', got ${fmt(pad)}`);
  return { strides: triple(op, 'strides', strides), dilations: triple(op, 'dilations', dilations), padMode: pad === 'same' ? 1 : 0 };
}

/** Runs `f` on x as rank 5, giving a rank-4 result back for a rank-4 x. */
function batched5(op: string, x: TensorLike, f: (x5: Tensor) => Tensor): Tensor {
  const t = asTensor(x, op);
  try {
    if (t.rank === 5) return f(t);
    if (t.rank !== 4) throw new Error(`${op}: input must have rank 4 or 5, got shape [${t.shape.join(',')}]`);
    const x5 = expandDims(t, 0);
    try {
      const y = f(x5);
      try { return squeeze(y, [0]); } finally { y.dispose(); }
    } finally { x5.dispose(); }
  } finally {
    if (t !== x) t.dispose();
  }
}

/**
 * 3-D convolution of x [batch, depth, height, width, inChannels] (or rank 4) with filter
 * [filterDepth, filterHeight, filterWidth, inChannels, outChannels], as tf.conv3d.
 *
 * @example
 * const x = tp.ones([1, 2, 2, 2, 1]);
 * tp.conv3d(x, tp.ones([2, 2, 2, 1, 1]), 1, 'valid').reshape([1]).print(); // [8]
 */
export function conv3d(x: TensorLike, filter: TensorLike, strides: number | [number, number, number], pad: 'valid' | 'same',
  dataFormat: 'NDHWC' = 'NDHWC', dilations: number | [number, number, number] = [1, 1, 1]): Tensor {
  return named('conv3d', () => {
    const attrs = conv3dAttrs('conv3d', strides, pad, dataFormat, dilations);
    return batched5('conv3d', x, (x5) => callOp1('conv3d', [x5, filter], attrs));
  });
}

/**
 * Transposed 3-D convolution: the gradient of conv3d with respect to its input, with filter
 * [depth, height, width, outChannels, inChannels] and the result shaped `outputShape`, as
 * tf.conv3dTranspose.
 *
 * @example
 * const y = tp.conv3dTranspose(tp.ones([1, 1, 1, 1, 1]), tp.ones([2, 2, 2, 1, 1]), [1, 2, 2, 2, 1], 1, 'valid');
 * y.reshape([8]).print(); // [1, 1, 1, 1, 1, 1, 1, 1]
 */
export function conv3dTranspose(x: TensorLike, filter: TensorLike, outputShape: readonly number[], strides: number | [number, number, number],
  pad: 'valid' | 'same'): Tensor {
  return named('conv3dTranspose', () => {
    const os = shapeArg('conv3dTranspose', 'outputShape', outputShape);
    const shape5 = os.length === 4 ? [1, ...os] : os;
    if (shape5.length !== 5) throw new Error(`conv3dTranspose: outputShape must have rank 4 or 5, got [${outputShape.join(',')}]`);
    const attrs = { ...conv3dAttrs('conv3dTranspose', strides, pad, 'NDHWC', 1), inputShape: shape5 };
    return batched5('conv3dTranspose', x, (x5) => callOp1('conv3dBackpropInput', [x5, filter], attrs));
  });
}

/**
 * Gradient of depthwiseConv2d with respect to its input: dy and the filter [h, w, inDepth,
 * multiplier] give a tensor of `xShape`.
 *
 * @example
 * const dx = tp.depthwiseConv2dBackpropInput([1, 2, 2, 1], tp.ones([1, 1, 1, 2]), tp.tensor4d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 1, 2]), 1, 'valid');
 * dx.reshape([2, 2]).print(); // [[3, 7], [11, 15]]
 */
export function depthwiseConv2dBackpropInput(xShape: readonly number[], dy: TensorLike, filter: TensorLike, strides: number | [number, number],
  pad: ConvPadding, dataFormat: ConvDataFormat = 'NHWC', dilations: number | [number, number] = [1, 1], dimRoundingMode?: DimRoundingMode): Tensor {
  return named('depthwiseConv2dBackpropInput', () => {
    const attrs = convAttrs('depthwiseConv2dBackpropInput', strides, pad, dataFormat, dilations, dimRoundingMode);
    return callOp1('depthwiseConv2dBackpropInput', [dy, filter], { ...attrs, inputShape: shapeArg('depthwiseConv2dBackpropInput', 'xShape', xShape) });
  });
}

/**
 * Gradient of depthwiseConv2d with respect to its filter: x and dy give a tensor of `filterShape`.
 *
 * @example
 * const x = tp.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
 * tp.depthwiseConv2dBackpropFilter(x, tp.ones([1, 1, 1, 1]), [2, 2, 1, 1], 1, 'valid').reshape([2, 2]).print(); // [[1, 2], [3, 4]]
 */
export function depthwiseConv2dBackpropFilter(x: TensorLike, dy: TensorLike, filterShape: readonly number[], strides: number | [number, number],
  pad: ConvPadding, dataFormat: ConvDataFormat = 'NHWC', dilations: number | [number, number] = [1, 1], dimRoundingMode?: DimRoundingMode): Tensor {
  return named('depthwiseConv2dBackpropFilter', () => {
    const attrs = convAttrs('depthwiseConv2dBackpropFilter', strides, pad, dataFormat, dilations, dimRoundingMode);
    return callOp1('depthwiseConv2dBackpropFilter', [x, dy], { ...attrs, filterShape: shapeArg('depthwiseConv2dBackpropFilter', 'filterShape', filterShape) });
  });
}

/**
 * Gradient of conv3d with respect to its input: dy and the filter give a tensor of `xShape`.
 *
 * @example
 * const dx = tp.conv3dBackpropInput([1, 2, 1, 1, 1], tp.ones([1, 1, 1, 1, 1]), tp.tensor([2, 3], [2, 1, 1, 1, 1]), 1, 'valid');
 * dx.reshape([2]).print(); // [2, 3]
 */
export function conv3dBackpropInput(xShape: readonly number[], dy: TensorLike, filter: TensorLike, strides: number | [number, number, number],
  pad: 'valid' | 'same', dilations: number | [number, number, number] = [1, 1, 1]): Tensor {
  return named('conv3dBackpropInput', () => {
    const attrs = conv3dAttrs('conv3dBackpropInput', strides, pad, 'NDHWC', dilations);
    return callOp1('conv3dBackpropInput', [dy, filter], { ...attrs, inputShape: shapeArg('conv3dBackpropInput', 'xShape', xShape) });
  });
}

/**
 * Gradient of conv3d with respect to its filter: x and dy give a tensor of `filterShape`.
 *
 * @example
 * const x = tp.tensor([1, 2, 3], [1, 3, 1, 1, 1]);
 * tp.conv3dBackpropFilter(x, tp.ones([1, 2, 1, 1, 1]), [2, 1, 1, 1, 1], 1, 'valid').reshape([2]).print(); // [3, 5]
 */
export function conv3dBackpropFilter(x: TensorLike, dy: TensorLike, filterShape: readonly number[], strides: number | [number, number, number],
  pad: 'valid' | 'same', dilations: number | [number, number, number] = [1, 1, 1]): Tensor {
  return named('conv3dBackpropFilter', () => {
    const attrs = conv3dAttrs('conv3dBackpropFilter', strides, pad, 'NDHWC', dilations);
    return callOp1('conv3dBackpropFilter', [x, dy], { ...attrs, filterShape: shapeArg('conv3dBackpropFilter', 'filterShape', filterShape) });
  });
}
