// The browser bench's cases, run inside a dedicated worker of the cross-origin isolated bench page
// (worker.js), one library and one thread count per worker. `run(job)` loads the library, checks
// that it got its threaded engine with the thread count asked for, checks each case's result
// against the reference of the first run (job.reference) before timing it, and returns the scores
// with the values the later runs are checked against and the relative error of this run's.
import { randomData, setFixedWeights } from '../data.mjs';
import { secondsPerCall } from '../timing.mjs';

const TFJS_WASM_DIR = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';
const TOLERANCE = 1e-3;

async function loadTensorpad(threads) {
  const tp = await import('/dist/tensorpad.esm.js');
  await tp.ready();
  const info = tp.engineInfo();
  if (info.build !== 'threaded') throw new Error(`tensorpad loaded its ${info.build} engine, not the threaded one (crossOriginIsolated: ${self.crossOriginIsolated})`);
  tp.setThreadsCount(threads);
  if (tp.getThreadsCount() !== threads) throw new Error(`tensorpad runs ${tp.getThreadsCount()} threads, not ${threads}`);
  return { lib: tp, engine: { ...tp.engineInfo(), threads: tp.getThreadsCount() } };
}

// TF.js's UMD bundles are loaded by worker.js (importScripts) and share the global `tf`.
async function loadTfjs(threads) {
  const tf = self.tf;
  tf.env().set('PROD', true);
  tf.wasm.setWasmPaths(TFJS_WASM_DIR);
  tf.wasm.setThreadsCount(threads); // read when the backend initialises, so before setBackend
  // TF.js's backend caps its pool at navigator.hardwareConcurrency / 2 (it assumes two hardware
  // threads per core): on a 2-core machine it would run 1 thread whatever setThreadsCount says.
  // This worker reports 2 * threads so the cap is the count asked for (checked below).
  Object.defineProperty(self.navigator, 'hardwareConcurrency', { value: 2 * threads, configurable: true });
  if (!(await tf.setBackend('wasm'))) throw new Error("TF.js's wasm backend failed to initialise");
  if (!(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'))) throw new Error("TF.js's wasm backend sees no thread support (WASM_HAS_MULTITHREAD_SUPPORT is false)");
  const binaries = performance.getEntriesByType('resource').map((e) => e.name).filter((n) => n.endsWith('.wasm'));
  if (!binaries.some((n) => n.endsWith('/tfjs-backend-wasm-threaded-simd.wasm'))) throw new Error(`TF.js did not load its threaded SIMD binary (loaded: ${binaries.join(', ') || 'none'})`);
  if (tf.wasm.getThreadsCount() !== threads) throw new Error(`TF.js's wasm backend runs ${tf.wasm.getThreadsCount()} threads, not ${threads}`);
  return { lib: tf, engine: { build: 'threaded-simd', threads: tf.wasm.getThreadsCount(), version: tf.version_core } };
}

/** Largest difference from the reference relative to its largest magnitude, and where it is. */
function relativeError(values, reference) {
  if (values.length !== reference.length) return { err: Infinity, at: -1 };
  let diff = 0;
  let at = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; ++i) {
    const d = Math.abs(values[i] - reference[i]);
    if (d > diff) [diff, at] = [d, i];
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return { err: diff / Math.max(scale, 1e-30), at };
}

/** Throws unless `values` agree with the first run's (when there is one); returns the relative error. */
function check(what, values, reference) {
  if (!reference) return 0;
  const { err, at } = relativeError(values, reference.values);
  if (!(err <= TOLERANCE)) throw new Error(`${what} differs from ${reference.run}'s: relative error ${err.toExponential(1)} (value ${at}: ${values[at]}, reference ${reference.values[at]})`);
  return err;
}

// --- matMul n=1024 -----------------------------------------------------------------------------
const N = 1024;

function matmul(lib, reference, { quick }) {
  const a = lib.tensor(randomData(N * N, 1), [N, N]);
  const b = lib.tensor(randomData(N * N, 2), [N, N]);
  try {
    const out = lib.matMul(a, b);
    const all = out.dataSync();
    out.dispose();
    // Every 257th entry: each output entry is its own dot product, so a spread sample checks them all alike.
    const values = Float32Array.from({ length: Math.ceil(all.length / 257) }, (_, i) => all[i * 257]);
    const error = check('matMul n=1024', values, reference);
    const seconds = secondsPerCall(lib, () => lib.matMul(a, b), { budget: quick ? 0.6 : 2 });
    return { score: (2 * N ** 3) / seconds / 1e9, values: Array.from(values), error };
  } finally {
    lib.dispose([a, b]);
  }
}

// --- training ----------------------------------------------------------------------------------
const MLP = [
  ['dense', { units: 256, activation: 'relu', inputShape: [784] }],
  ['dense', { units: 128, activation: 'relu' }],
  ['dense', { units: 10, activation: 'softmax' }],
];
const CNN = [
  ['conv2d', { filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [28, 28, 1] }],
  ['maxPooling2d', { poolSize: 2 }],
  ['conv2d', { filters: 32, kernelSize: 3, padding: 'same', activation: 'relu' }],
  ['maxPooling2d', { poolSize: 2 }],
  ['flatten', {}],
  ['dense', { units: 10, activation: 'softmax' }],
];

// Same model in both libraries: same layers, Glorot-uniform-scaled fixed random kernels, zero biases.
function buildModel(lib, spec) {
  const model = lib.sequential({ layers: spec.map(([name, args]) => lib.layers[name](args)) });
  setFixedWeights(lib, model);
  model.compile({ optimizer: lib.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

/** Inputs (in [0, 1)) and one-hot targets for `samples` samples of `shape`. */
function makeData(lib, samples, shape, seed) {
  const size = shape.reduce((x, y) => x * y, 1);
  const x = lib.tensor(randomData(samples * size, seed).map((v) => (v + 1) / 2), [samples, ...shape]);
  const labels = randomData(samples, seed + 1);
  const t = new Float32Array(samples * 10);
  for (let i = 0; i < samples; i++) t[i * 10 + Math.min(9, Math.floor((labels[i] + 1) * 5))] = 1;
  return { x, y: lib.tensor(t, [samples, 10]) };
}

function batchLoss(lib, model, xb, yb) {
  const l = lib.tidy(() => lib.mean(lib.neg(lib.sum(lib.mul(yb, lib.log(model.predict(xb))), -1))));
  const v = l.dataSync()[0];
  l.dispose();
  return v;
}

/**
 * Trains `spec` with model.fit, batch `batch`, `steps` batches per fit call: first checks the loss
 * of the first batch before and after one training step against the reference, then warms up for
 * `warmup` seconds and returns the best batches/s over at least `runs` fit calls (and `budget` s).
 */
async function training(lib, spec, shape, { batch, steps, warmup, budget, runs }, reference) {
  const model = buildModel(lib, spec);
  const { x, y } = makeData(lib, batch * steps, shape, 11);
  const begin = shape.map(() => 0);
  const xb = lib.slice(x, [0, ...begin], [batch, ...shape]);
  const yb = lib.slice(y, [0, 0], [batch, 10]);
  try {
    const before = batchLoss(lib, model, xb, yb);
    await model.fit(xb, yb, { epochs: 1, batchSize: batch, verbose: 0, shuffle: false });
    const values = Float32Array.of(before, batchLoss(lib, model, xb, yb));
    const error = check('the first batch loss before and after one step', values, reference);
    const fit = () => model.fit(x, y, { epochs: 1, batchSize: batch, verbose: 0, shuffle: false });
    const warmEnd = performance.now() + warmup * 1e3;
    while (performance.now() < warmEnd) await fit();
    let best = 0;
    const end = performance.now() + budget * 1e3;
    for (let r = 0; r < runs || (performance.now() < end && r < 20); r++) {
      const t0 = performance.now();
      await fit();
      best = Math.max(best, steps / ((performance.now() - t0) / 1e3));
    }
    return { score: best, values: Array.from(values), error };
  } finally {
    lib.dispose([x, y, xb, yb]);
    model.dispose?.();
  }
}

/**
 * job: { lib: 'tensorpad' | 'tfjs', threads, quick, cases: ['matmul', 'mlp', 'cnn'], reference:
 * { [case]: { run, values } } }. Returns { engine, results: { [case]: { score, values } } }.
 */
export async function run(job) {
  const { lib, engine } = job.lib === 'tensorpad' ? await loadTensorpad(job.threads) : await loadTfjs(job.threads);
  const quick = job.quick;
  const results = {};
  for (const name of job.cases) {
    const reference = job.reference?.[name];
    if (name === 'matmul') results.matmul = matmul(lib, reference, job);
    else if (name === 'mlp') {
      results.mlp = await training(lib, MLP, [784], { batch: 128, steps: 8, warmup: quick ? 0.5 : 2, budget: quick ? 1 : 3, runs: 3 }, reference);
    } else if (name === 'cnn') {
      // TF.js's wasm backend has no Conv2DBackpropFilter: TF.js trains conv nets on its cpu backend
      // here, at seconds per batch, so it gets one timed fit of one batch after the checked step.
      const tfCpu = job.lib === 'tfjs';
      if (tfCpu && !(await lib.setBackend('cpu'))) throw new Error("TF.js's cpu backend failed to initialise");
      const plan = tfCpu ? { steps: 1, warmup: 0, budget: 0, runs: 1 } : { steps: 4, warmup: quick ? 0.5 : 2, budget: quick ? 1 : 3, runs: 3 };
      results.cnn = await training(lib, CNN, [28, 28, 1], { batch: 64, ...plan }, reference);
      if (tfCpu) results.cnn.backend = lib.getBackend();
    } else throw new Error(`unknown case '${name}'`);
  }
  return { engine, results };
}
