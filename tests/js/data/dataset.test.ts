// tp.data pipelines against tf.data's documented semantics: batch remainders, repeat/take counts,
// shuffle-buffer behaviour and seeding, map/filter, nested fromTensorSlices, and memory.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

async function values<T>(ds: tp.data.Dataset<T>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const x of ds) {
    out.push(x instanceof tp.Tensor ? x.arraySync() : x);
    tp.dispose(x as tp.TensorContainer);
  }
  return out;
}

// Nested elements with their tensors read out and disposed.
function read(x: unknown): unknown {
  if (x instanceof tp.Tensor) {
    const v = { shape: x.shape, dtype: x.dtype, values: x.arraySync() as unknown };
    x.dispose();
    return v;
  }
  if (Array.isArray(x)) return x.map(read);
  if (typeof x === 'object' && x !== null) return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, read(v)]));
  return x;
}

describe('batch', () => {
  test('5 elements in batches of 2: sizes 2, 2, 1; dropRemainder leaves the 1 out', async () => {
    const ds = tp.data.array([1, 2, 3, 4, 5]);
    expect(ds.batch(2).size).toBe(3);
    expect(await values(ds.batch(2))).toEqual([[1, 2], [3, 4], [5]]);
    expect(ds.batch(2, true).size).toBe(2);
    expect(await values(ds.batch(2, true))).toEqual([[1, 2], [3, 4]]);
    expect(await values(ds.batch(10))).toEqual([[1, 2, 3, 4, 5]]);
  });

  test('nested elements: tuples and objects batch leaf by leaf; numbers to float32, strings to string arrays', async () => {
    const ds = tp.data.array([
      { a: [1, true], s: 'x', t: tp.tensor([1, 2], undefined, 'int32') },
      { a: [2, false], s: 'y', t: tp.tensor([3, 4], undefined, 'int32') },
    ]);
    const [b] = await ds.batch(2).toArray();
    expect(read(b)).toEqual({
      a: [{ shape: [2], dtype: 'float32', values: [1, 2] }, { shape: [2], dtype: 'bool', values: [true, false] }],
      s: ['x', 'y'],
      t: { shape: [2, 2], dtype: 'int32', values: [[1, 2], [3, 4]] },
    });
  });

  test('stacking tensors of different shapes names the component and both shapes', async () => {
    const ds = tp.data.array([{ x: tp.tensor([1, 2]) }, { x: tp.tensor([1, 2, 3]) }]).batch(2);
    await expect(ds.toArray()).rejects.toThrow(/the element\.x: element 0 has shape \[2\].*element 1 shape \[3\]/);
  });

  test('unbatch inverts batch', async () => {
    const ds = tp.data.fromTensorSlices({ x: tp.tensor([[1, 2], [3, 4], [5, 6]]), s: ['a', 'b', 'c'] });
    expect(read(await ds.batch(2).unbatch().toArray())).toEqual(read(await ds.toArray()));
  });
});

describe('repeat, take, skip, concatenate', () => {
  test('repeat(3) of 4 elements has 12; repeat().take(10) cycles; size is known', async () => {
    const ds = tp.data.array([1, 2, 3, 4]);
    expect(ds.repeat(3).size).toBe(12);
    expect(await values(ds.repeat(3))).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
    expect(ds.repeat().size).toBe(Infinity);
    expect(ds.repeat().take(10).size).toBe(10);
    expect(await values(ds.repeat().take(10))).toEqual([1, 2, 3, 4, 1, 2, 3, 4, 1, 2]);
    expect(await values(ds.take(-1))).toEqual([1, 2, 3, 4]);
    expect(await values(ds.take(0))).toEqual([]);
  });

  test('batch then repeat vs repeat then batch (tf.data docs: batches cross epoch boundaries only in the latter)', async () => {
    const ds = tp.data.array([1, 2, 3]);
    expect(await values(ds.batch(2).repeat(2))).toEqual([[1, 2], [3], [1, 2], [3]]);
    expect(await values(ds.repeat(2).batch(2))).toEqual([[1, 2], [3, 1], [2, 3]]);
  });

  test('repeat of an empty dataset ends', async () => {
    expect(await values(tp.data.array([]).repeat())).toEqual([]);
    expect(await values(tp.data.array([1, 2]).filter(() => false).repeat())).toEqual([]);
  });

  test('skip, concatenate and their sizes', async () => {
    const ds = tp.data.array([1, 2, 3, 4, 5]);
    expect(await values(ds.skip(2))).toEqual([3, 4, 5]);
    expect(ds.skip(7).size).toBe(0);
    expect(await values(ds.skip(-1))).toEqual([]);
    const c = ds.take(2).concatenate(ds.skip(4));
    expect(c.size).toBe(3);
    expect(await values(c)).toEqual([1, 2, 5]);
  });

  test('take reads no more elements than it returns', async () => {
    let pulled = 0;
    const ds = tp.data.generator(function* () {
      for (let i = 0; ; i++) {
        pulled++;
        yield i;
      }
    });
    expect(await values(ds.take(3))).toEqual([0, 1, 2]);
    expect(pulled).toBe(3);
  });
});

