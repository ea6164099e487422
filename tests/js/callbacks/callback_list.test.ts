import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { smallModel } from './helpers.js';

await tp.ready();

describe('Callback, CallbackList, LambdaCallback', () => {
  test('hooks run in order, each awaited before the next; params and model reach every callback', async () => {
    const events: string[] = [];
    class Slow extends tp.callbacks.Callback {
      override async onEpochEnd(epoch: number): Promise<void> {
        await new Promise((r) => setTimeout(r, 5));
        events.push(`slow ${epoch} ${this.params.epochs}`);
      }
    }
    const model = smallModel();
    const list = new tp.callbacks.CallbackList(
      [new Slow(), { onEpochEnd: (e: number, logs?: tp.callbacks.Logs) => { events.push(`plain ${e} ${logs?.loss}`); } }],
      { model, params: { epochs: 3 } },
    );
    list.append(tp.callbacks.lambda({ onTrainEnd: () => { events.push('end'); } }));
    await list.onTrainBegin();
    await list.onEpochEnd(0, { loss: 1 });
    await list.onTrainEnd();
    expect(events).toEqual(['slow 0 3', 'plain 0 1', 'end']);
    expect(list.callbacks.every((c) => c.model === (model as never))).toBe(true);
    expect(list.callbacks[1]).toBeInstanceOf(tp.callbacks.LambdaCallback);
  });

  test('callbacks share one logs object, so a key one adds is seen by the next (as Keras)', async () => {
    const model = smallModel();
    model.compile({ optimizer: new tp.optimizers.SGD({ learningRate: 0.5 }), loss: 'mse' });
    let seen: number | undefined;
    const list = new tp.callbacks.CallbackList([tp.callbacks.reduceLROnPlateau({ monitor: 'loss' }), { onEpochEnd: (_e: number, l?: tp.callbacks.Logs) => { seen = l?.lr; } }], { model });
    await list.onEpochEnd(0, { loss: 1 });
    expect(seen).toBe(0.5);
  });

  test('LambdaCallback rejects non-functions; standardizeCallbacks wraps plain objects', () => {
    expect(() => new tp.callbacks.LambdaCallback({ onEpochEnd: 3 as never })).toThrow(/'onEpochEnd' must be a function/);
    const cbs = tp.callbacks.standardizeCallbacks({ onBatchEnd: () => undefined });
    expect(cbs).toHaveLength(1);
    expect(cbs[0]).toBeInstanceOf(tp.callbacks.Callback);
    expect(tp.callbacks.standardizeCallbacks(undefined)).toEqual([]);
  });
});
