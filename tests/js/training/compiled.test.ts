// The compiled training step: one call into WASM per batch, one trace per batch shape.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { addOpObserver } from '../../../web/src/engine/run_op.js';
import { compiledState } from '../../../web/src/training/compile.js';
import { runTrainStep, trainFunction, type Layout } from '../../../web/src/training/steps.js';
import { mlp } from './helpers.js';

await tp.ready();

describe('compiled steps', () => {
  test('a compiled train step (forward, loss, regularization, backward, clipping, update, constraints, metrics) runs no JS op', async () => {
    const m = tp.sequential({
      layers: [
        tp.layers.dense({ units: 8, activation: 'relu', inputShape: [3], kernelRegularizer: tp.regularizers.l2({ l2: 0.01 }), kernelConstraint: tp.constraints.nonNeg() }),
        tp.layers.dense({ units: 2, activation: 'softmax' }),
      ],
    });
    m.compile({ optimizer: new tp.optimizers.Adam({ learningRate: 0.01, clipnorm: 1 }), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const x = tp.randomNormal([32, 3], 0, 1, 'float32', 1);
    const y = tp.tensor1d(Array.from({ length: 32 }, (_, i) => i % 2));
    await m.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0 }); // traces
    const state = compiledState(m, 'test');
    // fit passes the whole set and the batch's row indices; the step gathers the batch itself.
    const layout: Layout = { nx: 1, xArray: false, ny: 1, hasWeights: false, indexed: true };
    const idx = tp.tensor(Int32Array.from({ length: 32 }, (_, i) => 31 - i), [32], 'int32');
    let calls = 0;
    const off = addOpObserver(() => calls++);
    let figures: Float32Array | Float64Array;
    try {
      figures = runTrainStep(m, state, layout, [x, y, idx]);
    } finally {
      off();
    }
    expect(calls).toBe(0);
    expect(figures.length).toBe(2); // loss, accuracy
    const c = trainFunction(m, state, layout).getConcreteFunction(x, y, idx);
    expect(c.lastRunKernels).toBeGreaterThan(10);
    // The constraint ran inside the graph: kernels stay non-negative.
    expect(Math.min(...Array.from(m.getWeights()[0]!.dataSync()))).toBeGreaterThanOrEqual(0);
  });

  test('one trace per batch shape: the partial last batch traces once, epochs do not retrace', async () => {
    const m = mlp([3, 4, 1], { seed: 1 });
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const x = tp.randomNormal([50, 3], 0, 1, 'float32', 2);
    const y = tp.randomNormal([50, 1], 0, 1, 'float32', 3);
    await m.fit(x, y, { epochs: 5, batchSize: 16, verbose: 0, validationData: [x, y] });
    const state = compiledState(m, 'test');
    const layout: Layout = { nx: 1, xArray: false, ny: 1, hasWeights: false, indexed: true };
    expect(trainFunction(m, state, layout).traceCount).toBe(2); // batches of 16 and the last of 2
    await m.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0 });
    expect(trainFunction(m, state, layout).traceCount).toBe(2);
  });

  test('fit runs no JS op per batch: batch selection is inside the compiled step', async () => {
    const m = mlp([3, 4, 1], { seed: 1 });
    m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
    const opsOfFit = async (samples: number) => {
      const x = tp.randomNormal([samples, 3], 0, 1, 'float32', 2);
      const y = tp.randomNormal([samples, 1], 0, 1, 'float32', 3);
      await m.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 }); // traces
      let calls = 0;
      const off = addOpObserver(() => calls++);
      try {
        await m.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
      } finally {
        off();
      }
      return calls;
    };
    const few = await opsOfFit(8 * 5);
    const many = await opsOfFit(8 * 40);
    expect(many).toBe(few); // per epoch only (the shuffle's random draw, metric resets)
  });

  test('runEagerly runs each op from JS (no compiled function)', async () => {
    const m = mlp([3, 4, 1], { seed: 1 });
    m.compile({ optimizer: 'sgd', loss: 'mse', runEagerly: true });
    const x = tp.randomNormal([8, 3], 0, 1, 'float32', 2);
    const y = tp.randomNormal([8, 1], 0, 1, 'float32', 3);
    let calls = 0;
    const off = addOpObserver(() => calls++);
    try {
      m.trainOnBatch(x, y);
    } finally {
      off();
    }
    expect(calls).toBeGreaterThan(10);
    expect(compiledState(m, 'test').functions.size).toBe(0);
  });
});