describe('shuffle', () => {
  test('a shuffle is a permutation; the same seed gives the same order', async () => {
    const ds = tp.data.array(range(50));
    const a = (await values(ds.shuffle(50, 7))) as number[];
    expect([...a].sort((x, y) => x - y)).toEqual(range(50));
    expect(a).not.toEqual(range(50));
    expect(await values(tp.data.array(range(50)).shuffle(50, 7))).toEqual(a);
    expect(await values(tp.data.array(range(50)).shuffle(50, 8))).not.toEqual(a);
  });

  test('reshuffleEachIteration: each epoch differs, reproducibly; false: every epoch the same', async () => {
    const epochs = async (ds: tp.data.Dataset<number>) => [await values(ds), await values(ds), await values(ds)];
    const r1 = await epochs(tp.data.array(range(30)).shuffle(30, 3));
    expect(r1[0]).not.toEqual(r1[1]);
    expect(r1[1]).not.toEqual(r1[2]);
    expect(await epochs(tp.data.array(range(30)).shuffle(30, 3))).toEqual(r1);
    const fixed = await epochs(tp.data.array(range(30)).shuffle(30, 3, false));
    expect(fixed[1]).toEqual(fixed[0]);
    expect(fixed[2]).toEqual(fixed[0]);
    // shuffle().repeat() reshuffles each pass too
    const rep = (await values(tp.data.array(range(30)).shuffle(30, 3).repeat(2))) as number[];
    expect(rep.slice(0, 30)).not.toEqual(rep.slice(30));
    expect([...rep.slice(30)].sort((x, y) => x - y)).toEqual(range(30));
  });

  test('unseeded shuffles follow tp.setSeed', async () => {
    tp.setSeed(11);
    const a = await values(tp.data.array(range(20)).shuffle(20));
    tp.setSeed(11);
    expect(await values(tp.data.array(range(20)).shuffle(20))).toEqual(a);
  });

  test('a buffer of b only moves elements forward by less than b; b = 1 keeps the order', async () => {
    expect(await values(tp.data.array(range(20)).shuffle(1, 5))).toEqual(range(20));
    const out = (await values(tp.data.array(range(200)).shuffle(4, 5))) as number[];
    out.forEach((v, k) => expect(v).toBeLessThan(k + 4)); // output k is drawn from the first k + b inputs
    expect([...out].sort((x, y) => x - y)).toEqual(range(200));
  });

  test('a full buffer puts each element first with probability 1/n (chi-square over 1000 seeds)', async () => {
    const n = 5;
    const counts = new Array<number>(n).fill(0);
    for (let s = 0; s < 1000; s++) {
      const it = await tp.data.array(range(n)).shuffle(n, s).iterator();
      counts[(await it.next()).value as number]!++;
      await it.return();
    }
    const chi2 = counts.reduce((acc, c) => acc + (c - 200) ** 2 / 200, 0);
    expect(chi2).toBeLessThan(18.47); // the 0.999 quantile of chi-square with 4 degrees of freedom
  });
});

describe('map, filter, zip, generator, prefetch', () => {
  test('map and filter', async () => {
    const ds = tp.data.array(range(10)).filter((x) => x % 3 === 0).map((x) => ({ x, sq: x * x }));
    expect(ds.size).toBeNull();
    expect(await values(ds)).toEqual([{ x: 0, sq: 0 }, { x: 3, sq: 9 }, { x: 6, sq: 36 }, { x: 9, sq: 81 }]);
    const t = tp.data.fromTensorSlices(tp.tensor([1, -2, 3, -4])).filter((x) => x.greater(0)).map((x) => x.mul(10));
    expect(await values(t)).toEqual([10, 30]);
  });

  test('zip of an object and of an array ends with the shortest input', async () => {
    const z = tp.data.zip({ a: tp.data.array([1, 2, 3]), b: [tp.data.array(['x', 'y']), tp.data.array([true, false, true])] });
    expect(z.size).toBe(2);
    expect(await values(z)).toEqual([{ a: 1, b: ['x', true] }, { a: 2, b: ['y', false] }]);
  });

  test('generators run afresh each iteration; sync and async', async () => {
    const g = tp.data.generator(function* () {
      yield 1;
      yield 2;
    });
    expect(await values(g)).toEqual([1, 2]);
    expect(await values(g)).toEqual([1, 2]);
    const ag = tp.data.generator(async function* () {
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 1));
        yield tp.scalar(i);
      }
    });
    expect(await values(ag.prefetch(2))).toEqual([0, 1, 2]);
    expect(() => tp.data.generator((function* () {})() as never)).toThrow(/expected a function/);
  });

  test('iterator().next() as TF.js', async () => {
    const it = await tp.data.array([7, 8]).iterator();
    expect(await it.next()).toEqual({ value: 7, done: false });
    expect(await it.next()).toEqual({ value: 8, done: false });
    expect((await it.next()).done).toBe(true);
  });
});

