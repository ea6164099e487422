// The TF.js math ops added for compatibility (acos..sinh, atan2, cumprod, int32 inputs, random
// draws, t.variable()), run on tensorpad and on tfjs-core (CPU) in the same process.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tf.setBackend('cpu');
await tp.ready();

const values = [-2, -1, -0.5, -0.25, 0, 0.3, 0.5, 1, 1.5, 2, NaN, Infinity, -Infinity];
function close(got: ArrayLike<number>, want: ArrayLike<number>, tol = 1e-5): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (Number.isNaN(w)) expect(Number.isNaN(g), `index ${i}`).toBe(true);
    else if (!Number.isFinite(w)) expect(g, `index ${i}`).toBe(w);
    else expect(Math.abs(g - w), `index ${i}: ${g} vs ${w}`).toBeLessThanOrEqual(tol * (1 + Math.abs(w)));
  }
}

describe('inverse trigonometric and hyperbolic functions', () => {
  for (const op of ['acos', 'asin', 'atan', 'acosh', 'asinh', 'atanh', 'cosh', 'sinh'] as const) {
    test(`${op}: values, NaN outside the domain, dtype, as TF.js`, () => {
      const got = (tp as any)[op](tp.tensor(values));
      const want = (tf as any)[op](tf.tensor(values));
      expect(got.dtype).toBe(want.dtype);
      close(got.dataSync(), want.dataSync());
      // The method form and float64.
      close((tp.tensor(values) as any)[op]().dataSync(), want.dataSync());
      close((tp as any)[op](tp.tensor(values, undefined, 'float64')).dataSync(), values.map((v) => (Math as any)[op](v)), 1e-12);
    });
  }
  test('int32 inputs give what TF.js gives (truncated int32, or a throw for cosh)', () => {
    const ints = [-3, -1, 0, 1, 2, 5];
    for (const op of ['acos', 'asin', 'atan', 'acosh', 'asinh', 'atanh', 'sinh', 'exp', 'erf', 'expm1', 'log1p', 'reciprocal', 'softplus', 'selu', 'relu', 'relu6', 'round']) {
      const want = (tf as any)[op](tf.tensor(ints, undefined, 'int32'));
      const got = (tp as any)[op](tp.tensor(ints, undefined, 'int32'));
      expect(got.dtype, op).toBe(want.dtype);
      close(got.dataSync(), want.dataSync());
    }
    expect(() => tp.cosh(tp.tensor([1], undefined, 'int32'))).toThrow(/cosh/);
    expect(() => tf.cosh(tf.tensor([1], undefined, 'int32'))).toThrow();
  });
  test('gradients: closed forms and finite differences', () => {
    const x = [-0.7, -0.2, 0.1, 0.6];
    const d: Record<string, (v: number) => number> = {
      acos: (v) => -1 / Math.sqrt(1 - v * v), asin: (v) => 1 / Math.sqrt(1 - v * v), atan: (v) => 1 / (1 + v * v),
      asinh: (v) => 1 / Math.sqrt(v * v + 1), atanh: (v) => 1 / (1 - v * v), cosh: Math.sinh, sinh: Math.cosh,
    };
    for (const [op, f] of Object.entries(d)) {
      const g = tp.grad((t: tp.Tensor) => tp.sum((tp as any)[op](t)))(tp.tensor(x, undefined, 'float64'));
      close(g.dataSync(), x.map(f), 1e-12);
      const h = 1e-6;
      const fd = x.map((v) => ((Math as any)[op](v + h) - (Math as any)[op](v - h)) / (2 * h));
      close(g.dataSync(), fd, 1e-6);
    }
    const ax = [1.5, 2, 3];
    close(tp.grad((t: tp.Tensor) => tp.sum(tp.acosh(t)))(tp.tensor(ax, undefined, 'float64')).dataSync(), ax.map((v) => 1 / Math.sqrt(v * v - 1)), 1e-12);
  });
  test('forward mode matches reverse mode', () => {
    const x = tp.tensor([-0.7, 0.1, 0.6], undefined, 'float64');
    const t = tp.tensor([1, 2, -1], undefined, 'float64');
    for (const op of ['acos', 'asin', 'atan', 'asinh', 'atanh', 'cosh', 'sinh']) {
      const [, dy] = tp.jvp((v: tp.Tensor) => (tp as any)[op](v), [x], [t]) as unknown as [tp.Tensor, tp.Tensor];
      const g = tp.grad((v: tp.Tensor) => tp.sum((tp as any)[op](v)))(x);
      close(dy.dataSync(), tp.mul(g, t).dataSync(), 1e-12);
    }
  });
});

