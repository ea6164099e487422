// toJSON / modelFromJSON: round trips give identical predictions, custom classes through the
// registry, and interoperability with @tensorflow/tfjs-layers in both directions.
import * as tfc from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();
await tfc.setBackend('cpu');

function copyWeights(from: tp.Model, to: tp.Model): void {
  to.setWeights(from.getWeights());
}

function expectClose(a: tp.Tensor | number[][], b: tp.Tensor | number[][], tol = 1e-5): void {
  const x = (a instanceof tp.Tensor ? a.arraySync() : a) as number[][];
  const y = (b instanceof tp.Tensor ? b.arraySync() : b) as number[][];
  expect(x.length).toBe(y.length);
  x.forEach((r, i) => r.forEach((v, j) => expect(Math.abs(v - y[i]![j]!)).toBeLessThan(tol)));
}

function wideAndDeep(): tp.Model {
  const a = tp.input({ shape: [3], name: 'wide_in' });
  const b = tp.input({ shape: [4], name: 'deep_in' });
  const h = tp.layers.dense({ units: 5, activation: 'relu', name: 'hidden' }).apply(b);
  const n = tp.layers.batchNormalization({ name: 'bn' }).apply(h);
  const c = tp.layers.concatenate({ name: 'concat' }).apply([a, n]);
  const out = tp.layers.dense({ units: 1, name: 'main_out' }).apply(c);
  const aux = tp.layers.dense({ units: 2, activation: 'softmax', name: 'aux_out' }).apply(n);
  return tp.model({ inputs: [a, b], outputs: [out, aux], name: 'wide_deep' });
}

