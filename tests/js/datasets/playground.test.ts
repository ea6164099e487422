// The TF Playground's synthetic sets: shapes, class balance, value ranges and the rules that
// define each set (checked from the points, independently of how they were generated).
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
const variance = (v: number[]): number => mean(v.map((x) => (x - mean(v)) ** 2));
const count = (v: number[], x: number): number => v.filter((y) => y === x).length;

describe('classification sets', () => {
  test.each(['circle', 'xor', 'gauss', 'spiral'] as const)('%s: toTensors gives xs [n, 2] and 0/1 labels [n, 1]; seeded', (name) => {
    const data = tp.datasets[name]({ numSamples: 200, seed: 5 });
    expect(data.size).toBe(200);
    expect(data.featureNames).toEqual(['x', 'y']);
    const { xs, ys } = data.toTensors();
    expect([xs.shape, xs.dtype, ys.shape, ys.dtype]).toEqual([[200, 2], 'float32', [200, 1], 'float32']);
    expect(new Set(ys.dataSync())).toEqual(new Set([0, 1]));
    tp.dispose([xs, ys]);
    expect(tp.datasets[name]({ numSamples: 200, seed: 5 }).features).toEqual(data.features);
    expect(tp.datasets[name]({ numSamples: 200, seed: 6 }).features).not.toEqual(data.features);
    expect(tp.datasets[name]({ numSamples: 6, seed: 1, signedLabels: true }).labels.every((l) => l === 1 || l === -1)).toBe(true);
  });

  test('defaults: 500 points; unseeded calls follow tp.setSeed', () => {
    tp.setSeed(9);
    const a = tp.datasets.xor();
    tp.setSeed(9);
    expect(a.size).toBe(500);
    expect(tp.datasets.xor().features).toEqual(a.features);
  });

  test('circle, noise 0: label 1 exactly when the radius is below 2.5; positives in [0, 2.5), negatives in [3.5, 5]', () => {
    const d = tp.datasets.circle({ numSamples: 400, seed: 1 });
    d.features.forEach(([x, y], i) => {
      const r = Math.hypot(x!, y!);
      expect(d.labels[i]).toBe(r < 2.5 ? 1 : 0);
      expect(r < 2.5 || (r >= 3.5 - 1e-9 && r <= 5 + 1e-9)).toBe(true);
    });
    expect(count(d.labels, 1)).toBe(200);
    // With noise, labels are taken at shifted positions: some points end up on the other side.
    const noisy = tp.datasets.circle({ numSamples: 400, noise: 0.5, seed: 1 });
    const flipped = noisy.features.filter(([x, y], i) => (Math.hypot(x!, y!) < 2.5 ? 1 : 0) !== noisy.labels[i]).length;
    expect(flipped).toBeGreaterThan(0);
  });

  test('xor, noise 0: label is sign(x*y); points are at least 0.3 from the axes, within 5.3; classes roughly balanced', () => {
    const d = tp.datasets.xor({ numSamples: 1000, seed: 2 });
    d.features.forEach(([x, y], i) => {
      expect(d.labels[i]).toBe(x! * y! >= 0 ? 1 : 0);
      expect(Math.abs(x!)).toBeGreaterThanOrEqual(0.3);
      expect(Math.abs(y!)).toBeLessThanOrEqual(5.3);
    });
    expect(Math.abs(count(d.labels, 1) - 500)).toBeLessThan(80); // binomial sd 15.8: 5 sd
  });

  test('gauss: blobs centred at (2, 2) and (-2, -2); variance 0.5 at noise 0, 4 at noise 0.5', () => {
    for (const [noise, v] of [[0, 0.5], [0.5, 4]] as const) {
      const d = tp.datasets.gauss({ numSamples: 4000, noise, seed: 3 });
      for (const [label, c] of [[1, 2], [0, -2]] as const) {
        const pts = d.features.filter((_, i) => d.labels[i] === label);
        expect(pts.length).toBe(2000);
        const xs = pts.map((p) => p[0]!);
        const ys = pts.map((p) => p[1]!);
        expect(Math.abs(mean(xs) - c)).toBeLessThan(5 * Math.sqrt(v / 2000));
        expect(Math.abs(mean(ys) - c)).toBeLessThan(5 * Math.sqrt(v / 2000));
        expect(Math.abs(variance(xs) / v - 1)).toBeLessThan(0.15);
      }
    }
  });

  test('spiral, noise 0: a point at radius r lies at angle 3.5*pi*r/5 (positives) or that plus pi (negatives)', () => {
    const d = tp.datasets.spiral({ numSamples: 300, seed: 4 });
    const wrap = (a: number): number => ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    d.features.forEach(([x, y], i) => {
      const r = Math.hypot(x!, y!);
      expect(r).toBeLessThan(5);
      if (r < 1e-9) return;
      const expected = wrap((1.75 * 2 * Math.PI * r) / 5 + (d.labels[i] === 1 ? 0 : Math.PI));
      const got = wrap(Math.atan2(x!, y!)); // x = r sin t, y = r cos t
      expect(Math.min(Math.abs(got - expected), 2 * Math.PI - Math.abs(got - expected))).toBeLessThan(1e-6);
    });
    expect(count(d.labels, 1)).toBe(150);
  });

  test('shuffle false keeps the generation order (positives first); bad noise is rejected', () => {
    const d = tp.datasets.circle({ numSamples: 10, seed: 1, shuffle: false });
    expect(d.labels).toEqual([1, 1, 1, 1, 1, 0, 0, 0, 0, 0]);
    expect(() => tp.datasets.circle({ noise: 0.7 })).toThrow("circle: noise must be in [0, 0.5] (the Playground's slider / 100), got 0.7");
  });
});

describe('regression sets', () => {
  test('plane, noise 0: label = (x + y) / 10, points in [-6, 6]^2; 1200 by default', () => {
    const d = tp.datasets.regressPlane({ seed: 1 });
    expect(d.size).toBe(1200);
    d.features.forEach(([x, y], i) => {
      expect(d.labels[i]).toBeCloseTo((x! + y!) / 10, 12);
      expect(Math.max(Math.abs(x!), Math.abs(y!))).toBeLessThanOrEqual(6);
    });
    const { ys } = d.toTensors();
    expect(ys.shape).toEqual([1200, 1]);
    ys.dispose();
  });

  test('multi gaussian, noise 0: 0 farther than 2 from every centre, near +-1 at the centres with their signs', () => {
    const centres = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]] as const;
    const d = tp.datasets.regressGaussian({ numSamples: 5000, seed: 2 });
    let near = 0;
    d.features.forEach(([x, y], i) => {
      const l = d.labels[i]!;
      expect(Math.abs(l)).toBeLessThanOrEqual(1);
      const dists = centres.map(([cx, cy]) => Math.hypot(x! - cx, y! - cy));
      if (Math.min(...dists) > 2) expect(l).toBe(0);
      const k = dists.findIndex((dd) => dd < 0.2);
      if (k >= 0) {
        near++;
        expect(Math.sign(l)).toBe(centres[k]![2]);
        expect(Math.abs(l)).toBeGreaterThan(0.9 - 1e-12); // 1 - d/2 with d < 0.2
      }
    });
    expect(near).toBeGreaterThan(10);
  });
});
