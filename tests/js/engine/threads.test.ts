// The threaded engine (the default in Node) against the single-thread build (TENSORPAD_ENGINE=single)
// in the same process: same results bit for bit, thread count control and engine reporting.
import { afterAll, describe, expect, test, vi } from 'vitest';

type Tp = typeof import('../../../web/src/index.js');

// A tensorpad instance on a fresh module graph, with TENSORPAD_ENGINE as given (undefined: default).
async function load(engine: string | undefined): Promise<Tp> {
  const g = globalThis as { TENSORPAD_ENGINE?: string };
  if (engine === undefined) delete g.TENSORPAD_ENGINE;
  else g.TENSORPAD_ENGINE = engine;
  vi.resetModules();
  try {
    const lib = (await import('../../../web/src/index.js')) as Tp;
    await lib.ready();
    return lib;
  } finally {
    delete g.TENSORPAD_ENGINE;
  }
}
const tp = await load(undefined);
const single = await load('single');
afterAll(() => tp.setThreadsCount(tp.engineInfo().threads));

function values(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin((i + 1) * seed * 12.9898) * 43758.5453 % 1);
}

function bits(a: Float32Array | Int32Array | Uint8Array): Uint32Array {
  return new Uint32Array(new Float32Array(a as Float32Array).buffer);
}

describe('engine selection', () => {
  test('Node loads the threaded build by default; TENSORPAD_ENGINE=single the single one', () => {
    const info = tp.engineInfo();
    expect(info.build).toBe('threaded');
    expect(info.simd).toBe(true);
    expect(info.threads).toBeGreaterThanOrEqual(1);
    expect(single.engineInfo()).toEqual({ build: 'single', threads: 1, simd: true });
  });

  test('setThreadsCount / getThreadsCount, with clear errors', () => {
    const max = tp.getThreadsCount();
    tp.setThreadsCount(1);
    expect(tp.getThreadsCount()).toBe(1);
    expect(tp.engineInfo().threads).toBe(1);
    tp.setThreadsCount(max);
    expect(tp.getThreadsCount()).toBe(max);
    expect(() => tp.setThreadsCount(0)).toThrow(/setThreadsCount: the thread count must be an integer from 1 to/);
    expect(() => tp.setThreadsCount(max + 1)).toThrow(/setThreadsCount/);
    expect(() => tp.setThreadsCount(1.5)).toThrow(/setThreadsCount: numThreads must be an integer/);
    expect(() => single.setThreadsCount(2)).toThrow(/setThreadsCount/);
    single.setThreadsCount(1);
    // The engine still computes after the refusals.
    expect(tp.tensor([1, 2]).add(1).arraySync()).toEqual([2, 3]);
  });
});

// Reads copy out of the heap, which is a SharedArrayBuffer on the threaded engine: the caller gets
// ordinary memory of its own (postMessage-able, transferable, unaffected by later engine work).
test('dataSync returns a copy in its own ArrayBuffer on both engines, for every dtype', () => {
  for (const lib of [tp, single]) {
    for (const dtype of ['float32', 'int32', 'bool', 'float64'] as const) {
      const t = lib.tensor([1, 0, 1], [3], dtype);
      const data = t.dataSync();
      expect(data.buffer.constructor).toBe(ArrayBuffer);
      expect(data.byteOffset).toBe(0);
      expect(data.buffer.byteLength).toBe(3 * data.BYTES_PER_ELEMENT);
      data[0] = 0;
      expect(Array.from(t.dataSync())).toEqual([1, 0, 1]);
    }
  }
});

test('TENSORPAD_ENGINE=threaded also loads the threaded build; an unknown value is refused by name', async () => {
  const forced = await load('threaded');
  expect(forced.engineInfo().build).toBe('threaded');
  expect(forced.tensor([[1, 2]]).matMul(forced.tensor([[3], [4]])).arraySync()).toEqual([[11]]);
  await expect(load('fast')).rejects.toThrow(/TENSORPAD_ENGINE must be 'single', 'threaded' or 'auto' \(got 'fast'\)/);
});

