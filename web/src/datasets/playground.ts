// The synthetic 2-D data sets of the TensorFlow Playground (playground.tensorflow.org,
// src/dataset.ts), generated with the same formulas and noise model from a seeded generator.
// `noise` is the Playground's slider divided by 100 (0 to 0.5). Classification labels are 1 for
// the Playground's positive class and 0 for its negative one (-1 with `signedLabels`), so they
// suit a sigmoid output and binary cross-entropy. Points come shuffled unless shuffle is false
// (then the positive class first, as the Playground generates them).
import { prng, seedFromGlobalStream, shuffleInPlace, type Prng } from '../data/prng.js';
import { TabularData } from './tabular.js';

/** Options of the Playground data sets. */
export interface PlaygroundOptions {
  /** Number of points (default 500 for classification, 1200 for regression, as the Playground). */
  numSamples?: number;
  /** The Playground's noise, 0 to 0.5 (its slider / 100). Default 0. */
  noise?: number;
  /** Seed of the generator (default: drawn from the global stream, so tp.setSeed applies). */
  seed?: number;
  /** Shuffle the points (default true). */
  shuffle?: boolean;
  /** Classification only: labels -1 / 1 as in the Playground, instead of 0 / 1. */
  signedLabels?: boolean;
}

interface Point {
  x: number;
  y: number;
  label: number;
}

type Generator = (n: number, noise: number, rng: Prng) => Point[];

const dist = (ax: number, ay: number, bx: number, by: number): number => Math.hypot(ax - bx, ay - by);

// Class sizes: ceil(n/2) positives, the rest negatives (the Playground assumes n even).
const halves = (n: number): [number, number] => [Math.ceil(n / 2), n - Math.ceil(n / 2)];

const circleGen: Generator = (n, noise, rng) => {
  const radius = 5;
  const label = (x: number, y: number): number => (dist(x, y, 0, 0) < radius * 0.5 ? 1 : -1);
  const points: Point[] = [];
  const ring = (count: number, rMin: number, rMax: number): void => {
    for (let i = 0; i < count; i++) {
      const r = rng.uniform(rMin, rMax);
      const angle = rng.uniform(0, 2 * Math.PI);
      const x = r * Math.sin(angle);
      const y = r * Math.cos(angle);
      const noiseX = rng.uniform(-radius, radius) * noise;
      const noiseY = rng.uniform(-radius, radius) * noise;
      points.push({ x, y, label: label(x + noiseX, y + noiseY) });
    }
  };
  const [pos, neg] = halves(n);
  ring(pos, 0, radius * 0.5);
  ring(neg, radius * 0.7, radius);
  return points;
};

const xorGen: Generator = (n, noise, rng) => {
  const padding = 0.3;
  const points: Point[] = [];
  for (let i = 0; i < n; i++) {
    let x = rng.uniform(-5, 5);
    x += x > 0 ? padding : -padding;
    let y = rng.uniform(-5, 5);
    y += y > 0 ? padding : -padding;
    const noiseX = rng.uniform(-5, 5) * noise;
    const noiseY = rng.uniform(-5, 5) * noise;
    points.push({ x, y, label: (x + noiseX) * (y + noiseY) >= 0 ? 1 : -1 });
  }
  return points;
};

const gaussGen: Generator = (n, noise, rng) => {
  const variance = 0.5 + (noise / 0.5) * 3.5; // the Playground maps noise [0, 0.5] to variance [0.5, 4]
  const points: Point[] = [];
  const blob = (count: number, cx: number, cy: number, label: number): void => {
    for (let i = 0; i < count; i++) points.push({ x: rng.normal(cx, variance), y: rng.normal(cy, variance), label });
  };
  const [pos, neg] = halves(n);
  blob(pos, 2, 2, 1);
  blob(neg, -2, -2, -1);
  return points;
};

const spiralGen: Generator = (n, noise, rng) => {
  const half = n / 2;
  const points: Point[] = [];
  const arm = (count: number, deltaT: number, label: number): void => {
    for (let i = 0; i < count; i++) {
      const r = (i / half) * 5;
      const t = ((1.75 * i) / half) * 2 * Math.PI + deltaT;
      points.push({ x: r * Math.sin(t) + rng.uniform(-1, 1) * noise, y: r * Math.cos(t) + rng.uniform(-1, 1) * noise, label });
    }
  };
  const [pos, neg] = halves(n);
  arm(pos, 0, 1);
  arm(neg, Math.PI, -1);
  return points;
};

