// Stop in a tp.worker runtime ends fit at the next batch, with the epochs done so far in History.
import { expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { requestStop, resetStop } from '../../../web/src/worker/interrupt.js';

await tp.ready();

test('fit stops at the batch after Stop is requested', async () => {
  const model = tp.sequential({ layers: [tp.layers.dense({ units: 1, inputShape: [2] })] });
  model.compile({ optimizer: 'sgd', loss: 'meanSquaredError' });
  const x = tp.randomNormal([64, 2]), y = tp.randomNormal([64, 1]);
  let batches = 0;
  try {
    const history = await model.fit(x, y, {
      epochs: 5, batchSize: 8, verbose: 0,
      callbacks: { onBatchEnd: () => { if (++batches === 11) requestStop(); } },
    });
    // 8 batches per epoch: the stop in epoch 2, batch 3 ends it there.
    expect(batches).toBe(11);
    expect(history.epoch).toEqual([0, 1]);
  } finally {
    resetStop();
  }
  const again = await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
  expect(again.epoch).toEqual([0, 1]);
});
