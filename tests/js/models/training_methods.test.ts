// Model's training methods delegate to web/src/training: a small regression is learned, and a
// subclassed model's addLoss takes part in the compiled step.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

describe('Model training methods', () => {
  test('compile / fit / evaluate / predict / trainOnBatch learn y = 2x + 1', async () => {
    tp.setSeed(5);
    const model = tp.sequential([tp.layers.dense({ units: 1, inputShape: [1] })]);
    model.compile({ optimizer: tp.optimizers.get('sgd'), loss: 'meanSquaredError' });
    const x = tp.tensor([[-1], [0], [1], [2], [3], [-2]]);
    const y = x.mul(2).add(1);
    const history = await model.fit(x, y, { epochs: 200, batchSize: 6, verbose: 0 });
    const losses = history.history.loss!;
    expect(losses.length).toBe(200);
    expect(losses[losses.length - 1]!).toBeLessThan(1e-3);
    const [w, b] = model.getWeights();
    expect(w!.dataSync()[0]!).toBeCloseTo(2, 1);
    expect(b!.dataSync()[0]!).toBeCloseTo(1, 1);
    const pred = model.predict(tp.tensor([[10]])) as tp.Tensor;
    expect(pred.dataSync()[0]!).toBeCloseTo(21, 0);
    const evalLoss = model.evaluate(x, y) as tp.Tensor;
    expect(evalLoss.dataSync()[0]!).toBeLessThan(1e-3);
    expect(typeof model.trainOnBatch(x, y)).toBe('number');
    expect(model.stopTraining).toBe(false);
  });

  test('a subclassed model with addLoss trains in the compiled step; the loss includes the added loss', async () => {
    class WithPenalty extends tp.Model {
      d = tp.layers.dense({ units: 1, kernelInitializer: 'ones', useBias: false });
      override call(x: tp.Tensor) {
        const y = this.d.apply(x) as tp.Tensor;
        this.addLoss(tp.mean(tp.square(y)).mul(10));
        return y;
      }
    }
    const model = new WithPenalty();
    model.compile({ optimizer: tp.optimizers.get('sgd'), loss: 'meanSquaredError' });
    const x = tp.tensor([[1], [2]]);
    const y = tp.zeros([2, 1]);
    const history = await model.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0 });
    // first step: y_pred = x, mse = 2.5, penalty 10 * 2.5 = 25
    expect(history.history.loss![0]!).toBeCloseTo(27.5, 3);
  });
});
