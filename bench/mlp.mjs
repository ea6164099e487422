// Training throughput of an MLP 784-256-128-10 (relu, softmax cross-entropy, Adam, batch 128) on
// random data: model.fit compiled and eager, and a custom GradientTape loop (eager and in
// tp.function), against TF.js's tfjs-layers model.fit and an optimizer.minimize loop on its wasm
// and cpu backends. Every peer starts from the same weights, and the first batch's loss must
// agree across peers before any number is reported. Also the compiled step's effective GFLOP/s
// (exact matmul flops of forward and backward) next to the matMul kernel's rate at n=512.
//
//   node bench/run.mjs mlp [--quick]
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { randomData } from './peers.mjs';
import { secondsPerCall } from './timing.mjs';

const require = createRequire(import.meta.url);

/** Whether `lib` is tensorpad (it has GradientTape and tp.function). */
export const isTensorpad = (lib) => typeof lib.GradientTape === 'function';

let tfl = null;
/** tfjs-layers, bound to the tfjs-core instance the peers use. */
export function tfjsLayers() {
  tfl ??= require('@tensorflow/tfjs-layers');
  return tfl;
}

/** Same initial weights for every peer: [kernel, bias] per layer, Glorot-uniform-scaled values. */
export function initialWeights(sizes, seed = 7) {
  const out = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    const [fanIn, fanOut] = [sizes[i], sizes[i + 1]];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    const k = randomData(fanIn * fanOut, seed + i).map((v) => v * limit);
    out.push({ values: k, shape: [fanIn, fanOut] }, { values: new Float32Array(fanOut), shape: [fanOut] });
  }
  return out;
}

/**
 * A dense stack in either library, with the given weights. `hidden` and `last` are activation
 * names; `optimizer` is ['adam', lr] or ['sgd', lr]; `loss` 'categoricalCrossentropy' or 'meanSquaredError'.
 */
export function buildModel(lib, { sizes, hidden, last, loss, optimizer, runEagerly = false }) {
  const layers = isTensorpad(lib) ? lib.layers : tfjsLayers().layers;
  const seq = isTensorpad(lib) ? lib.sequential : tfjsLayers().sequential;
  const model = seq({
    layers: sizes.slice(1).map((units, i) =>
      layers.dense({ units, activation: i === sizes.length - 2 ? last : hidden, ...(i === 0 ? { inputShape: [sizes[0]] } : {}) }),
    ),
  });
  const weights = initialWeights(sizes).map((w) => lib.tensor(w.values, w.shape));
  model.setWeights(weights);
  lib.dispose(weights);
  const [name, lr] = optimizer;
  const opt = isTensorpad(lib)
    ? name === 'adam' ? new lib.optimizers.Adam({ learningRate: lr }) : new lib.optimizers.SGD({ learningRate: lr })
    : name === 'adam' ? lib.train.adam(lr) : lib.train.sgd(lr);
  model.compile({ optimizer: opt, loss, ...(isTensorpad(lib) ? { runEagerly } : {}) });
  return model;
}

/** Per-batch loss function in either library (mean over the batch). */
export function lossFn(lib, loss) {
  if (isTensorpad(lib)) {
    const f = loss === 'meanSquaredError' ? lib.losses.meanSquaredError : lib.losses.categoricalCrossentropy;
    return (y, p) => lib.mean(f(y, p));
  }
  return loss === 'meanSquaredError' ? (y, p) => lib.losses.meanSquaredError(y, p) : (y, p) => lib.mean(tfjsLayers().metrics.categoricalCrossentropy(y, p));
}

/**
 * One custom-loop training step over batch (xb, yb): forward with training, loss, gradients,
 * update; returns the loss tensor. tensorpad: GradientTape + applyGradients (optionally in
 * tp.function); TF.js: optimizer.minimize.
 */
export function customStep(lib, model, loss, compiled) {
  const f = lossFn(lib, loss);
  if (isTensorpad(lib)) {
    const opt = model.optimizer;
    const step = (xb, yb) => {
      const tape = new lib.GradientTape();
      const value = tape.record(() => f(yb, model.apply(xb, { training: true })));
      const vars = model.trainableWeights;
      const grads = tape.gradient(value, vars);
      opt.applyGradients(grads.map((g, i) => [g, vars[i]]));
      return value;
    };
    const run = compiled ? lib.function(step) : step;
    return (xb, yb) => lib.tidy(() => run(xb, yb));
  }
  const opt = model.optimizer;
  return (xb, yb) => lib.tidy(() => opt.minimize(() => f(yb, model.apply(xb, { training: true })), true, model.trainableWeights.map((w) => w.val)));
}

/** Random inputs in [-1, 1) and one-hot targets of `classes` classes (or regression targets). */
export function makeData(lib, samples, inputs, outputs, oneHot) {
  const x = lib.tensor(randomData(samples * inputs, 11), [samples, inputs]);
  let y;
  if (oneHot) {
    const labels = randomData(samples, 12);
    const t = new Float32Array(samples * outputs);
    for (let i = 0; i < samples; i++) t[i * outputs + Math.min(outputs - 1, Math.floor((labels[i] + 1) * 0.5 * outputs))] = 1;
    y = lib.tensor(t, [samples, outputs]);
  } else y = lib.tensor(randomData(samples * outputs, 13), [samples, outputs]);
  return { x, y };
}