describe('atan2', () => {
  test('broadcasting, signed zeros and infinities as TF.js', () => {
    const a = [[1], [-1], [0], [-0], [Infinity], [NaN]];
    const b = [0, -0, 1, -1, Infinity, -Infinity];
    const got = tp.atan2(tp.tensor(a), tp.tensor(b));
    const want = tf.atan2(tf.tensor(a), tf.tensor(b));
    expect(got.shape).toEqual(want.shape);
    close(got.dataSync(), want.dataSync());
    expect(tp.tensor([1, -1]).atan2(tp.tensor([1, 1])).dataSync()[1]).toBeCloseTo(-Math.PI / 4, 6);
    const gi = tp.atan2(tp.tensor([1, -1, 5], undefined, 'int32'), tp.tensor([1, 1, -1], undefined, 'int32'));
    const wi = tf.atan2(tf.tensor([1, -1, 5], undefined, 'int32'), tf.tensor([1, 1, -1], undefined, 'int32'));
    expect(gi.dtype).toBe(wi.dtype);
    close(gi.dataSync(), wi.dataSync());
  });
  test('gradient: b/(a²+b²) and -a/(a²+b²), with broadcasting', () => {
    const a = tp.tensor([[0.5], [-2]], undefined, 'float64'), b = tp.tensor([1, -3, 0.25], undefined, 'float64');
    const [ga, gb] = tp.grads((x: tp.Tensor, y: tp.Tensor) => tp.sum(tp.atan2(x, y)))([a, b]);
    const A = [0.5, -2], B = [1, -3, 0.25];
    close(ga!.dataSync(), A.map((x) => B.reduce((s, y) => s + y / (x * x + y * y), 0)), 1e-12);
    close(gb!.dataSync(), B.map((y) => A.reduce((s, x) => s - x / (x * x + y * y), 0)), 1e-12);
  });
});

describe('cumprod', () => {
  test('axis, exclusive, reverse, int32 and bool as TF.js', () => {
    const x = [[1, 2, 3], [4, -5, 0.5]];
    for (const axis of [0, 1]) for (const exclusive of [false, true]) for (const reverse of [false, true]) {
      const got = tp.cumprod(tp.tensor(x), axis, exclusive, reverse);
      const want = tf.cumprod(tf.tensor(x), axis, exclusive, reverse);
      close(got.dataSync(), want.dataSync());
    }
    for (const [v, dt] of [[[1, 2, 3, 4], 'int32'], [[true, false, true], 'bool']] as const) {
      const got = tp.cumprod(tp.tensor(v as any, undefined, dt));
      const want = tf.cumprod(tf.tensor(v as any, undefined, dt));
      expect(got.dtype).toBe(want.dtype);
      close(got.dataSync(), want.dataSync());
    }
    expect(() => tp.cumprod(tp.tensor([1, 2]), 1)).toThrow(/cumprod/);
  });
  // Closed form of d(sum_j w_j y_j)/dx_k: sum over outputs j that include k of w_j * product of
  // the other included x_i, computed directly (no division).
  function closedForm(x: number[], w: number[], exclusive: boolean, reverse: boolean): number[] {
    const n = x.length;
    const includes = (j: number, i: number) => (reverse ? (exclusive ? i > j : i >= j) : (exclusive ? i < j : i <= j));
    return x.map((_, k) => {
      let s = 0;
      for (let j = 0; j < n; j++) {
        if (!includes(j, k)) continue;
        let p = w[j]!;
        for (let i = 0; i < n; i++) if (i !== k && includes(j, i)) p *= x[i]!;
        s += p;
      }
      return s;
    });
  }
  test('gradient with zeros in the input: closed form, finite differences and forward mode', () => {
    const w = [0.3, -1.2, 0.7, 2, -0.4, 1.1];
    for (const x of [[1.5, -2, 0.5, 3, 0.25, -1], [1.5, 0, 0.5, 3, 0.25, -1], [2, 0, -1.5, 0, 3, 0.75], [0, 0, 0, 2, 1, 1]]) {
      for (const exclusive of [false, true]) for (const reverse of [false, true]) {
        const f = (t: tp.Tensor) => tp.sum(tp.mul(tp.cumprod(t, 0, exclusive, reverse), tp.tensor(w, undefined, 'float64')));
        const xt = tp.tensor(x, undefined, 'float64');
        const g = tp.grad(f)(xt);
        const want = closedForm(x, w, exclusive, reverse);
        close(g.dataSync(), want, 1e-12);
        const h = 1e-6;
        const fd = x.map((_, k) => {
          const up = x.slice(), dn = x.slice();
          up[k]! += h; dn[k]! -= h;
          return (f(tp.tensor(up, undefined, 'float64')).dataSync()[0]! - f(tp.tensor(dn, undefined, 'float64')).dataSync()[0]!) / (2 * h);
        });
        close(g.dataSync(), fd, 1e-6);
        // Forward mode: directional derivative along each basis vector equals the gradient entry.
        x.forEach((_, k) => {
          const e = x.map((__, i) => (i === k ? 1 : 0));
          const [, dy] = tp.jvp(f, [xt], [tp.tensor(e, undefined, 'float64')]) as unknown as [tp.Tensor, tp.Tensor];
          expect(Math.abs(dy.dataSync()[0]! - want[k]!)).toBeLessThan(1e-12);
        });
      }
    }
  });
});

