import { describe, expect, test, vi } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { allWeights, fillWeights, smallModel } from './helpers.js';

await tp.ready();

/** Drives the callback like fit does; returns the epochs run. */
function drive(cb: tp.callbacks.Callback, model: tp.Model, logs: tp.callbacks.Logs[], each?: (epoch: number) => void): number {
  cb.setModel(model);
  model.stopTraining = false;
  void cb.onTrainBegin();
  let run = 0;
  for (const [epoch, l] of logs.entries()) {
    each?.(epoch);
    run++;
    void cb.onEpochEnd(epoch, l);
    if (model.stopTraining) break;
  }
  void cb.onTrainEnd();
  return run;
}

describe('EarlyStopping', () => {
  test("patience: Keras's own case, stops at epoch max(patience, 1) + 2", () => {
    const losses = [10, 9, 8, 9, 8.9, 8.8, 8.7, 8.6, 8.5];
    const model = smallModel();
    for (const patience of [0, 1, 2, 3]) {
      const stop = tp.callbacks.earlyStopping({ monitor: 'loss', patience });
      drive(stop, model, losses.map((loss) => ({ loss })));
      expect(stop.stoppedEpoch).toBe(Math.max(patience, 1) + 2);
      expect(model.stopTraining).toBe(true);
    }
  });

  test('an improvement must beat the best by more than minDelta', () => {
    const model = smallModel();
    // 9.6 is 0.4 below 10: not enough with minDelta 0.5, so with patience 1 training stops at epoch 1.
    const strict = tp.callbacks.earlyStopping({ monitor: 'loss', minDelta: -0.5, patience: 1 });
    expect(drive(strict, model, [10, 9.6, 9.2, 8.8].map((loss) => ({ loss })))).toBe(2);
    expect(strict.stoppedEpoch).toBe(1);
    expect(strict.best).toBe(10);
    const loose = tp.callbacks.earlyStopping({ monitor: 'loss', minDelta: 0.3, patience: 1 });
    expect(drive(loose, model, [10, 9.6, 9.2, 8.8].map((loss) => ({ loss })))).toBe(4);
    expect(loose.stoppedEpoch).toBe(0);
    expect(loose.best).toBe(8.8);
  });

  test("mode 'auto' maximizes accuracy-like names and minimizes the rest", () => {
    expect(tp.callbacks.monitorDirection('val_accuracy', 'auto', 't')).toBe('max');
    expect(tp.callbacks.monitorDirection('acc', 'auto', 't')).toBe('max');
    expect(tp.callbacks.monitorDirection('val_auc', 'auto', 't')).toBe('max');
    expect(tp.callbacks.monitorDirection('val_binary_accuracy', 'auto', 't')).toBe('max');
    expect(tp.callbacks.monitorDirection('val_loss', 'auto', 't')).toBe('min');
    expect(tp.callbacks.monitorDirection('mae', 'auto', 't')).toBe('min');
    expect(tp.callbacks.monitorDirection('val_accuracy', 'min', 't')).toBe('min');
    const model = smallModel();
    const stop = tp.callbacks.earlyStopping({ monitor: 'val_accuracy', patience: 2 });
    // 0.6 ties the best (no improvement), 0.55 is worse: wait reaches 2 at epoch 3.
    drive(stop, model, [0.5, 0.6, 0.6, 0.55, 0.9].map((v) => ({ val_accuracy: v })));
    expect(stop.stoppedEpoch).toBe(3);
    expect(stop.best).toBe(0.6);
    expect(stop.bestEpoch).toBe(1);
  });

  test('baseline: improvements below the baseline do not reset the wait', () => {
    const model = smallModel();
    const flat = [0.3, 0.3, 0.3, 0.3].map((v) => ({ val_accuracy: v }));
    const withBaseline = tp.callbacks.earlyStopping({ monitor: 'val_accuracy', baseline: 0.6, patience: 2 });
    drive(withBaseline, model, flat);
    expect(withBaseline.stoppedEpoch).toBe(1); // wait: 1 after epoch 0 (0.3 < 0.6), 2 after epoch 1
    const without = tp.callbacks.earlyStopping({ monitor: 'val_accuracy', patience: 2 });
    drive(without, model, flat);
    expect(without.stoppedEpoch).toBe(2);
    // Rising but under the baseline keeps going (improvements return early), then 0.7 resets the wait.
    const rising = tp.callbacks.earlyStopping({ monitor: 'val_accuracy', baseline: 0.6, patience: 2 });
    drive(rising, model, [0.3, 0.4, 0.5, 0.7, 0.65, 0.66, 0.69].map((v) => ({ val_accuracy: v })));
    expect(rising.stoppedEpoch).toBe(5);
  });

  test("restoreBestWeights puts back the best epoch's weights (Keras's DummyModel case, on a real model)", () => {
    const model = smallModel();
    const stop = tp.callbacks.earlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    const losses = [0.2, 0.15, 0.1, 0.11, 0.12];
    const run = drive(stop, model, losses.map((val_loss) => ({ val_loss })), (epoch) => fillWeights(model, epoch));
    expect(run).toBe(5);
    expect(stop.stoppedEpoch).toBe(4);
    expect(stop.bestEpoch).toBe(2);
    expect(new Set(allWeights(model))).toEqual(new Set([2]));
  });

  test('restoreBestWeights also restores when training ends without stopping early (Keras 3)', () => {
    const model = smallModel();
    const stop = tp.callbacks.earlyStopping({ monitor: 'loss', patience: 5, restoreBestWeights: true });
    drive(stop, model, [0.3, 0.1, 0.2].map((loss) => ({ loss })), (epoch) => fillWeights(model, epoch + 10));
    expect(stop.stoppedEpoch).toBe(0);
    expect(new Set(allWeights(model))).toEqual(new Set([11]));
  });

  test('a missing monitor warns and changes nothing; startFromEpoch skips the warm-up epochs', () => {
    const model = smallModel();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stop = tp.callbacks.earlyStopping({ monitor: 'val_loss', patience: 0 });
    drive(stop, model, [{ loss: 1 }, { loss: 2 }]);
    expect(stop.stoppedEpoch).toBe(0);
    expect(warn.mock.calls[0]![0]).toMatch(/'val_loss'.*Available metrics are: loss/);
    warn.mockRestore();
    const warm = tp.callbacks.earlyStopping({ monitor: 'loss', patience: 0, startFromEpoch: 2 });
    drive(warm, model, [5, 6, 7, 8, 9].map((loss) => ({ loss })));
    expect(warm.stoppedEpoch).toBe(3); // epoch 2 is the first watched (best 7), epoch 3 does not improve
  });

  test('weight snapshots keep the tensor count flat', () => {
    const model = smallModel();
    const stop = tp.callbacks.earlyStopping({ monitor: 'loss', patience: 100, restoreBestWeights: true });
    stop.setModel(model);
    void stop.onTrainBegin();
    void stop.onEpochEnd(0, { loss: 10 });
    const before = tp.memory().numTensors;
    for (let e = 1; e < 20; e++) void stop.onEpochEnd(e, { loss: 10 - e });
    expect(tp.memory().numTensors).toBe(before);
    void stop.onTrainEnd();
    expect(tp.memory().numTensors).toBe(before - model.weights.length);
  });
});
