// The contract's compiled training step: tp.function traces tape + applyGradients once, and its
// replays must update variables exactly as the same number of eager steps (bias corrections,
// schedules, slots, constraints and the learning rate all read from variables). Also: memory
// stays flat over 1000 eager and 1000 compiled steps.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

const O = tp.optimizers;

const X = [[1, 2], [-1, 0.5], [0.3, -2], [2, 1]];
const Y = [[1], [0], [-1], [2]];

interface Model {
  w: tp.Variable;
  b: tp.Variable;
}

function makeModel(): Model {
  return { w: tp.variable(tp.tensor([[0.5], [-0.3]])), b: tp.variable(tp.tensor([0.1])) };
}

// One training step: mean squared error of a linear model, gradients, update.
function step(m: Model, opt: tp.optimizers.Optimizer, x: tp.Tensor, y: tp.Tensor): tp.Tensor {
  const tape = new tp.GradientTape();
  const loss = tape.record(() => tp.mean(tp.square(tp.sub(tp.add(tp.matMul(x, m.w), m.b), y))));
  const grads = tape.gradient(loss, [m.w, m.b]);
  opt.applyGradients([[grads[0]!, m.w], [grads[1]!, m.b]]);
  return loss;
}

const cases: [string, () => tp.optimizers.Optimizer][] = [
  ['SGD', () => new O.SGD({ learningRate: 0.05 })],
  ['SGD nesterov', () => new O.SGD({ learningRate: 0.05, momentum: 0.9, nesterov: true })],
  ['Adam', () => new O.Adam({ learningRate: 0.05 })],
  ['Adam amsgrad + clipnorm', () => new O.Adam({ learningRate: 0.05, amsgrad: true, clipnorm: 0.5 })],
  ['AdamW', () => new O.AdamW({ learningRate: 0.05, weightDecay: 0.1 })],
  ['Nadam', () => new O.Nadam({ learningRate: 0.05 })],
  ['RMSprop centered momentum', () => new O.RMSprop({ learningRate: 0.01, momentum: 0.5, centered: true })],
  ['Adagrad + clipvalue', () => new O.Adagrad({ learningRate: 0.1, clipvalue: 0.3 })],
  ['Adadelta', () => new O.Adadelta({ learningRate: 1 })],
  ['Adamax + globalClipnorm', () => new O.Adamax({ learningRate: 0.05, globalClipnorm: 0.4 })],
  ['Adam + exponentialDecay', () => new O.Adam({ learningRate: O.schedules.exponentialDecay({ initialLearningRate: 0.1, decaySteps: 2, decayRate: 0.5 }) })],
  ['SGD + piecewiseConstant', () => new O.SGD({ learningRate: O.schedules.piecewiseConstant({ boundaries: [1, 3], values: [0.1, 0.05, 0.01] }) })],
  ['SGD + cosine warmup', () => new O.SGD({ learningRate: O.schedules.cosineDecay({ initialLearningRate: 0, decaySteps: 4, warmupTarget: 0.1, warmupSteps: 2 }) })],
  ['Adam + EMA with overwrite', () => new O.Adam({ learningRate: 0.05, useEma: true, emaMomentum: 0.8, emaOverwriteFrequency: 3 })],
  ['Adamax legacy decay', () => tp.train.adamax(0.05, 0.9, 0.999, undefined, 0.5)],
];

