import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { smallModel } from './helpers.js';

await tp.ready();

const f = Math.fround;
const pts = (s: tp.summary.ScalarPoint[] | undefined) => (s ?? []).map((p) => [p.step, p.value]);

describe('TensorBoard callback', () => {
  test('scripted run: runs, tags, steps and values as Keras writes them', async () => {
    const storage = new tp.summary.MemoryStorage();
    const model = smallModel();
    model.compile({ optimizer: new tp.optimizers.SGD({ learningRate: 0.25 }), loss: 'mse' });
    const tb = tp.callbacks.tensorBoard({ logDir: 'logs/run', histogramFreq: 2, updateFreq: 2, storage });
    tb.setModel(model);
    await tb.onTrainBegin();
    const epochLogs = [
      { loss: 0.9, mae: 0.7, val_loss: 1.1, val_mae: 0.8 },
      { loss: 0.6, mae: 0.5, val_loss: 0.9, val_mae: 0.6 },
      { loss: 0.4, mae: 0.3, val_loss: 0.8, val_mae: 0.55 },
    ];
    let k = 0;
    for (const [epoch, logs] of epochLogs.entries()) {
      await tb.onEpochBegin(epoch);
      for (let b = 0; b < 3; b++) {
        await tb.onBatchBegin(b, { batch: b, size: 4 });
        await tb.onBatchEnd(b, { batch: b, size: 4, loss: 10 + k++ });
      }
      await tb.onEpochEnd(epoch, { ...logs });
    }
    await tb.onTrainEnd();

    const { runs } = await tp.summary.loadLogdir(storage, 'logs/run');
    expect(Object.keys(runs).sort()).toEqual(['train', 'validation']);
    const train = runs.train!;
    const val = runs.validation!;
    expect(pts(train.scalars.epoch_loss)).toEqual(epochLogs.map((l, i) => [i, f(l.loss)]));
    expect(pts(train.scalars.epoch_mae)).toEqual(epochLogs.map((l, i) => [i, f(l.mae)]));
    expect(pts(train.scalars.epoch_learning_rate)).toEqual([[0, 0.25], [1, 0.25], [2, 0.25]]);
    // Validation figures lose their val_ prefix, under the same epoch_ tags, in their own run.
    expect(pts(val.scalars.epoch_loss)).toEqual(epochLogs.map((l, i) => [i, f(l.val_loss)]));
    expect(pts(val.scalars.epoch_mae)).toEqual(epochLogs.map((l, i) => [i, f(l.val_mae)]));
    expect(Object.keys(val.scalars).sort()).toEqual(['epoch_loss', 'epoch_mae']);
    // updateFreq 2: global batches 2, 4, 6, 8 (1-based); 'batch' and 'size' are not figures.
    expect(pts(train.scalars.batch_loss)).toEqual([[2, 11], [4, 13], [6, 15], [8, 17]]);
    expect(train.scalars.batch_size).toBeUndefined();
    // histogramFreq 2: epochs 0 and 2, one histogram per weight, named as Keras names them.
    const [l0, l1] = model.layers.map((l) => l.name) as [string, string]; // 'dense', 'dense_1' when run first
    expect(Object.keys(train.histograms).sort()).toEqual([`${l0}/bias_0/histogram`, `${l0}/kernel_0/histogram`, `${l1}/bias_0/histogram`, `${l1}/kernel_0/histogram`]);
    expect(train.histograms[`${l0}/kernel_0/histogram`]!.map((h) => h.step)).toEqual([0, 2]);
    const counts = train.histograms[`${l0}/kernel_0/histogram`]![0]!.buckets.reduce((n, b) => n + b[2], 0);
    expect(counts).toBe(6); // the 3x2 kernel
    // writeGraph: the Keras model config (graph_keras_model plugin) and a layer graph.
    expect(train.tags.keras?.plugin).toBe('graph_keras_model');
    const names = train.graph!.nodes.map((n) => n.name);
    expect(names).toEqual(expect.arrayContaining([`${l0}/Dense`, `${l0}/kernel`, `${l1}/Dense`]));
    expect(train.graph!.nodes.find((n) => n.name === `${l1}/Dense`)!.inputs).toEqual([`${l0}/Dense`, `${l1}/kernel`, `${l1}/bias`]);
  });

  test("updateFreq 'epoch' writes no batch_ figures; no validation figures, no validation run", async () => {
    const storage = new tp.summary.MemoryStorage();
    const tb = new tp.callbacks.TensorBoard({ logDir: 'l', writeGraph: false, storage });
    tb.setModel(smallModel());
    await tb.onTrainBegin();
    await tb.onBatchBegin(0);
    await tb.onBatchEnd(0, { loss: 1 });
    await tb.onEpochEnd(0, { loss: 0.5 });
    await tb.onTrainEnd();
    const { runs } = await tp.summary.loadLogdir(storage, 'l');
    expect(Object.keys(runs)).toEqual(['train']);
    expect(Object.keys(runs.train!.scalars)).toEqual(['epoch_loss']);
    expect(runs.train!.graph).toBeNull();
    expect(() => tp.callbacks.tensorBoard({ updateFreq: 0 })).toThrow(/updateFreq/);
  });

  test("evaluation_<name>_vs_iterations at the optimizer's step; a functional graph's edges", async () => {
    const storage = new tp.summary.MemoryStorage();
    const a = tp.input({ shape: [2], name: 'in_a' });
    const b = tp.input({ shape: [3], name: 'in_b' });
    const cat = tp.layers.concatenate({ name: 'cat' }).apply([a, b]) as tp.SymbolicTensor;
    const out = tp.layers.dense({ units: 1, name: 'head' }).apply(cat) as tp.SymbolicTensor;
    const model = tp.model({ inputs: [a, b], outputs: out });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    const tb = tp.callbacks.tensorBoard({ logDir: 'ev', storage });
    tb.setModel(model);
    await tb.onTrainBegin();
    await tb.onBatchBegin(0);
    await tb.onBatchEnd(0, { loss: 1 });
    (model.optimizer!.iterations as tp.Variable).assign(tp.scalar(7, 'int32'));
    await tb.onTestEnd({ loss: 0.25 });
    await tb.onTrainEnd();
    const { runs } = await tp.summary.loadLogdir(storage, 'ev');
    expect(pts(runs.validation!.scalars.evaluation_loss_vs_iterations)).toEqual([[7, 0.25]]);
    const g = runs.train!.graph!;
    expect(g.nodes.find((n) => n.name === 'in_a')!.op).toBe('Placeholder');
    expect(g.nodes.find((n) => n.name === 'cat/Concatenate')!.inputs).toEqual(['in_a', 'in_b']);
    expect(g.nodes.find((n) => n.name === 'head/Dense')!.inputs).toEqual(['cat/Concatenate', 'head/kernel', 'head/bias']);
  });

  test('with fit, in Node files: the written figures equal the History', async () => {
    const logDir = join(mkdtempSync(join(tmpdir(), 'tp-tb-')), 'my_logs', 'run_1');
    const model = smallModel();
    model.compile({ optimizer: new tp.optimizers.SGD({ learningRate: 0.1 }), loss: 'mse', metrics: ['mae'] });
    const x = tp.tensor([[0, 1, 2], [1, 0, 1], [2, 2, 0], [1, 1, 1], [0, 0, 1], [2, 1, 0]]);
    const y = tp.tensor([[1], [0], [2], [1], [0], [1]]);
    const h = await model.fit(x, y, {
      epochs: 4, batchSize: 2, verbose: 0, validationData: [x, y],
      callbacks: [tp.callbacks.tensorBoard({ logDir, histogramFreq: 1, updateFreq: 'batch' })],
    });
    const { runs } = await tp.summary.loadLogdir(new tp.summary.NodeFsStorage(), logDir);
    expect(pts(runs.train!.scalars.epoch_loss)).toEqual(h.history.loss!.map((v, i) => [i, f(v)]));
    expect(pts(runs.train!.scalars.epoch_mae)).toEqual(h.history.mae!.map((v, i) => [i, f(v)]));
    expect(pts(runs.validation!.scalars.epoch_loss)).toEqual(h.history.val_loss!.map((v, i) => [i, f(v)]));
    expect(pts(runs.validation!.scalars.epoch_mae)).toEqual(h.history.val_mae!.map((v, i) => [i, f(v)]));
    expect(runs.train!.scalars.epoch_learning_rate!.map((p) => p.value)).toEqual([f(0.1), f(0.1), f(0.1), f(0.1)]);
    expect(runs.train!.scalars.batch_loss!.map((p) => p.step)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const kernelTag = `${model.weights[0]!.name.replace(':', '_')}/histogram`; // e.g. 'dense_4/kernel_0/histogram'
    expect(kernelTag).toMatch(/^dense(_\d+)?\/kernel_0\/histogram$/);
    expect(runs.train!.histograms[kernelTag]!.map((p) => p.step)).toEqual([0, 1, 2, 3]);
    expect(runs.train!.graph).not.toBeNull();
  });
});
