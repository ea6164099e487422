// Higher derivatives beyond gradient_tape.test.ts (which has the second derivatives of tanh,
// sigmoid, exp, softplus and the Hessian-vector product of a one-layer loss): a third
// derivative through three nested tapes, and the Hessian-vector product of a two-layer MLP's
// cross-entropy loss over all its parameters three ways — reverse over reverse (nested tapes),
// forward over reverse (an accumulator around a tape's gradient) and finite differences of the
// gradient.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { normals, rng } from './op_cases.js';

await tp.ready();

const f64 = (values: number[], shape: number[]) => tp.tensor(values, shape, 'float64');

describe('third derivative by three nested tapes', () => {
  test.each([-1.1, 0.3, 1.7])('tanh at %f', (at) => {
    const x = tp.variable(tp.scalar(at, 'float64'));
    const t1 = new tp.GradientTape(), t2 = new tp.GradientTape(), t3 = new tp.GradientTape();
    const d2 = t1.record(() => {
      const d1 = t2.record(() => {
        const y = t3.record(() => x.tanh());
        return t3.gradient(y, x)!;
      });
      return t2.gradient(d1, x)!;
    });
    const d3 = t1.gradient(d2, x)!.arraySync() as number;
    const t = Math.tanh(at);
    expect(d3).toBeCloseTo((6 * t * t - 2) * (1 - t * t), 12);
  });
});

describe('Hessian-vector product of a two-layer MLP loss', () => {
  const rand = rng(42);
  const N = 4, D = 3, H = 5, C = 2;
  const param = (shape: number[]) => tp.variable(f64(normals(shape.reduce((a, b) => a * b, 1), rand).map((v) => 0.5 * v), shape));
  const x = f64(normals(N * D, rand), [N, D]);
  const labels = tp.oneHot(tp.tensor([0, 1, 1, 0], undefined, 'int32'), C, 1, 0, 'float64');
  const params = [param([D, H]), param([H]), param([H, C]), param([C])];
  const direction = params.map((p) => f64(normals(p.size, rand), p.shape));

  const loss = (ps: tp.Tensor[]) => {
    const [w1, b1, w2, b2] = ps as [tp.Tensor, tp.Tensor, tp.Tensor, tp.Tensor];
    const hidden = x.matMul(w1).add(b1).tanh();
    const logits = hidden.matMul(w2).add(b2);
    return tp.logSoftmax(logits).mul(labels).sum().neg().div(tp.scalar(N, 'float64'));
  };
  const gradAt = (ps: tp.Tensor[]) => {
    const tape = new tp.GradientTape();
    const l = tape.record(() => {
      tape.watch(ps);
      return loss(ps);
    });
    return tape.gradient(l, ps).map((g) => g!);
  };
  const flat = (ts: tp.Tensor[]) => ts.flatMap((t) => Array.from(t.dataSync()));

  test('nested tapes, forward over reverse and finite differences agree', () => {
    // Reverse over reverse: d/dθ <∇L(θ), v>.
    const outer = new tp.GradientTape();
    const gv = outer.record(() => gradAt(params).reduce((s, g, i) => s.add(g.mul(direction[i]!).sum()), tp.scalar(0, 'float64')));
    const hvReverse = flat(outer.gradient(gv, params).map((g) => g!));

    // Forward over reverse: the tangent of ∇L(θ) along v.
    const acc = new tp.ForwardAccumulator(params, direction);
    const g = acc.record(() => gradAt(params));
    const hvForward = flat(g.map((gi) => acc.jvp(gi)!));
    acc.dispose();

    const h = 1e-5;
    const shifted = (s: number) => params.map((p, i) => p.add(direction[i]!.mul(tp.scalar(s, 'float64'))));
    const gp = flat(gradAt(shifted(h))), gm = flat(gradAt(shifted(-h)));
    const hvFd = gp.map((v, i) => (v - gm[i]!) / (2 * h));

    expect(hvReverse.length).toBe(D * H + H + H * C + C);
    const scale = Math.max(...hvFd.map(Math.abs));
    expect(scale).toBeGreaterThan(0.01);
    hvReverse.forEach((v, i) => {
      expect(Math.abs(v - hvFd[i]!)).toBeLessThan(1e-7 * (1 + scale));
      expect(v).toBeCloseTo(hvForward[i]!, 12);
    });
  });

  test('the Hessian is symmetric: <u, H v> = <v, H u>', () => {
    const u = params.map((p) => f64(normals(p.size, rand), p.shape));
    const hvp = (dir: tp.Tensor[]) => {
      const outer = new tp.GradientTape();
      const gv = outer.record(() => gradAt(params).reduce((s, gi, i) => s.add(gi.mul(dir[i]!).sum()), tp.scalar(0, 'float64')));
      return flat(outer.gradient(gv, params).map((gi) => gi!));
    };
    const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    const uHv = dot(flat(u), hvp(direction)), vHu = dot(flat(direction), hvp(u));
    expect(Math.abs(uHv)).toBeGreaterThan(1e-3);
    expect(uHv).toBeCloseTo(vHu, 12);
  });
});