describe('model topology JSON', () => {
  test("a Sequential model's JSON is TF.js's model.json topology", () => {
    const model = tp.sequential({
      name: 'seq',
      layers: [tp.layers.dense({ units: 2, inputShape: [3], activation: 'relu', name: 'd1' }), tp.layers.dropout({ rate: 0.5, name: 'drop' })],
    });
    const json = model.toJSON() as { class_name: string; config: { name: string; layers: { class_name: string; config: Record<string, unknown> }[] }; keras_version: string; backend: string };
    expect(json.class_name).toBe('Sequential');
    expect(json.config.name).toBe('seq');
    expect(json.config.layers.map((l) => l.class_name)).toEqual(['Dense', 'Dropout']);
    expect(json.config.layers[0]!.config).toMatchObject({
      units: 2, activation: 'relu', use_bias: true, name: 'd1', batch_input_shape: [null, 3], dtype: 'float32',
      kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: null,
    });
    expect(json.config.layers[1]!.config).toMatchObject({ rate: 0.5, noise_shape: null, seed: null });
    expect(typeof json.keras_version).toBe('string');
    expect(typeof model.toJSON(undefined, true)).toBe('string');
  });

  test('Sequential round trip: same structure and, with the weights copied, the same predictions', () => {
    const model = tp.sequential([
      tp.layers.dense({ units: 6, activation: 'tanh', inputShape: [4], kernelRegularizer: tp.regularizers.l2({ l2: 0.01 }) }),
      tp.layers.batchNormalization({ momentum: 0.9 }),
      tp.layers.layerNormalization(),
      tp.layers.reshape({ targetShape: [3, 2] }),
      tp.layers.flatten(),
      tp.layers.dropout({ rate: 0.1 }),
      tp.layers.dense({ units: 2, activation: 'softmax' }),
    ]);
    model.apply(tp.randomNormal([8, 4]), { training: true }); // move the BN statistics off their start
    const copy = tp.models.modelFromJSON(model.toJSON());
    expect(copy).toBeInstanceOf(tp.Sequential);
    expect(copy.layers.map((l) => [l.getClassName(), l.name])).toEqual(model.layers.map((l) => [l.getClassName(), l.name]));
    expect((copy.layers[1] as tp.layers.BatchNormalization).momentum).toBe(0.9);
    expect(copy.layers[0]!.losses.length).toBe(1);
    copyWeights(model, copy);
    const x = tp.randomNormal([5, 4]);
    expectClose(model.apply(x) as tp.Tensor, copy.apply(x) as tp.Tensor, 1e-6);
    expect(JSON.stringify(copy.toJSON())).toBe(JSON.stringify(model.toJSON()));
  });

  test('functional round trip with two inputs and two outputs (also from a string)', () => {
    const model = wideAndDeep();
    const copy = tp.models.modelFromJSON(JSON.stringify(model.toJSON()));
    expect(copy.inputNames).toEqual(['wide_in', 'deep_in']);
    expect(copy.outputNames).toEqual(['main_out', 'aux_out']);
    copyWeights(model, copy);
    const xs = [tp.randomNormal([3, 3]), tp.randomNormal([3, 4])];
    const [a1, a2] = model.apply(xs) as tp.Tensor[];
    const [b1, b2] = copy.apply(xs) as tp.Tensor[];
    expectClose(a1!, b1!, 1e-6);
    expectClose(a2!, b2!, 1e-6);
    expect(JSON.stringify(copy.toJSON())).toBe(JSON.stringify(model.toJSON()));
  });

  test('shared layers and nested models survive the round trip', () => {
    const xi = tp.input({ shape: [2] });
    const inner = tp.model({ inputs: xi, outputs: tp.layers.dense({ units: 3, name: 'inner_dense' }).apply(xi), name: 'inner' });
    const x1 = tp.input({ shape: [2] });
    const x2 = tp.input({ shape: [2] });
    const shared = tp.layers.dense({ units: 2, name: 'twice' });
    const y = tp.layers.add([shared.apply(inner.apply(x1)), shared.apply(inner.apply(x2))]);
    const model = tp.model({ inputs: [x1, x2], outputs: y });
    const json = model.toJSON() as { config: { layers: { name: string; inbound_nodes: unknown[][] }[] } };
    const twice = json.config.layers.find((l) => l.name === 'twice')!;
    expect(twice.inbound_nodes).toEqual([[['inner', 1, 0, {}]], [['inner', 2, 0, {}]]]);
    const copy = tp.models.modelFromJSON(json);
    copyWeights(model, copy);
    const xs = [tp.tensor([[1, 2]]), tp.tensor([[3, -1]])];
    expectClose(model.apply(xs) as tp.Tensor, copy.apply(xs) as tp.Tensor, 1e-6);
  });

  test('custom layers are rebuilt through the registry', () => {
    class Scale extends tp.layers.Layer {
      static override className = 'Scale';
      factor: number;
      constructor(config: { factor: number; name?: string }) {
        super(config);
        this.factor = config.factor;
      }
      override call(x: tp.Tensor) {
        return x.mul(this.factor);
      }
      override getConfig() {
        return { ...super.getConfig(), factor: this.factor };
      }
    }
    const model = tp.sequential([tp.layers.dense({ units: 2, inputShape: [2] }), new Scale({ factor: 3 })]);
    const json = model.toJSON();
    expect(() => tp.models.modelFromJSON(json)).toThrow("unknown layer class 'Scale'");
    const viaCustom = tp.models.modelFromJSON(json, { Scale });
    expect((viaCustom.layers[1] as Scale).factor).toBe(3);
    tp.serialization.registerClass(Scale);
    const copy = tp.models.modelFromJSON(json);
    copyWeights(model, copy);
    const x = tp.tensor([[1, 2]]);
    expectClose(model.apply(x) as tp.Tensor, copy.apply(x) as tp.Tensor, 1e-6);
  });

  test('a subclassed model has no topology', () => {
    class Net extends tp.Model {
      d = tp.layers.dense({ units: 1 });
      override call(x: tp.Tensor) {
        return this.d.apply(x) as tp.Tensor;
      }
    }
    expect(() => new Net().toJSON()).toThrow('a subclassed model has no config');
  });
});

