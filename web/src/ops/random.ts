// Seeded, counter-based random tensors (core/kernels/random.h: Philox4x32-10). A call without a
// seed draws from the core's global stream: its seed comes from tp.setSeed and its offset advances
// by what each draw consumed, so successive calls differ while a re-seeded notebook reproduces bit
// for bit (compiled graphs draw from the same stream). A call with a seed always returns the same
// values (as TF.js).
import type { DType } from '../dtype.js';
import { engine } from '../engine/engine.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { add } from './binary.js';
import { callOp1 } from './op_helpers.js';
import { cast, floor } from './unary.js';

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
 * Uniform values in [minval, maxval); int32 draws integers without bias. bool, as TF.js, is a
 * float draw truncated toward zero and tested != 0 (so [0, 1) gives all false, [0, 2) fair coins).
 *
 * @example
 * const u = tp.randomUniform([2, 3], -1, 1, 'float32', 7); // the same for seed 7 every time
 * const coins = tp.randomUniform([4], 0, 2, 'bool');
 */
export function randomUniform(shape: readonly number[], minval = 0, maxval = 1, dtype: DType = 'float32', seed?: number): Tensor {
  if (dtype === 'bool')
    return tidy(() => cast(cast(draw('randomUniform', shape, { minval, maxval }, 'float32', seed), 'int32'), 'bool'));
  return draw('randomUniform', shape, { minval, maxval }, dtype, seed);
}

// int32 normal draws, as TF.js: the float draw rounded with halves up (Math.round).
function roundedDraw(op: string, shape: readonly number[], params: Record<string, number>, seed: number | undefined): Tensor {
  return tidy(() => cast(floor(add(draw(op, shape, params, 'float64', seed), 0.5)), 'int32'));
}

/**
 * Normally distributed values (Box-Muller); int32 rounds them, as TF.js.
 *
 * @example
 * const n = tp.randomNormal([1000], 0, 2); // mean about 0, standard deviation about 2
 */
export function randomNormal(shape: readonly number[], mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number): Tensor {
  if (dtype === 'int32') return roundedDraw('randomNormal', shape, { mean, stddev: stdDev }, seed);
  return draw('randomNormal', shape, { mean, stddev: stdDev }, dtype, seed);
}

/**
 * Normal values redrawn when more than 2 standard deviations from the mean (as TF).
 *
 * @example
 * const w = tp.truncatedNormal([3, 3], 0, 0.05);
 */
export function truncatedNormal(shape: readonly number[], mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number): Tensor {
  if (dtype === 'int32') return roundedDraw('truncatedNormal', shape, { mean, stddev: stdDev }, seed);
  return draw('truncatedNormal', shape, { mean, stddev: stdDev }, dtype, seed);
}