describe('fromTensorSlices', () => {
  test('slices along the first axis, in nested tuples and objects', async () => {
    const xs = tp.tensor([[1, 2], [3, 4], [5, 6]]);
    const ds = tp.data.fromTensorSlices([xs, { label: [0, 1, 2], name: ['a', 'b', 'c'] }]);
    expect(ds.size).toBe(3);
    const els = read(await ds.toArray()) as unknown[];
    expect(els[1]).toEqual([{ shape: [2], dtype: 'float32', values: [3, 4] }, { label: { shape: [], dtype: 'float32', values: 1 }, name: 'b' }]);
    const b = read(await ds.batch(2).toArray()) as unknown[];
    expect(b[0]).toEqual([
      { shape: [2, 2], dtype: 'float32', values: [[1, 2], [3, 4]] },
      { label: { shape: [2], dtype: 'float32', values: [0, 1] }, name: ['a', 'b'] },
    ]);
  });

  test('nested number arrays are one tensor (as tf.data reads lists); typed arrays keep their dtype', async () => {
    expect(await values(tp.data.fromTensorSlices([[1, 2], [3, 4]]))).toEqual([[1, 2], [3, 4]]);
    const [a, b] = (await tp.data.fromTensorSlices({ i: new Int32Array([5, 6]) }).toArray()).map((e) => e.i);
    expect([a!.dtype, a!.arraySync(), b!.arraySync()]).toEqual(['int32', 5, 6]);
    tp.dispose([a!, b!]);
  });

  test('batching rows directly (one gather per column) equals slicing and stacking them', async () => {
    const cols = { x: tp.tensor(range(24).map((i) => [i, i * i])), y: tp.tensor(range(24), undefined, 'int32'), s: range(24).map(String) };
    const pipelines = [
      (d: tp.data.Dataset<{ x: tp.Tensor; y: tp.Tensor; s: string }>) => d.shuffle(10, 3).batch(5),
      (d: tp.data.Dataset<{ x: tp.Tensor; y: tp.Tensor; s: string }>) => d.skip(3).repeat(2).take(30).prefetch(2).batch(4, true),
    ];
    for (const p of pipelines) {
      const fast = read(await p(tp.data.fromTensorSlices(cols)).toArray());
      // map(identity) hides the rows, so the element-by-element path runs.
      const slow = read(await p(tp.data.fromTensorSlices(cols).map((e) => e)).toArray());
      expect(fast).toEqual(slow);
      expect((fast as unknown[]).length).toBeGreaterThan(3);
    }
    tp.dispose([cols.x, cols.y]);
  });

  test('components with different first dimensions are rejected by name', () => {
    expect(() => tp.data.fromTensorSlices({ xs: tp.tensor([[1], [2], [3]]), ys: tp.tensor([1, 2]) })).toThrow(
      /the element\.xs has 3 rows but the element\.ys has 2/,
    );
    expect(() => tp.data.fromTensorSlices(tp.scalar(1))).toThrow(/scalar tensor/);
  });
});

describe('memory', () => {
  test('10,000 batches through shuffle, map, batch, prefetch leave numTensors flat', async () => {
    const x = tp.randomUniform([64, 3], 0, 1, 'float32', 1);
    const y = tp.randomUniform([64], 0, 1, 'float32', 2);
    const ds = tp.data
      .fromTensorSlices({ xs: x, ys: y })
      .repeat()
      .shuffle(32, 1)
      .map(({ xs, ys }) => ({ xs: xs.mul(2), ys }))
      .filter(({ ys }) => ys.greater(0.1))
      .batch(4)
      .prefetch(3)
      .take(10_000);
    const before = tp.memory().numTensors;
    let n = 0;
    for await (const b of ds) {
      n++;
      expect(b.xs.shape).toEqual([4, 3]);
      tp.dispose(b);
    }
    expect(n).toBe(10_000);
    expect(tp.memory().numTensors).toBe(before);
    tp.dispose([x, y]);
  }, 120_000);

  test('stopping early (break, take) frees the shuffle buffer and read-ahead', async () => {
    const before = tp.memory().numTensors;
    const ds = tp.data.fromTensorSlices(tp.range(0, 100)).shuffle(20, 1).prefetch(5).batch(3);
    for await (const b of ds) {
      b.dispose();
      break;
    }
    const it = await ds.iterator();
    (await it.next()).value!.dispose();
    await it.return();
    await ds.take(2).forEachAsync(() => undefined);
    await tp.data.zip([ds, ds.take(1)]).forEachAsync(() => undefined);
    expect(tp.memory().numTensors).toBe(before + 1); // the range tensor the dataset holds
  });

  test('a failing map disposes its input and reports the error', async () => {
    const before = tp.memory().numTensors;
    const ds = tp.data.array([tp.tensor([1])]).map(() => {
      throw new Error('boom');
    });
    await expect(ds.toArray()).rejects.toThrow('boom');
    expect(tp.memory().numTensors).toBe(before + 1); // the item array's own tensor
  });
});
