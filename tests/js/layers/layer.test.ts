// The Layer base class: the course's custom layer, addWeight forms, losses, the training flag,
// memory, gradients and tp.function.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

// The course's MyDense.
class MyDense extends tp.layers.Layer {
  static override className = 'MyDense';
  units: number;
  activation: (x: tp.Tensor) => tp.Tensor;
  kernel!: tp.Variable;
  bias!: tp.Variable;

  constructor(args: { units: number; activation?: string | null; name?: string }) {
    super(args);
    this.units = args.units;
    this.activation = tp.activations.get(args.activation ?? null);
  }

  override build(batchInputShape: (number | null)[]) {
    this.kernel = this.addWeight({ name: 'kernel', shape: [batchInputShape[batchInputShape.length - 1]!, this.units], initializer: 'glorot_normal' });
    this.bias = this.addWeight({ name: 'bias', shape: [this.units], initializer: 'zeros' });
    super.build(batchInputShape);
  }

  override call(x: tp.Tensor) {
    return this.activation(tp.matMul(x, this.kernel).add(this.bias));
  }

  override computeOutputShape(batchInputShape: (number | null)[]) {
    return [...batchInputShape.slice(0, -1), this.units];
  }
}

describe('custom layers', () => {
  test("the course's MyDense: build makes kernel and bias, call computes x @ W + b", () => {
    const layer = new MyDense({ units: 2, activation: 'relu' });
    expect(layer.name).toBe('my_dense');
    const x = tp.tensor([[1, 2, 3]]);
    const y = layer.apply(x) as tp.Tensor;
    expect(layer.built).toBe(true);
    expect(layer.weights.map((w) => [w.name, w.shape])).toEqual([['my_dense/kernel:0', [3, 2]], ['my_dense/bias:0', [2]]]);
    layer.setWeights([tp.tensor([[1, -1], [1, -1], [1, -1]]), tp.tensor([1, 1])]);
    expectTensor(layer.apply(x), [[7, 0]], 'float32', 1e-6);
    expect(y.shape).toEqual([1, 2]);
    expect((layer.apply(tp.input({ shape: [3] })) as tp.SymbolicTensor).shape).toEqual([null, 2]);
    expect(layer.countParams()).toBe(8);
  });

  test('addWeight: positional (TF.js), (name, shape, initializer) and object forms', () => {
    const layer = new tp.layers.Layer({ name: 'holder' });
    const a = layer.addWeight('a', [2], 'float32', tp.initializers.ones());
    const b = layer.addWeight('b', [3], 'zeros');
    const c = layer.addWeight({ name: 'c', shape: [1], initializer: tp.initializers.constant({ value: 5 }), trainable: false });
    expect([a.name, b.name, c.name]).toEqual(['holder/a:0', 'holder/b:0', 'holder/c:0']);
    expectTensor(a, [1, 1], 'float32');
    expectTensor(b, [0, 0, 0], 'float32');
    expectTensor(c, [5], 'float32');
    expect(layer.trainableWeights).toEqual([a, b]);
    expect(layer.nonTrainableWeights).toEqual([c]);
    expect(c.trainable).toBe(false);
  });

  test('a layer without build or call is the identity; without computeOutputShape the shape is found by running call', () => {
    class Twice extends tp.layers.Layer {
      override call(x: tp.Tensor) {
        return tp.concat([x, x], 1);
      }
    }
    const s = new Twice().apply(tp.input({ shape: [4] })) as tp.SymbolicTensor;
    expect(s.shape).toEqual([null, 8]);
    expectTensor(new tp.layers.Layer().apply(tp.tensor([[1, 2]])), [[1, 2]], 'float32');
  });

  test('addLoss inside call: the loss of the last call, reset on the next call', () => {
    class Penalized extends tp.layers.Layer {
      override call(x: tp.Tensor) {
        this.addLoss(tp.mean(tp.square(x)).mul(0.5));
        return x;
      }
    }
    const layer = new Penalized();
    layer.apply(tp.tensor([[1, 3]]));
    expect(layer.losses.length).toBe(1);
    expectTensor(layer.losses[0]!, 2.5, 'float32', 1e-6);
    layer.apply(tp.tensor([[2, 2]]));
    expect(layer.losses.length).toBe(1);
    expectTensor(layer.losses[0]!, 2, 'float32', 1e-6);
  });

  test('activity regularizer: penalty on the outputs divided by the batch size', () => {
    const layer = tp.layers.dense({ units: 2, kernelInitializer: 'ones', useBias: false, activityRegularizer: tp.regularizers.l1({ l1: 0.1 }) });
    layer.apply(tp.tensor([[1, 1], [2, -4]]));
    // outputs [[2, 2], [-2, -2]]: 0.1 * sum|y| = 0.8, over batch 2 = 0.4
    expectTensor(layer.losses[0]!, 0.4, 'float32', 1e-6);
  });

  test('training is inherited by sublayers called without it', () => {
    const seen: unknown[] = [];
    class Probe extends tp.layers.Layer {
      override call(x: tp.Tensor, kwargs: tp.layers.CallKwargs) {
        seen.push(kwargs.training);
        return x;
      }
    }
    class Outer extends tp.layers.Layer {
      probe = new Probe();
      override call(x: tp.Tensor) {
        return this.probe.apply(x) as tp.Tensor;
      }
    }
    const outer = new Outer();
    outer.apply(tp.ones([1, 1]), { training: true });
    outer.apply(tp.ones([1, 1]));
    outer.apply(tp.ones([1, 1]), { training: false });
    expect(seen).toEqual([true, false, false]);
  });

  test('memory stays flat over 1000 calls inside tidy', () => {
    const model = tp.sequential([
      tp.layers.dense({ units: 8, activation: 'relu', inputShape: [4], kernelRegularizer: tp.regularizers.l2() }),
      tp.layers.batchNormalization(),
      tp.layers.dropout({ rate: 0.2 }),
      tp.layers.dense({ units: 1 }),
    ]);
    const x = tp.ones([3, 4]);
    const step = () => tp.tidy(() => {
      const y = model.apply(x, { training: true }) as tp.Tensor;
      return tp.addN([tp.mean(y), ...model.losses]).dataSync()[0]!;
    });
    step();
    const before = tp.memory().numTensors;
    for (let i = 0; i < 1000; i++) step();
    expect(tp.memory().numTensors).toBe(before);
  });

  test('memory stays flat over calls outside tidy once the outputs are disposed (call losses are freed on the next call)', () => {
    class Penalized extends tp.layers.Layer {
      override call(x: tp.Tensor) {
        this.addLoss(tp.sum(x));
        return x.mul(2);
      }
    }
    const layer = new Penalized();
    const x = tp.ones([2, 2]);
    (layer.apply(x) as tp.Tensor).dispose();
    const before = tp.memory().numTensors;
    for (let i = 0; i < 100; i++) (layer.apply(x) as tp.Tensor).dispose();
    expect(tp.memory().numTensors).toBe(before);
  });

  test('gradients of a loss wrt the weights match finite differences', () => {
    tp.setSeed(3);
    const model = tp.sequential([
      tp.layers.dense({ units: 3, activation: 'tanh', inputShape: [2] }),
      tp.layers.layerNormalization(),
      tp.layers.dense({ units: 1, kernelRegularizer: tp.regularizers.l2({ l2: 0.05 }) }),
    ]);
    const x = tp.tensor([[0.5, -1], [1.5, 0.25], [-0.3, 0.8]]);
    const y = tp.tensor([[1], [-1], [0.5]]);
    const lossOf = () => tp.tidy(() => tp.addN([tp.mean(tp.square((model.apply(x) as tp.Tensor).sub(y))), ...model.losses]));
    const tape = new tp.GradientTape();
    const loss = tape.record(lossOf);
    const grads = tape.gradient(loss, model.trainableWeights);
    expect(grads.length).toBe(model.trainableWeights.length);
    const h = 1e-2;
    model.trainableWeights.forEach((w, k) => {
      const base = Array.from(w.dataSync());
      const g = Array.from(grads[k]!.dataSync());
      for (let i = 0; i < base.length; i++) {
        const probe = (delta: number) => {
          const v = [...base];
          v[i] = v[i]! + delta;
          w.assign(tp.tensor(v, w.shape));
          return lossOf().dataSync()[0]!;
        };
        const numeric = (probe(h) - probe(-h)) / (2 * h);
        w.assign(tp.tensor(base, w.shape));
        expect(Math.abs(numeric - g[i]!)).toBeLessThan(2e-3 + 1e-2 * Math.abs(numeric));
      }
    });
  });

  test('a model applied inside tp.function gives the same numbers as eagerly', () => {
    const model = tp.sequential([
      tp.layers.dense({ units: 5, activation: 'relu', inputShape: [3] }),
      tp.layers.batchNormalization(),
      tp.layers.dense({ units: 2, activation: 'softmax' }),
    ]);
    const x = tp.tensor([[1, 2, 3], [-1, 0, 4]]);
    const eager = (model.apply(x) as tp.Tensor).arraySync() as number[][];
    const f = tp.function((t: tp.Tensor) => model.apply(t) as tp.Tensor);
    const compiled = f(x).arraySync() as number[][];
    const again = f(x).arraySync() as number[][];
    expect(f.traceCount).toBe(1);
    for (const got of [compiled, again]) got.forEach((r, i) => r.forEach((v, j) => expect(v).toBeCloseTo(eager[i]![j]!, 5)));
  });

  test('dispose frees the weights', () => {
    const layer = tp.layers.dense({ units: 2 });
    layer.apply(tp.ones([1, 2]));
    const w = layer.weights;
    layer.dispose();
    expect(w.every((v) => v.isDisposed)).toBe(true);
    expect(() => layer.apply(tp.ones([1, 2]))).toThrow('was disposed');
  });
});
