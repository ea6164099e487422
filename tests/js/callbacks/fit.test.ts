// Callbacks inside real model.fit runs.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { pythonFloatRepr } from '../../../web/src/callbacks/python_format.js';
import { allWeights, smallModel } from './helpers.js';

await tp.ready();

const X = [[0, 1, 2], [1, 0, 1], [2, 2, 0], [1, 1, 1], [0, 0, 1], [2, 1, 0]];
const Y = [[1], [0], [2], [1], [0], [1]];

function linear(): tp.Sequential {
  return tp.sequential({ layers: [tp.layers.dense({ units: 1, inputShape: [3], kernelInitializer: tp.initializers.glorotUniform({ seed: 9 }) })] });
}

describe('callbacks in fit', () => {
  test('EarlyStopping stops a diverging run after `patience` epochs and restores epoch 0', async () => {
    const model = linear();
    // A learning rate far above 2 / (largest curvature): every epoch makes the loss worse.
    model.compile({ optimizer: new tp.optimizers.SGD({ learningRate: 0.5 }), loss: 'mse' });
    const snapshots: number[][] = [];
    const record = tp.callbacks.lambda({ onEpochEnd: () => { snapshots.push(allWeights(model)); } });
    const stop = tp.callbacks.earlyStopping({ monitor: 'loss', patience: 2, restoreBestWeights: true });
    const h = await model.fit(tp.tensor(X), tp.tensor(Y), { epochs: 20, batchSize: 6, verbose: 0, callbacks: [record, stop] });
    expect(h.epoch).toEqual([0, 1, 2]);
    expect(h.history.loss![1]! > h.history.loss![0]! && h.history.loss![2]! > h.history.loss![1]!).toBe(true);
    expect(stop.stoppedEpoch).toBe(2);
    expect(allWeights(model)).toEqual(snapshots[0]);
  });

  test('ModelCheckpoint names from the History; the last checkpoint predicts like the model', async () => {
    const model = smallModel();
    model.compile({ optimizer: new tp.optimizers.SGD({ learningRate: 0.05 }), loss: 'mse' });
    const ckpt = tp.callbacks.modelCheckpoint({ filepath: 'memory://fit-{epoch:02d}-{loss:.3f}' });
    const h = await model.fit(tp.tensor(X), tp.tensor(Y), { epochs: 3, batchSize: 3, verbose: 0, callbacks: [ckpt] });
    expect(ckpt.saved).toEqual(h.history.loss!.map((l, i) => `memory://fit-0${i + 1}-${l.toFixed(3)}`));
    const last = await tp.io.loadLayersModel(ckpt.saved[2]!);
    const p = (m: tp.Model) => tp.tidy(() => Array.from((m.predict(tp.tensor(X)) as tp.Tensor).dataSync()));
    expect(p(last)).toEqual(p(model));
  });

  test("ReduceLROnPlateau's lr reaches the History; a scheduled rate of 0 freezes the compiled step", async () => {
    const model = smallModel();
    model.compile({ optimizer: new tp.optimizers.SGD({ learningRate: 0.08 }), loss: 'mse' });
    // minDelta 10: no epoch after the first counts as better, so with patience 0 each one halves the rate.
    const h = await model.fit(tp.tensor(X), tp.tensor(Y), {
      epochs: 4, batchSize: 6, verbose: 0, callbacks: [tp.callbacks.reduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 0, minDelta: 10 })],
    });
    // (The rate lives in a float32 variable: compare to float32 precision.)
    expect(h.history.lr).toHaveLength(4);
    [0.08, 0.08, 0.04, 0.02].forEach((lr, i) => expect(h.history.lr![i]!).toBeCloseTo(lr, 8));

    const frozen = smallModel();
    frozen.compile({ optimizer: new tp.optimizers.SGD({ learningRate: 0.1 }), loss: 'mse' });
    let afterFirst: number[] = [];
    await frozen.fit(tp.tensor(X), tp.tensor(Y), {
      epochs: 3, batchSize: 2, verbose: 0,
      callbacks: [
        tp.callbacks.learningRateScheduler((epoch, lr) => (epoch === 0 ? lr : 0)),
        tp.callbacks.lambda({ onEpochEnd: (e) => { if (e === 0) afterFirst = allWeights(frozen); } }),
      ],
    });
    expect(afterFirst).not.toEqual([]);
    expect(allWeights(frozen)).toEqual(afterFirst);
  });

  test('CSVLogger rows equal the History; custom subclasses and lambdas see every epoch', async () => {
    const model = smallModel();
    model.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
    const storage = new tp.summary.MemoryStorage();
    class Counter extends tp.callbacks.Callback {
      batches = 0;
      epochs: number[] = [];
      override onBatchEnd(): void { this.batches++; }
      override onEpochEnd(epoch: number): void { this.epochs.push(epoch); }
    }
    const counter = new Counter();
    const h = await model.fit(tp.tensor(X), tp.tensor(Y), {
      epochs: 3, batchSize: 4, verbose: 0, validationData: [tp.tensor(X), tp.tensor(Y)],
      callbacks: [tp.callbacks.csvLogger('log.csv', { storage }), counter],
    });
    const text = new TextDecoder().decode(await storage.read('log.csv'));
    const keys = ['loss', 'mae', 'val_loss', 'val_mae'];
    const want = ['epoch,' + keys.join(','), ...h.epoch.map((e, i) => [String(e), ...keys.map((k) => pythonFloatRepr(h.history[k]![i]!))].join(','))].join('\r\n') + '\r\n';
    expect(text).toBe(want);
    expect(counter.epochs).toEqual([0, 1, 2]);
    expect(counter.batches).toBe(6); // 2 batches (4 + 2 samples) per epoch
  });

  test('a fit with every callback leaves the tensor count flat', async () => {
    const model = smallModel();
    model.compile({ optimizer: new tp.optimizers.SGD({ learningRate: 0.05 }), loss: 'mse' });
    const storage = new tp.summary.MemoryStorage();
    const callbacks = () => [
      tp.callbacks.earlyStopping({ monitor: 'val_loss', patience: 50, restoreBestWeights: true }),
      tp.callbacks.modelCheckpoint({ filepath: 'memory://flat', saveBestOnly: true }),
      tp.callbacks.reduceLROnPlateau({ patience: 1 }),
      tp.callbacks.terminateOnNaN(),
      tp.callbacks.csvLogger('flat.csv', { storage }),
      tp.callbacks.tensorBoard({ logDir: 'flat', histogramFreq: 1, updateFreq: 'batch', storage }),
    ];
    const x = tp.tensor(X);
    const y = tp.tensor(Y);
    await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0, validationData: [x, y], callbacks: callbacks() });
    const before = tp.memory().numTensors;
    await model.fit(x, y, { epochs: 6, batchSize: 2, verbose: 0, validationData: [x, y], callbacks: callbacks() });
    expect(tp.memory().numTensors).toBe(before);
  });
});
