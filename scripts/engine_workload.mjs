// What the engine's first module must hold (scripts/split_engine.mjs runs this on an instrumented
// engine, under engine_workload_hooks.mjs): the playground's networks as its worker trains them,
// the benchmarks' tensorpad cases, fit/evaluate/predict of the layer kinds a page builds, and
// the engine queries a page makes. Writes the profile to TP_PROFILE_OUT.
// TP_WORKLOAD, a comma list of the parts at the end, runs those instead; 'notebooks' (every
// notebook of the course, cell by cell as the notebook page runs them, long training cells
// stopped after a few seconds as a user's Stop does) is not a default part: the course's other
// ops took the single-thread first module from 183 to 197 KiB and the threaded one past 200,
// and a notebook's first cell runs after the rest has loaded in the background (or loads it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tp = await import('../web/src/index.js');
const { fromIpynb } = await import('../web/app/notebook.ts');
const { startKernel } = await import('../web/src/worker/kernel.js');
const { engine } = await import('../web/src/engine/engine.js');
await tp.ready();
const log = (text) => process.stderr.write(`${text}\n`);
const CELL_SECONDS = 4;

// The course, in process: a kernel on a port whose messages stay here.
async function runNotebooks() {
  const listeners = [];
  const pending = new Map();
  const port = {
    post(message) {
      if (message.type === 'result') pending.get(message.id)?.(message.result);
      else if (message.type === 'fatal') throw new Error(message.message);
    },
    listen(handler) {
      listeners.push(handler);
    },
  };
  startKernel(port, tp);
  const send = (m) => listeners.forEach((h) => h(m));
  send({ type: 'init' });
  let id = 0;
  const run = (code) =>
    new Promise((resolve) => {
      const mine = ++id;
      const stop = setTimeout(() => send({ type: 'interrupt' }), CELL_SECONDS * 1000);
      pending.set(mine, (r) => {
        clearTimeout(stop);
        resolve(r);
      });
      send({ type: 'run', id: mine, code });
    });
  await run('tp.summary.setDefaultStorage(new tp.summary.MemoryStorage());');
  const dir = path.join(REPO, 'examples');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort()) {
    const { notebook } = fromIpynb(fs.readFileSync(path.join(dir, file), 'utf8'));
    let failed = 0;
    for (const cell of notebook.cells.filter((c) => c.type === 'code')) {
      const r = await run(cell.source);
      if (!r.ok && r.error.name !== 'InterruptedError') failed++;
    }
    log(`  ${file}${failed ? ` (${failed} cells failed)` : ''}`);
  }
}

// The benchmarks' tensorpad cases, once each.
async function runBenchmarks() {
  const peer = { name: 'tensorpad', lib: tp, version: '', activate: async () => undefined };
  for (const suite of ['tiny', 'mlp', 'elementwise', 'matmul', 'conv', 'tape']) {
    const mod = await import(`../bench/${suite}.mjs`);
    for (const c of mod.cases({ quick: true, budget: 0.05 })) {
      if (c.peers && !c.peers.includes('tensorpad')) continue;
      // Cases that read the built library's own state (dist/) are left out: it need not exist
      // yet (a fresh clone), or it is another engine instance than this one.
      if (c.measure) {
        await c.measure(peer).catch((e) => {
          const distMissing = e.code === 'ERR_MODULE_NOT_FOUND' && /\/dist\//.test(e.message);
          if (!distMissing && !/not ready yet/.test(e.message)) throw e;
        });
        continue;
      }
      const inputs = c.setup(tp);
      const out = c.run(tp, inputs);
      out.dataSync();
      tp.dispose([out, ...inputs]);
    }
    log(`  bench/${suite}`);
  }
}

