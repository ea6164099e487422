// Seeded, counter-based random tensors (core/kernels/random.h: Philox4x32-10). A call without a
// seed draws from the core's global stream: its seed comes from tp.setSeed and its offset advances
// by what each draw consumed, so successive calls differ while a re-seeded notebook reproduces bit
// for bit (compiled graphs draw from the same stream). A call with a seed always returns the same
// values (as TF.js).
import { describeValue, type TensorLike } from '../convert.js';
import type { DType } from '../dtype.js';
import { engine } from '../engine/engine.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { add } from './binary.js';
import { callOp1, checkArg, named } from './op_helpers.js';
import { cast, floor } from './unary.js';

function checkSeed(seed: number, op: string): void {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new Error(`${op}: seed must be an integer in [0, 2^53), got ${String(seed)}`);
}

/**
 * A per-call seed as the core's integer. TF.js also takes fractional numbers and strings: those
 * map to an integer through their bits (a fixed hash), so each still reproduces its values.
 */
function seedOf(seed: number | string, op: string): number {
  if (typeof seed === 'number' && Number.isSafeInteger(seed) && seed >= 0) return seed;
  let bytes: Uint8Array;
  if (typeof seed === 'number' && Number.isFinite(seed)) bytes = new Uint8Array(new Float64Array([seed]).buffer);
  else if (typeof seed === 'string') bytes = new TextEncoder().encode(seed);
  else throw new Error(`${op}: seed must be a finite number or a string, got ${describeValue(seed)}`);
  // FNV-1a, 32 bits, over the bytes, twice with different offsets: a 53-bit integer.
  const fnv = (basis: number) => bytes.reduce((h, b) => Math.imul(h ^ b, 16777619) >>> 0, basis);
  return (fnv(2166136261) & 0x1fffff) * 2 ** 32 + fnv(0x9747b28c);
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

// Without a seed: the global stream (a null seed too, as TF.js).
function streamAttrs(seed: number | string | undefined | null, op: string): Record<string, number> {
  return seed === undefined || seed === null ? {} : { seed: seedOf(seed, op), offset: 0 };
}

function draw(op: string, shape: readonly number[], params: Record<string, number>, dtype: DType, seed: number | string | undefined): Tensor {
  return callOp1(op, [], { shape, ...params, dtype, ...streamAttrs(seed, op) });
}

/**
 * Uniform values in [minval, maxval); int32 draws integers without bias. bool, as TF.js, is a
 * float draw truncated toward zero and tested != 0 (so [0, 1) gives all false, [0, 2) fair coins).
 *
 * @example
 * const u = tp.randomUniform([2, 3], -1, 1, 'float32', 7); // the same for seed 7 every time
 * const coins = tp.randomUniform([4], 0, 2, 'bool');
 */
export function randomUniform(shape: readonly number[], minval = 0, maxval = 1, dtype: DType = 'float32', seed?: number | string): Tensor {
  if (dtype === 'bool')
    return tidy(() => cast(cast(draw('randomUniform', shape, { minval, maxval }, 'float32', seed), 'int32'), 'bool'));
  return draw('randomUniform', shape, { minval, maxval }, dtype, seed);
}

// int32 normal draws, as TF.js: the float draw rounded with halves up (Math.round).
function roundedDraw(op: string, shape: readonly number[], params: Record<string, number>, seed: number | string | undefined): Tensor {
  return tidy(() => cast(floor(add(draw(op, shape, params, 'float64', seed), 0.5)), 'int32'));
}

/**
 * Normally distributed values (Box-Muller); int32 rounds them, as TF.js.
 *
 * @example
 * const n = tp.randomNormal([1000], 0, 2); // mean about 0, standard deviation about 2
 */
export function randomNormal(shape: readonly number[], mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number | string): Tensor {
  if (dtype === 'int32') return roundedDraw('randomNormal', shape, { mean, stddev: stdDev }, seed);
  return draw('randomNormal', shape, { mean, stddev: stdDev }, dtype, seed);
}

/**
 * Normal values redrawn when more than 2 standard deviations from the mean (as TF).
 *
 * @example
 * const w = tp.truncatedNormal([3, 3], 0, 0.05);
 */
export function truncatedNormal(shape: readonly number[], mean = 0, stdDev = 1, dtype: DType = 'float32', seed?: number | string): Tensor {
  if (dtype === 'int32') return roundedDraw('truncatedNormal', shape, { mean, stddev: stdDev }, seed);
  return draw('truncatedNormal', shape, { mean, stddev: stdDev }, dtype, seed);
}

/**
 * Standard normal values (mean 0, standard deviation 1); int32 rounds them, as TF.js.
 *
 * @example
 * const z = tp.randomStandardNormal([2, 3], 'float32', 7); // the same for seed 7 every time
 */
export function randomStandardNormal(shape: readonly number[], dtype: DType | null = 'float32', seed?: number | string): Tensor {
  dtype ??= 'float32'; // TF.js's tests pass null for the default
  if (dtype !== 'float32' && dtype !== 'int32' && dtype !== 'float64')
    throw new Error(`randomStandardNormal: dtype must be 'float32', 'int32' or 'float64', got ${describeValue(dtype)}`);
  return named('randomStandardNormal', () => randomNormal(shape, 0, 1, dtype, seed));
}

/**
 * Uniform integers in [minval, maxval) as int32, each value equally likely (TF.js's signature).
 *
 * @example
 * const dice = tp.randomUniformInt([10], 1, 7, 42);
 */
export function randomUniformInt(shape: readonly number[], minval: number, maxval: number, seed?: number | string): Tensor {
  checkArg(minval, 'integer', 'randomUniformInt', 'minval');
  checkArg(maxval, 'integer', 'randomUniformInt', 'maxval');
  return named('randomUniformInt', () => draw('randomUniform', shape, { minval, maxval }, 'int32', seed));
}

/**
 * Gamma-distributed values with shape `alpha` and rate `beta` (mean alpha / beta, as TensorFlow's
 * tf.random.gamma), by Marsaglia and Tsang's method; int32 rounds them, as TF.js.
 *
 * @example
 * const g = tp.randomGamma([1000], 2, 0.5, 'float32', 3); // mean about 4
 */
export function randomGamma(shape: readonly number[], alpha: number, beta = 1, dtype: DType = 'float32', seed?: number | string): Tensor {
  checkArg(alpha, 'number', 'randomGamma', 'alpha');
  checkArg(beta, 'number', 'randomGamma', 'beta');
  if (!(beta > 0)) throw new Error(`randomGamma: beta must be > 0, got ${beta}`);
  if (dtype === 'int32')
    return tidy(() => cast(floor(add(draw('randomGamma', shape, { alpha, beta }, 'float64', seed), 0.5)), 'int32'));
  if (dtype !== 'float32' && dtype !== 'float64')
    throw new Error(`randomGamma: dtype must be 'float32', 'int32' or 'float64', got ${describeValue(dtype)}`);
  return draw('randomGamma', shape, { alpha, beta }, dtype, seed);
}

/**
 * Draws `numSamples` class indices (int32) per row of `logits` ([classes] or [batch, classes]):
 * class k with probability softmax(logits)[k], or, when `normalized`, in proportion to the given
 * probabilities. Rank 1 gives [numSamples], rank 2 [batch, numSamples].
 *
 * @example
 * const coin = tp.multinomial(tp.tensor([0.3, 0.7]), 10, 5, true); // ten 0/1 draws, about 7 ones
 */
export function multinomial(logits: TensorLike, numSamples: number, seed?: number | string, normalized = false): Tensor {
  checkArg(numSamples, 'integer', 'multinomial', 'numSamples');
  checkArg(normalized, 'boolean', 'multinomial', 'normalized');
  return callOp1('multinomial', [logits], { numSamples, normalized, ...streamAttrs(seed, 'multinomial') });
}
