// Functional models: multiple inputs and outputs, shared layers, nesting, summary, errors.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

function denseRef(x: number[][], w: number[][], b: number[]): number[][] {
  return x.map((r) => b.map((bj, j) => r.reduce((s, v, i) => s + v * w[i]![j]!, bj)));
}

describe('tp.model', () => {
  test("summary of the wide & deep model: Keras's layout with Connected to", () => {
    tp.layers.clearSession();
    const input = tp.input({ shape: [8] });
    const hidden1 = tp.layers.dense({ units: 30, activation: 'relu' }).apply(input);
    const hidden2 = tp.layers.dense({ units: 30, activation: 'relu' }).apply(hidden1);
    const concat = tp.layers.concatenate().apply([input, hidden2]);
    const output = tp.layers.dense({ units: 1 }).apply(concat);
    const model = tp.model({ inputs: [input], outputs: [output] });
    const lines: string[] = [];
    model.summary(undefined, undefined, (l) => lines.push(l));
    const rule = (c: string) => c.repeat(98);
    expect(lines).toEqual([
      'Model: "model"',
      rule('_'),
      'Layer (type)                    Output Shape         Param #     Connected to                     ',
      rule('='),
      'input_1 (InputLayer)            [(None, 8)]          0                                            ',
      rule('_'),
      'dense (Dense)                   (None, 30)           270         input_1[0][0]                    ',
      rule('_'),
      'dense_1 (Dense)                 (None, 30)           930         dense[0][0]                      ',
      rule('_'),
      'concatenate (Concatenate)       (None, 38)           0           input_1[0][0]                    ',
      '                                                                 dense_1[0][0]                    ',
      rule('_'),
      'dense_2 (Dense)                 (None, 1)            39          concatenate[0][0]                ',
      rule('='),
      'Total params: 1,239',
      'Trainable params: 1,239',
      'Non-trainable params: 0',
      rule('_'),
    ]);
    expect(model.layers.map((l) => l.name)).toEqual(['input_1', 'dense', 'dense_1', 'concatenate', 'dense_2']);
  });

  test('a chain built functionally prints like a Sequential model', () => {
    const x = tp.input({ shape: [2] });
    const model = tp.model({ inputs: x, outputs: tp.layers.dense({ units: 1 }).apply(x) });
    const lines: string[] = [];
    model.summary(undefined, undefined, (l) => lines.push(l));
    expect(lines[2]).toBe('Layer (type)                 Output Shape              Param #   ');
    expect(lines[4]!.startsWith(`${x.sourceLayer.name} (InputLayer)`)).toBe(true);
    expect(lines[4]!.slice(29, 40)).toBe('[(None, 2)]');
  });

  test('multiple inputs and outputs compute what the layers compute', () => {
    const a = tp.input({ shape: [2], name: 'wide' });
    const b = tp.input({ shape: [3], name: 'deep' });
    const h = tp.layers.dense({ units: 2, name: 'h' });
    const out = tp.layers.dense({ units: 1, name: 'main' });
    const aux = tp.layers.dense({ units: 1, name: 'aux' });
    const hb = h.apply(b);
    const model = tp.model({ inputs: [a, b], outputs: [out.apply(tp.layers.concatenate([a, hb])), aux.apply(hb)] });
    expect(model.inputNames).toEqual(['wide', 'deep']);
    expect(model.outputNames).toEqual(['main', 'aux']);
    h.setWeights([tp.tensor([[1, 0], [0, 1], [1, 1]]), tp.tensor([0, 1])]);
    out.setWeights([tp.tensor([[1], [2], [3], [4]]), tp.tensor([0.5])]);
    aux.setWeights([tp.tensor([[1], [-1]]), tp.tensor([0])]);
    const xa = [[1, 2], [0, -1]];
    const xb = [[1, 2, 3], [0, 1, 0]];
    const hv = denseRef(xb, [[1, 0], [0, 1], [1, 1]], [0, 1]);
    const main = denseRef(xa.map((r, i) => [...r, ...hv[i]!]), [[1], [2], [3], [4]], [0.5]);
    const auxv = denseRef(hv, [[1], [-1]], [0]);
    const [y1, y2] = model.apply([tp.tensor(xa), tp.tensor(xb)]) as tp.Tensor[];
    expectTensor(y1!, main, 'float32', 1e-5);
    expectTensor(y2!, auxv, 'float32', 1e-5);
    const [z1] = model.apply({ wide: tp.tensor(xa), deep: tp.tensor(xb) }) as tp.Tensor[];
    expectTensor(z1!, main, 'float32', 1e-5);
    expect(model.computeOutputShape([[null, 2], [null, 3]])).toEqual([[null, 1], [null, 1]]);
  });

  test('a shared layer: one set of weights, two nodes', () => {
    const shared = tp.layers.dense({ units: 2, name: 'shared' });
    const x1 = tp.input({ shape: [3] });
    const x2 = tp.input({ shape: [3] });
    const y = tp.layers.add([shared.apply(x1), shared.apply(x2)]);
    const model = tp.model({ inputs: [x1, x2], outputs: y });
    expect(shared.inboundNodes.length).toBe(2);
    expect(model.weights.length).toBe(2);
    expect(model.layers.filter((l) => l === shared).length).toBe(1);
    shared.setWeights([tp.tensor([[1, 0], [0, 1], [1, 1]]), tp.tensor([1, 2])]);
    const out = model.apply([tp.tensor([[1, 2, 3]]), tp.tensor([[0, 0, 1]])]) as tp.Tensor;
    expectTensor(out, [[4 + 1 + 1 + 1, 5 + 2 + 1 + 2]], 'float32', 1e-5);
    const lines: string[] = [];
    model.summary(undefined, undefined, (l) => lines.push(l));
    const sharedRows = lines.filter((l) => l.includes('shared'));
    expect(sharedRows.some((l) => l.startsWith('shared (Dense)'))).toBe(true);
    expect(lines.some((l) => l.includes('shared[0][0]')) && lines.some((l) => l.includes('shared[1][0]'))).toBe(true);
    // gradients through both uses add up
    const tape = new tp.GradientTape();
    const loss = tape.record(() => tp.sum(model.apply([tp.tensor([[1, 2, 3]]), tp.tensor([[0, 0, 1]])]) as tp.Tensor));
    const [gk] = tape.gradient(loss, shared.trainableWeights);
    expectTensor(gk!, [[1, 1], [2, 2], [4, 4]], 'float32', 1e-5);
  });

  test('a model used as a layer of another model', () => {
    const xi = tp.input({ shape: [2] });
    const inner = tp.model({ inputs: xi, outputs: tp.layers.dense({ units: 3, kernelInitializer: 'ones' }).apply(xi), name: 'inner' });
    const x = tp.input({ shape: [2] });
    const outer = tp.model({ inputs: x, outputs: tp.layers.dense({ units: 1, kernelInitializer: 'ones' }).apply(inner.apply(x)) });
    expect(outer.layers.map((l) => l.getClassName())).toEqual(['InputLayer', 'Model', 'Dense']);
    expectTensor(outer.apply(tp.tensor([[1, 2]])), [[9]], 'float32', 1e-5);
    expect(inner.inboundNodes.length).toBe(2); // its own node and the call in outer
  });

  test('errors: disconnected graph, non-input inputs, duplicate names, wrong inputs', () => {
    const a = tp.input({ shape: [2], name: 'a_in' });
    const b = tp.input({ shape: [2], name: 'b_in' });
    const y = tp.layers.add([a, b]);
    expect(() => tp.model({ inputs: a, outputs: y })).toThrow('graph disconnected');
    const d = tp.layers.dense({ units: 1 }).apply(a) as tp.SymbolicTensor;
    expect(() => tp.model({ inputs: d, outputs: d })).toThrow('inputs must come from tp.input');
    const z = tp.layers.dense({ units: 1, name: 'same' }).apply(tp.layers.dense({ units: 2, name: 'same' }).apply(a));
    expect(() => tp.model({ inputs: a, outputs: z })).toThrow("the name 'same' is used by 2 layers");
    const m = tp.model({ inputs: [a, b], outputs: y, name: 'pair' });
    expect(() => m.apply(tp.ones([1, 2]))).toThrow("model 'pair': expects 2 inputs, got 1");
    expect(() => m.apply([tp.ones([1, 2]), tp.ones([1, 3])])).toThrow("model 'pair': expected input 1 ('b_in') of shape [null,2], got shape [1,3]");
    expect(() => m.apply({ a_in: tp.ones([1, 2]) })).toThrow('missing: b_in');
  });

  test('memory stays flat over 1000 calls of a functional model inside tidy, in training mode', () => {
    const a = tp.input({ shape: [3] });
    const b = tp.input({ shape: [2] });
    const h = tp.layers.batchNormalization().apply(tp.layers.dense({ units: 4, activityRegularizer: tp.regularizers.l1() }).apply(a));
    const out = tp.layers.dense({ units: 1 }).apply(tp.layers.concatenate([tp.layers.dropout({ rate: 0.5 }).apply(h), b]));
    const model = tp.model({ inputs: [a, b], outputs: out });
    const xs = [tp.ones([2, 3]), tp.ones([2, 2])];
    const step = () => tp.tidy(() => tp.addN([tp.sum(model.apply(xs, { training: true }) as tp.Tensor), ...model.losses]).dataSync()[0]!);
    step();
    const before = tp.memory().numTensors;
    for (let i = 0; i < 1000; i++) step();
    expect(tp.memory().numTensors).toBe(before);
  });

  test('summary takes a line length and column positions', () => {
    const x = tp.input({ shape: [2], name: 'x_in' });
    const model = tp.model({ inputs: x, outputs: tp.layers.dense({ units: 1, name: 'out' }).apply(x), name: 'small' });
    const lines: string[] = [];
    model.summary(40, [20, 32, 40], (l) => lines.push(l));
    expect(lines).toEqual([
      'Model: "small"',
      '_'.repeat(40),
      // Keras's print_row blanks the last character of each column, cutting 'Output Shape'.
      'Layer (type)        Output Shap Param # ',
      '='.repeat(40),
      'x_in (InputLayer)   [(None, 2)] 0       ',
      '_'.repeat(40),
      'out (Dense)         (None, 1)   3       ',
      '='.repeat(40),
      'Total params: 3',
      'Trainable params: 3',
      'Non-trainable params: 0',
      '_'.repeat(40),
    ]);
  });

  test('a training flag given when building the graph stays fixed (Monte Carlo dropout)', () => {
    const x = tp.input({ shape: [200] });
    const model = tp.model({ inputs: x, outputs: tp.layers.dropout({ rate: 0.5 }).apply(x, { training: true }) });
    const y = (model.apply(tp.ones([1, 200])) as tp.Tensor).dataSync();
    expect(Array.from(y).some((v) => v === 0)).toBe(true);
    expect(Array.from(y).every((v) => v === 0 || v === 2)).toBe(true);
  });

  test('a custom layer with two outputs in a functional model', () => {
    class Split extends tp.layers.Layer {
      override call(x: tp.Tensor) {
        return tp.split(x, 2, 1);
      }
    }
    const x = tp.input({ shape: [4] });
    const [left, right] = new Split().apply(x) as tp.SymbolicTensor[];
    expect(left!.shape).toEqual([null, 2]);
    const model = tp.model({ inputs: x, outputs: [right!, left!] });
    const [r, l] = model.apply(tp.tensor([[1, 2, 3, 4]])) as tp.Tensor[];
    expectTensor(r!, [[3, 4]], 'float32');
    expectTensor(l!, [[1, 2]], 'float32');
  });
});
