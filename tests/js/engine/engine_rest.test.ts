// The engine in two modules (scripts/split_engine.mjs, bindings/engine_rest.js): training and the
// course run on the first one alone; anything else loads the rest on first use, in the calling
// thread and in each pool thread, with the same results and errors as one module would give.
import fs from 'node:fs';
import { describe, expect, test, vi } from 'vitest';

type Tp = typeof import('../../../web/src/index.js');
type Engine = typeof import('../../../web/src/engine/engine.js');

// A tensorpad instance on a fresh module graph whose rest is attached only when a call needs it.
type Module = ReturnType<Engine['engine']>['module'] & { _tp_rest_location(): number; HEAP32: Int32Array; tpRestUrl?: string; tpReadRest?: () => Uint8Array };

async function load(build: 'single' | 'threaded'): Promise<{ tp: Tp; attached: () => boolean; module: Module }> {
  const g = globalThis as { TENSORPAD_ENGINE?: string; TENSORPAD_ENGINE_REST?: string };
  g.TENSORPAD_ENGINE = build;
  g.TENSORPAD_ENGINE_REST = 'on-demand';
  vi.resetModules();
  try {
    const tp = (await import('../../../web/src/index.js')) as Tp;
    const { engine } = (await import('../../../web/src/engine/engine.js')) as Engine;
    await tp.ready();
    expect(tp.engineInfo().build).toBe(build);
    const module = engine().module as Module;
    return { tp, attached: () => module.tpRestAttached?.() ?? true, module };
  } finally {
    delete g.TENSORPAD_ENGINE;
    delete g.TENSORPAD_ENGINE_REST;
  }
}

async function trainAll(tp: Tp): Promise<number[]> {
  const losses: number[] = [];
  // An MLP with fit.
  const x = tp.randomNormal([64, 6], 0, 1, 'float32', 3);
  const y = tp.oneHot(tp.tensor(Array.from({ length: 64 }, (_, i) => i % 3), undefined, 'int32'), 3);
  const mlp = tp.sequential({ layers: [tp.layers.dense({ inputShape: [6], units: 16, activation: 'relu' }), tp.layers.dense({ units: 3, activation: 'softmax' })] });
  mlp.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const h = await mlp.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0 });
  losses.push(...(h.history.loss as number[]));
  // A CNN with fit.
  const images = tp.randomUniform([32, 12, 12, 1], 0, 1, 'float32', 4);
  const labels = tp.oneHot(tp.tensor(Array.from({ length: 32 }, (_, i) => i % 4), undefined, 'int32'), 4);
  const cnn = tp.sequential({
    layers: [
      tp.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: 'relu' }),
      tp.layers.maxPooling2d({ poolSize: 2 }),
      tp.layers.flatten(),
      tp.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  cnn.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
  const hc = await cnn.fit(images, labels, { epochs: 2, batchSize: 8, verbose: 0 });
  losses.push(...(hc.history.loss as number[]));
  // A compiled custom step with a tape.
  const w = tp.variable(tp.zeros([6, 3]));
  const opt = tp.train.sgd(0.1);
  const step = tp.function((xb: InstanceType<Tp['Tensor']>, yb: InstanceType<Tp['Tensor']>) => {
    const tape = new tp.GradientTape();
    const loss = tape.record(() => tp.mean(tp.losses.categoricalCrossentropy(yb, tp.matMul(xb, w), true)));
    opt.applyGradients([[tape.gradient(loss, [w])[0], w]]);
    return loss;
  });
  for (let i = 0; i < 3; i++) losses.push(step(x, y).dataSync()[0]!);
  return losses;
}

// How many threads of the threaded engine instantiated the rest (bindings/bindings.cpp).
const restLoads = (module: Module) => module.HEAP32[(module._tp_rest_location() >> 2) + 2]!;