describe("Keras's own model_config", () => {
  const dense = (name: string, units: number, activation: string) => ({
    class_name: 'Dense',
    config: {
      name, trainable: true, dtype: 'float32', units, activation, use_bias: true,
      kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } }, bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null,
    },
  });

  test('a Keras 2 Sequential (InputLayer first, converter-style modelTopology) loads and computes relu(x W1 + b1) W2 + b2', () => {
    const topology = {
      keras_version: '2.4.0', backend: 'tensorflow',
      model_config: {
        class_name: 'Sequential',
        config: {
          name: 'sequential',
          layers: [
            { class_name: 'InputLayer', config: { batch_input_shape: [null, 2], dtype: 'float32', sparse: false, ragged: false, name: 'dense_input' } },
            dense('dense', 2, 'relu'),
            dense('dense_1', 1, 'linear'),
          ],
        },
      },
    };
    const model = tp.models.modelFromJSON({ modelTopology: topology });
    expect(model.layers.map((l) => l.name)).toEqual(['dense', 'dense_1']);
    model.setWeights([tp.tensor([[1, -1], [2, 1]]), tp.tensor([0, 0.5]), tp.tensor([[3], [-2]]), tp.tensor([1])]);
    // x = [1, 1]: hidden = relu([3, 0.5]) = [3, 0.5]; out = 9 - 1 + 1 = 9
    // x = [-1, 0]: hidden = relu([-1, 1.5]) = [0, 1.5]; out = -3 + 1 = -2
    expectClose(model.apply(tp.tensor([[1, 1], [-1, 0]])) as tp.Tensor, [[9], [-2]], 1e-5);
  });

  test("a Keras 2 'Functional' model (wide & deep) loads", () => {
    const topology = {
      class_name: 'Functional',
      config: {
        name: 'model',
        layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 2], dtype: 'float32', sparse: false, ragged: false, name: 'input_1' }, name: 'input_1', inbound_nodes: [] },
          { ...dense('dense', 2, 'relu'), name: 'dense', inbound_nodes: [[['input_1', 0, 0, {}]]] },
          { class_name: 'Concatenate', config: { name: 'concatenate', trainable: true, dtype: 'float32', axis: -1 }, name: 'concatenate', inbound_nodes: [[['input_1', 0, 0, {}], ['dense', 0, 0, {}]]] },
          { ...dense('dense_1', 1, 'linear'), name: 'dense_1', inbound_nodes: [[['concatenate', 0, 0, {}]]] },
        ],
        input_layers: [['input_1', 0, 0]],
        output_layers: ['dense_1', 0, 0],
      },
      keras_version: '2.4.0', backend: 'tensorflow',
    };
    const model = tp.models.modelFromJSON(topology);
    expect(model.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'Dense', 'Concatenate', 'Dense']);
    model.setWeights([tp.tensor([[1, 0], [0, 1]]), tp.tensor([0, 0]), tp.tensor([[1], [1], [1], [1]]), tp.tensor([0])]);
    // concat([x, relu(x)]) summed: x = [1, -2] -> 1 - 2 + 1 + 0 = 0; x = [2, 3] -> 10
    expectClose(model.apply(tp.tensor([[1, -2], [2, 3]])) as tp.Tensor, [[0], [10]], 1e-5);
  });
});

describe('model.save (web/src/io)', () => {
  test('save to memory and tp.io.loadLayersModel give the same predictions', async () => {
    const model = wideAndDeep();
    model.apply([tp.randomNormal([4, 3]), tp.randomNormal([4, 4])], { training: true });
    await model.save('memory://h1-wide-deep');
    const loaded = (await tp.io.loadLayersModel('memory://h1-wide-deep')) as tp.Model;
    const xs = [tp.randomNormal([2, 3]), tp.randomNormal([2, 4])];
    const [a] = model.apply(xs) as tp.Tensor[];
    const [b] = loaded.apply(xs) as tp.Tensor[];
    expectClose(a!, b!, 1e-6);
  });
});

