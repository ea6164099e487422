// runOp: the one door through which every op call reaches the core. It writes input handles and
// attributes (in the op's schema order, defaults filled in) into the word buffer, calls the op and
// wraps the outputs as Tensors. Observers see every call (gradient tapes and graph tracing hook in here).
import { dtypeFromCode, type DType } from '../dtype.js';
import { Tensor } from '../tensor.js';
import { WORDS } from './core_module.js';
import { engine } from './engine.js';
import type { AttrMap, OpSchema } from './schema.js';

/** One completed op call, as observers see it. */
export interface OpCall {
  name: string;
  inputs: readonly Tensor[];
  attrs: AttrMap;
  outputs: readonly Tensor[];
}
export type OpObserver = (call: OpCall) => void;

const observers: OpObserver[] = [];

/**
 * @internal Calls `observer` after every op call; returns a function that removes it.
 */
export function addOpObserver(observer: OpObserver): () => void {
  observers.push(observer);
  return () => {
    const i = observers.indexOf(observer);
    if (i >= 0) observers.splice(i, 1);
  };
}

/**
 * Runs a primitive op of the core's op table by name. Attributes are given by name; the ones
 * left out take the op's defaults. Errors of the core arrive as Errors whose message starts
 * with the op name.
 *
 * @example
 * const [y] = tp.runOp('add', [tp.tensor([1, 2]), tp.tensor([10, 20])]);
 * const [s] = tp.runOp('sum', [y!], { axis: [0], keepDims: false });
 * s!.print(); // 33
 */
export function runOp(name: string, inputs: readonly Tensor[], attrs: AttrMap = {}): Tensor[] {
  const { module, wordsBase, ops } = engine();
  const op = ops.get(name);
  const nIn = inputs.length;
  if (op.inputs >= 0 && nIn !== op.inputs) throw new Error(`${name}: expected ${op.inputs} inputs, got ${nIn}`);
  // Checked before anything is written: input handles share the word buffer with attributes.
  if (nIn >= WORDS) throw new Error(`${name}: ${nIn} inputs exceed the engine's limit of ${WORDS - 1} per call`);
  let words = module.HEAPF64;
  for (let i = 0; i < nIn; i++) {
    const t = inputs[i]!;
    if (!(t instanceof Tensor)) throw new Error(`${name}: input ${i} is not a tensor`);
    t.throwIfDisposed(name);
    words[wordsBase + i] = t.handle;
  }
  op.writeAttrs(words, wordsBase + nIn, wordsBase + WORDS, attrs);
  const count = module.call(op.index, nIn);
  words = module.HEAPF64; // the call may have grown memory
  const outputs: Tensor[] = new Array(count);
  let p = wordsBase + 1;
  for (let k = 0; k < count; k++) {
    const handle = words[p++]!;
    const dtype = dtypeFromCode(words[p++]!);
    const rank = words[p++]!;
    const shape: number[] = new Array(rank);
    for (let d = 0; d < rank; d++) shape[d] = words[p++]!;
    outputs[k] = new Tensor(handle, shape, dtype);
  }
  if (observers.length > 0) {
    const call: OpCall = { name, inputs, attrs, outputs };
    for (const observe of observers.slice()) observe(call);
  }
  return outputs;
}

/** @internal runOp for single-output ops. */
export function runOp1(name: string, inputs: readonly Tensor[], attrs: AttrMap = {}): Tensor {
  return runOp(name, inputs, attrs)[0]!;
}

/**
 * The op table of the loaded engine: each op's name, number of inputs (-1: variadic),
 * attributes with kinds and defaults, a one-line description, and its test metadata
 * (differentiable, stateful, gradStep, gradTol, rtol, atol) when the engine exports it.
 *
 * @example
 * console.log(tp.opSchema().map((op) => op.name).includes('matMul')); // true
 */
export function opSchema(): OpSchema[] {
  return engine().ops.ops.map((o) => {
    const s: OpSchema = { name: o.name, inputs: o.inputs, attrs: o.attrs.map((a) => ({ ...a })), doc: o.doc };
    if (o.differentiable !== undefined) s.differentiable = o.differentiable;
    if (o.stateful !== undefined) s.stateful = o.stateful;
    if (o.gradStep !== undefined) s.gradStep = o.gradStep;
    if (o.gradTol !== undefined) s.gradTol = o.gradTol;
    if (o.rtol !== undefined) s.rtol = o.rtol;
    if (o.atol !== undefined) s.atol = o.atol;
    return s;
  });
}
