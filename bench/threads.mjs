// Threaded engine vs the single-thread build: matMul n=1024, MLP fit (784-256-128-10, batch 128)
// and a small CNN's training steps, timed on the single-thread build (a child Node process with
// TENSORPAD_ENGINE=single that times a case when this process asks) and in this process on the
// threaded engine with setThreadsCount(1) and with every thread; then WASM memory before and after
// 10,000 training steps (must stay flat).
//
// The three are timed in turn, round after round, and each keeps its best round: on a shared
// machine other jobs come and go, and timing one build after the other measured the neighbours
// (single-build matMul spread 36-54 GFLOP/s between runs). Every round's own ratio is printed too.
//
//   node bench/threads.mjs [--quick] [--rounds=N]
import { spawn } from 'node:child_process';
import readline from 'node:readline';
import { performance } from 'node:perf_hooks';
import * as tp from '../dist/index.js';

const quick = process.argv.includes('--quick');
const child = process.argv.includes('--serve');
const roundsArg = process.argv.find((a) => a.startsWith('--rounds='));
const rounds = roundsArg ? Number(roundsArg.slice(9)) : quick ? 2 : 4;
await tp.ready();
const info = tp.engineInfo();
const maxThreads = tp.getThreadsCount();
if (!child) console.log(`engine: ${JSON.stringify(info)}`);

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
  // The single-thread build: one line in names a case, one line out gives its score.
  for await (const line of readline.createInterface({ input: process.stdin })) {
    console.log(JSON.stringify(await score(cases[Number(line)])));
  }
  process.exit(0);
}
const single = spawn(process.execPath, [...process.execArgv, new URL(import.meta.url).pathname, '--serve', ...(quick ? ['--quick'] : [])], {
  env: { ...process.env, TENSORPAD_ENGINE: 'single' },
  stdio: ['pipe', 'pipe', 'inherit'],
});
const replies = readline.createInterface({ input: single.stdout })[Symbol.asyncIterator]();
async function singleScore(i) {
  single.stdin.write(`${i}\n`);
  const { value, done } = await replies.next();
  if (done) throw new Error('the single-thread build exited');
  return JSON.parse(value);
}

const fmt = (v) => v.toFixed(2);
console.log(`rounds: ${rounds}; load: ${(await import('node:os')).loadavg().map((v) => v.toFixed(2)).join(' ')}`);
console.log(['case', 'single build', 'threaded, 1 thread', `threaded, ${maxThreads} threads`, 'threaded/single', `${maxThreads} threads/1`, 'threaded/single by round'].join('\t'));
for (const [i, c] of cases.entries()) {
  const best = [0, 0, 0];
  const byRound = [];
  for (let r = 0; r < rounds; r++) {
    const s = await singleScore(i);
    const t = [];
    for (const n of [1, maxThreads]) {
      tp.setThreadsCount(n);
      t.push(await score(c));
    }
    [s, ...t].forEach((v, k) => { best[k] = Math.max(best[k], v); });
    byRound.push(`${fmt(t[1] / s)}x`);
  }
  console.log([c.label, ...best.map(fmt), `${fmt(best[2] / best[0])}x`, `${fmt(best[2] / best[1])}x`, byRound.join(' ')].join('\t'));
}
single.stdin.end();

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
