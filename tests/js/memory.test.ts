// dispose, tidy, keep, memory() and the FinalizationRegistry safety net.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, test } from 'vitest';
import * as tp from '../../web/src/index.js';

await tp.ready();

function live(): number {
  return tp.memory().numTensors;
}

describe('memory()', () => {
  test('counts tensors, buffers and bytes from the core; views share buffers', () => {
    const m0 = tp.memory();
    const t = tp.tensor([[1, 2, 3], [4, 5, 6]]); // 6 float32: 24 bytes
    const m1 = tp.memory();
    expect(m1.numTensors - m0.numTensors).toBe(1);
    expect(m1.numDataBuffers - m0.numDataBuffers).toBe(1);
    expect(m1.numBytes - m0.numBytes).toBe(24);
    expect(m1.peakBytes).toBeGreaterThanOrEqual(m1.numBytes);
    const v = t.transpose(); // a view: a new handle, no new buffer
    const m2 = tp.memory();
    expect(m2.numTensors - m1.numTensors).toBe(1);
    expect(m2.numDataBuffers).toBe(m1.numDataBuffers);
    expect(m2.numBytes).toBe(m1.numBytes);
    tp.dispose([t, v]);
    expect(tp.memory()).toMatchObject({ numTensors: m0.numTensors, numDataBuffers: m0.numDataBuffers, numBytes: m0.numBytes });
  });

  test('resetPeakMemory restarts the peak from the live bytes', () => {
    const big = tp.zeros([1000]);
    big.dispose();
    expect(tp.memory().peakBytes).toBeGreaterThanOrEqual(tp.memory().numBytes + 4000);
    tp.resetPeakMemory();
    expect(tp.memory().peakBytes).toBe(tp.memory().numBytes);
  });
});

describe('WASM memory growth', () => {
  test('tensors, words and reads stay valid when the heap grows', () => {
    const before = tp.memory().numBytes;
    tp.tidy(() => {
      const small = tp.tensor([1, 2, 3]);
      const big = tp.fill([16_000_000], 2); // 64 MB: more than the initial heap
      expect(big.sum().arraySync()).toBe(32_000_000);
      const bigger = tp.tensor(new Float32Array(8_000_000).fill(1)).add(small.at('0'));
      expect(bigger.at('-1').arraySync()).toBe(2);
      expect(small.mul(2).arraySync()).toEqual([2, 4, 6]);
      expect(tp.memory().numBytes).toBeGreaterThan(before + 96_000_000);
    });
    expect(tp.memory().numBytes).toBe(before);
  });
});

describe('dispose', () => {
  test('disposes tensors in nested arrays and objects, once each', () => {
    const before = live();
    const a = tp.tensor([1]);
    const b = tp.tensor([2]);
    const c = tp.tensor([3]);
    tp.dispose({ list: [a, [b, a]], inner: { c }, n: 1, s: 'x', nothing: null });
    expect([a, b, c].map((t) => t.isDisposed)).toEqual([true, true, true]);
    expect(live()).toBe(before);
    tp.dispose(a); // again: harmless
  });
});

