// GradientTape, forward mode and the gradient helpers against the WASM core: the course's
// examples, closed-form higher derivatives, TensorFlow's conventions, misuse and memory.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

const course = (w1: tp.Tensor, w2: tp.Tensor) => w1.square().mul(3).add(w1.mul(w2).mul(2));

describe('the course: computing the gradient', () => {
  test('tape.gradient of 3 w1^2 + 2 w1 w2 at (5, 3) is [36, 10]', () => {
    const w1 = tp.variable(5), w2 = tp.variable(3);
    const tape = new tp.GradientTape();
    const z = tape.record(() => course(w1, w2));
    const [g1, g2] = tape.gradient(z, [w1, w2]);
    expect(g1!.arraySync()).toBe(36);
    expect(g2!.arraySync()).toBe(10);
  });

  test('forward differences with eps 1e-6 in float64 approximate 36 and 10', () => {
    const f = (w1: number, w2: number) => 3 * w1 ** 2 + 2 * w1 * w2;
    const [d1, d2] = tp.numericalGradient(f, [5, 3], 1e-6, 'forward');
    expect(d1).toBeCloseTo(36.000003, 5);
    expect(d1).not.toBe(36);
    expect(d2).toBeCloseTo(10.0, 6);
  });

  test('the 100-step my_func loop differentiates like finite differences and forward mode', () => {
    const myFunc = (a: tp.Tensor, b: tp.Tensor) => {
      let z = tp.scalar(0, 'float64');
      for (let i = 0; i < 100; i++) z = a.mul(z.add(i).cos()).add(z.mul(b.sub(i).sin()));
      return z;
    };
    const a = tp.variable(tp.scalar(0.3, 'float64')), b = tp.variable(tp.scalar(0.8, 'float64'));
    const tape = new tp.GradientTape();
    const z = tape.record(() => myFunc(a, b));
    const [ga, gb] = tape.gradient(z, [a, b]);
    const plain = (x: number, y: number) => myFunc(tp.scalar(x, 'float64'), tp.scalar(y, 'float64')).arraySync() as number;
    const [da, db] = tp.numericalGradient(plain, [0.3, 0.8], 1e-6);
    expect(ga!.arraySync()).toBeCloseTo(da!, 5);
    expect(gb!.arraySync()).toBeCloseTo(db!, 5);
    const [, tangent] = tp.jvp((x) => myFunc(x, tp.scalar(0.8, 'float64')), [tp.scalar(0.3, 'float64')], [tp.scalar(1, 'float64')]);
    expect(tangent.arraySync()).toBeCloseTo(ga!.arraySync() as number, 9);
  });

  test('a dual number a + eps gives h(a) and h\'(a) in one pass', () => {
    const a = tp.scalar(1.2, 'float64');
    const acc = new tp.ForwardAccumulator(a, tp.scalar(1, 'float64'));
    const y = acc.record(() => a.square().mul(a.sin()));
    expect(y.arraySync()).toBeCloseTo(1.44 * Math.sin(1.2), 14);
    expect(acc.jvp(y)!.arraySync()).toBeCloseTo(2.4 * Math.sin(1.2) + 1.44 * Math.cos(1.2), 13);
  });
});

describe('higher derivatives by nesting record()', () => {
  const second = (f: (x: tp.Tensor) => tp.Tensor, at: number) => {
    const x = tp.variable(tp.scalar(at, 'float64'));
    const outer = new tp.GradientTape(), inner = new tp.GradientTape();
    const dy = outer.record(() => {
      const y = inner.record(() => f(x));
      return inner.gradient(y, x)!;
    });
    return outer.gradient(dy, x)!.arraySync() as number;
  };
  test.each([-1.3, 0, 0.7, 2.1])('tanh, sigmoid, exp, softplus at %f', (x) => {
    const t = Math.tanh(x), s = 1 / (1 + Math.exp(-x));
    expect(second((v) => v.tanh(), x)).toBeCloseTo(-2 * t * (1 - t * t), 12);
    expect(second((v) => v.sigmoid(), x)).toBeCloseTo(s * (1 - s) * (1 - 2 * s), 12);
    expect(second((v) => v.exp(), x)).toBeCloseTo(Math.exp(x), 12);
    expect(second((v) => v.softplus(), x)).toBeCloseTo(s * (1 - s), 12);
  });

  test('Hessian-vector product of a small MLP loss matches finite differences of its gradient', () => {
    const x = tp.tensor([[0.5, -1], [1.5, 0.25], [-0.3, 0.8]], undefined, 'float64');
    const w = tp.variable(tp.tensor([[0.2, -0.4, 0.1], [0.7, 0.3, -0.5]], undefined, 'float64'));
    const loss = (wt: tp.Tensor) => x.matMul(wt).tanh().square().mean();
    const v = tp.tensor([[1, 0.5, -1], [0.25, -0.75, 2]], undefined, 'float64');
    const gradAt = (wt: tp.Tensor) => {
      const tape = new tp.GradientTape();
      const l = tape.record(() => { tape.watch(wt); return loss(wt); });
      return tape.gradient(l, wt)!;
    };
    const outer = new tp.GradientTape();
    const gv = outer.record(() => {
      const inner = new tp.GradientTape();
      const l = inner.record(() => loss(w));
      return inner.gradient(l, w)!.mul(v).sum();
    });
    const hv = outer.gradient(gv, w)!.dataSync();
    const h = 1e-5;
    const fd = gradAt(w.add(v.mul(h))).sub(gradAt(w.sub(v.mul(h)))).div(2 * h).dataSync();
    hv.forEach((value, i) => expect(value).toBeCloseTo(fd[i]!, 7));
  });
});

