// Subclassed models from the course: ReconstructingRegressor (addLoss, build), a ResidualBlock
// layer used twice, attribute tracking.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

class ReconstructingRegressor extends tp.Model {
  hidden: tp.layers.Layer[];
  out: tp.layers.Layer;
  reconstruct!: tp.layers.Layer;
  lastReconLoss: number | null = null;

  constructor(outputDim: number) {
    super();
    this.hidden = Array.from({ length: 5 }, () => tp.layers.dense({ units: 30, activation: 'selu', kernelInitializer: 'lecunNormal' }));
    this.out = tp.layers.dense({ units: outputDim });
  }

  override build(batchInputShape: (number | null)[]) {
    const nInputs = batchInputShape[batchInputShape.length - 1]!;
    this.reconstruct = tp.layers.dense({ units: nInputs });
    super.build(batchInputShape);
  }

  override call(inputs: tp.Tensor) {
    let z = inputs;
    for (const layer of this.hidden) z = layer.apply(z) as tp.Tensor;
    const reconstruction = this.reconstruct.apply(z) as tp.Tensor;
    const reconLoss = tp.mean(tp.square(reconstruction.sub(inputs)));
    this.addLoss(reconLoss.mul(0.05));
    return this.out.apply(z) as tp.Tensor;
  }
}

class ResidualBlock extends tp.layers.Layer {
  hidden: tp.layers.Layer[];
  constructor(nLayers: number, nNeurons: number) {
    super();
    this.hidden = Array.from({ length: nLayers }, () => tp.layers.dense({ units: nNeurons, activation: 'elu', kernelInitializer: 'heNormal' }));
  }
  override call(inputs: tp.Tensor) {
    let z = inputs;
    for (const layer of this.hidden) z = layer.apply(z) as tp.Tensor;
    return inputs.add(z);
  }
}

class ResidualRegressor extends tp.Model {
  hidden1 = tp.layers.dense({ units: 30, activation: 'elu', kernelInitializer: 'heNormal' });
  block1 = new ResidualBlock(2, 30);
  block2 = new ResidualBlock(2, 30);
  out: tp.layers.Layer;
  constructor(outputDim: number) {
    super();
    this.out = tp.layers.dense({ units: outputDim });
  }
  override call(inputs: tp.Tensor) {
    let z = this.hidden1.apply(inputs) as tp.Tensor;
    for (let i = 0; i < 1 + 3; i++) z = this.block1.apply(z) as tp.Tensor;
    z = this.block2.apply(z) as tp.Tensor;
    return this.out.apply(z) as tp.Tensor;
  }
}

