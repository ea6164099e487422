// Moving tensors through the core's word buffer for the autodiff and graph calls.
import { dtypeFromCode } from '../dtype.js';
import { WORDS } from '../engine/core_module.js';
import { engine } from '../engine/engine.js';
import { Tensor } from '../tensor.js';

/** @internal Writes tensor handles (or -1 for null) at words[from...]. */
export function writeHandles(from: number, tensors: readonly (Tensor | null)[], op: string): void {
  const { module, wordsBase } = engine();
  const words = module.HEAPF64;
  // Checked before anything is written: the word buffer is the engine's, shared by every call.
  if (from + tensors.length > WORDS)
    throw new Error(`${op}: ${from + tensors.length} tensors exceed the engine's limit of ${WORDS} per call`);
  tensors.forEach((t, i) => {
    if (t === null) {
      words[wordsBase + from + i] = -1;
      return;
    }
    if (!(t instanceof Tensor)) throw new Error(`${op}: expected a tensor, got ${describe(t)}`);
    t.throwIfDisposed(op);
    words[wordsBase + from + i] = t.handle;
  });
}

/** @internal Reads `count` results written as id, dtype, rank, dims... (id -1 = null) from words[from]. */
export function readResults(from: number, count: number): (Tensor | null)[] {
  const { module, wordsBase } = engine();
  const words = module.HEAPF64;
  const out: (Tensor | null)[] = [];
  let p = wordsBase + from;
  for (let k = 0; k < count; k++) {
    const handle = words[p++]!;
    if (handle < 0) {
      out.push(null);
      continue;
    }
    const dtype = dtypeFromCode(words[p++]!);
    const rank = words[p++]!;
    const shape: number[] = [];
    for (let d = 0; d < rank; d++) shape.push(words[p++]!);
    out.push(new Tensor(handle, shape, dtype));
  }
  return out;
}

/** @internal Wraps core handles (for callbacks from the core) as tensors. */
export function wrapHandles(ids: readonly number[]): (Tensor | null)[] {
  const { module } = engine();
  return ids.map((id) => {
    if (id < 0) return null;
    module.info(id);
    return readResults(0, 1)[0]!;
  });
}

export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'object' ? (x.constructor?.name ?? 'an object') : `${typeof x} ${String(x)}`;
}