// Regression: uniform points in [-6, 6]^2, labelled at a noise-shifted position.
function regression(label: (x: number, y: number) => number): Generator {
  return (n, noise, rng) => {
    const radius = 6;
    const points: Point[] = [];
    for (let i = 0; i < n; i++) {
      const x = rng.uniform(-radius, radius);
      const y = rng.uniform(-radius, radius);
      const noiseX = rng.uniform(-radius, radius) * noise;
      const noiseY = rng.uniform(-radius, radius) * noise;
      points.push({ x, y, label: label(x + noiseX, y + noiseY) });
    }
    return points;
  };
}

const planeGen = regression((x, y) => (x + y) / 10); // the Playground's scale [-10, 10] -> [-1, 1]

const GAUSSIANS: readonly [number, number, number][] = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];
const multiGaussGen = regression((x, y) => {
  // The bump of largest magnitude wins; each falls linearly from 1 at its centre to 0 at distance 2.
  let label = 0;
  for (const [cx, cy, sign] of GAUSSIANS) {
    const v = sign * Math.min(1, Math.max(0, 1 - dist(x, y, cx, cy) / 2));
    if (Math.abs(v) > Math.abs(label)) label = v;
  }
  return label;
});

function make(name: string, gen: Generator, classify: boolean, options: PlaygroundOptions): TabularData {
  const n = options.numSamples ?? (classify ? 500 : 1200);
  const noise = options.noise ?? 0;
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name}: numSamples must be a non-negative integer, got ${n}`);
  if (!(noise >= 0 && noise <= 0.5)) throw new Error(`${name}: noise must be in [0, 0.5] (the Playground's slider / 100), got ${noise}`);
  const rng = prng(options.seed ?? seedFromGlobalStream());
  const points = gen(n, noise, rng);
  if (options.shuffle ?? true) shuffleInPlace(points, rng);
  const label = (v: number): number => (classify && !options.signedLabels ? (v > 0 ? 1 : 0) : v);
  return new TabularData(['x', 'y'], 'label', points.map((p) => [p.x, p.y]), points.map((p) => label(p.label)));
}

/**
 * The Playground's "circle": positives uniform in radius [0, 2.5], negatives in [3.5, 5], each
 * labelled by whether its noise-shifted position lies within radius 2.5.
 *
 * @example
 * const { xs, ys } = tp.datasets.circle({ numSamples: 200, noise: 0.1, seed: 1 }).toTensors(); // xs [200, 2], ys [200, 1]
 */
export function circle(options: PlaygroundOptions = {}): TabularData {
  return make('circle', circleGen, true, options);
}

/**
 * The Playground's "exclusive or": uniform points in [-5, 5]^2 pushed 0.3 away from the axes,
 * positive where x*y >= 0 (at the noise-shifted position).
 *
 * @example
 * const data = tp.datasets.xor({ seed: 3 }); // 500 points
 */
export function xor(options: PlaygroundOptions = {}): TabularData {
  return make('xor', xorGen, true, options);
}

/**
 * The Playground's "gaussian": two normal blobs at (2, 2) (positive) and (-2, -2), variance
 * 0.5 at noise 0 growing linearly to 4 at noise 0.5.
 *
 * @example
 * const data = tp.datasets.gauss({ noise: 0.25, seed: 3 });
 */
export function gauss(options: PlaygroundOptions = {}): TabularData {
  return make('gauss', gaussGen, true, options);
}

/**
 * The Playground's "spiral": two interleaved arms of 1.75 turns out to radius 5, with uniform
 * noise of +-noise on each coordinate.
 *
 * @example
 * const data = tp.datasets.spiral({ numSamples: 400, seed: 3 });
 */
export function spiral(options: PlaygroundOptions = {}): TabularData {
  return make('spiral', spiralGen, true, options);
}

/**
 * The Playground's regression "plane": label (x + y) / 10 in [-1.2, 1.2] at the noise-shifted
 * position, for uniform points in [-6, 6]^2.
 *
 * @example
 * const { xs, ys } = tp.datasets.regressPlane({ seed: 1 }).toTensors(); // xs [1200, 2], ys [1200, 1]
 */
export function regressPlane(options: PlaygroundOptions = {}): TabularData {
  return make('regressPlane', planeGen, false, options);
}

/**
 * The Playground's regression "multi gaussian": six bumps of sign +-1 at (-4|0|4, +-2.5), each
 * falling linearly to 0 at distance 2; a point takes the bump of largest magnitude.
 *
 * @example
 * const data = tp.datasets.regressGaussian({ seed: 1 });
 */
export function regressGaussian(options: PlaygroundOptions = {}): TabularData {
  return make('regressGaussian', multiGaussGen, false, options);
}
