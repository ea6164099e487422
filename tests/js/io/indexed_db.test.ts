// 'indexeddb://' against fake-indexeddb (a full in-memory IndexedDB) in Node, and TF.js's own
// IndexedDB handler reading what tensorpad stored (same database and store layout).
import 'fake-indexeddb/auto';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();
await tf.setBackend('cpu');

const X = [[1, 2, 3], [-1, 0.5, 0]];

function model(): tp.Sequential {
  return tp.sequential({ layers: [tp.layers.dense({ units: 3, inputShape: [3], activation: 'relu', kernelInitializer: tp.initializers.glorotUniform({ seed: 8 }) }), tp.layers.dense({ units: 1 })] });
}

const predict = (m: tp.Model) => tp.tidy(() => Array.from((m.predict(tp.tensor(X)) as tp.Tensor).dataSync()));

/** Runs `fn` with TF.js believing it is in a browser (its IndexedDB handler checks that). */
async function asBrowser<T>(fn: () => Promise<T>): Promise<T> {
  const g = globalThis as { self?: unknown };
  const hadSelf = 'self' in g;
  const wasBrowser = tf.env().getBool('IS_BROWSER');
  if (!hadSelf) g.self = globalThis;
  tf.env().set('IS_BROWSER', true);
  try {
    return await fn();
  } finally {
    tf.env().set('IS_BROWSER', wasBrowser);
    if (!hadSelf) delete g.self;
  }
}

describe("'indexeddb://'", () => {
  test('save, load, list and remove', async () => {
    const m = model();
    await m.save('indexeddb://my-model');
    const again = await tp.io.loadLayersModel('indexeddb://my-model');
    expect(predict(again)).toEqual(predict(m));
    const list = await tp.io.listModels();
    expect(list['indexeddb://my-model']!.weightDataBytes).toBe(4 * m.countParams());
    await tp.io.removeModel('indexeddb://my-model');
    await expect(tp.io.loadLayersModel('indexeddb://my-model')).rejects.toThrow(/no model 'indexeddb:\/\/my-model'/);
  });

  test("TF.js's browserIndexedDB loads what tensorpad saved, and the other way round", async () => {
    const m = model();
    await m.save('indexeddb://shared');
    const theirs = await asBrowser(() => tfl.loadLayersModel('indexeddb://shared'));
    const got = Array.from((theirs.predict(tf.tensor2d(X)) as tf.Tensor).dataSync());
    predict(m).forEach((v, i) => expect(got[i]).toBeCloseTo(v, 5));

    const tfModel = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3], biasInitializer: 'ones' })] });
    await asBrowser(() => tfModel.save('indexeddb://from-tfjs'));
    const ours = await tp.io.loadLayersModel('indexeddb://from-tfjs');
    const want = Array.from((tfModel.predict(tf.tensor2d(X)) as tf.Tensor).dataSync());
    predict(ours).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
  });

  test('ModelCheckpoint to indexeddb://', async () => {
    const m = model();
    const ckpt = tp.callbacks.modelCheckpoint({ filepath: 'indexeddb://ckpt-{epoch}', saveBestOnly: true, monitor: 'loss' });
    ckpt.setModel(m);
    await ckpt.onTrainBegin();
    for (const [e, loss] of [3, 2, 2.5].entries()) await ckpt.onEpochEnd(e, { loss });
    expect(Object.keys(await tp.io.listModels()).filter((k) => k.startsWith('indexeddb://ckpt')).sort()).toEqual(['indexeddb://ckpt-1', 'indexeddb://ckpt-2']);
  });
});