describe('tidy', () => {
  test('disposes what fn created except the result', () => {
    const x = tp.tensor([1, 2, 3]);
    const before = live();
    let inner: tp.Tensor | undefined;
    const y = tp.tidy(() => {
      inner = x.square();
      return inner.add(1);
    });
    expect(inner!.isDisposed).toBe(true);
    expect(x.isDisposed).toBe(false); // created outside
    expect(y.arraySync()).toEqual([2, 5, 10]);
    expect(live()).toBe(before + 1);
  });

  test('keeps tensors returned deeply in arrays and objects, and tp.keep-ed ones', () => {
    const before = live();
    let kept: tp.Tensor | undefined;
    let dropped: tp.Tensor | undefined;
    const out = tp.tidy('named', () => {
      kept = tp.keep(tp.tensor([1]));
      dropped = tp.tensor([2]);
      return { a: [tp.tensor([3])], b: { c: tp.tensor([4]) }, n: 5 };
    });
    expect(dropped!.isDisposed).toBe(true);
    expect(kept!.isDisposed).toBe(false);
    expect(out.a[0]!.arraySync()).toEqual([3]);
    expect(out.b.c.arraySync()).toEqual([4]);
    expect(out.n).toBe(5);
    expect(live()).toBe(before + 3);
  });

  test('nested tidies: an inner result belongs to the outer tidy', () => {
    const before = live();
    let innerResult: tp.Tensor | undefined;
    const r = tp.tidy(() => {
      innerResult = tp.tidy(() => tp.tensor([1]).add(1));
      expect(innerResult.isDisposed).toBe(false);
      return innerResult.mul(3);
    });
    expect(innerResult!.isDisposed).toBe(true); // disposed by the outer tidy
    expect(r.arraySync()).toEqual([6]);
    expect(live()).toBe(before + 1);
  });

  test('a throwing fn disposes its tensors and rethrows', () => {
    const before = live();
    expect(() =>
      tp.tidy(() => {
        tp.tensor([1, 2]).add(1);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(live()).toBe(before);
  });

  test('an async fn is rejected with a clear message; what it created synchronously is freed', () => {
    let created: tp.Tensor | undefined;
    const body = async (): Promise<void> => {
      created = tp.tensor([1]);
      await null;
    };
    expect(() => tp.tidy(body as never)).toThrow("tidy: 'tidy' returned a Promise; tidy() only takes synchronous functions");
    expect(created!.isDisposed).toBe(true);
    expect(() => tp.tidy(null as never)).toThrow('tidy: expected a function, as tidy(fn) or tidy(name, fn)');
  });

  test('variables are not disposed by tidy (as TF.js)', () => {
    const v = tp.tidy(() => {
      tp.variable([1, 2], true, 'kept');
      return tp.tensor([0]);
    });
    expect(v.isDisposed).toBe(false);
    const w = tp.tidy(() => tp.variable([1]));
    expect(w.isDisposed).toBe(false);
  });

  test('100,000 small ops inside tidy leave numTensors and numBytes flat', () => {
    let x = tp.tensor([1, 2, 3, 4]);
    const start = tp.memory();
    for (let i = 0; i < 25_000; i++) {
      const next = tp.tidy(() => x.mul(1.0001).add(0.5).sub(0.5).div(1.0001));
      x.dispose();
      x = next;
    }
    const end = tp.memory();
    expect(end.numTensors).toBe(start.numTensors);
    expect(end.numBytes).toBe(start.numBytes);
    expect(end.numDataBuffers).toBe(start.numDataBuffers);
    x.dataSync().forEach((v, i) => expect(v).toBeCloseTo(i + 1, 2));

    // One tidy around a whole loop frees every intermediate at its end.
    const before = tp.memory();
    tp.tidy(() => {
      let y = tp.tensor([1, 2]);
      for (let i = 0; i < 10_000; i++) y = y.add(1);
      expect(y.arraySync()).toEqual([10_001, 10_002]);
    });
    expect(tp.memory()).toMatchObject({ numTensors: before.numTensors, numBytes: before.numBytes });
  });
});

describe('FinalizationRegistry safety net', () => {
  test('a tensor collected without dispose releases its handle', async () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    // Let garbage from earlier tests be collected first.
    for (let round = 0, last = -1; round < 20 && live() !== last; round++) {
      last = live();
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    const before = live();
    const refs: WeakRef<tp.Tensor>[] = [];
    (() => {
      for (let i = 0; i < 50; i++) refs.push(new WeakRef(tp.tensor([i, i + 1, i + 2])));
    })();
    expect(live()).toBe(before + 50);
    for (let round = 0; round < 20 && live() > before; round++) {
      gc();
      await new Promise((r) => setTimeout(r, 10));
    }
    // Garbage of earlier tests may be collected in these rounds too, so live() can end below
    // `before`; the 50 objects are gone and their handles with them.
    expect(refs.every((r) => r.deref() === undefined)).toBe(true);
    expect(live()).toBeLessThanOrEqual(before);
  });
});
