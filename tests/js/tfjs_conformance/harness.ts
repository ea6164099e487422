// Runs one call on tensorpad and on TF.js (tfjs-core with the CPU backend) in the same process
// and compares what comes out: whether it throws, and the dtype, shape and values of every tensor.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import * as tp from '../../../web/src/index.js';

await tf.setBackend('cpu');
await tp.ready();

/** Either library's namespace: a case is written once and run on both. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Lib = any;

export interface Case {
  name: string;
  run: (lib: Lib) => unknown;
  /** Relative and absolute tolerance on values (default 1e-5). */
  tol?: number;
  /** Random results: compare dtype, shape and that values lie in [lo, hi], not the values. */
  range?: [number, number];
}

interface TensorOut {
  dtype: string;
  shape: number[];
  values: number[];
}
type Out = { throws: true; message: string } | { throws: false; value: unknown };

function isTensorLike(x: unknown): x is { dtype: string; shape: number[]; dataSync(): ArrayLike<number> } {
  return typeof x === 'object' && x !== null && 'dtype' in x && 'shape' in x && typeof (x as { dataSync?: unknown }).dataSync === 'function';
}

function snapshot(x: unknown): unknown {
  if (isTensorLike(x)) {
    const values = Array.from(x.dataSync(), Number);
    // TF.js can return a tensor with fewer values than its shape (a slice past the end): reading
    // it with arraySync throws, so it counts as a throw.
    if (values.length !== x.shape.reduce((a, b) => a * b, 1)) throw new Error(`invalid tensor: shape [${x.shape}] with ${values.length} values`);
    return { dtype: x.dtype, shape: [...x.shape], values } satisfies TensorOut;
  }
  if (Array.isArray(x)) return x.map(snapshot);
  if (typeof x === 'object' && x !== null && !ArrayBuffer.isView(x))
    return Object.fromEntries(Object.entries(x).filter(([, v]) => typeof v !== 'function').map(([k, v]) => [k, snapshot(v)]));
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>, Number);
  return x;
}

/** Runs a case on one library, inside its tidy so the intermediates are freed. */
export function outcome(lib: Lib, run: (lib: Lib) => unknown): Out {
  try {
    let value: unknown;
    lib.tidy(() => {
      value = snapshot(run(lib));
    });
    return { throws: false, value };
  } catch (e) {
    return { throws: true, message: e instanceof Error ? e.message : String(e) };
  }
}

function close(a: number, b: number, tol: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= tol * (1 + Math.abs(b));
}

/** The first difference between two snapshots, or null when they agree. */
function diff(got: unknown, want: unknown, c: Case, path: string): string | null {
  if (typeof want === 'object' && want !== null && 'dtype' in want && 'values' in want) {
    const w = want as TensorOut;
    const g = got as TensorOut;
    if (typeof g !== 'object' || g === null || !('dtype' in g)) return `${path}: expected a tensor, got ${JSON.stringify(got)}`;
    if (g.dtype !== w.dtype) return `${path}: dtype ${g.dtype}, TF.js ${w.dtype}`;
    if (JSON.stringify(g.shape) !== JSON.stringify(w.shape)) return `${path}: shape [${g.shape}], TF.js [${w.shape}]`;
    if (c.range) {
      const bad = g.values.find((v) => !(v >= c.range![0] && v <= c.range![1]));
      return bad === undefined ? null : `${path}: value ${bad} outside [${c.range}]`;
    }
    for (let i = 0; i < w.values.length; i++)
      if (!close(g.values[i]!, w.values[i]!, c.tol ?? 1e-5)) return `${path}: value[${i}] ${g.values[i]}, TF.js ${w.values[i]}`;
    return null;
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(got) || got.length !== want.length) return `${path}: expected an array of ${want.length}, got ${JSON.stringify(got)}`;
    for (let i = 0; i < want.length; i++) {
      const d = diff(got[i], want[i], c, `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  if (typeof want === 'object' && want !== null) {
    for (const k of Object.keys(want)) {
      const d = diff((got as Record<string, unknown>)?.[k], (want as Record<string, unknown>)[k], c, `${path}.${k}`);
      if (d) return d;
    }
    return null;
  }
  if (typeof want === 'number' && typeof got === 'number') return close(got, want, c.tol ?? 1e-5) ? null : `${path}: ${got}, TF.js ${want}`;
  return JSON.stringify(got) === JSON.stringify(want) ? null : `${path}: ${JSON.stringify(got)}, TF.js ${JSON.stringify(want)}`;
}

/** How tensorpad's outcome differs from TF.js's on case `c`, or null when they agree. */
export function compare(c: Case): string | null {
  const want = outcome(tf, c.run);
  const got = outcome(tp, c.run);
  if (want.throws && !got.throws) return `TF.js throws (${want.message}), tensorpad does not`;
  if (got.throws && !want.throws) return `tensorpad throws (${got.message}), TF.js does not`;
  if (want.throws || got.throws) return null;
  return diff(got.value, want.value, c, 'result');
}

export { tf, tp };
