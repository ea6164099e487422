// The documented conventions at kinks and ties (core/ops/elementwise_rules.cpp,
// reduction_rules.cpp), where finite differences cannot decide: each checked in reverse mode
// and in forward mode, which must agree. gradient_tape.test.ts covers relu at 0 and maximum
// ties in reverse mode only.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

const f64 = (v: number[]) => tp.tensor(v, undefined, 'float64');

/** d f(x)_i / d x_i of an elementwise f, by both modes: [reverse, forward]. */
function elementwiseSlopes(f: (x: tp.Tensor) => tp.Tensor, at: number[]): [number[], number[]] {
  const x = f64(at);
  const tape = new tp.GradientTape();
  const y = tape.record(() => {
    tape.watch(x);
    return f(x);
  });
  const rev = Array.from(tape.gradient(y, x)!.dataSync());
  const [, dy] = tp.jvp(f, [x], [tp.onesLike(x)]);
  return [rev, Array.from(dy.dataSync())];
}

describe('kinks of elementwise ops', () => {
  test.each([
    ['relu at 0 is 0', (x: tp.Tensor) => x.relu(), [-1, 0, 1], [0, 0, 1]],
    ['relu6 at 0 and at 6 is 0', (x: tp.Tensor) => tp.relu6(x), [0, 3, 6, 7], [0, 1, 0, 0]],
    ['abs at 0 is 0 (sign)', (x: tp.Tensor) => x.abs(), [-2, 0, 2], [-1, 0, 1]],
    ['leakyRelu at 0 is alpha', (x: tp.Tensor) => tp.leakyRelu(x, 0.1), [-1, 0, 1], [0.1, 0.1, 1]],
    ['elu at 0 is 1 (the left branch, y + 1)', (x: tp.Tensor) => tp.elu(x), [-1, 0, 1], [Math.exp(-1), 1, 1]],
    ['clipByValue passes the gradient at both bounds', (x: tp.Tensor) => tp.clipByValue(x, -1, 1), [-2, -1, 0, 1, 2], [0, 1, 1, 1, 0]],
  ] as const)('%s', (_, f, at, expected) => {
    const [rev, fwd] = elementwiseSlopes(f, [...at]);
    rev.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 14));
    expect(fwd).toEqual(rev);
  });
});

describe('ties of maximum and minimum: the whole gradient goes to the first operand', () => {
  test.each([
    ['maximum', tp.maximum],
    ['minimum', tp.minimum],
  ] as const)('%s', (_, op) => {
    const a = f64([1, 2, 3]), b = f64([1, 5, 0]);
    const tape = new tp.GradientTape();
    const y = tape.record(() => {
      tape.watch([a, b]);
      return op(a, b);
    });
    const [ga, gb] = tape.gradient(y, [a, b]);
    const aWins = op === tp.maximum ? [1, 0, 1] : [1, 1, 0];
    expect(Array.from(ga!.dataSync())).toEqual(aWins);
    expect(Array.from(gb!.dataSync())).toEqual(aWins.map((w) => 1 - w));
    // Forward: the tangent of the chosen operand, the first at the tie.
    const ta = f64([10, 20, 30]), tb = f64([100, 200, 300]);
    const [, dy] = tp.jvp((p, q) => op(p, q), [a, b], [ta, tb]);
    expect(Array.from(dy.dataSync())).toEqual(aWins.map((w, i) => (w ? [10, 20, 30][i]! : [100, 200, 300][i]!)));
  });
});

