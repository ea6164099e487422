import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { allWeights, fillWeights, smallModel } from './helpers.js';

await tp.ready();

describe('ModelCheckpoint', () => {
  test("Keras file names and saveBestOnly: saves only the epochs that improve val_loss", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-ckpt-'));
    const model = smallModel();
    const ckpt = tp.callbacks.modelCheckpoint({ filepath: join(dir, 'w.{epoch:02d}-{val_loss:.2f}'), saveBestOnly: true });
    ckpt.setModel(model);
    await ckpt.onTrainBegin();
    const losses = [0.5, 0.4, 0.45, 0.3];
    for (const [epoch, val_loss] of losses.entries()) {
      fillWeights(model, epoch);
      await ckpt.onEpochBegin(epoch);
      await ckpt.onEpochEnd(epoch, { loss: 1, val_loss });
    }
    expect(readdirSync(dir).sort()).toEqual(['w.01-0.50', 'w.02-0.40', 'w.04-0.30']);
    expect(ckpt.saved).toEqual(['w.01-0.50', 'w.02-0.40', 'w.04-0.30'].map((n) => join(dir, n)));
    expect(readdirSync(join(dir, 'w.04-0.30')).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    const best = (await tp.io.loadLayersModel(`file://${join(dir, 'w.02-0.40')}`));
    expect(new Set(allWeights(best))).toEqual(new Set([1]));
  });

  test("mode 'max' for accuracy, missing monitor saves with a warning, saveWeightsOnly to memory", async () => {
    const model = smallModel();
    const ckpt = new tp.callbacks.ModelCheckpoint({ filepath: 'memory://acc-{epoch}', monitor: 'val_accuracy', saveBestOnly: true, saveWeightsOnly: true });
    ckpt.setModel(model);
    await ckpt.onTrainBegin();
    for (const [e, val_accuracy] of [0.5, 0.4, 0.7].entries()) {
      fillWeights(model, e);
      await ckpt.onEpochEnd(e, { val_accuracy });
    }
    expect(ckpt.saved).toEqual(['memory://acc-1', 'memory://acc-3']);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await ckpt.onEpochEnd(3, { loss: 1 });
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
    expect(ckpt.saved).toHaveLength(3);
    const fresh = smallModel();
    await tp.io.loadWeights(fresh, 'memory://acc-3');
    expect(new Set(allWeights(fresh))).toEqual(new Set([2]));
    await expect(tp.io.loadLayersModel('memory://acc-3')).rejects.toThrow(/holds only weights/);
  });

  test('saveFreq n counts batches across epochs; {batch} is 1-based', async () => {
    const model = smallModel();
    const ckpt = tp.callbacks.modelCheckpoint({ filepath: 'memory://b-{epoch}-{batch}', saveFreq: 2 });
    ckpt.setModel(model);
    await ckpt.onTrainBegin();
    for (let epoch = 0; epoch < 2; epoch++) {
      await ckpt.onEpochBegin(epoch);
      for (let b = 0; b < 3; b++) await ckpt.onBatchEnd(b, { loss: 1 });
      await ckpt.onEpochEnd(epoch, { loss: 1 });
    }
    // Global batches 2, 4 and 6: epoch 1 batch 2, epoch 2 batch 1, epoch 2 batch 3.
    expect(ckpt.saved).toEqual(['memory://b-1-2', 'memory://b-2-1', 'memory://b-2-3']);
    expect(() => tp.callbacks.modelCheckpoint({ filepath: 'x', saveFreq: 0 })).toThrow(/saveFreq/);
  });

  test('a placeholder missing from the logs fails naming the filepath', async () => {
    const ckpt = tp.callbacks.modelCheckpoint('memory://m-{val_acc:.2f}');
    ckpt.setModel(smallModel());
    await expect(ckpt.onEpochEnd(0, { loss: 1 })).rejects.toThrow(/memory:\/\/m-\{val_acc:.2f\}.*needs 'val_acc'/);
  });

  test('a model.json ends in .json: weights beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-ckpt-'));
    const ckpt = tp.callbacks.modelCheckpoint({ filepath: join(dir, 'model-{epoch}.json') });
    ckpt.setModel(smallModel());
    await ckpt.onEpochEnd(0, {});
    expect(readdirSync(dir).sort()).toEqual(['model-1.json', 'model-1.weights.bin']);
    const json = JSON.parse(readFileSync(join(dir, 'model-1.json'), 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual(['model-1.weights.bin']);
    expect(existsSync(join(dir, 'model-1.weights.bin'))).toBe(true);
  });
});
