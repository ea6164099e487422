// The optimizer API around the update rules: TF.js factories and minimize, the input forms of
// applyGradients, the course's custom training loop, get/serialize, state save/restore, errors.
import { describe, expect, test, vi } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { createVariable } from '../../../web/src/variable.js';
import { expectTensor } from '../support/expect_tensor.js';

await tp.ready();

const O = tp.optimizers;

describe('TF.js factories (tp.train) and minimize', () => {
  test('positional arguments map onto the Keras classes', () => {
    const s = tp.train.sgd(0.3);
    expect(s).toBeInstanceOf(O.SGD);
    expect(s.learningRate).toBeCloseTo(0.3, 7);
    const m = tp.train.momentum(0.1, 0.8, true);
    expect([m.momentum, m.nesterov]).toEqual([0.8, true]);
    const a = tp.train.adam(0.01, 0.8, 0.99, 1e-4);
    expect([a.beta1, a.beta2, a.epsilon]).toEqual([0.8, 0.99, 1e-4]);
    expect(tp.train.adam().learningRate).toBeCloseTo(0.001, 9);
    expect(tp.train.adagrad(0.2).initialAccumulatorValue).toBe(0.1);
    const d = tp.train.adadelta(1, 0.9, 1e-6);
    expect([d.rho, d.epsilon]).toEqual([0.9, 1e-6]);
    const x = tp.train.adamax();
    expect([x.learningRate, x.beta1, x.beta2, x.decay]).toEqual([0.002, 0.9, 0.999, 0]);
    const r = tp.train.rmsprop(0.01, 0.8, 0.3, 1e-5, true);
    expect([r.rho, r.momentum, r.epsilon, r.centered]).toEqual([0.8, 0.3, 1e-5, true]);
  });

  test('minimize(f, returnCost, varList) takes one step on the variables f reads (or varList)', () => {
    const a = tp.variable(tp.scalar(3));
    const b = tp.variable(tp.scalar(-1));
    const opt = tp.train.sgd(0.1);
    const cost = opt.minimize(() => a.square().add(b.square().mul(2)), true);
    expectTensor(cost!, 11, 'float32', 1e-6);
    expectTensor(a, 3 - 0.1 * 6, 'float32', 1e-6);
    expectTensor(b, -1 + 0.1 * 4, 'float32', 1e-6);
    expect(opt.minimize(() => a.square().add(b.square()), false, [a])).toBeNull();
    expectTensor(a, 2.4 - 0.1 * 4.8, 'float32', 1e-6);
    expectTensor(b, -0.6, 'float32', 1e-6); // not in varList: unchanged
    expect(() => opt.minimize(() => a.add(tp.tensor([1, 2])).sum().mul(tp.tensor([1, 1])))).toThrow(/must return a scalar, got shape \[2\]/);
    expect(() => opt.minimize(() => tp.scalar(1))).toThrow(/reads no trainable variables/);
  });

  test('minimize fits a line (TF.js tutorial pattern)', () => {
    const m = tp.variable(tp.scalar(0));
    const c = tp.variable(tp.scalar(0));
    const xs = tp.tensor([0, 1, 2, 3]);
    const ys = tp.tensor([1, 3, 5, 7]);
    const opt = tp.train.adam(0.1);
    for (let i = 0; i < 500; i++) opt.minimize(() => tp.mean(tp.square(xs.mul(m).add(c).sub(ys))));
    expect(m.arraySync()).toBeCloseTo(2, 2);
    expect(c.arraySync()).toBeCloseTo(1, 2);
  });
});