describe('compiled steps equal eager steps', () => {
  test.each(cases)('%s: 7 compiled steps give the variables of 7 eager steps', (_name, make) => {
    const x = tp.tensor(X);
    const y = tp.tensor(Y);
    const eager = makeModel();
    const eagerOpt = make();
    const eagerLosses: number[] = [];
    for (let i = 0; i < 7; i++) eagerLosses.push(tp.tidy(() => step(eager, eagerOpt, x, y).arraySync() as number));

    const compiled = makeModel();
    const opt = make();
    let traces = 0;
    const train = tp.function((xb: tp.Tensor, yb: tp.Tensor) => {
      traces++;
      return step(compiled, opt, xb, yb);
    });
    const losses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const l = train(x, y);
      losses.push(l.arraySync() as number);
      l.dispose();
    }
    expect(traces).toBe(1);
    expect(opt.iterations.arraySync()).toBe(7);
    losses.forEach((l, i) => expect(l).toBeCloseTo(eagerLosses[i]!, 5));
    for (const k of ['w', 'b'] as const) {
      const a = eager[k].dataSync();
      const c = compiled[k].dataSync();
      a.forEach((v, i) => expect(Math.abs(c[i]! - v)).toBeLessThan(1e-6));
    }
    // the slots too
    const ew = eagerOpt.getWeights().map((t) => Array.from(t.dataSync()));
    const cw = opt.getWeights().map((t) => Array.from(t.dataSync()));
    expect(cw.length).toBe(ew.length);
    cw.forEach((w, i) => w.forEach((v, j) => expect(Math.abs(v - ew[i]![j]!)).toBeLessThan(1e-6)));
    // and the losses really went down: the replays are not the first step repeated
    expect(losses[6]!).toBeLessThan(losses[0]!);
  });

  test('constraints run inside the compiled step', () => {
    const m = makeModel();
    m.w.constraint = (w) => tp.constraints.nonNeg().apply(w);
    const opt = new O.SGD({ learningRate: 0.1 });
    const x = tp.tensor(X);
    const y = tp.tensor(Y);
    const train = tp.function((xb: tp.Tensor, yb: tp.Tensor) => step(m, opt, xb, yb));
    const e = makeModel();
    e.w.constraint = m.w.constraint;
    const eo = new O.SGD({ learningRate: 0.1 });
    for (let i = 0; i < 5; i++) {
      train(x, y).dispose();
      step(e, eo, x, y).dispose();
      expect(Math.min(...m.w.dataSync())).toBeGreaterThanOrEqual(0);
    }
    expect(Array.from(m.w.dataSync())).toEqual(Array.from(e.w.dataSync()));
  });

  test('setting learningRate between calls changes the compiled updates (ReduceLROnPlateau)', () => {
    const v = tp.variable(tp.tensor([0]));
    const opt = new O.SGD({ learningRate: 1 });
    const apply = tp.function((g: tp.Tensor) => {
      opt.applyGradients([[g, v]]);
      return v.mul(1);
    });
    const g = tp.tensor([1]);
    apply(g).dispose();
    opt.learningRate = 0.25;
    expect(opt.learningRate).toBe(0.25);
    apply(g).dispose();
    expect(v.arraySync()).toEqual([-1.25]);
  });
});

describe('memory over 1000 steps', () => {
  test('eager Adam steps leave numTensors flat', () => {
    const m = makeModel();
    const opt = new O.Adam({ learningRate: 0.01, clipnorm: 1 });
    const x = tp.tensor(X);
    const y = tp.tensor(Y);
    step(m, opt, x, y).dispose(); // builds the slots
    const before = tp.memory().numTensors;
    for (let i = 0; i < 1000; i++) tp.tidy(() => void step(m, opt, x, y));
    expect(tp.memory().numTensors).toBe(before);
  });

  test('compiled Nadam steps with a schedule leave numTensors flat', () => {
    const m = makeModel();
    const opt = new O.Nadam({ learningRate: O.schedules.cosineDecay({ initialLearningRate: 0.01, decaySteps: 500 }) });
    const x = tp.tensor(X);
    const y = tp.tensor(Y);
    const train = tp.function((xb: tp.Tensor, yb: tp.Tensor) => step(m, opt, xb, yb));
    train(x, y).dispose();
    const before = tp.memory().numTensors;
    for (let i = 0; i < 1000; i++) train(x, y).dispose();
    expect(tp.memory().numTensors).toBe(before);
    expect(opt.iterations.arraySync()).toBe(1001);
  });

  test('minimize leaves numTensors flat', () => {
    const v = tp.variable(tp.tensor([3, -2]));
    const opt = tp.train.rmsprop(0.01, 0.9, 0.5, undefined, true);
    opt.minimize(() => v.square().sum());
    const before = tp.memory().numTensors;
    for (let i = 0; i < 1000; i++) opt.minimize(() => v.square().sum());
    expect(tp.memory().numTensors).toBe(before);
  });
});
