// Differential testing against TF.js (tfjs-core + the plain-JS CPU backend) in one process: the
// same values go to both libraries and the results are compared element by element.
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// tfjs-core alone registers no gradients; the tfjs union package imports this.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { expect } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { rng } from './rng.js';

await tfc.setBackend('cpu');
export { tfc };

/** Uniform values in [lo, hi) as a tensorpad tensor and a TF.js tensor of the same shape. */
export function pair(shape: number[], seed: number, lo = -1, hi = 1): { ours: tp.Tensor; theirs: tfc.Tensor; values: Float32Array } {
  const next = rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Float32Array(n);
  for (let i = 0; i < n; ++i) values[i] = lo + (hi - lo) * next();
  return { ours: tp.tensor(values, shape), theirs: tfc.tensor(values, shape), values };
}

/** Small integers in [0, k): many ties. */
export function intPair(shape: number[], seed: number, k: number): { ours: tp.Tensor; theirs: tfc.Tensor } {
  const { values } = pair(shape, seed, 0, k);
  const v = values.map(Math.floor);
  return { ours: tp.tensor(v, shape), theirs: tfc.tensor(v, shape) };
}

/** Expects equal shapes and values within `tol` (absolute plus relative); NaN and infinities must match exactly. */
export function expectSame(ours: tp.Tensor, theirs: tfc.Tensor, tol = 1e-5, what = ''): void {
  expect(ours.shape, `${what} shape`).toEqual(theirs.shape);
  const a = ours.dataSync();
  const b = theirs.dataSync();
  let bad = 0;
  let first = '';
  for (let i = 0; i < a.length; ++i) {
    const x = Number(a[i]), y = Number(b[i]);
    const ok = Number.isNaN(y) ? Number.isNaN(x) : !Number.isFinite(y) ? x === y : Math.abs(x - y) <= tol * (1 + Math.abs(y));
    if (!ok && bad++ === 0) first = `element ${i}: ours ${x}, TF.js ${y}`;
  }
  expect(bad, `${what} ${bad} elements differ, first ${first}`).toBe(0);
}
