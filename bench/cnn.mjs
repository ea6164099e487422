// Training throughput of a LeNet-style CNN on 28x28 digits (the 10,000 of tp.datasets.mnist, read
// from the build's asset): conv 6@5x5 same + relu, max-pool 2, conv 16@5x5 + relu, max-pool 2,
// dense 120 relu, dense 84 relu, dense 10 softmax; categorical cross-entropy, Adam, batch 64,
// model.fit. Every peer starts from the same weights and the first batch's loss must agree.
// TF.js's wasm backend cannot train conv nets (no Conv2DBackpropFilter kernel), so the ratio is
// against tfjs-cpu, the backend TF.js users train conv nets with outside WebGL/WebGPU/Node
// bindings. Then a long fit (tensorpad only) with the WASM heap and live tensors before and after.
//
//   node bench/run.mjs cnn [--quick]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { unzlibSync } from 'fflate';
import { setFixedWeights } from './data.mjs';
import { isTensorpad, tfjsLayers } from './mlp.mjs';

export const title = 'LeNet-style CNN training on 28x28 digits, Adam, batch 64, model.fit, samples/s (TF.js: tfjs-layers fit; its wasm backend cannot train conv nets)';
/** tfjs-wasm has no conv backprop kernels: the ratio column compares with the cpu backend. */
export const ratio = ['tensorpad', 'tfjs-cpu'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BATCH = 64;

// The digits asset (scripts/mnist_asset.mjs): zlib('TPD1', n u32le, rows, cols, labels, pixels).
function digits(count) {
  const raw = unzlibSync(readFileSync(path.join(root, 'dist', 'datasets', 'data', 'mnist_digits.bin')));
  const n = new DataView(raw.buffer, raw.byteOffset).getUint32(4, true);
  // Interleave the classes (the asset is in class order): take every (n / count)-th image.
  const step = Math.floor(n / count);
  const x = new Float32Array(count * 784);
  const y = new Float32Array(count * 10);
  for (let i = 0; i < count; i++) {
    const k = (i * step + Math.floor(i / (n / step))) % n;
    for (let p = 0; p < 784; p++) x[i * 784 + p] = raw[10 + n + k * 784 + p] / 255;
    y[i * 10 + raw[10 + k]] = 1;
  }
  return { x, y };
}

const LAYERS = [
  ['conv2d', { filters: 6, kernelSize: 5, padding: 'same', activation: 'relu', inputShape: [28, 28, 1] }],
  ['maxPooling2d', { poolSize: 2 }],
  ['conv2d', { filters: 16, kernelSize: 5, activation: 'relu' }],
  ['maxPooling2d', { poolSize: 2 }],
  ['flatten', {}],
  ['dense', { units: 120, activation: 'relu' }],
  ['dense', { units: 84, activation: 'relu' }],
  ['dense', { units: 10, activation: 'softmax' }],
];

function buildModel(lib) {
  const layers = isTensorpad(lib) ? lib.layers : tfjsLayers().layers;
  const seq = isTensorpad(lib) ? lib.sequential : tfjsLayers().sequential;
  const model = seq({ layers: LAYERS.map(([name, args]) => layers[name](args)) });
  setFixedWeights(lib, model);
  model.compile({ optimizer: lib.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  return model;
}

// Steady-state samples/s inside one fit call: from the end of its first batch to the end of its
// last, so neither library's per-call setup (tracing, data checks) counts. Best of `runs` calls.
async function fitRate(lib, model, x, y, epochs, runs) {
  let best = 0;
  for (let r = 0; r < runs; r++) {
    const ends = [];
    await model.fit(x, y, { epochs, batchSize: BATCH, verbose: 0, callbacks: [{ onBatchEnd: async () => void ends.push(performance.now()) }] });
    best = Math.max(best, ((ends.length - 1) * BATCH) / ((ends.at(-1) - ends[0]) / 1e3));
  }
  return best;
}

async function wasmHeapBytes() {
  const { engine } = await import(pathToFileURL(path.join(root, 'dist', 'engine', 'engine.js')).href);
  return engine().module.HEAPF64.buffer.byteLength;
}

export function* cases({ quick }) {
  // The rate is timed over epochs of 2 batches; the long run goes over 16 batches per epoch.
  const steps = quick ? 4 : 16;
  const samples = BATCH * steps;
  const data = digits(samples);
  const rateSamples = BATCH * 2;
  const reference = {};
  yield {
    label: `fit, samples/s`,
    measure: async (peer) => {
      await peer.activate();
      const lib = peer.lib;
      const model = buildModel(lib);
      const x = lib.tensor(data.x.subarray(0, rateSamples * 784), [rateSamples, 28, 28, 1]);
      const y = lib.tensor(data.y.subarray(0, rateSamples * 10), [rateSamples, 10]);
      try {
        const first = lib.tidy(() => {
          const xb = lib.slice(x, [0, 0, 0, 0], [BATCH, 28, 28, 1]);
          const yb = lib.slice(y, [0, 0], [BATCH, 10]);
          const p = model.predict(xb);
          return lib.mean(lib.neg(lib.sum(lib.mul(yb, lib.log(p)), -1)));
        });
        const l0 = first.dataSync()[0];
        first.dispose();
        reference.value ??= { peer: peer.name, l0 };
        const err = Math.abs(l0 - reference.value.l0) / Math.max(Math.abs(reference.value.l0), 1e-6);
        if (!(err <= 1e-3)) throw new Error(`first-batch loss ${l0} differs from ${reference.value.peer}'s ${reference.value.l0}`);
        // tfjs-cpu takes seconds per batch: fewer batches for it.
        const tp = isTensorpad(lib);
        return await fitRate(lib, model, x, y, tp ? (quick ? 4 : 16) : quick ? 1 : 2, tp ? 3 : 1);
      } finally {
        lib.dispose([x, y]);
        model.dispose?.();
      }
    },
  };
  yield {
    label: `long fit: heap MB before`,
    peers: ['tensorpad'],
    measure: async (peer) => {
      const lib = peer.lib;
      const model = buildModel(lib);
      const x = lib.tensor(data.x, [samples, 28, 28, 1]);
      const y = lib.tensor(data.y, [samples, 10]);
      try {
        await model.fit(x, y, { epochs: 2, batchSize: BATCH, verbose: 0 });
        const before = { heap: await wasmHeapBytes(), ...lib.memory() };
        const epochs = quick ? 10 : 60;
        await model.fit(x, y, { epochs, batchSize: BATCH, verbose: 0 });
        const after = { heap: await wasmHeapBytes(), ...lib.memory() };
        reference.memory = { before, after, epochs };
        console.log(
          `   (${epochs} epochs, ${epochs * steps} steps: WASM heap ${(before.heap / 2 ** 20).toFixed(1)} -> ${(after.heap / 2 ** 20).toFixed(1)} MB, ` +
            `live tensors ${before.numTensors} -> ${after.numTensors}, live bytes ${before.numBytes} -> ${after.numBytes})`,
        );
        if (after.heap > before.heap || after.numTensors !== before.numTensors || after.numBytes !== before.numBytes)
          throw new Error(`memory grew over the long run: heap ${before.heap} -> ${after.heap} bytes, ${before.numTensors} -> ${after.numTensors} tensors, ${before.numBytes} -> ${after.numBytes} live bytes`);
        return before.heap / 2 ** 20;
      } finally {
        lib.dispose([x, y]);
      }
    },
  };
  yield {
    label: `long fit: heap MB after`,
    peers: ['tensorpad'],
    measure: async () => {
      if (!reference.memory) throw new Error('the long fit failed');
      return reference.memory.after.heap / 2 ** 20;
    },
  };
}
