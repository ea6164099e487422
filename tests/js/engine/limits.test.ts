// The engine survives sizes it cannot hold and calls too long for its word buffer: each refusal
// is a clear error naming the function, made before anything is allocated or written, with every
// live tensor intact and the memory books unchanged.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

// Live tensors whose values must survive every refused call, and the books before it.
function snapshot() {
  const kept = [tp.tensor([[1.5, -2], [3, 4]]), tp.range(0, 1000, 1, 'int32'), tp.variable([7, 8, 9])];
  const values = kept.map((t) => Array.from(t.dataSync()));
  return {
    kept,
    check(before: tp.MemoryInfo) {
      kept.forEach((t, i) => expect(Array.from(t.dataSync())).toEqual(values[i]));
      const after = tp.memory();
      expect(after.numTensors).toBe(before.numTensors);
      expect(after.numBytes).toBe(before.numBytes);
      // The engine still computes.
      expect(tp.add(kept[0]!, 1).arraySync()).toEqual([[2.5, -1], [4, 5]]);
    },
  };
}

describe('sizes the engine cannot hold', () => {
  const refused: [string, () => tp.Tensor, RegExp][] = [
    ['fill([2**30 + 1], 7)', () => tp.fill([2 ** 30 + 1], 7), /^fill: \[1073741825\] float32 needs 4\.29 GB/],
    ['zeros([1e5, 1e5])', () => tp.zeros([1e5, 1e5]), /^zeros: \[100000,100000\] float32 needs 40 GB/],
    ['ones([2**31], int32)', () => tp.ones([2 ** 31], 'int32'), /^ones: \[2147483648\] int32 needs 8\.59 GB/],
    ['zeros float64 wrapping 2^32 bytes exactly', () => tp.zeros([2 ** 29], 'float64'), /^zeros: \[536870912\] float64 needs 4\.29 GB/],
    ['eye(1e5)', () => tp.eye(1e5), /^eye: \[100000,100000\] float32 needs 40 GB/],
    ['range(0, 2**31)', () => tp.range(0, 2 ** 31), /^range: .* needs 8\.59 GB/],
    ['randomNormal([1e5, 1e5])', () => tp.randomNormal([1e5, 1e5]), /^randomNormal: \[100000,100000\] float32 needs 40 GB/],
    ['randomUniform([2**30 + 1])', () => tp.randomUniform([2 ** 30 + 1]), /^randomUniform: .* needs 4\.29 GB/],
    ['tile to 4e12 elements', () => tp.tidy(() => tp.tile(tp.tensor([[1, 2]]), [2e6, 1e6])), /^tile: \[2000000,2000000\] float32 needs 16 TB/],
  ];
  for (const [name, call, message] of refused)
    test(`${name} is refused up front, naming the function and the size`, () => {
      const s = snapshot();
      const before = tp.memory();
      let error: unknown;
      try {
        call();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      const text = (error as Error).message;
      expect(text).toMatch(message);
      expect(text).toMatch(/the engine can hold at most 4\.29 GB \(.* in use\)/);
      s.check(before);
      tp.dispose(s.kept);
    });

  test('what does fit still allocates after a refusal', () => {
    expect(() => tp.zeros([1e5, 1e5])).toThrow();
    const t = tp.fill([1000, 1000], 3);
    expect(tp.sum(t).arraySync()).toBe(3e6);
    t.dispose();
  });
});

describe('calls longer than the word buffer', () => {
  for (const n of [16_383, 16_384, 20_000]) {
    test(`concat and stack of ${n} tensors give the right values and corrupt nothing`, () => {
      const s = snapshot();
      const before = tp.memory();
      const parts = Array.from({ length: n }, (_, i) => tp.tensor([i % 97, -(i % 89)]));
      const joined = tp.concat(parts);
      const stacked = tp.stack(parts, 1);
      const flat = joined.dataSync();
      expect(joined.shape).toEqual([2 * n]);
      expect(stacked.shape).toEqual([2, n]);
      for (const i of [0, 1, 4095, 4096, 8191, 8192, n - 1]) {
        expect(flat[2 * i]).toBe(i % 97);
        expect(flat[2 * i + 1]).toBe(-(i % 89));
      }
      const rows = stacked.arraySync() as number[][];
      expect(rows[0]![n - 1]).toBe((n - 1) % 97);
      expect(rows[1]![4096]).toBe(-(4096 % 89));
      tp.dispose([joined, stacked, ...parts]);
      s.check(before);
      tp.dispose(s.kept);
    });
  }

  test('the gradient through a long concat reaches every part', () => {
    const n = 17_000;
    const x = tp.variable(tp.tensor(Array.from({ length: n }, (_, i) => i % 5)));
    const tape = new tp.GradientTape();
    const y = tape.record(() => tp.sum(tp.concat(Array.from({ length: n }, (_, i) => tp.slice(x, [i], [1]))).square()));
    const g = tape.gradient(y, x)!.dataSync();
    for (const i of [0, 4095, 4096, 8192, n - 1]) expect(g[i]).toBe(2 * (i % 5));
  });

  test('a gradient with more sources than one call holds is refused before writing, corrupting nothing', () => {
    const s = snapshot();
    const xs = Array.from({ length: 17_000 }, () => tp.scalar(1));
    const before = tp.memory();
    expect(() => tp.grads((...v) => tp.sum(tp.stack(v)))(xs)).toThrow(/exceed the engine's limit/);
    s.check(before);
    tp.dispose([...s.kept, ...xs]);
  });

  test('runOp refuses more inputs than the word buffer holds before writing any', () => {
    const s = snapshot();
    const before = tp.memory();
    const one = tp.tensor([1]);
    const inputs = new Array(1 << 14).fill(one);
    expect(() => tp.runOp('concat', inputs, { axis: 0 })).toThrow(/^concat: 16384 inputs exceed the engine's limit of 16383 per call/);
    one.dispose();
    s.check(before);
    tp.dispose(s.kept);
  });
});