describe('applyGradients input forms', () => {
  test('{name: grad} maps from tp.variableGrads, and TF.js [{name, tensor}] lists', () => {
    const w = tp.variable(tp.tensor([1, 2]), true, 'api_named_w');
    const opt = new O.SGD({ learningRate: 0.5 });
    const { grads } = tp.variableGrads(() => w.square().sum(), [w]);
    opt.applyGradients(grads);
    expectTensor(w, [0, 0], 'float32');
    opt.applyGradients([{ name: 'api_named_w', tensor: tp.tensor([2, 2]) }]);
    expectTensor(w, [-1, -1], 'float32');
    expect(() => opt.applyGradients({ no_such_variable: tp.tensor([1]) })).toThrow(/no variable named 'no_such_variable'/);
    // tp.variable refuses a taken name (as TF.js); layers of two models can still share one.
    createVariable(tp.tensor([0, 0]), true, 'api_twice');
    createVariable(tp.tensor([0, 0]), true, 'api_twice');
    expect(() => opt.applyGradients({ api_twice: tp.tensor([1, 1]) })).toThrow(/2 variables are named 'api_twice'/);
  });

  test('iterables of pairs (a zip generator), and Keras 3 apply(grads, vars)', () => {
    const a = tp.variable(tp.tensor([1]));
    const b = tp.variable(tp.tensor([2]));
    function* zip(gs: tp.Tensor[], vs: tp.Variable[]): Generator<[tp.Tensor, tp.Variable]> {
      for (let i = 0; i < gs.length; i++) yield [gs[i]!, vs[i]!];
    }
    const opt = new O.SGD({ learningRate: 1 });
    opt.applyGradients(zip([tp.tensor([1]), tp.tensor([1])], [a, b]));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    opt.apply([tp.tensor([1]), null], [a, b]); // b has no gradient: warned, skipped
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
    // the course's zip(gradients, variables) written with map, without `as const`
    const vars = [a, b];
    const grads = [tp.tensor([0]), tp.tensor([0])];
    opt.applyGradients(grads.map((g, i) => [g, vars[i]!]));
    expect(() => opt.applyGradients([[tp.tensor([1]), tp.tensor([1])]])).toThrow(/pair 0 has no variable \(got Tensor\)/);
    expectTensor(a, [-1], 'float32');
    expectTensor(b, [1], 'float32');
  });

  test('null gradients are skipped with one warning per variable; all null is an error', () => {
    const a = tp.variable(tp.tensor([1]), true, 'api_has_grad');
    const b = tp.variable(tp.tensor([1]), true, 'api_no_grad');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const opt = new O.Adam({ learningRate: 0.1 });
    opt.applyGradients([[tp.tensor([1]), a], [null, b]]);
    opt.applyGradients([[tp.tensor([1]), a], [null, b]]);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('api_no_grad');
    warn.mockRestore();
    expectTensor(b, [1], 'float32');
    expect(opt.getWeights().length).toBe(3); // b got no slots
    expect(() => opt.applyGradients([[null, b]])).toThrow(/no gradients provided for any variable/);
  });

  test('shape and dtype errors name the variable', () => {
    const w = tp.variable(tp.zeros([2, 3]), true, 'api_kernel');
    const opt = new O.SGD();
    expect(() => opt.applyGradients([[tp.zeros([3, 2]), w]])).toThrow("gradient shape [3,2] does not match variable 'api_kernel:0' shape [2,3]");
    const i = tp.variable(tp.tensor([1], undefined, 'int32'), false, 'api_int');
    expect(() => opt.applyGradients([[tp.tensor([1], undefined, 'int32'), i]])).toThrow(/'api_int:0' is int32/);
  });
});

