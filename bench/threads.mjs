// Threaded engine vs the single-thread build: matMul n=1024, MLP fit (784-256-128-10, batch 128)
// and a small CNN's training steps, each timed on the single-thread build (a child Node process
// with TENSORPAD_ENGINE=single, run first, alone), then in this process on the threaded engine with
// setThreadsCount(1) and with every thread, printing the ratios; then WASM memory before and after
// 10,000 training steps (must stay flat).
//
//   node bench/threads.mjs [--quick]
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import * as tp from '../dist/index.js';

const quick = process.argv.includes('--quick');
const child = process.argv.includes('--scores');
await tp.ready();
const info = tp.engineInfo();
const maxThreads = tp.getThreadsCount();
console.log(`engine: ${JSON.stringify(info)}`);

function timeIt(fn, minSeconds = quick ? 0.5 : 2) {
  fn();
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minSeconds * 1000) { fn(); calls++; }
  return (performance.now() - t0) / 1000 / calls;
}

const rand = (n) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 0.5);

function matmulCase() {
  const a = tp.tensor(rand(1024 * 1024), [1024, 1024]);
  const b = tp.tensor(rand(1024 * 1024).reverse(), [1024, 1024]);
  return { label: 'matMul n=1024 (GFLOP/s)', run: () => tp.tidy(() => tp.matMul(a, b).dataSync()), score: (s) => (2 * 1024 ** 3) / s / 1e9 };
}

function mlpCase() {
  const model = tp.sequential({ layers: [tp.layers.dense({ units: 256, activation: 'relu', inputShape: [784] }), tp.layers.dense({ units: 128, activation: 'relu' }), tp.layers.dense({ units: 10, activation: 'softmax' })] });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const x = tp.tensor(rand(128 * 8 * 784), [128 * 8, 784]);
  const y = tp.oneHot(tp.tensor(Int32Array.from({ length: 1024 }, (_, i) => i % 10), [1024], 'int32'), 10).cast('float32');
  return { label: 'MLP fit (batches/s)', async: true, run: () => model.fit(x, y, { batchSize: 128, epochs: 1, verbose: 0 }), score: (s) => 8 / s };
}

function cnnCase() {
  const model = tp.sequential({ layers: [
    tp.layers.conv2d({ filters: 16, kernelSize: 3, activation: 'relu', padding: 'same', inputShape: [28, 28, 1] }),
    tp.layers.maxPooling2d({ poolSize: 2 }),
    tp.layers.conv2d({ filters: 32, kernelSize: 3, activation: 'relu', padding: 'same' }),
    tp.layers.maxPooling2d({ poolSize: 2 }),
    tp.layers.flatten(), tp.layers.dense({ units: 10, activation: 'softmax' })] });
  model.compile({ optimizer: 'adam', loss: 'categoricalCrossentropy' });
  const x = tp.tensor(rand(64 * 4 * 784), [256, 28, 28, 1]);
  const y = tp.oneHot(tp.tensor(Int32Array.from({ length: 256 }, (_, i) => i % 10), [256], 'int32'), 10).cast('float32');
  return { label: 'CNN training (batches/s)', async: true, run: () => model.fit(x, y, { batchSize: 64, epochs: 1, verbose: 0 }), score: (s) => 4 / s };
}

async function timeAsync(fn, minSeconds = quick ? 1 : 3) {
  await fn();
  let calls = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minSeconds * 1000) { await fn(); calls++; }
  return (performance.now() - t0) / 1000 / calls;
}

const cases = [matmulCase(), mlpCase(), cnnCase()];
async function score(c) {
  return c.score(c.async ? await timeAsync(c.run) : timeIt(c.run));
}
if (child) {
  // The single-thread build's scores, for the parent process.
  const scores = [];
  for (const c of cases) scores.push(await score(c));
  console.log(JSON.stringify(scores));
  process.exit(0);
}
const singleScores = JSON.parse(
  execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--scores', ...(quick ? ['--quick'] : [])], {
    env: { ...process.env, TENSORPAD_ENGINE: 'single' },
    encoding: 'utf8',
  }).trim().split('\n').pop(),
);
console.log(`load: ${(await import('node:os')).loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log(['case', 'single build', 'threaded, 1 thread', `threaded, ${maxThreads} threads`, 'threaded/single', `${maxThreads} threads/1`].join('\t'));
for (const [i, c] of cases.entries()) {
  const scores = [];
  for (const n of [1, maxThreads]) {
    tp.setThreadsCount(n);
    scores.push(await score(c));
  }
  const single = singleScores[i];
  console.log([c.label, single.toFixed(2), scores[0].toFixed(2), scores[1].toFixed(2), `${(scores[1] / single).toFixed(2)}x`, `${(scores[1] / scores[0]).toFixed(2)}x`].join('\t'));
}

// Memory: 10,000 small training steps; the WASM heap must not grow after the warm-up.
const heap = () => (tp.memory().numBytes);
const model = tp.sequential({ layers: [tp.layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }), tp.layers.dense({ units: 1 })] });
model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
const xs = tp.tensor(rand(32 * 2), [32, 2]);
const ys = tp.tensor(rand(32), [32, 1]);
await model.fit(xs, ys, { batchSize: 32, epochs: 10, verbose: 0 });
const before = { tensors: tp.memory().numTensors, bytes: heap() };
const steps = quick ? 1000 : 10000;
await model.fit(xs, ys, { batchSize: 32, epochs: steps, verbose: 0 });
const after = { tensors: tp.memory().numTensors, bytes: heap() };
console.log(`memory over ${steps} steps: tensors ${before.tensors} -> ${after.tensors}, bytes ${before.bytes} -> ${after.bytes}`);