// Warm-up runs first for `budget` seconds: traces, JS JIT, and WASM tier-up (V8 starts WASM in its
// baseline compiler and optimizes hot functions later, which takes a second or two here).
export async function bestRate(run, work, budget) {
  const warmEnd = performance.now() + Math.max(budget, 2) * 1e3;
  do await run();
  while (performance.now() < warmEnd);
  let best = 0;
  const end = performance.now() + budget * 1e3;
  for (let r = 0; r < 3 || performance.now() < end; r++) {
    const t0 = performance.now();
    await run();
    best = Math.max(best, work / ((performance.now() - t0) / 1e3));
    if (r >= 20) break;
  }
  return best;
}

/**
 * The cases of a training suite: per peer, build the model, check the first batch's loss against
 * the first peer's, then time `mode` (fit / fitEager / loop / loopCompiled). `unit` 'samples' or 'steps'.
 */
export function trainingCases(spec, { quick }) {
  const { sizes, hidden, last, loss, optimizer, batch, stepsPerEpoch, unit } = spec;
  const samples = batch * stepsPerEpoch;
  const budget = quick ? 0.3 : 2;
  const reference = {};
  const rates = {};
  const measureMode = (mode) => async (peer) => {
    await peer.activate();
    const lib = peer.lib;
    const model = buildModel(lib, { sizes, hidden, last, loss, optimizer, runEagerly: mode === 'fitEager' });
    const { x, y } = makeData(lib, samples, sizes[0], sizes[sizes.length - 1], loss !== 'meanSquaredError');
    try {
      // Same weights and data everywhere: the loss of the first batch must agree.
      const xb = lib.slice(x, [0, 0], [batch, sizes[0]]);
      const yb = lib.slice(y, [0, 0], [batch, sizes[sizes.length - 1]]);
      const l0 = lib.tidy(() => lossFn(lib, loss)(yb, model.predict(xb)));
      const first = l0.dataSync()[0];
      lib.dispose([l0]);
      reference.value ??= { peer: peer.name, first };
      const err = Math.abs(first - reference.value.first) / Math.max(Math.abs(reference.value.first), 1e-6);
      if (!(err <= 1e-3)) throw new Error(`first-batch loss ${first} differs from ${reference.value.peer}'s ${reference.value.first}`);
      let run;
      if (mode === 'fit' || mode === 'fitEager') {
        run = () => model.fit(x, y, { epochs: 1, batchSize: batch, verbose: 0 });
      } else {
        const step = customStep(lib, model, loss, mode === 'loopCompiled' && isTensorpad(lib));
        const batches = [];
        for (let s = 0; s < stepsPerEpoch; s++)
          batches.push([lib.slice(x, [s * batch, 0], [batch, sizes[0]]), lib.slice(y, [s * batch, 0], [batch, sizes[sizes.length - 1]])]);
        run = async () => {
          let out = null;
          for (const [bx, by] of batches) {
            out?.dispose();
            out = step(bx, by);
          }
          out.dataSync();
          out.dispose();
        };
      }
      const work = unit === 'samples' ? samples : stepsPerEpoch;
      const rate = await bestRate(run, work, budget);
      rates[`${mode}:${peer.name}`] = rate;
      lib.dispose([xb, yb]);
      return rate;
    } finally {
      lib.dispose([x, y]);
      model.dispose?.();
    }
  };
  const u = unit === 'samples' ? 'samples/s' : 'steps/s';
  return { rates, cases: [
    { label: `fit, ${u}`, measure: measureMode('fit') },
    { label: `fit runEagerly, ${u}`, measure: measureMode('fitEager') },
    { label: `loop eager, ${u}`, measure: measureMode('loop') },
    { label: `loop tp.function, ${u}`, measure: measureMode('loopCompiled') },
  ] };
}

export const title = 'MLP 784-256-128-10 training, relu, softmax cross-entropy, Adam, batch 128 (TF.js: tfjs-layers fit / minimize loop; runEagerly and tp.function rows rerun TF.js as is)';

const SPEC = {
  sizes: [784, 256, 128, 10], hidden: 'relu', last: 'softmax', loss: 'categoricalCrossentropy',
  optimizer: ['adam', 1e-3], batch: 128, stepsPerEpoch: 16, unit: 'samples',
};

/** Exact matmul flops of one step: forward x@W per layer, dW per layer, dX for all but the first. */
export function stepMatmulFlops(sizes, batch) {
  let flops = 0;
  for (let i = 0; i + 1 < sizes.length; i++) {
    const mk = 2 * batch * sizes[i] * sizes[i + 1];
    flops += mk * (i === 0 ? 2 : 3);
  }
  return flops;
}

export function* cases(opts) {
  const { rates, cases: list } = trainingCases(SPEC, opts);
  yield* list;
  const flops = stepMatmulFlops(SPEC.sizes, SPEC.batch);
  yield {
    label: 'fit step, matmul GFLOP/s',
    measure: async (peer) => {
      const r = rates[`fit:${peer.name}`];
      if (r === undefined) throw new Error('the fit row failed');
      return ((r / SPEC.batch) * flops) / 1e9;
    },
  };
  yield {
    label: 'matMul NN n=512, GFLOP/s',
    measure: async (peer) => {
      await peer.activate();
      const lib = peer.lib;
      const n = 512;
      const a = lib.tensor(randomData(n * n, 1), [n, n]);
      const b = lib.tensor(randomData(n * n, 2), [n, n]);
      try {
        return (2 * n ** 3) / secondsPerCall(lib, () => lib.matMul(a, b, false, false), { budget: opts.quick ? 0.3 : 0.6 }) / 1e9;
      } finally {
        lib.dispose([a, b]);
      }
    },
  };
}
