// Gradient-check cases for every op of the core's table, for the Vitest harness
// (grad_check.test.ts). An op is either differentiable, with cases whose random inputs come from
// its valid domain, or not, with the reason. The harness fails when an op of the table has no
// entry here, so a new op cannot skip its gradient checks.
import * as tp from '../../../web/src/index.js';

/** One input: float64 values drawn uniformly from [lo, hi) (with a random sign when `signed`), or fixed integer/bool values. */
export type InputSpec =
  | { kind: 'float'; shape: number[]; lo: number; hi: number; signed: boolean }
  | { kind: 'int32' | 'bool'; shape: number[]; values: number[] };

export interface GradCase {
  label: string;
  inputs: InputSpec[];
  attrs?: Record<string, number | boolean | number[] | tp.DType>;
}

export type OpEntry = { grad: GradCase[] } | { none: string; probe?: GradCase };

export const U = (shape: number[], lo = -2, hi = 2): InputSpec => ({ kind: 'float', shape, lo, hi, signed: false });
/** |x| in [lo, hi) with a random sign: away from zero (divisors, kinks at 0). */
export const NZ = (shape: number[], lo = 0.5, hi = 2): InputSpec => ({ kind: 'float', shape, lo, hi, signed: true });
export const I = (shape: number[], values: number[]): InputSpec => ({ kind: 'int32', shape, values });
export const B = (shape: number[], values: number[]): InputSpec => ({ kind: 'bool', shape, values });

const unary = (dom: (s: number[]) => InputSpec, attrs?: GradCase['attrs']): OpEntry => ({
  grad: [
    { label: '[2,3]', inputs: [dom([2, 3])], ...(attrs && { attrs }) },
    { label: 'scalar', inputs: [dom([])], ...(attrs && { attrs }) },
  ],
});

// Broadcasting pairs: equal shapes, a trailing vector, both sides stretched, a scalar, ranks differ.
const PAIRS: [number[], number[]][] = [
  [[3, 4], [3, 4]],
  [[2, 3, 4], [4]],
  [[3, 1], [1, 4]],
  [[], [2, 3]],
  [[2, 1, 3], [4, 1]],
];
const binary = (da: (s: number[]) => InputSpec, db: (s: number[]) => InputSpec): OpEntry => ({
  grad: PAIRS.map(([a, b]) => ({ label: `[${a}] . [${b}]`, inputs: [da(a), db(b)] })),
});

// Reductions over none, one, several and negative axes, with and without keepDims.
const REDUCE_ATTRS: GradCase['attrs'][] = [
  {},
  { axis: [1] },
  { axis: [1], keepDims: true },
  { axis: [0, 2], keepDims: true },
  { axis: [-1] },
  { axis: [0, 1, 2], keepDims: true },
];
const reduction = (dom: (s: number[]) => InputSpec): OpEntry => ({
  grad: [
    ...REDUCE_ATTRS.map((attrs) => ({ label: `[2,3,4] ${JSON.stringify(attrs)}`, inputs: [dom([2, 3, 4])], attrs })),
    { label: 'scalar', inputs: [dom([])] },
  ],
});

const none = (reason: string, probe?: GradCase): OpEntry => (probe ? { none: reason, probe } : { none: reason });
const probe = (dom: InputSpec = U([2, 3]), attrs?: GradCase['attrs']): GradCase => ({ label: 'probe', inputs: [dom], ...(attrs && { attrs }) });
const CREATION = 'creation op: no tensor inputs';
const PIECEWISE = 'piecewise constant';
const PREDICATE = 'bool result';
const BOOL_IN = 'bool inputs and result';