// Layer kinds of the playground and the Keras-style API, trained with fit.
async function runLayers() {
  const x = tp.randomNormal([64, 8, 8, 1], 0, 1, 'float32', 1);
  const y = tp.oneHot(tp.tensor(Array.from({ length: 64 }, (_, i) => i % 4), undefined, 'int32'), 4);
  const model = tp.sequential({
    layers: [
      tp.layers.conv2d({ inputShape: [8, 8, 1], filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }),
      tp.layers.batchNormalization(),
      tp.layers.maxPooling2d({ poolSize: 2 }),
      tp.layers.averagePooling2d({ poolSize: 2 }),
      tp.layers.flatten(),
      tp.layers.dropout({ rate: 0.2 }),
      tp.layers.dense({ units: 8, activation: 'tanh' }),
      tp.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  for (const optimizer of ['sgd', 'adam', 'rmsprop', 'adagrad']) {
    model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
    await model.fit(x, y, { epochs: 2, batchSize: 16, validationSplit: 0.25, verbose: 0 });
  }
  model.evaluate(x, y);
  model.predict(x).dataSync();
  // Custom training steps, eager and compiled (tp.function), with the losses' logits forms.
  const w = tp.variable(tp.randomNormal([3, 3, 1, 4], 0, 0.1, 'float32', 2));
  const v = tp.variable(tp.randomNormal([16, 4], 0, 0.1, 'float32', 3));
  const labels = tp.tensor(Array.from({ length: 64 }, (_, i) => i % 4), undefined, 'int32');
  const logits = (xb) => tp.matMul(tp.maxPool(tp.relu(tp.conv2d(xb, w, 1, 'same')), 2, 2, 'valid').reshape([-1, 4 * 4 * 4]).slice([0, 0], [-1, 16]), v);
  const losses = [
    (yb, z) => tp.mean(tp.losses.categoricalCrossentropy(yb, z, true)),
    (yb, z) => tp.mean(tp.losses.sparseCategoricalCrossentropy(labels, z, true)),
    (yb, z) => tp.mean(tp.losses.meanSquaredError(yb, tp.softmax(z))),
    (yb, z) => tp.mean(tp.losses.binaryCrossentropy(yb, z, true)),
  ];
  for (const lossOf of losses) {
    for (const optimizer of [tp.train.sgd(0.01), tp.train.adam(0.01)]) {
      const step = (xb, yb) => {
        const tape = new tp.GradientTape();
        const loss = tape.record(() => lossOf(yb, logits(xb)));
        const grads = tape.gradient(loss, [w, v]);
        optimizer.applyGradients(grads.map((g, i) => [g, [w, v][i]]));
        return loss;
      };
      const compiled = tp.function(step);
      for (let i = 0; i < 2; i++) {
        tp.dispose(tp.tidy(() => step(x, y)));
        tp.dispose(compiled(x, y));
      }
      optimizer.minimize(() => lossOf(y, logits(x)));
    }
  }
  log('  layers');
}

// The playground's networks (web/app/playground_model.ts) as its worker trains and draws them:
// each activation, regularization and optimizer, with and without batch norm, both problems.
async function runPlayground() {
  const { buildModel } = await import('../web/app/playground_model.ts');
  const { defaultState } = await import('../web/app/playground_state.ts');
  const settings = [
    { activation: 'tanh', regularization: 'none', optimizer: 'sgd', problem: 'classification', batchNorm: false },
    { activation: 'relu', regularization: 'L1', optimizer: 'momentum', problem: 'regression', batchNorm: true },
    { activation: 'sigmoid', regularization: 'L2', optimizer: 'adam', problem: 'classification', batchNorm: false },
    { activation: 'linear', regularization: 'L2', optimizer: 'sgd', problem: 'regression', batchNorm: true },
  ];
  for (const change of settings) {
    const state = { ...defaultState(), ...change, regularizationRate: 0.001 };
    const net = buildModel(state);
    const features = net.model.inputs[0].shape[1];
    const x = tp.randomUniform([10, features], -6, 6, 'float32', 5);
    const y = tp.randomUniform([10, 1], 0, 1, 'float32', 6).round();
    for (let i = 0; i < 5; i++) net.model.trainOnBatch(x, y);
    tp.dispose(net.model.predict(x, { batchSize: 4096 }));
    tp.dispose(net.probe.predict(x, { batchSize: 100 }));
    tp.dispose([x, y]);
  }
  log('  playground');
}

// What a page asks of the engine itself.
function runEngineQueries() {
  tp.engineInfo();
  tp.memory();
  tp.setThreadsCount(tp.getThreadsCount());
}

// The kernel takes over uncaught errors (they go to its cells): report ours here.
const PARTS = { engine: runEngineQueries, playground: runPlayground, notebooks: runNotebooks, benchmarks: runBenchmarks, layers: runLayers };
const chosen = process.env.TP_WORKLOAD ? process.env.TP_WORKLOAD.split(',') : ['engine', 'playground', 'benchmarks', 'layers'];
try {
  for (const part of chosen) {
    if (!PARTS[part]) throw new Error(`TP_WORKLOAD: no part '${part}' (parts: ${Object.keys(PARTS).join(', ')})`);
    await PARTS[part]();
  }
} catch (e) {
  log(`the workload failed: ${e?.stack ?? e}`);
  process.exit(1);
}

const m = engine().module;
const size = 1 << 20;
const at = m._malloc(size);
const written = m.asm.__write_profile(at, size);
fs.writeFileSync(process.env.TP_PROFILE_OUT, m.HEAPU8.slice(at, at + written));
process.exit(0);
