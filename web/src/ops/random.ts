// Seeded, counter-based random tensors (core/kernels/random.h: Philox4x32-10). A call without a
// seed draws from the core's global stream: its seed comes from tp.setSeed and its offset advances
// by what each draw consumed, so successive calls differ while a re-seeded notebook reproduces bit
// for bit (compiled graphs draw from the same stream). A call with a seed always returns the same
// values (as TF.js).
import type { DType } from '../dtype.js';
import { engine } from '../engine/engine.js';
import type { Tensor } from '../tensor.js';
import { callOp1 } from './op_helpers.js';

function checkSeed(seed: number, op: string): void {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new Error(`${op}: seed must be an integer in [0, 2^53), got ${String(seed)}`);
}

/**
 * Seeds the global random stream and restarts it, so the following unseeded random calls
 * produce the same values every time the program runs (tf.random.set_seed).
 *
 * @example
 * tp.setSeed(42);
 * const a = tp.randomUniform([3]);
 * tp.setSeed(42);
 * const b = tp.randomUniform([3]);
 * // a and b hold the same values
 */
export function setSeed(seed: number): void {
  checkSeed(seed, 'setSeed');
  engine().module.setSeed(seed);
}

function draw(op: string, shape: readonly number[], params: Record<string, number>, dtype: DType, seed: number | undefined): Tensor {
  if (seed === undefined) return callOp1(op, [], { shape, ...params, dtype }); // the global stream
  checkSeed(seed, op);
  return callOp1(op, [], { shape, ...params, dtype, seed, offset: 0 });
}

/**
 * Uniform values in [minval, maxval); int32 draws integers without bias.
 *
 * @example
 * const u = tp.randomUniform([2, 3], -1, 1, 'float32', 7); // the same for seed 7 every time
 */
export function randomUniform(shape: readonly number[], minval = 0, maxval = 1, dtype: DType = 'float32', seed?: number): Tensor {
  return draw('randomUniform', shape, { minval, maxval }, dtype, seed);
}

/**
 * Normally distributed values (Box-Muller).
 *
 * @example
 * const n = tp.randomNormal([1000], 0, 2); // mean about 0, standard deviation about 2
 */
export function randomNormal(shape: readonly number[], mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number): Tensor {
  return draw('randomNormal', shape, { mean, stddev: stdDev }, dtype, seed);
}

/**
 * Normal values redrawn when more than 2 standard deviations from the mean (as TF).
 *
 * @example
 * const w = tp.truncatedNormal([3, 3], 0, 0.05);
 */
export function truncatedNormal(shape: readonly number[], mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number): Tensor {
  return draw('truncatedNormal', shape, { mean, stddev: stdDev }, dtype, seed);
}
