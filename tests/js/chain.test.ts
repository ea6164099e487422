// Every chainable method is the tp function of the same name with the tensor first.
import { expect, test } from 'vitest';
import * as tp from '../../web/src/index.js';

await tp.ready();

const x = tp.tensor([[0.5, -1.5, 2], [3, 0.25, -4]]);
const pos = tp.tensor([[0.5, 1.5, 2], [3, 0.25, 4]]);
const bools = tp.tensor([[true, false, true], [false, false, true]]);
const ints = tp.tensor([[0, 2, 1], [1, 1, 0]], undefined, 'int32');
const unit = tp.tensor([[0.5, -0.25, 0.1], [0.9, 0, -0.75]]);
const aboveOne = tp.tensor([[1.5, 2, 3], [1, 4, 1.25]]);
const seq = tp.tensor([[[0.5, -1], [2, 0.25], [-1.5, 3], [1, -2]]]); // [1, 4, 2]
const img = tp.tensor([[[[1, -2], [0.5, 3], [2, 1]], [[-1, 0], [4, -0.5], [1.5, 2]], [[0, 1], [-3, 2], [0.25, -1]]]]); // [1, 3, 3, 2]
const filt = (shape: number[]) => tp.tensor(Array.from({ length: shape.reduce((a, b) => a * b) }, (_, i) => ((i * 7) % 5) - 2), shape);

