// Arguments that used to give a plausible but wrong answer (NaN read as index 0, 1.5 truncated,
// a negative slice begin counted from the end, a disposed tensor unstacked to []) now throw Errors
// naming the op and the argument, and the engine keeps computing.
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();
await tfc.setBackend('cpu');

const t = tp.tensor([10, 20, 30]);
const m = tp.tensor([[1, 2], [3, 4]]);

afterEach(() => {
  // The engine still computes and the live tensors are untouched.
  expect(tp.add(t, 1).arraySync()).toEqual([11, 21, 31]);
  expect(m.arraySync()).toEqual([[1, 2], [3, 4]]);
});

describe('index arguments must be exact int32 values', () => {
  test.each([NaN, Infinity, -Infinity, 1.5, 2 ** 31])('gather(t, %s)', (i) => {
    expect(() => tp.gather(t, i)).toThrow(new RegExp(`^gather: input 1: ${String(i)} is not an int32 value`));
    expect(() => tp.gather(t, [0, i])).toThrow(new RegExp(`^gather: input 1: ${String(i)} is not an int32 value \\(element 1\\)`));
  });

  test('gatherND(m, [NaN]) and oneHot / scatterND indices', () => {
    expect(() => tp.gatherND(m, [NaN])).toThrow(/^gatherND: input 1: NaN is not an int32 value/);
    expect(() => tp.gatherND(m, [[0, 0.5]])).toThrow(/^gatherND: input 1: 0\.5 is not an int32 value/);
    expect(() => tp.oneHot([0, 1.5], 3)).toThrow(/^oneHot: 1\.5 is not an int32 value/);
    expect(() => tp.scatterND([[NaN]], tp.tensor([1]), [3])).toThrow(/^scatterND: NaN is not an int32 value/);
  });

  test('integer-valued floats and int32 tensors are still accepted', () => {
    expect(tp.gather(t, [2, 0]).arraySync()).toEqual([30, 10]);
    expect(tp.gather(t, 1).arraySync()).toEqual(20);
    expect(tp.gatherND(m, [1, 0]).arraySync()).toEqual(3);
    expect(tp.gather(t, tp.tensor([1], undefined, 'int32')).arraySync()).toEqual([20]);
  });
});

describe('unstack', () => {
  test.each([1.5, NaN, Infinity])('axis %s is refused', (axis) => {
    expect(() => tp.unstack(m, axis)).toThrow(new RegExp(`^unstack: axis must be an integer, got number ${String(axis)}`));
  });

  test('a tensor as axis is refused', () => {
    const axis = tp.scalar(1);
    expect(() => tp.unstack(m, axis as unknown as number)).toThrow(/^unstack: axis must be an integer, got a float32 tensor of shape \[\]/);
  });

  test('a disposed tensor is refused, also when its axis is empty', () => {
    const d = tp.tensor([[1, 2], [3, 4]]);
    d.dispose();
    expect(() => tp.unstack(d)).toThrow(/^unstack: the tensor \(shape \[2,2\], float32\) was disposed/);
    const e = tp.zeros([0, 2]);
    e.dispose();
    expect(() => tp.unstack(e)).toThrow(/^unstack: .*was disposed/);
  });
});

describe('slice follows tf.slice: begin in [0, dim], size -1 or within the axis', () => {
  test.each([-100, -1, 4])('slice(t, %s)', (begin) => {
    expect(() => tp.slice(t, begin)).toThrow(new RegExp(`^slice: begin\\[0\\] = ${begin} is outside \\[0, 3\\] for shape \\[3\\]`));
  });

  test('sizes that overrun the axis, negative sizes other than -1, fractions', () => {
    expect(() => tp.slice(m, [1, 0], [2, 1])).toThrow(/^slice: size\[0\] = 2 with begin\[0\] = 1 does not fit axis 0 of shape \[2,2\]/);
    expect(() => tp.slice(m, [0, 0], [-2, 1])).toThrow(/^slice: size\[0\] = -2/);
    expect(() => tp.slice(m, [0.5])).toThrow(/^slice: begin must be an integer or a list of integers, got an array \[0\.5\]/);
    expect(() => tp.slice(m, [0, 0, 0])).toThrow(/^slice: begin \[0,0,0\] has more entries than the rank 2/);
  });

  test('valid slices are unchanged, the same as TF.js', () => {
    expect(tp.slice(m, [0, 1], [2, 1]).arraySync()).toEqual([[2], [4]]);
    expect(tp.slice(m, 1).arraySync()).toEqual([[3, 4]]);
    expect(tp.slice(t, 3).arraySync()).toEqual([]);
    expect(tp.slice(t, [1], [-1]).arraySync()).toEqual([20, 30]);
  });
});

test('slice throws exactly where TF.js throws (same begin/size on the same [2,3] tensor)', () => {
  const x = [[1, 2, 3], [4, 5, 6]];
  const calls: [number[], number[] | undefined][] = [
    [[0, 0], [2, 3]], [[1, 1], [1, 2]], [[1, 2], [-1, -1]], [[2, 3], [0, 0]], [[0, 0], undefined], [[1, 0], [2, 1]],
    [[0, 1], [1, 3]], [[-1, 0], [1, 1]], [[0, 0], [-2, 1]], [[0, 3], [1, 1]], [[0, 2], [1, 2]],
  ];
  const mine = tp.tensor(x);
  const theirs = tfc.tensor(x);
  for (const [begin, size] of calls) {
    let want: unknown;
    try {
      want = tfc.slice(theirs, begin, size).arraySync();
    } catch {
      want = 'throws';
    }
    let got: unknown;
    try {
      got = tp.slice(mine, begin, size).arraySync();
    } catch (e) {
      expect((e as Error).message).toMatch(/^slice: /);
      got = 'throws';
    }
    expect({ begin, size, got }).toEqual({ begin, size, got: want });
  }
  theirs.dispose();
});
