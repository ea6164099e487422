// The gradient-check harness on WASM, driven by the op table: for every differentiable op of
// tp.opSchema() and each of its cases (op_cases.ts: random float64 inputs from the op's domain),
// the reverse-mode gradient (tape.gradient with a random cotangent u) and the forward-mode
// tangent (ForwardAccumulator with a random tangent v) agree with central finite differences of
// L(x) = sum_k <u_k, f_k(x)> along v. Mirrors tests/cpp/grad_check_test.cpp, but through the
// public JS API, so the tape and accumulator plumbing of the bindings is checked too.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { OP_CASES, inner, isFloating, makeInput, normals, rng, type GradCase } from './op_cases.js';

await tp.ready();

const schema = tp.opSchema();
const hasMeta = schema.every((op) => op.differentiable !== undefined);
const differentiable = Object.keys(OP_CASES).filter((name) => 'grad' in OP_CASES[name]!);

const DEFAULT_STEP = 1e-5, DEFAULT_TOL = 1e-6, DIRECTIONS = 3;

function randomLike(t: tp.Tensor, rand: () => number): tp.Tensor {
  return tp.tensor(normals(t.size, rand), t.shape, 'float64');
}

interface Outcome {
  directions: number;
  skipped: number;
}

function checkCase(name: string, c: GradCase, seed: number, step: number, tol: number): Outcome {
  const rand = rng(seed);
  return tp.tidy(() => {
    const xs = c.inputs.map((s) => makeInput(s, rand));
    const attrs = c.attrs ?? {};
    const run = (inputs: tp.Tensor[]) => tp.runOp(name, inputs, attrs);
    const floatIdx = xs.map((x, i) => (isFloating(x) ? i : -1)).filter((i) => i >= 0);
    const ys = run(xs);
    const outIdx = ys.map((y, k) => (isFloating(y) ? k : -1)).filter((k) => k >= 0);
    expect(outIdx.length, `${name}: no floating output`).toBeGreaterThan(0);
    const us = outIdx.map((k) => randomLike(ys[k]!, rand));
    const loss = (inputs: tp.Tensor[]) => tp.tidy(() => {
      const out = run(inputs);
      return outIdx.reduce((s, k, j) => s + inner(out[k]!, us[j]!), 0);
    });

    // Reverse mode: one gradient per float input, weighted by the cotangents.
    const tape = new tp.GradientTape();
    const yt = tape.record(() => {
      tape.watch(floatIdx.map((i) => xs[i]!));
      return run(xs);
    });
    const grads = tape.gradient(outIdx.map((k) => yt[k]!), floatIdx.map((i) => xs[i]!), { outputGradients: us });
    grads.forEach((g, j) => {
      const x = xs[floatIdx[j]!]!;
      expect(g, `${name}: no gradient for input ${floatIdx[j]}`).not.toBeNull();
      expect(g!.shape, `${name}: gradient shape of input ${floatIdx[j]}`).toEqual(x.shape);
      expect(g!.dtype).toBe('float64');
    });

    const f0 = loss(xs);
    let directions = 0, skipped = 0;
    for (let d = 0; d < DIRECTIONS; d++) {
      const vs = floatIdx.map((i) => randomLike(xs[i]!, rand));
      const at = (h: number) => tp.tidy(() => {
        const moved = xs.slice();
        floatIdx.forEach((i, j) => (moved[i] = xs[i]!.add(vs[j]!.mul(tp.scalar(h, 'float64')))));
        return loss(moved);
      });
      const fp = at(step), fm = at(-step), fp2 = at(step / 2), fm2 = at(-step / 2);
      // A kink or jump within the step (relu at 0, ties, mod's steps): no derivative to compare.
      const right = (fp - f0) / step, left = (f0 - fm) / step;
      if (Math.abs(right - left) > 0.05 * (1 + Math.abs(right) + Math.abs(left))) {
        skipped++;
        continue;
      }
      // Richardson extrapolation of central differences: error O(h^4).
      const fd = ((4 * (fp2 - fm2)) / step - (fp - fm) / (2 * step)) / 3;
      const rev = grads.reduce((s, g, j) => s + inner(g!, vs[j]!), 0);

      // Forward mode along the same direction.
      const acc = new tp.ForwardAccumulator(floatIdx.map((i) => xs[i]!), vs);
      const yf = acc.record(() => run(xs));
      let fwd = 0;
      outIdx.forEach((k, j) => {
        const t = acc.jvp(yf[k]!);
        expect(t, `${name}: no tangent for output ${k}`).not.toBeNull();
        expect(t!.shape, `${name}: tangent shape of output ${k}`).toEqual(yf[k]!.shape);
        fwd += inner(t!, us[j]!);
      });
      acc.dispose();

      const scale = 1 + Math.abs(fd);
      expect(Math.abs(rev - fd), `${name} [${c.label}] reverse ${rev} vs finite differences ${fd}`).toBeLessThanOrEqual(tol * scale);
      expect(Math.abs(fwd - fd), `${name} [${c.label}] forward ${fwd} vs finite differences ${fd}`).toBeLessThanOrEqual(tol * scale);
      directions++;
    }
    return { directions, skipped };
  });
}