export const OP_CASES: Record<string, OpEntry> = {
  fill: none(CREATION),
  range: none(CREATION),
  linspace: none(CREATION),
  eye: none(CREATION),
  randomUniform: none(CREATION),
  randomNormal: none(CREATION),
  truncatedNormal: none(CREATION),

  neg: unary(U),
  abs: unary((s) => NZ(s, 0.1, 2)),
  sign: none(PIECEWISE, probe(NZ([2, 3]))),
  floor: none(PIECEWISE, probe()),
  ceil: none(PIECEWISE, probe()),
  round: none(PIECEWISE, probe()),
  square: unary(U),
  sqrt: unary((s) => U(s, 0.2, 3)),
  rsqrt: unary((s) => U(s, 0.2, 3)),
  reciprocal: unary(NZ),
  exp: unary(U),
  expm1: unary(U),
  log: unary((s) => U(s, 0.2, 3)),
  log1p: unary((s) => U(s, -0.8, 3)),
  sin: unary((s) => U(s, -3, 3)),
  cos: unary((s) => U(s, -3, 3)),
  tan: unary((s) => U(s, -1.2, 1.2)),
  tanh: unary(U),
  sigmoid: unary((s) => U(s, -4, 4)),
  softplus: unary((s) => U(s, -4, 4)),
  relu: unary((s) => NZ(s, 0.05, 2)),
  relu6: { grad: [{ label: '[3,4] around 0 and 6', inputs: [U([3, 4], -3, 9)] }, { label: 'scalar', inputs: [U([], 0.5, 5)] }] },
  elu: unary((s) => NZ(s, 0.05, 2)),
  selu: unary((s) => NZ(s, 0.05, 2)),
  leakyRelu: {
    grad: [
      { label: 'default alpha', inputs: [NZ([2, 3], 0.05, 2)] },
      { label: 'alpha 0.05', inputs: [NZ([2, 3], 0.05, 2)], attrs: { alpha: 0.05 } },
    ],
  },
  gelu: {
    grad: [
      { label: 'exact', inputs: [U([2, 3], -3, 3)] },
      { label: 'tanh approximation', inputs: [U([2, 3], -3, 3)], attrs: { approximate: true } },
    ],
  },
  erf: unary(U),
  logicalNot: none(BOOL_IN),
  isNaN: none(PREDICATE, probe()),
  isFinite: none(PREDICATE, probe()),
  cast: unary(U, { dtype: 'float64' }),
  clipByValue: unary((s) => U(s, -3, 3), { clipValueMin: -1, clipValueMax: 1.5 }),

  add: binary(U, U),
  sub: binary(U, U),
  mul: binary(U, U),
  div: binary(U, NZ),
  pow: binary((s) => U(s, 0.3, 2), U),
  floorDiv: none(PIECEWISE, { label: 'probe', inputs: [U([2, 3]), NZ([3])] }),
  mod: binary((s) => U(s, -5, 5), NZ),
  maximum: binary(U, U),
  minimum: binary(U, U),
  equal: none(PREDICATE, { label: 'probe', inputs: [U([3]), U([3])] }),
  notEqual: none(PREDICATE, { label: 'probe', inputs: [U([3]), U([3])] }),
  less: none(PREDICATE, { label: 'probe', inputs: [U([3]), U([3])] }),
  lessEqual: none(PREDICATE, { label: 'probe', inputs: [U([3]), U([3])] }),
  greater: none(PREDICATE, { label: 'probe', inputs: [U([3]), U([3])] }),
  greaterEqual: none(PREDICATE, { label: 'probe', inputs: [U([3]), U([3])] }),
  logicalAnd: none(BOOL_IN),
  logicalOr: none(BOOL_IN),
  where: {
    grad: [
      { label: 'same shapes', inputs: [B([3, 4], [1, 0, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0]), U([3, 4]), U([3, 4])] },
      { label: 'broadcast a, b, cond', inputs: [B([3, 1], [1, 0, 1]), U([1, 4]), U([3, 4])] },
      { label: 'scalar a, cond [4]', inputs: [B([4], [0, 1, 1, 0]), U([]), U([3, 4])] },
    ],
  },

  sum: reduction(U),
  mean: reduction(U),
  max: reduction(U),
  min: reduction(U),
  prod: reduction((s) => NZ(s, 0.5, 1.5)),
  argMax: none('integer result', probe(U([2, 3]), { axis: 1 })),
  argMin: none('integer result', probe(U([2, 3]), { axis: 1 })),
  logSumExp: reduction(U),
  any: none(BOOL_IN),
  all: none(BOOL_IN),
  softmax: {
    grad: [
      { label: '[3,4] last axis', inputs: [U([3, 4])] },
      { label: '[2,3,4] axis 1', inputs: [U([2, 3, 4])], attrs: { axis: 1 } },
      { label: '[5] axis 0', inputs: [U([5], -4, 4)], attrs: { axis: 0 } },
    ],
  },
  logSoftmax: {
    grad: [
      { label: '[3,4] last axis', inputs: [U([3, 4])] },
      { label: '[2,3,4] axis 1', inputs: [U([2, 3, 4])], attrs: { axis: 1 } },
      { label: '[5] axis 0', inputs: [U([5], -4, 4)], attrs: { axis: 0 } },
    ],
  },
  cumsum: {
    grad: [
      { label: 'axis 0', inputs: [U([3, 4])] },
      { label: 'axis 1 exclusive', inputs: [U([3, 4])], attrs: { axis: 1, exclusive: true } },
      { label: 'axis 1 reverse', inputs: [U([3, 4])], attrs: { axis: 1, reverse: true } },
      { label: 'axis -1 exclusive reverse', inputs: [U([2, 3, 4])], attrs: { axis: -1, exclusive: true, reverse: true } },
    ],
  },
  topk: {
    grad: [
      { label: '[3,5] k 2', inputs: [U([3, 5])], attrs: { k: 2 } },
      { label: '[6] k 1', inputs: [U([6])] },
      { label: '[2,2,4] k 4', inputs: [U([2, 2, 4])], attrs: { k: 4 } },
    ],
  },

  matMul: {
    grad: [
      { label: '[3,4] x [4,5]', inputs: [U([3, 4]), U([4, 5])] },
      { label: 'transposeA', inputs: [U([4, 3]), U([4, 5])], attrs: { transposeA: true } },
      { label: 'transposeB', inputs: [U([3, 4]), U([5, 4])], attrs: { transposeB: true } },
      { label: 'both transposed', inputs: [U([4, 3]), U([5, 4])], attrs: { transposeA: true, transposeB: true } },
      { label: 'batch [2,3,4] x [2,4,5]', inputs: [U([2, 3, 4]), U([2, 4, 5])] },
      { label: 'batch transposeB', inputs: [U([2, 3, 4]), U([2, 5, 4])], attrs: { transposeB: true } },
      { label: 'batch broadcast [2,3,4] x [4,5]', inputs: [U([2, 3, 4]), U([4, 5])] },
      { label: 'batch broadcast [1,3,4] x [2,4,2] transposeA', inputs: [U([1, 4, 3]), U([2, 4, 2])], attrs: { transposeA: true } },
      { label: 'vector-like [1,4] x [4,1]', inputs: [U([1, 4]), U([4, 1])] },
    ],
  },
  dot: { grad: [{ label: '[5] . [5]', inputs: [U([5]), U([5])] }] },
  outer: { grad: [{ label: '[3] x [4]', inputs: [U([3]), U([4])] }] },

  reshape: {
    grad: [
      { label: '[2,6] -> [3,4]', inputs: [U([2, 6])], attrs: { shape: [3, 4] } },
      { label: '[2,3,2] -> [-1]', inputs: [U([2, 3, 2])], attrs: { shape: [-1] } },
    ],
  },
  transpose: {
    grad: [
      { label: 'default perm', inputs: [U([2, 3])] },
      { label: 'perm [2,0,1]', inputs: [U([2, 3, 4])], attrs: { perm: [2, 0, 1] } },
    ],
  },
  expandDims: {
    grad: [
      { label: 'axis 1', inputs: [U([2, 3])], attrs: { axis: 1 } },
      { label: 'axis -1', inputs: [U([3])], attrs: { axis: -1 } },
    ],
  },
  squeeze: {
    grad: [
      { label: 'all unit axes', inputs: [U([1, 3, 1])] },
      { label: 'axis [0]', inputs: [U([1, 3, 1])], attrs: { axis: [0] } },
    ],
  },
  broadcastTo: {
    grad: [
      { label: '[3,1] -> [2,3,4]', inputs: [U([3, 1])], attrs: { shape: [2, 3, 4] } },
      { label: 'scalar -> [2,2]', inputs: [U([])], attrs: { shape: [2, 2] } },
    ],
  },
  stridedSlice: {
    grad: [
      { label: 'rows 1:3, every other column', inputs: [U([4, 5])], attrs: { begin: [1, 0], end: [3, 5], strides: [1, 2] } },
      { label: 'negative stride', inputs: [U([6])], attrs: { begin: [4], end: [0], strides: [-2] } },
      { label: 'shrink axis 0', inputs: [U([4, 5])], attrs: { begin: [2, 1], end: [3, 4], strides: [1, 1], shrinkAxisMask: 1 } },
      { label: 'begin/end masks, new axis', inputs: [U([3, 4])], attrs: { begin: [0, 0, 1], end: [0, 0, 0], strides: [1, 1, 1], beginMask: 1, endMask: 5, newAxisMask: 2 } },
    ],
  },
  stridedSliceUpdate: {
    grad: [
      { label: 'rows 1:3', inputs: [U([4, 5]), U([2, 5])], attrs: { begin: [1, 0], end: [3, 5], strides: [1, 1] } },
      { label: 'strided', inputs: [U([4, 6]), U([2, 3])], attrs: { begin: [0, 1], end: [4, 6], strides: [2, 2] } },
    ],
  },
  reverse: {
    grad: [
      { label: 'axis 1', inputs: [U([3, 4])], attrs: { axis: [1] } },
      { label: 'both axes', inputs: [U([3, 4])], attrs: { axis: [0, 1] } },
    ],
  },
  copy: { grad: [{ label: '[2,3]', inputs: [U([2, 3])] }] },

  concat: {
    grad: [
      { label: 'axis 0', inputs: [U([2, 3]), U([4, 3])] },
      { label: 'three, axis 1', inputs: [U([2, 3]), U([2, 1]), U([2, 2])], attrs: { axis: 1 } },
      { label: 'single', inputs: [U([3])] },
    ],
  },
  stack: {
    grad: [
      { label: 'axis 0', inputs: [U([3]), U([3])] },
      { label: 'three, axis 1', inputs: [U([2, 3]), U([2, 3]), U([2, 3])], attrs: { axis: 1 } },
    ],
  },
  split: {
    grad: [
      { label: '3 parts axis 0', inputs: [U([6, 4])], attrs: { numOrSizeSplits: [3] } },
      { label: 'sizes [1,3,2] axis 1', inputs: [U([4, 6])], attrs: { numOrSizeSplits: [1, 3, 2], axis: 1 } },
    ],
  },
  tile: {
    grad: [
      { label: '[2,3] reps [2,1]', inputs: [U([2, 3])], attrs: { reps: [2, 1] } },
      { label: '[3,1] reps [1,4]', inputs: [U([3, 1])], attrs: { reps: [1, 4] } },
      { label: '[2] reps [3]', inputs: [U([2])], attrs: { reps: [3] } },
    ],
  },
  pad: {
    grad: [
      { label: 'constant', inputs: [U([3, 4])], attrs: { paddings: [1, 2, 0, 1], constantValue: 0.5 } },
      { label: 'reflect', inputs: [U([3, 4])], attrs: { paddings: [1, 1, 2, 3], mode: 1 } },
      { label: 'symmetric', inputs: [U([3, 4])], attrs: { paddings: [2, 1, 3, 4], mode: 2 } },
    ],
  },
  gather: {
    grad: [
      { label: 'axis 0, repeated indices', inputs: [U([5, 3]), I([4], [0, 2, 2, 4])] },
      { label: 'axis 1, [2,2] indices', inputs: [U([3, 4]), I([2, 2], [0, 3, 1, 1])], attrs: { axis: 1 } },
      { label: 'batchDims 1', inputs: [U([2, 4, 3]), I([2, 5], [0, 3, 3, 1, 2, 2, 0, 0, 1, 3])], attrs: { axis: 1, batchDims: 1 } },
    ],
  },
  gatherND: {
    grad: [
      { label: 'elements, repeated', inputs: [U([4, 5]), I([3, 2], [0, 1, 3, 4, 0, 1])] },
      { label: 'rows', inputs: [U([4, 5]), I([2, 1], [1, 3])] },
    ],
  },
  scatterND: {
    grad: [
      { label: 'rows, duplicates add', inputs: [I([3, 1], [0, 2, 0]), U([3, 4])], attrs: { shape: [5, 4] } },
      { label: 'elements', inputs: [I([2, 2], [0, 1, 2, 2]), U([2])], attrs: { shape: [3, 3] } },
    ],
  },
  oneHot: none('integer indices in'),

  stopGradient: none('blocks gradients by definition', probe()),
};

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Standard normal draws (Box-Muller). */
export function normals(n: number, rand: () => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
  return out;
}

/** Makes an input tensor (float64 for float specs). */
export function makeInput(spec: InputSpec, rand: () => number): tp.Tensor {
  if (spec.kind !== 'float') return tp.tensor(spec.values, spec.shape, spec.kind);
  const n = sizeOf(spec.shape);
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const m = spec.lo + (spec.hi - spec.lo) * rand();
    values.push(spec.signed && rand() < 0.5 ? -m : m);
  }
  return tp.tensor(values, spec.shape, 'float64');
}

export function isFloating(t: tp.Tensor): boolean {
  return t.dtype === 'float32' || t.dtype === 'float64';
}

/** <a, b> in float64 over all elements. */
export function inner(a: tp.Tensor, b: tp.Tensor): number {
  const x = a.dataSync(), y = b.dataSync();
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Number(x[i]) * Number(y[i]);
  return s;
}