describe('int32 inputs as TF.js', () => {
  test('pow on int32: integer results, negative exponents, wrap-around', () => {
    const a = [2, 2, -2, 0, 3, 1, -1, -1, 46341, 7];
    const b = [3, -1, -1, -1, 0, -5, -2, -3, 2, 11];
    const got = tp.pow(tp.tensor(a, undefined, 'int32'), tp.tensor(b, undefined, 'int32'));
    const want = tf.pow(tf.tensor(a, undefined, 'int32'), tf.tensor(b, undefined, 'int32'));
    expect(got.dtype).toBe('int32');
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
  });
  test('div on int32 floors, as TF.js', () => {
    const got = tp.div(tp.tensor([7, -7, 7, 0], undefined, 'int32'), tp.tensor([2, 2, 0, 0], undefined, 'int32'));
    const want = tf.div(tf.tensor([7, -7, 7, 0], undefined, 'int32'), tf.tensor([2, 2, 0, 0], undefined, 'int32'));
    expect(got.dtype).toBe(want.dtype);
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
  });
  test('leakyRelu and clipByValue on int32', () => {
    const x = [-3, -1, 0, 2, 5];
    for (const [g, w] of [[tp.leakyRelu(tp.tensor(x, undefined, 'int32'), 0.2), tf.leakyRelu(tf.tensor(x, undefined, 'int32'), 0.2)],
      [tp.clipByValue(tp.tensor(x, undefined, 'int32'), -1.5, 3.5), tf.clipByValue(tf.tensor(x, undefined, 'int32'), -1.5, 3.5)]] as const) {
      expect(g.dtype).toBe(w.dtype);
      close(g.dataSync(), w.dataSync());
    }
  });
});

function moments(v: ArrayLike<number>): [number, number, number] {
  const n = v.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += v[i]!;
  m /= n;
  let m2 = 0, m3 = 0;
  for (let i = 0; i < n; i++) {
    const d = v[i]! - m;
    m2 += d * d;
    m3 += d * d * d;
  }
  return [m, m2 / n, m3 / n / Math.pow(m2 / n, 1.5)];
}