describe('coverage follows the op table', () => {
  test('every op of the table has a harness entry, and every entry is an op', () => {
    const names = schema.map((op) => op.name).sort();
    expect(Object.keys(OP_CASES).sort()).toEqual(names);
  });

  test.skipIf(!hasMeta)("the harness's differentiable ops are exactly the table's, and no op leaves it unset", () => {
    expect(schema.filter((op) => op.differentiable === 'unset').map((op) => op.name)).toEqual([]);
    const fromTable = schema.filter((op) => op.differentiable === 'yes').map((op) => op.name).sort();
    expect([...differentiable].sort()).toEqual(fromTable);
  });

  test('every differentiable op has cases with float inputs', () => {
    for (const name of differentiable) {
      const entry = OP_CASES[name]!;
      expect('grad' in entry && entry.grad.length > 0, name).toBe(true);
    }
  });
});

describe('reverse and forward mode match finite differences in float64', () => {
  test.each(differentiable)('%s', (name) => {
    const op = schema.find((o) => o.name === name)!;
    const step = op.gradStep || DEFAULT_STEP, tol = op.gradTol || DEFAULT_TOL;
    const entry = OP_CASES[name]!;
    if (!('grad' in entry)) throw new Error('unreachable');
    let directions = 0;
    entry.grad.forEach((c, i) => {
      const r = checkCase(name, c, 1000 * (differentiable.indexOf(name) + 1) + i, step, tol);
      expect(r.directions, `${name} [${c.label}]: every direction crossed a kink`).toBeGreaterThan(0);
      directions += r.directions;
    });
    expect(directions).toBeGreaterThan(0);
  });
});

describe('non-differentiable ops give no gradient and no tangent', () => {
  const probed = Object.entries(OP_CASES).filter(([, e]) => 'none' in e && e.probe !== undefined).map(([name]) => name);
  test.each(probed)('%s', (name) => {
    const entry = OP_CASES[name]!;
    if (!('none' in entry) || !entry.probe) throw new Error('unreachable');
    const c = entry.probe;
    tp.tidy(() => {
      const rand = rng(7);
      const xs = c.inputs.map((s) => makeInput(s, rand));
      // y = sum(x) + sum(op(x)): only the first term may contribute, so every gradient is ones.
      const tape = new tp.GradientTape();
      const y = tape.record(() => {
        tape.watch(xs);
        const direct = xs.reduce((s, x) => s.add(x.sum()), tp.scalar(0, 'float64'));
        return direct.add(tp.cast(tp.runOp(name, xs, c.attrs ?? {})[0]!, 'float64').sum());
      });
      const grads = tape.gradient(y, xs);
      grads.forEach((g, i) => expect(g!.arraySync(), `input ${i}`).toEqual(tp.onesLike(xs[i]!).arraySync()));
      const acc = new tp.ForwardAccumulator(xs, xs.map((x) => tp.onesLike(x)));
      const yf = acc.record(() => tp.runOp(name, xs, c.attrs ?? {})[0]!);
      expect(acc.jvp(yf)).toBeNull();
      acc.dispose();
    });
  });
});