describe.each(['single', 'threaded'] as const)('the %s engine', (build) => {
  test('trains an MLP, a CNN and a compiled tape step on its first module alone', async () => {
    const { tp, attached, module } = await load(build);
    const losses = await trainAll(tp);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[2]!).toBeLessThan(losses[0]!);
    expect(attached()).toBe(false);
    // Nor did any pool thread need it.
    if (build === 'threaded') expect(restLoads(module)).toBe(0);
  });

  test('loads the rest on the first call that needs it, with the right results', async () => {
    const { tp, attached } = await load(build);
    expect(attached()).toBe(false);
    const xs = [-2, -0.5, 0.25, 3];
    // Float64 hyperbolic cosine: no training step runs it, so it lives in the rest.
    const got = Array.from(tp.cosh(tp.tensor(xs, undefined, 'float64')).dataSync());
    expect(attached()).toBe(true);
    got.forEach((v, i) => expect(v).toBeCloseTo(Math.cosh(xs[i]!), 12));
    expect(Array.from(tp.cumprod(tp.tensor([2, 3, 4])).dataSync())).toEqual([2, 6, 24]);
  });

  test('an error raised in the rest reaches the caller, and the engine goes on', async () => {
    const { tp, attached } = await load(build);
    expect(() => tp.topk(tp.tensor([3, 1, 2]), 4)).toThrow(/topk.*4/i);
    expect(attached()).toBe(true);
    expect(Array.from(tp.topk(tp.tensor([3, 1, 2]), 2).values.dataSync())).toEqual([3, 2]);
  });
});

test('when the rest cannot be read, the call says where it looked, and the engine goes on', async () => {
  const { tp, attached, module } = await load('single');
  const url = module.tpRestUrl!;
  expect(url).toMatch(/tensorpad_core\.rest\.wasm$/);
  const read = module.tpReadRest!;
  module.tpReadRest = () => {
    throw new Error('connection reset');
  };
  const cosh = () => Array.from(tp.cosh(tp.tensor([0.5], undefined, 'float64')).dataSync());
  expect(cosh).toThrow(`tensorpad: could not load the rest of the engine from ${url}: connection reset`);
  expect(attached()).toBe(false);
  expect(Array.from(tp.tensor([1, 2]).add(1).dataSync())).toEqual([2, 3]);
  module.tpReadRest = read;
  expect(cosh()[0]).toBeCloseTo(Math.cosh(0.5), 12);
  expect(attached()).toBe(true);
});

test('each pool thread loads the rest for the parallel work it is given', async () => {
  const { tp, module } = await load('threaded');
  const threads = tp.getThreadsCount();
  expect(threads).toBeGreaterThanOrEqual(2);
  // Large enough to be split over every thread; float64 atanh exists only in the rest.
  const n = 1 << 20;
  const xs = Float64Array.from({ length: n }, (_, i) => ((i % 1999) - 999) / 1000);
  const got = tp.atanh(tp.tensor(xs, [n], 'float64')).dataSync();
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(got[i]! - Math.atanh(xs[i]!)));
  expect(worst).toBeLessThan(1e-12);
  // The calling thread and each pool thread instantiated the rest. A pool thread that woke after
  // the others had taken every task has not yet: it is given more of the same work until it has.
  const input = tp.tensor(xs, [n], 'float64');
  for (let i = 0; i < 100 && restLoads(module) < threads; i++) tp.atanh(input).dispose();
  expect(restLoads(module)).toBe(threads);
  // The engine's thread left the rest's bytes in the shared memory for the pool threads.
  const where = module._tp_rest_location() >> 2;
  const rest = fs.readFileSync(new URL('../../../web/src/wasm/tensorpad_core_mt.rest.wasm', import.meta.url));
  expect(module.HEAP32[where + 1]).toBe(rest.length);
  const address = module.HEAP32[where]!;
  expect(Buffer.from(module.HEAPU8.slice(address, address + rest.length)).equals(rest)).toBe(true);
});