describe('subclassed models', () => {
  test('ReconstructingRegressor: build makes the reconstruction layer; the recon loss is in model.losses', () => {
    tp.setSeed(0);
    const model = new ReconstructingRegressor(1);
    expect(model.name).toBe('reconstructing_regressor');
    const x = tp.randomNormal([4, 8]);
    const y = model.apply(x) as tp.Tensor;
    expect(y.shape).toEqual([4, 1]);
    expect(model.built).toBe(true);
    // 5 hidden (kernel, bias), out, reconstruct: attribute order as Keras
    expect(model.weights.length).toBe(14);
    expect(model.layers.length).toBe(7);
    expect(model.weights[model.weights.length - 2]!.shape).toEqual([30, 8]);
    expect(model.countParams()).toBe(8 * 30 + 30 + 4 * (30 * 30 + 30) + 31 + 30 * 8 + 8);
    expect(model.losses.length).toBe(1);
    // The loss is 0.05 * mean((reconstruct(hidden(x)) - x)^2), recomputed here from the layers.
    const recon = tp.tidy(() => {
      let z = x;
      for (const l of model.hidden) z = l.apply(z) as tp.Tensor;
      return tp.mean(tp.square((model.reconstruct.apply(z) as tp.Tensor).sub(x))).mul(0.05);
    });
    model.apply(x);
    expectTensor(model.losses[0]!, recon.dataSync()[0]!, 'float32', 1e-6);
  });

  test('ReconstructingRegressor in a custom training loop: the tape sees main and added losses', () => {
    tp.setSeed(1);
    const model = new ReconstructingRegressor(1);
    const x = tp.randomNormal([16, 8]);
    const yTrue = tp.randomNormal([16, 1]);
    model.apply(x);
    const tape = new tp.GradientTape();
    const loss = tape.record(() => {
      const yPred = model.apply(x, { training: true }) as tp.Tensor;
      const main = tp.mean(tp.square(yPred.sub(yTrue)));
      return tp.addN([main, ...model.losses]);
    });
    const grads = tape.gradient(loss, model.trainableVariables);
    expect(grads.length).toBe(14);
    // the reconstruction layer only gets gradient through the added loss
    expect(grads.every((g) => g !== null)).toBe(true);
  });

  test('model.build(shape) runs call once so the layers make their weights', () => {
    const model = new ReconstructingRegressor(2);
    model.build([null, 5]);
    expect(model.weights.length).toBe(14);
    expect(model.losses.length).toBe(0);
  });

  test('ResidualBlock used twice (block1 four times): shared weights, outputs match the hand computation', () => {
    tp.setSeed(2);
    const model = new ResidualRegressor(1);
    const x = tp.randomNormal([3, 8]);
    const y = model.apply(x) as tp.Tensor;
    expect(y.shape).toEqual([3, 1]);
    expect(model.trainableWeights.length).toBe(2 + 4 + 4 + 2);
    const lines: string[] = [];
    model.summary(undefined, undefined, (l) => lines.push(l));
    expect(lines[0]).toBe('Model: "residual_regressor"');
    // Keras cuts the name column at 29 characters and prints 'multiple' for subclassed models.
    expect(lines).toContain('residual_block (ResidualBloc multiple                  1860      ');
    expect(lines).toContain(`Total params: ${(8 * 30 + 30 + 2 * 2 * (30 * 30 + 30) + 31).toLocaleString('en-US')}`);
    const dense = (l: tp.layers.Layer, t: tp.Tensor, act: (t: tp.Tensor) => tp.Tensor) => act(tp.matMul(t, l.weights[0]!).add(l.weights[1]!));
    const block = (b: ResidualBlock, t: tp.Tensor) => t.add(dense(b.hidden[1]!, dense(b.hidden[0]!, t, tp.elu), tp.elu));
    const want = tp.tidy(() => {
      let z = dense(model.hidden1, x, tp.elu);
      for (let i = 0; i < 4; i++) z = block(model.block1, z);
      z = block(model.block2, z);
      return dense(model.out, z, (t) => t);
    });
    expectTensor(y, want.arraySync(), 'float32', 1e-4);
  });

  test('layers held in arrays, objects and nested layers are tracked; frozen sublayers are not trainable', () => {
    class Holder extends tp.Model {
      parts = { a: tp.layers.dense({ units: 2 }), list: [tp.layers.dense({ units: 2 })] };
      override call(x: tp.Tensor) {
        return this.parts.list[0]!.apply(this.parts.a.apply(x)) as tp.Tensor;
      }
    }
    const m = new Holder();
    m.apply(tp.ones([1, 3]));
    expect(m.weights.length).toBe(4);
    m.parts.a.trainable = false;
    expect(m.trainableWeights.length).toBe(2);
    expect(m.nonTrainableWeights.length).toBe(2);
  });

  test('a subclassed model inside tp.function and under a tape gives the eager numbers', () => {
    tp.setSeed(4);
    const model = new ResidualRegressor(2);
    const x = tp.randomNormal([5, 8]);
    const eager = (model.apply(x) as tp.Tensor).arraySync() as number[][];
    const f = tp.function((t: tp.Tensor) => model.apply(t) as tp.Tensor);
    const got = f(x).arraySync() as number[][];
    got.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(eager[i]![j]!, 4)));
  });

  test('a subclass without call, and a summary before building, fail clearly', () => {
    class Empty extends tp.Model {}
    expect(() => new Empty().apply(tp.ones([1, 1]))).toThrow('a subclassed model must override call');
    expect(() => new ResidualRegressor(1).summary()).toThrow('has not yet been built');
  });
});