describe('ties of max and min reductions share the gradient equally', () => {
  test.each([
    ['max', (x: tp.Tensor) => tp.max(x, 1)],
    ['min', (x: tp.Tensor) => tp.min(x, 1)],
  ] as const)('%s', (name, reduce) => {
    const x = tp.tensor(name === 'max' ? [[3, 1, 3], [0, 2, 1]] : [[1, 4, 1], [5, 1, 1]], undefined, 'float64');
    const tape = new tp.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return reduce(x);
    });
    const g = tape.gradient(y, x, { outputGradients: f64([6, 4]) })!.arraySync();
    const t = tp.tensor([[1, 10, 100], [1000, 10000, 100000]], undefined, 'float64');
    const [, dy] = tp.jvp(reduce, [x], [t]);
    if (name === 'max') {
      expect(g).toEqual([[3, 0, 3], [0, 4, 0]]);
      expect(dy.arraySync()).toEqual([50.5, 10000]);
    } else {
      expect(g).toEqual([[3, 0, 3], [0, 2, 2]]);
      expect(dy.arraySync()).toEqual([50.5, 55000]);
    }
  });
});

describe('other documented edge rules', () => {
  test('pow: d/db a^b is 0 where a <= 0, d/da is b a^(b-1)', () => {
    const a = f64([0, -2, 2]), b = f64([2, 2, 3]);
    const tape = new tp.GradientTape();
    const y = tape.record(() => {
      tape.watch([a, b]);
      return a.pow(b);
    });
    const [ga, gb] = tape.gradient(y, [a, b]);
    expect(Array.from(ga!.dataSync())).toEqual([0, -4, 12]);
    expect(gb!.dataSync()[0]).toBe(0);
    expect(gb!.dataSync()[1]).toBe(0);
    expect(gb!.dataSync()[2]).toBeCloseTo(8 * Math.log(2), 14);
    const [, dy] = tp.jvp((p, q) => p.pow(q), [a, b], [f64([0, 0, 0]), f64([1, 1, 1])]);
    expect(Array.from(dy.dataSync())).toEqual(Array.from(gb!.dataSync()));
  });

  test('prod with zeros: exact products of the others, no 0/0', () => {
    const x = tp.tensor([[2, 0, 3], [0, 0, 5], [1, 2, 4]], undefined, 'float64');
    const tape = new tp.GradientTape();
    const y = tape.record(() => {
      tape.watch(x);
      return tp.prod(x, 1);
    });
    expect(tape.gradient(y, x)!.arraySync()).toEqual([[0, 6, 0], [0, 0, 0], [8, 4, 2]]);
    const [, dy] = tp.jvp((p) => tp.prod(p, 1), [x], [tp.onesLike(x)]);
    expect(dy.arraySync()).toEqual([6, 0, 14]);
  });

  test('mod: d/da is 1, d/db is -floor(a / b)', () => {
    const a = f64([7, -7, 5.5]), b = f64([2, 2, -2]);
    const tape = new tp.GradientTape();
    const y = tape.record(() => {
      tape.watch([a, b]);
      return tp.mod(a, b);
    });
    const [ga, gb] = tape.gradient(y, [a, b]);
    expect(Array.from(ga!.dataSync())).toEqual([1, 1, 1]);
    expect(Array.from(gb!.dataSync())).toEqual([-3, 4, 3]);
  });

  test('where: the unselected branch gets zero times its gradient (NaN if that is not finite, as TensorFlow); the double-where pattern avoids it', () => {
    const x = f64([-1, 0, 4]);
    const zero = tp.scalar(0, 'float64');
    const gradOf = (f: (x: tp.Tensor) => tp.Tensor) => {
      const tape = new tp.GradientTape();
      const y = tape.record(() => {
        tape.watch(x);
        return f(x);
      });
      return Array.from(tape.gradient(y, x)!.dataSync());
    };
    // sqrt's gradient at -1 is NaN and at 0 infinite: 0 * that is NaN.
    expect(gradOf((v) => tp.where(v.greater(zero), v.sqrt(), v.square()))).toEqual([NaN, NaN, 0.25]);
    const safe = (v: tp.Tensor) => {
      const pos = v.greater(zero);
      return tp.where(pos, tp.where(pos, v, tp.onesLike(v)).sqrt(), v.square());
    };
    expect(gradOf(safe)).toEqual([-2, 0, 0.25]);
    const [, dy] = tp.jvp(safe, [x], [tp.onesLike(x)]);
    expect(Array.from(dy.dataSync())).toEqual([-2, 0, 0.25]);
  });
});
