// A small seeded JS random generator for the data pipeline (shuffle buffers, splits, synthetic
// data sets). It runs on the JS side because these draws decide control flow (which element comes
// next), which engine tensors would only make slower. Unseeded users take their seed from the
// engine's global stream, so `tp.setSeed` also makes pipelines reproducible.
import { randomUniform } from '../ops/random.js';

/** A seeded source of uniform numbers: `next()` in [0, 1), as Math.random. */
export interface Prng {
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A uniform value in [a, b). */
  uniform(a: number, b: number): number;
  /** A normal value (Marsaglia's polar method, as the TF Playground). */
  normal(mean?: number, variance?: number): number;
}

// SplitMix32-style finalizer: spreads nearby seeds (0, 1, 2, ...) to unrelated states.
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A mulberry32 generator seeded from `seed` (any finite number; the integer part of values
 * beyond 2^32 is folded in) and an optional `stream` index (used for the epochs of a shuffle).
 *
 * @example
 * const r = tp.data.prng(42);
 * console.log(r.next() === tp.data.prng(42).next()); // true
 */
export function prng(seed: number, stream = 0): Prng {
  if (!Number.isFinite(seed)) throw new Error(`prng: seed must be a finite number, got ${seed}`);
  const lo = Math.floor(seed) >>> 0;
  const hi = Math.floor(seed / 2 ** 32) >>> 0;
  let state = mix32(lo ^ mix32(hi ^ mix32(stream + 0x9e3779b9)));
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    uniform: (a, b) => a + (b - a) * next(),
    normal: (mean = 0, variance = 1) => {
      let v1: number, v2: number, s: number;
      do {
        v1 = 2 * next() - 1;
        v2 = 2 * next() - 1;
        s = v1 * v1 + v2 * v2;
      } while (s > 1 || s === 0);
      return mean + Math.sqrt(variance) * Math.sqrt((-2 * Math.log(s)) / s) * v1;
    },
  };
}

/** @internal A seed drawn from the engine's global random stream (follows tp.setSeed). */
export function seedFromGlobalStream(): number {
  const t = randomUniform([2], 0, 2 ** 31 - 1, 'int32');
  try {
    const [a, b] = t.dataSync();
    return a! * 2 ** 21 + (b! % 2 ** 21);
  } finally {
    t.dispose();
  }
}

/** @internal Fisher-Yates shuffle of `items` in place. */
export function shuffleInPlace<T>(items: T[], rng: Prng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}