// Emscripten 3.1.6 with -pthread caught no C++ exception (bindings/wasm_eh_threads.cpp): every
// error reached JS as a bare WebAssembly.Exception with no message.
test('bad input on the threaded engine: a JS Error naming the op and the shapes, and the engine keeps working', () => {
  expect(tp.engineInfo().build).toBe('threaded');
  const f = tp.tensor([1.5, 2.5]);
  const i = tp.tensor([1, 2], undefined, 'int32');
  let error: unknown;
  try {
    f.add(i);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toBe('add: dtype mismatch, float32[2] and int32[2] (convert one with cast)');
  expect(() => tp.matMul(tp.ones([2, 3]), tp.ones([2, 3]))).toThrow(/matMul.*\[2,3\].*\[2,3\]/);
  expect(() => tp.zeros([-1])).toThrow(/^zeros: negative dimension/);
  expect(tp.matMul(tp.ones([2, 3]), tp.ones([3, 2])).arraySync()).toEqual([[3, 3], [3, 3]]);
});

describe('threaded results equal the single build bit for bit', () => {
  const cases: [string, (lib: typeof tp) => Float32Array][] = [
    ['matMul 300x500x400', (lib) => lib.tidy(() => lib.matMul(lib.tensor(values(300 * 500, 1), [300, 500]), lib.tensor(values(500 * 400, 2), [500, 400])).dataSync() as Float32Array)],
    ['matMul transposed, few rows', (lib) => lib.tidy(() => lib.matMul(lib.tensor(values(600 * 8, 3), [600, 8]), lib.tensor(values(1100 * 600, 4), [1100, 600]), true, true).dataSync() as Float32Array)],
    ['sum of 1e6', (lib) => lib.tidy(() => lib.sum(lib.tensor(values(1_000_000, 5))).dataSync() as Float32Array)],
    ['column sums', (lib) => lib.tidy(() => lib.sum(lib.tensor(values(400 * 1000, 6), [400, 1000]), 0).dataSync() as Float32Array)],
    ['tanh and broadcast add', (lib) => lib.tidy(() => lib.tanh(lib.tensor(values(300 * 700, 7), [300, 700])).add(lib.tensor(values(700, 8))).dataSync() as Float32Array)],
    ['conv2d', (lib) => lib.tidy(() => lib.conv2d(lib.tensor(values(8 * 28 * 28 * 4, 9), [8, 28, 28, 4]) as never, lib.tensor(values(3 * 3 * 4 * 16, 10), [3, 3, 4, 16]) as never, 1, 'same').dataSync() as Float32Array)],
    // A small CNN's gradients: the direct kernels (1 input channel) and im2col + GEMM (16), the
    // input and filter gradients, max-pool and its gradient, ReLU's mask and cast.
    ['CNN gradients', (lib) => lib.tidy(() => {
      const x = lib.tensor(values(16 * 28 * 28, 11), [16, 28, 28, 1]);
      const w1 = lib.tensor(values(3 * 3 * 16, 12), [3, 3, 1, 16]);
      const w2 = lib.tensor(values(3 * 3 * 16 * 32, 13), [3, 3, 16, 32]);
      const block = (t: ReturnType<typeof lib.tensor>, w: ReturnType<typeof lib.tensor>) => lib.maxPool(lib.relu(lib.conv2d(t as never, w as never, 1, 'same')), 2, 2, 'valid');
      const gs = lib.grads((a, b, c) => lib.sum(lib.square(block(block(a, b), c))))([x, w1, w2]);
      return Float32Array.from(gs.flatMap((g) => Array.from(g.dataSync() as Float32Array)));
    })],
  ];
  for (const [label, run] of cases) {
    test(label, () => {
      const reference = run(single);
      for (const n of [1, tp.getThreadsCount()]) {
        tp.setThreadsCount(n);
        expect(bits(run(tp))).toEqual(bits(reference));
      }
    });
  }
});

// Compiled training steps: fused elementwise programs (Adam's updates) split among threads, with
// the GEMMs of the forward and backward passes.
test('an MLP fit with Adam ends with the same weights bit for bit', async () => {
  async function train(lib: typeof tp): Promise<Float32Array> {
    const model = lib.sequential({ layers: [lib.layers.dense({ units: 256, activation: 'relu', inputShape: [784] }), lib.layers.dense({ units: 10, activation: 'softmax' })] });
    model.setWeights(model.getWeights().map((w, i) => lib.tensor(values(w.size, 20 + i), w.shape)));
    model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
    const x = lib.tensor(values(256 * 784, 30), [256, 784]);
    const y = lib.oneHot(lib.tensor(Int32Array.from({ length: 256 }, (_, i) => i % 10), [256], 'int32'), 10).cast('float32');
    await model.fit(x, y, { batchSize: 128, epochs: 2, verbose: 0, shuffle: false });
    return Float32Array.from(model.getWeights().flatMap((w) => Array.from(w.dataSync() as Float32Array)));
  }
  const reference = await train(single);
  for (const n of [1, tp.getThreadsCount()]) {
    tp.setThreadsCount(n);
    expect(bits(await train(tp))).toEqual(bits(reference));
  }
});