describe('random draws', () => {
  test('randomGamma: mean alpha/beta, variance alpha/beta², skewness 2/sqrt(alpha)', () => {
    const n = 40000;
    for (const [alpha, beta] of [[0.5, 1], [1, 2], [2.5, 0.5], [9, 3]] as const) {
      const v = tp.randomGamma([n], alpha, beta, 'float64', 11).dataSync();
      const [m, varr, skew] = moments(v);
      const sd = Math.sqrt(alpha) / beta;
      expect(Math.abs(m - alpha / beta), `mean alpha=${alpha}`).toBeLessThan(5 * sd / Math.sqrt(n));
      expect(Math.abs(varr / (alpha / beta ** 2) - 1), `variance alpha=${alpha}`).toBeLessThan(0.05);
      expect(Math.abs(skew - 2 / Math.sqrt(alpha)), `skewness alpha=${alpha}`).toBeLessThan(0.15 * (1 + 2 / Math.sqrt(alpha)));
      expect(Math.min(...Array.from(v))).toBeGreaterThan(0);
    }
  });
  test('randomGamma: seeds reproduce, dtypes and argument checks as TF.js', () => {
    expect(Array.from(tp.randomGamma([5], 2, 1, 'float32', 3).dataSync())).toEqual(Array.from(tp.randomGamma([5], 2, 1, 'float32', 3).dataSync()));
    expect(tp.randomGamma([2, 3], 2).shape).toEqual([2, 3]);
    const i = tp.randomGamma([100], 3, 1, 'int32', 5);
    expect(i.dtype).toBe('int32');
    expect(() => tp.randomGamma([2], 2, 1, 'bool' as any)).toThrow(/randomGamma/);
    expect(() => tf.randomGamma([2], 2, 1, 'bool' as any)).toThrow();
    expect(() => tp.randomGamma([2], NaN)).toThrow(/randomGamma: alpha/);
    expect(Array.from(tp.randomGamma([3], 0).dataSync())).toEqual([0, 0, 0]);
  });
  test('multinomial: frequencies follow softmax(logits) or the given probabilities', () => {
    const n = 20000;
    const logits = [0.5, -1, 2, 0];
    const e = logits.map(Math.exp), s = e.reduce((a, b) => a + b);
    const draws = tp.multinomial(tp.tensor([logits, [0, 0, 0, 0]]), n, 42);
    expect(draws.shape).toEqual([2, n]);
    expect(draws.dtype).toBe('int32');
    const d = draws.dataSync();
    for (let row = 0; row < 2; row++) {
      const counts = [0, 0, 0, 0];
      for (let k = 0; k < n; k++) counts[d[row * n + k]!]!++;
      const p = row === 0 ? e.map((x) => x / s) : [0.25, 0.25, 0.25, 0.25];
      counts.forEach((c, k) => expect(Math.abs(c / n - p[k]!)).toBeLessThan(5 * Math.sqrt(p[k]! * (1 - p[k]!) / n)));
    }
    const probs = tp.multinomial(tp.tensor([0.2, 0, 0.8]), n, 7, true).dataSync();
    const ones = Array.from(probs).filter((v) => v === 1).length, twos = Array.from(probs).filter((v) => v === 2).length;
    expect(ones).toBe(0);
    expect(Math.abs(twos / n - 0.8)).toBeLessThan(5 * Math.sqrt(0.16 / n));
  });
  test('multinomial: shapes, seeds and throwing as TF.js', () => {
    for (const [args, name] of [[[[0, 0, 0], 5, 7], 'rank 1'], [[[0.2], 5, 7, true], 'one class'], [[[[[0, 1]]], 5, 7], 'rank 3'], [[[1, 2], 0, 7], 'no samples']] as const) {
      const want = (() => { try { return (tf.multinomial as any)(tf.tensor(args[0] as any), ...(args.slice(1) as [number])).shape; } catch { return 'throws'; } })();
      const got = (() => { try { return tp.multinomial(tp.tensor(args[0] as any), ...(args.slice(1) as [number])).shape; } catch { return 'throws'; } })();
      expect(got, name).toEqual(want);
    }
    expect(Array.from(tp.multinomial([1, 2, 3], 10, 3.14).dataSync())).toEqual(Array.from(tp.multinomial([1, 2, 3], 10, 3.14).dataSync()));
    expect(() => tp.multinomial([1, 2], 1.5)).toThrow(/multinomial: numSamples/);
  });
  test('randomStandardNormal and randomUniformInt: moments, dtypes, TF.js signatures', () => {
    const z = tp.randomStandardNormal([40000], 'float32', 9).dataSync();
    const [m, v] = moments(z);
    expect(Math.abs(m)).toBeLessThan(5 / Math.sqrt(40000));
    expect(Math.abs(v - 1)).toBeLessThan(0.03);
    expect(tp.randomStandardNormal([3], 'int32', 1).dtype).toBe(tf.randomStandardNormal([3], 'int32', 1).dtype);
    expect(() => tp.randomStandardNormal([3], 'bool' as any)).toThrow(/randomStandardNormal/);
    const u = tp.randomUniformInt([30000], -3, 4, 5);
    expect(u.dtype).toBe(tf.randomUniformInt([3], -3, 4, 5).dtype);
    const counts = new Map<number, number>();
    for (const x of u.dataSync()) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    for (const c of counts.values()) expect(Math.abs(c / 30000 - 1 / 7)).toBeLessThan(5 * Math.sqrt((1 / 7) * (6 / 7) / 30000));
    expect(Array.from(tp.randomUniformInt([4], 0, 10, 7).dataSync())).toEqual(Array.from(tp.randomUniformInt([4], 0, 10, 7).dataSync()));
  });
});

describe('t.variable()', () => {
  test('as TF.js: trainable, name, dtype, a copy, duplicate names throw', () => {
    const x = tp.tensor([1, 2]);
    const v = x.variable();
    expect(v).toBeInstanceOf(tp.Variable);
    expect(v.trainable).toBe(true);
    const v2 = x.variable(false, 'mathops_v', 'int32');
    expect([v2.trainable, v2.name, v2.dtype]).toEqual([false, 'mathops_v:0', 'int32']);
    expect(Array.from(v2.dataSync())).toEqual([1, 2]);
    expect(() => x.variable(true, 'mathops_v')).toThrow(/variable/);
    v.assign(tp.tensor([5, 6]));
    expect(Array.from(x.dataSync())).toEqual([1, 2]);
    v.dispose(); v2.dispose();
  });
});