// method name -> [receiver, arguments after it]
const calls: Record<string, [tp.Tensor, unknown[]]> = {
  neg: [x, []], abs: [x, []], sign: [x, []], floor: [x, []], ceil: [x, []], round: [x, []], square: [x, []],
  sqrt: [pos, []], rsqrt: [pos, []], reciprocal: [pos, []], exp: [x, []], expm1: [x, []], log: [pos, []], log1p: [pos, []],
  sin: [x, []], cos: [x, []], tan: [x, []], tanh: [x, []], sigmoid: [x, []], softplus: [x, []], relu: [x, []], relu6: [x, []],
  elu: [x, []], selu: [x, []], erf: [x, []], logicalNot: [bools, []], isNaN: [x, []], isFinite: [x, []],
  leakyRelu: [x, [0.3]], gelu: [x, [true]], cast: [x, ['int32']], clipByValue: [x, [-1, 1]],
  add: [x, [pos]], sub: [x, [pos]], mul: [x, [2]], div: [x, [pos]], pow: [pos, [2]], floorDiv: [x, [pos]], mod: [x, [pos]],
  maximum: [x, [0]], minimum: [x, [0]], equal: [x, [3]], notEqual: [x, [3]], less: [x, [0]], lessEqual: [x, [0.5]],
  greater: [x, [0]], greaterEqual: [x, [2]], logicalAnd: [bools, [true]], logicalOr: [bools, [false]],
  squaredDifference: [x, [pos]],
  sum: [x, [1]], mean: [x, [0, true]], max: [x, []], min: [x, [1]], prod: [x, [0]], logSumExp: [x, [1]],
  any: [bools, [1]], all: [bools, [0]], argMax: [x, [1]], argMin: [x, []], softmax: [x, [0]], logSoftmax: [x, []],
  cumsum: [x, [1, true]], topk: [x, [2]], norm: [x, [1, 1]],
  matMul: [x, [x, false, true]], dot: [x, [tp.tensor([1, 2, 3])]],
  reshape: [x, [[3, 2]]], transpose: [x, []], expandDims: [x, [1]], squeeze: [x.expandDims(0), []], broadcastTo: [x, [[2, 2, 3]]],
  reverse: [x, [1]], clone: [x, []], flatten: [x, []], stridedSlice: [x, [[0, 1], [2, 3], [1, 2]]], slice: [x, [[1, 0], [1, 2]]],
  unstack: [x, [1]], split: [x, [3, 1]], tile: [x, [[1, 2]]], pad: [x, [[[1, 0], [0, 1]], 7]], mirrorPad: [x, [[[1, 1], [0, 0]], 'symmetric']],
  gather: [x, [[1, 0], 1]], gatherND: [x, [[[1, 2]]]], oneHot: [ints, [3]],
  step: [x, [0.5]], logicalXor: [bools, [true]], isInf: [x, []],
  acos: [unit, []], asin: [unit, []], atanh: [unit, []], acosh: [aboveOne, []], atan: [x, []], asinh: [x, []], cosh: [x, []],
  sinh: [x, []], atan2: [x, [pos]], cumprod: [x, [1]], prelu: [x, [tp.tensor([0.1, 0.2, 0.3])]], divNoNan: [x, [ints.toFloat()]],
  onesLike: [x, []], zerosLike: [x, []],
  conv1d: [seq, [filt([2, 2, 3]), 1, 'same']], conv2d: [img, [filt([2, 2, 2, 3]), 1, 'valid']],
  conv2dTranspose: [img, [filt([2, 2, 3, 2]), [1, 4, 4, 3], 1, 'valid']], depthwiseConv2d: [img, [filt([2, 2, 2, 2]), 1, 'same']],
  separableConv2d: [img, [filt([2, 2, 2, 1]), filt([1, 1, 2, 3]), 1, 'valid']], maxPool: [img, [2, 1, 'valid']],
  avgPool: [img, [2, 1, 'same']], localResponseNormalization: [img, [1]],
  unsortedSegmentSum: [x, [[1, 0], 2]], unique: [ints, [1]], spaceToBatchND: [x, [[3], [[0, 0]]]], batchToSpaceND: [x, [[2], [[0, 1]]]],
};
const special: Record<string, () => void> = {
  concat: () => expect(x.concat([pos, x], 1).arraySync()).toEqual(tp.concat([x, pos, x], 1).arraySync()),
  stack: () => expect(x.stack(pos).arraySync()).toEqual(tp.stack([x, pos]).arraySync()),
  at: () => expect(x.at('1, ::-1').arraySync()).toEqual(tp.stridedSlice(x, [1, 0], [2, 0], [1, -1], 2, 2, 0, 0, 1).arraySync()),
  // TF.js's conversions and reshapes: cast and reshape under other names.
  toFloat: () => expect(plain(ints.toFloat())).toEqual(plain(tp.cast(ints, 'float32'))),
  toInt: () => expect(plain(x.toInt())).toEqual(plain(tp.cast(x, 'int32'))),
  toBool: () => expect(plain(x.toBool())).toEqual(plain(tp.cast(x, 'bool'))),
  asType: () => expect(plain(x.asType('int32'))).toEqual(plain(tp.cast(x, 'int32'))),
  asScalar: () => expect(plain(tp.tensor([[7]]).asScalar())).toEqual(plain(tp.scalar(7))),
  as1D: () => expect(plain(x.as1D())).toEqual(plain(tp.reshape(x, [6]))),
  as2D: () => expect(plain(x.as2D(3, 2))).toEqual(plain(tp.reshape(x, [3, 2]))),
  as3D: () => expect(plain(x.as3D(3, 1, 2))).toEqual(plain(tp.reshape(x, [3, 1, 2]))),
  as4D: () => expect(plain(x.as4D(1, 3, 1, 2))).toEqual(plain(tp.reshape(x, [1, 3, 1, 2]))),
  as5D: () => expect(plain(x.as5D(1, 1, 3, 1, 2))).toEqual(plain(tp.reshape(x, [1, 1, 3, 1, 2]))),
  bufferSync: () => expect(x.bufferSync().get(1, 2)).toBe(-4),
  buffer: () => expect(typeof x.buffer().then).toBe('function'),
  bytes: () => expect(typeof x.bytes().then).toBe('function'),
  // The receiver is the value taken where the condition holds (TF.js's t.where(condition, b)).
  where: () => expect(plain(x.where(bools, pos))).toEqual(plain(tp.where(bools, x, pos))),
  resizeBilinear: () => expect(plain(img.resizeBilinear([4, 5], false, true))).toEqual(plain(tp.image.resizeBilinear(img, [4, 5], false, true))),
  resizeNearestNeighbor: () => expect(plain(img.resizeNearestNeighbor([2, 5]))).toEqual(plain(tp.image.resizeNearestNeighbor(img, [2, 5]))),
  variable: () => {
    const v = x.variable(false);
    expect([plain(v), v.trainable]).toEqual([plain(x), false]);
    v.dispose();
  },
};

function plain(v: unknown): unknown {
  if (v instanceof tp.Tensor) return { shape: v.shape, dtype: v.dtype, values: v.arraySync() };
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, plain(e)]));
  return v;
}

test('every method equals the tp function of the same name', () => {
  const fns = tp as unknown as Record<string, (...a: unknown[]) => unknown>;
  for (const [name, [receiver, args]] of Object.entries(calls)) {
    const method = (receiver as unknown as Record<string, (...a: unknown[]) => unknown>)[name]!;
    expect(typeof method, name).toBe('function');
    expect(plain(method.apply(receiver, args)), name).toEqual(plain(fns[name]!(receiver, ...args)));
  }
  for (const check of Object.values(special)) check();
});

test('the table above covers every method on Tensor.prototype', () => {
  const own = new Set(['constructor', 'rank', 'isDisposed', 'throwIfDisposed', 'dataSync', 'data', 'arraySync', 'array', 'toString', 'details', 'print', 'dispose', 'takeHandle']);
  const installed = Object.getOwnPropertyNames(tp.Tensor.prototype).filter((n) => !own.has(n));
  expect(installed.sort()).toEqual([...Object.keys(calls), ...Object.keys(special)].sort());
});