describe("the course's custom training loop", () => {
  test('tape, gradients, clipping, applyGradients on zipped pairs, max-norm constraint after the update', () => {
    // y = x · [2, -3] + 1 from 64 samples; kernel constrained to norm <= 2.5 (Keras max_norm)
    const xsData = Array.from({ length: 64 }, (_, i) => [Math.sin(i), Math.cos(1.7 * i)]);
    const X = tp.tensor(xsData);
    const Y = tp.tensor(xsData.map(([a, b]) => [2 * a! - 3 * b! + 1]));
    const kernel = tp.variable(tp.initializers.glorotUniform({ seed: 1 }).apply([2, 1]), true, 'dense/kernel');
    const bias = tp.variable(tp.zeros([1]), true, 'dense/bias');
    kernel.constraint = (w) => tp.constraints.maxNorm({ maxValue: 2.5, axis: 0 }).apply(w);
    const trainable = [kernel, bias];
    const optimizer = new O.Nadam({ learningRate: 0.05 });
    const l2 = tp.regularizers.l2({ l2: 1e-4 });
    let first = 0, last = 0;
    for (let stepI = 0; stepI < 300; stepI++) {
      tp.tidy(() => {
        const tape = new tp.GradientTape();
        const loss = tape.record(() => {
          const yPred = tp.add(tp.matMul(X, kernel), bias);
          const mainLoss = tp.mean(tp.square(tp.sub(Y, yPred)));
          return tp.addN([mainLoss, l2.apply(kernel)]);
        });
        const gradients = tape.gradient(loss, trainable).map((g) => O.clipByNorm(g!, 1));
        optimizer.applyGradients(gradients.map((g, i) => [g, trainable[i]!] as const));
        if (stepI === 0) first = loss.arraySync() as number;
        last = loss.arraySync() as number;
      });
      expect(tp.norm(kernel).arraySync() as number).toBeLessThanOrEqual(2.5 + 1e-5);
    }
    expect(last).toBeLessThan(first);
    // the unconstrained optimum has norm sqrt(13) > 2.5, so the constraint is active
    expect(tp.norm(kernel).arraySync() as number).toBeCloseTo(2.5, 3);
  });
});

