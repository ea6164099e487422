// Dispatch-bound training: a TF-Playground-size network 2-8-8-1 (tanh, MSE, SGD, batch 32), steps
// per second for model.fit compiled and eager and for custom loops, against TF.js (tfjs-layers fit
// and an optimizer.minimize loop). Per step the work is tiny, so this measures per-op overhead.
//
//   node bench/run.mjs tiny [--quick]
import { performance } from 'node:perf_hooks';
import { bestRate, buildModel, makeData, trainingCases } from './mlp.mjs';

export const title = 'Tiny network 2-8-8-1 training, tanh, MSE, SGD, batch 32, steps/s (TF.js: tfjs-layers fit / minimize loop)';

const SPEC = {
  sizes: [2, 8, 8, 1], hidden: 'tanh', last: 'linear', loss: 'meanSquaredError',
  optimizer: ['sgd', 0.03], batch: 32, stepsPerEpoch: 50, unit: 'steps',
};

export function* cases(opts) {
  yield* trainingCases(SPEC, opts).cases;
  yield {
    // A tp.data pipeline of batches: automatic chunks join equal batches into one engine call;
    // stepsPerExecution 1 (one call per batch, as every batch ran before chunking) is printed beside.
    label: 'fitDataset batch 32, 50 batches per epoch, steps/s',
    peers: ['tensorpad'],
    measure: async (peer) => {
      const lib = peer.lib;
      const { x, y } = makeData(lib, SPEC.batch * SPEC.stepsPerEpoch, 2, 1, false);
      const ds = lib.data.fromTensorSlices({ xs: x, ys: y }).batch(SPEC.batch);
      const rate = async (stepsPerExecution) => {
        const model = buildModel(lib, SPEC);
        model.compile({ optimizer: lib.train.sgd(SPEC.optimizer[1]), loss: SPEC.loss, stepsPerExecution });
        return bestRate(() => model.fitDataset(ds, { epochs: 1, verbose: 0 }), SPEC.stepsPerEpoch, opts.quick ? 0.5 : 2);
      };
      try {
        const one = await rate(1);
        const auto = await rate('auto');
        console.log(`  fitDataset: ${Math.round(one)} steps/s with one batch per engine call, ${Math.round(auto)} chunked (${(auto / one).toFixed(2)}x)`);
        return auto;
      } finally {
        lib.dispose([x, y]);
      }
    },
  };
  yield {
    label: 'fit batch 10, 10,000 steps in one fit, steps/s',
    peers: ['tensorpad'],
    measure: async (peer) => {
      const lib = peer.lib;
      const model = buildModel(lib, { ...SPEC, batch: 10 });
      const { x, y } = makeData(lib, 500, 2, 1, false);
      try {
        await model.fit(x, y, { epochs: 20, batchSize: 10, verbose: 0 }); // warm-up and trace
        const { engine } = await import('../dist/engine/engine.js');
        const heap = () => engine().module.HEAPF64.buffer.byteLength;
        const m0 = lib.memory();
        const h0 = heap();
        const t0 = performance.now();
        await model.fit(x, y, { epochs: 200, batchSize: 10, verbose: 0 });
        const s = (performance.now() - t0) / 1e3;
        const m1 = lib.memory();
        console.log(`  10,000 steps: tp.memory() tensors ${m0.numTensors} -> ${m1.numTensors}, bytes ${m0.numBytes} -> ${m1.numBytes}, WASM heap ${h0} -> ${heap()} bytes`);
        if (m1.numTensors > m0.numTensors || m1.numBytes > m0.numBytes || heap() > h0) throw new Error('memory grew over 10,000 steps');
        return 10000 / s;
      } finally {
        lib.dispose([x, y]);
      }
    },
  };
}

// The visual playground's setting (batch 10) as one long fit of 10,000 steps: steps/s, and the
// engine's memory before and after (tp.memory() and the WASM heap) must not grow.