describe('interoperability with @tensorflow/tfjs-layers', () => {
  test('TF.js loads our Sequential topology and predicts the same numbers with our weights', async () => {
    const model = tp.sequential([
      tp.layers.dense({ units: 4, activation: 'relu', inputShape: [3] }),
      tp.layers.batchNormalization(),
      tp.layers.dense({ units: 2, activation: 'softmax' }),
    ]);
    model.apply(tp.randomNormal([6, 3]), { training: true });
    const theirs = await tfl.models.modelFromJSON(model.toJSON() as never);
    expect(theirs.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
    const byName = new Map(model.weights.map((w) => [w.name.replace(/:0$/, ''), w]));
    theirs.setWeights(theirs.weights.map((w) => tfc.tensor(Array.from(byName.get(w.originalName)!.dataSync()), w.shape as number[])));
    const x = [[0.5, -1, 2], [1, 1, 1]];
    const ours = model.apply(tp.tensor(x)) as tp.Tensor;
    const tfjs = (theirs.predict(tfc.tensor(x)) as tfc.Tensor).arraySync() as number[][];
    expectClose(ours, tfjs, 1e-4);
  });

  test('TF.js loads our functional topology (two inputs, concatenate) and agrees', async () => {
    const a = tp.input({ shape: [2] });
    const b = tp.input({ shape: [3] });
    const h = tp.layers.dense({ units: 4, activation: 'tanh' }).apply(b);
    const model = tp.model({ inputs: [a, b], outputs: tp.layers.dense({ units: 1 }).apply(tp.layers.concatenate([a, h])) });
    const theirs = await tfl.models.modelFromJSON(model.toJSON() as never);
    const byName = new Map(model.weights.map((w) => [w.name.replace(/:0$/, ''), w]));
    theirs.setWeights(theirs.weights.map((w) => tfc.tensor(Array.from(byName.get(w.originalName)!.dataSync()), w.shape as number[])));
    const xa = [[1, 2], [-1, 0.5]];
    const xb = [[0, 1, 2], [3, -2, 1]];
    const ours = model.apply([tp.tensor(xa), tp.tensor(xb)]) as tp.Tensor;
    const tfjs = (theirs.predict([tfc.tensor(xa), tfc.tensor(xb)]) as tfc.Tensor).arraySync() as number[][];
    expectClose(ours, tfjs, 1e-4);
  });

  test('we load the topology TF.js writes and agree with its predictions', async () => {
    const input = tfl.input({ shape: [3] });
    const h = tfl.layers.dense({ units: 5, activation: 'relu' }).apply(input) as tfl.SymbolicTensor;
    const n = tfl.layers.layerNormalization().apply(h) as tfl.SymbolicTensor;
    const out = tfl.layers.dense({ units: 2 }).apply(tfl.layers.concatenate().apply([input, n]) as tfl.SymbolicTensor) as tfl.SymbolicTensor;
    const theirs = tfl.model({ inputs: input, outputs: out });
    const json = theirs.toJSON(null, false);
    const ours = tp.models.modelFromJSON(json as object);
    expect(ours.layers.map((l) => l.name)).toEqual(theirs.layers.map((l) => l.name));
    ours.setWeights(theirs.getWeights().map((w) => tp.tensor(Array.from(w.dataSync()), w.shape)));
    const x = [[1, -2, 0.5], [0.1, 0.2, 0.3]];
    expectClose(ours.apply(tp.tensor(x)) as tp.Tensor, (theirs.predict(tfc.tensor(x)) as tfc.Tensor).arraySync() as number[][], 1e-4);

    const seq = tfl.sequential({ layers: [tfl.layers.dense({ units: 3, inputShape: [2], activation: 'sigmoid' }), tfl.layers.dense({ units: 1 })] });
    const oursSeq = tp.models.modelFromJSON(seq.toJSON(null, false) as object);
    expect(oursSeq).toBeInstanceOf(tp.Sequential);
    oursSeq.setWeights(seq.getWeights().map((w) => tp.tensor(Array.from(w.dataSync()), w.shape)));
    const xs = [[1, 2], [3, 4]];
    expectClose(oursSeq.apply(tp.tensor(xs)) as tp.Tensor, (seq.predict(tfc.tensor(xs)) as tfc.Tensor).arraySync() as number[][], 1e-4);
  });
});