describe('get, serialize, weights, config', () => {
  test('compile strings give Keras defaults', () => {
    const expected: [string, string, number][] = [
      ['sgd', 'SGD', 0.01], ['adam', 'Adam', 0.001], ['adamw', 'AdamW', 0.001], ['nadam', 'Nadam', 0.001],
      ['rmsprop', 'RMSprop', 0.001], ['adagrad', 'Adagrad', 0.001], ['adadelta', 'Adadelta', 0.001], ['adamax', 'Adamax', 0.001],
    ];
    for (const [id, cls, lr] of expected) {
      const o = O.get(id);
      expect(o.getClassName()).toBe(cls);
      expect(o.learningRate).toBeCloseTo(lr, 9);
    }
    expect(O.get('Adam')).toBeInstanceOf(O.Adam);
    expect(O.get('RMSProp')).toBeInstanceOf(O.RMSprop);
    expect(O.get('AdamOptimizer')).toBeInstanceOf(O.Adam);
    expect((O.get('adamw') as tp.optimizers.AdamW).weightDecay).toBe(0.004);
    const given = new O.SGD();
    expect(O.get(given)).toBe(given);
    expect(() => O.get('lbfgs')).toThrow(/unknown optimizer 'lbfgs'/);
  });

  test('Keras 2 lr alias and snake_case configs', () => {
    expect(new O.SGD({ lr: 0.001, momentum: 0.9 }).learningRate).toBeCloseTo(0.001, 9);
    const o = O.deserialize({ class_name: 'RMSprop', config: { learning_rate: 0.02, rho: 0.8, centered: true } }) as tp.optimizers.RMSprop;
    expect([o.rho, o.centered]).toEqual([0.8, true]);
    expect(o.learningRate).toBeCloseTo(0.02, 8);
    const sched = O.deserialize({
      className: 'Adam',
      config: { learningRate: { class_name: 'ExponentialDecay', config: { initial_learning_rate: 1, decay_steps: 1, decay_rate: 0.5 } } },
    });
    expect(sched.learningRateSchedule).toBeInstanceOf(O.schedules.ExponentialDecay);
  });

  test('getConfig round trip', () => {
    const a = new O.Adam({ learningRate: 0.5, beta1: 0.8, amsgrad: true, clipvalue: 2, name: 'my_adam' });
    const cfg = a.getConfig();
    expect(cfg).toEqual({
      name: 'my_adam', learningRate: 0.5, weightDecay: null, clipnorm: null, globalClipnorm: null, clipvalue: 2, useEma: false,
      emaMomentum: 0.99, emaOverwriteFrequency: null, beta1: 0.8, beta2: 0.999, epsilon: 1e-7, amsgrad: true,
    });
    const b = O.deserialize(O.serialize(a)) as tp.optimizers.Adam;
    expect(b.getConfig()).toEqual(cfg);
  });

  test('getWeights: iterations then each variable\'s slots; setWeights restores a run', () => {
    const mk = () => [tp.variable(tp.tensor([1, 2])), tp.variable(tp.tensor([[3]]))] as const;
    const [a, b] = mk();
    const opt = new O.Adam({ learningRate: 0.1 });
    const g = () => [[tp.tensor([0.5, -1]), a], [tp.tensor([[2]]), b]] as [tp.Tensor, tp.Variable][];
    opt.applyGradients(g());
    opt.applyGradients(g());
    expect(opt.getWeights().map((w) => w.shape)).toEqual([[], [2], [2], [1, 1], [1, 1]]);
    expect(opt.getWeightNames().slice(1, 3)).toEqual([a.name.replace(':0', '') + '/momentum', a.name.replace(':0', '') + '/velocity']);
    const saved = opt.getWeights();
    const savedA = a.clone();
    opt.applyGradients(g());
    const after = Array.from(a.dataSync());
    // restore and repeat the third step
    const opt2 = new O.Adam({ learningRate: 0.1 });
    const [a2, b2] = mk();
    a2.assign(savedA);
    b2.assign(b.clone());
    expect(() => opt2.setWeights(saved)).toThrow(/not built yet/);
    opt2.build([a2, b2]);
    opt2.setWeights(saved);
    expect(opt2.iterations.arraySync()).toBe(2);
    opt2.applyGradients([[tp.tensor([0.5, -1]), a2]]);
    Array.from(a2.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(after[i]!, 6));
    expect(() => opt2.setWeights(saved.slice(1))).toThrow(/expected 5 weights/);
    expect(() => opt2.setWeights([saved[0]!, tp.zeros([3]), ...saved.slice(2)])).toThrow(/has shape \[3\], expected \[2\]/);
  });

  test('Nadam keeps its momentum-cache product as an extra weight', () => {
    const v = tp.variable(tp.tensor([1]));
    const opt = new O.Nadam();
    opt.applyGradients([[tp.tensor([1]), v]]);
    const ws = opt.getWeights();
    expect(ws.length).toBe(4);
    expect(ws[3]!.arraySync()).toBeCloseTo(0.9 * (1 - 0.5 * 0.96), 6);
  });

  test('dispose frees the optimizer variables; later use throws', () => {
    const v = tp.variable(tp.tensor([1, 2]));
    const opt = new O.RMSprop({ momentum: 0.9, centered: true });
    opt.applyGradients([[tp.tensor([1, 1]), v]]);
    const before = tp.memory().numTensors;
    opt.dispose();
    expect(before - tp.memory().numTensors).toBe(5); // iterations, lr, velocity, momentum, average
    expect(() => opt.applyGradients([[tp.tensor([1, 1]), v]])).toThrow(/was disposed/);
  });

  test('excludeFromWeightDecay by name and by variable', () => {
    const k = tp.variable(tp.tensor([1]), true, 'wd/kernel');
    const b = tp.variable(tp.tensor([1]), true, 'wd/bias');
    const opt = new O.SGD({ learningRate: 1, weightDecay: 0.5 });
    opt.excludeFromWeightDecay({ varNames: ['bias'] });
    opt.applyGradients([[tp.tensor([0]), k], [tp.tensor([0]), b]]);
    expectTensor(k, [0.5], 'float32');
    expectTensor(b, [1], 'float32');
    expect(() => opt.excludeFromWeightDecay({ varList: [k] })).toThrow(/before the optimizer is built/);
  });
});