describe('TensorFlow conventions', () => {
  test('constants need watch(); variables are watched by themselves', () => {
    const c = tp.scalar(3);
    const tape = new tp.GradientTape({ persistent: true });
    const y = tape.record(() => c.square());
    // An unwatched constant is unconnected: None in TensorFlow.
    expect(tape.gradient(y, c)).toBeNull();
    const y2 = tape.record(() => { tape.watch(c); return c.square(); });
    expect(tape.gradient(y2, c)!.arraySync()).toBe(6);
  });

  test('non-scalar targets are summed; sources can be an object', () => {
    const a = tp.variable([1, 2]), b = tp.variable([[3, 4], [5, 6]]);
    const tape = new tp.GradientTape();
    const y = tape.record(() => b.mul(a));
    const g = tape.gradient(y, { a, b });
    expect(g.a!.arraySync()).toEqual([8, 10]);
    expect(g.b!.arraySync()).toEqual([[1, 2], [1, 2]]);
  });

  test("unconnected sources: null with 'none', zeros with 'zero'; integer sources: null", () => {
    const x = tp.variable(2), unused = tp.variable([1, 1]), k = tp.variable(tp.tensor(3, undefined, 'int32'));
    const tape = new tp.GradientTape({ persistent: true });
    const y = tape.record(() => x.square());
    expect(tape.gradient(y, [unused, k])).toEqual([null, null]);
    const [z, kz] = tape.gradient(y, [unused, k], { unconnectedGradients: 'zero' });
    expect(z!.arraySync()).toEqual([0, 0]);
    expect(kz).toBeNull();
  });

  test('stopGradient blocks the gradient', () => {
    const x = tp.variable(2);
    const tape = new tp.GradientTape();
    const y = tape.record(() => x.square().add(tp.stopGradient(x.mul(10))));
    expect(tape.gradient(y, x)!.arraySync()).toBe(4);
  });

  test('relu at 0 has derivative 0; maximum ties go to the first argument', () => {
    const x = tp.variable([0, 1]), a = tp.variable(1), b = tp.variable(1);
    const tape = new tp.GradientTape({ persistent: true });
    const r = tape.record(() => x.relu());
    expect(tape.gradient(r, x)!.arraySync()).toEqual([0, 1]);
    const m = tape.record(() => tp.maximum(a, b));
    expect(tape.gradient(m, [a, b]).map((g) => g!.arraySync())).toEqual([1, 0]);
  });

  test('watchedVariables lists the trainable variables read', () => {
    const v = tp.variable(1), frozen = tp.variable(2, false);
    const tape = new tp.GradientTape();
    tape.record(() => v.mul(frozen));
    expect(tape.watchedVariables()).toEqual([v]);
  });
});

describe('custom gradients', () => {
  test('a stable softplus: its gradient at 100 is 1, not NaN', () => {
    const naive = (x: tp.Tensor) => x.exp().add(1).log();
    const stable = tp.customGradient((x) => ({
      value: x.neg().exp().log1p().add(x.relu()),
      gradFunc: (dy) => dy.mul(x.sigmoid()),
    }));
    expect(Number.isNaN(tp.grad(naive)(tp.scalar(100)).arraySync())).toBe(true);
    expect(tp.grad(stable)(tp.scalar(100)).arraySync()).toBe(1);
    expect(stable(tp.scalar(100)).arraySync()).toBeCloseTo(100, 4);
  });
});

describe('helpers', () => {
  test('grad, grads, valueAndGrad, valueAndGrads, variableGrads', () => {
    expect(tp.grad((x) => x.square())(tp.tensor([1, 2])).arraySync()).toEqual([2, 4]);
    const [da, db] = tp.grads((a, b) => a.mul(b))([tp.scalar(2), tp.scalar(3)]);
    expect([da!.arraySync(), db!.arraySync()]).toEqual([3, 2]);
    const vg = tp.valueAndGrad((x) => x.exp())(tp.scalar(0));
    expect([vg.value.arraySync(), vg.grad.arraySync()]).toEqual([1, 1]);
    const vgs = tp.valueAndGrads((a, b) => a.div(b))([tp.scalar(6), tp.scalar(3)]);
    expect(vgs.value.arraySync()).toBe(2);
    expect(vgs.grads[1]!.arraySync()).toBeCloseTo(-6 / 9, 6);
    const w = tp.variable(3, true, 'vg_w');
    const r = tp.variableGrads(() => w.square(), [w]);
    expect(r.grads['vg_w:0']!.arraySync()).toBe(6);
  });
});

describe('misuse and memory', () => {
  test('gradient() twice on a non-persistent tape, non-tensor sources', () => {
    const x = tp.variable(1);
    const tape = new tp.GradientTape();
    const y = tape.record(() => x.exp());
    expect(() => tape.gradient(y, [7 as unknown as tp.Tensor])).toThrow(/source 0 is not a tensor/);
    tape.gradient(y, x);
    expect(() => tape.gradient(y, x)).toThrow(/persistent/);
  });

  test('10,000 tape uses leave the heap flat', () => {
    const w = tp.variable([[0.5, -0.5], [0.25, 1]]);
    const step = () => tp.tidy(() => {
      const tape = new tp.GradientTape();
      const loss = tape.record(() => w.matMul(w).tanh().sum());
      return tape.gradient(loss, w)!.sum();
    }).dispose();
    for (let i = 0; i < 100; i++) step();
    const before = tp.memory();
    for (let i = 0; i < 10000; i++) step();
    const after = tp.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
  });
});
