import { describe, expect, test, vi } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { smallModel } from './helpers.js';

await tp.ready();

function compiled(lr: number): tp.Sequential {
  const model = smallModel();
  model.compile({ optimizer: new tp.optimizers.SGD({ learningRate: lr }), loss: 'mse' });
  return model;
}

describe('ReduceLROnPlateau', () => {
  test('the learning-rate sequence of a hand trace (patience 1, cooldown 2, factor 0.5, minLr 0.1)', () => {
    const model = compiled(1);
    const cb = tp.callbacks.reduceLROnPlateau({ monitor: 'val_loss', factor: 0.5, patience: 1, cooldown: 2, minLr: 0.1, minDelta: 0 });
    cb.setModel(model);
    cb.onTrainBegin();
    const losses = [1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5];
    const logged: number[] = [];
    const after: number[] = [];
    for (const [epoch, val_loss] of losses.entries()) {
      const logs: tp.callbacks.Logs = { val_loss };
      cb.onEpochEnd(epoch, logs);
      logged.push(logs.lr!);
      after.push(model.optimizer!.learningRate);
    }
    // Hand trace of Keras's rules: e1 reduces (wait 1); e2 cooldown; e3 reduces; e4 cooldown;
    // e5 improves (0.5); e6 reduces; e7 cooldown; e8 reduces to max(0.0625, minLr) = 0.1.
    expect(logged).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125]);
    expect(after.slice(0, 8)).toEqual([1, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125, 0.125]);
    expect(after[8]).toBeCloseTo(0.1, 8); // float32 variable
  });

  test('minDelta sets what counts as better; at minLr it stops reducing', () => {
    const model = compiled(0.2);
    const cb = tp.callbacks.reduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 1, minLr: 0.1, minDelta: 0.25 });
    cb.setModel(model);
    cb.onTrainBegin();
    // e1: 0.9 is not below 1 - 0.25, so the rate halves to 0.1; e2: 0.7 < 0.75 improves;
    // e3: 0.6 is not below 0.45, but the rate is already at minLr.
    const lrs: number[] = [];
    for (const [e, loss] of [1, 0.9, 0.7, 0.6].entries()) {
      cb.onEpochEnd(e, { loss });
      lrs.push(model.optimizer!.learningRate);
    }
    [0.2, 0.1, 0.1, 0.1].forEach((lr, i) => expect(lrs[i]).toBeCloseTo(lr, 8));
    expect(cb.best).toBe(0.7);
    expect(cb.wait).toBe(1);
  });

  test("mode auto: names containing 'acc' go up", () => {
    const model = compiled(1);
    const cb = tp.callbacks.reduceLROnPlateau({ monitor: 'val_accuracy', factor: 0.5, patience: 1, minDelta: 0 });
    cb.setModel(model);
    cb.onTrainBegin();
    cb.onEpochEnd(0, { val_accuracy: 0.5 });
    cb.onEpochEnd(1, { val_accuracy: 0.7 }); // better
    expect(model.optimizer!.learningRate).toBe(1);
    cb.onEpochEnd(2, { val_accuracy: 0.6 }); // worse: reduce
    expect(model.optimizer!.learningRate).toBe(0.5);
    expect(() => tp.callbacks.reduceLROnPlateau({ factor: 1 })).toThrow(/factor >= 1.0.*factor=1/);
  });
});

describe('LearningRateScheduler', () => {
  test('sets schedule(epoch, lr) at each epoch start and logs lr at its end', () => {
    const model = compiled(0.5);
    const cb = tp.callbacks.learningRateScheduler((epoch, lr) => (epoch < 2 ? lr : lr * 0.5));
    cb.setModel(model);
    const seen: number[] = [];
    for (let e = 0; e < 5; e++) {
      cb.onEpochBegin(e);
      const logs: tp.callbacks.Logs = { loss: 1 };
      cb.onEpochEnd(e, logs);
      seen.push(logs.lr!);
    }
    expect(seen).toEqual([0.5, 0.5, 0.25, 0.125, 0.0625]);
    const bad = tp.callbacks.learningRateScheduler(() => NaN);
    bad.setModel(model);
    expect(() => bad.onEpochBegin(0)).toThrow(/should be a number.*epoch 0/);
  });
});

describe('TerminateOnNaN', () => {
  test('stops after a batch with a NaN or infinite loss', () => {
    const model = compiled(1);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const cb = tp.callbacks.terminateOnNaN();
    cb.setModel(model);
    model.stopTraining = false;
    cb.onBatchEnd(0, { loss: 1 });
    expect(model.stopTraining).toBe(false);
    cb.onBatchEnd(1, { loss: Infinity });
    expect(model.stopTraining).toBe(true);
    model.stopTraining = false;
    cb.onBatchEnd(2, { loss: NaN });
    expect(model.stopTraining).toBe(true);
    expect(log.mock.calls.map((c) => c[0])).toEqual(['Batch 1: Invalid loss, terminating training', 'Batch 2: Invalid loss, terminating training']);
    log.mockRestore();
  });
});
