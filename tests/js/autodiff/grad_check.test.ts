// The gradient-check harness on WASM, driven by the op table: for every differentiable op of
// tp.opSchema() and each of its gradient-check cases — the op table's own test cases, exactly the
// ones tests/cpp/grad_check_test.cpp runs (core/ops/op.h grad_check_cases, printed by the native
// build's tensorpad_grad_cases), plus the few JS-only extras of op_cases.ts — the reverse-mode gradient (tape.gradient
// with a random cotangent u) and the forward-mode tangent (ForwardAccumulator with a random
// tangent v) agree with central finite differences of L(x) = sum_k <u_k, f_k(x)> along v, in
// float64. Mirrors the native harness, but through the public JS API, so the tape and accumulator
// plumbing of the bindings is checked too. A float32 pass then runs the same rules on float32
// inputs and compares them with the float64 rules (checked above) at the same point.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { EXTRA_CASES, GRAD_CASES_TOOL, inner, isFloating, normals, rng, tableGradCases, type GradCase } from './op_cases.js';

await tp.ready();

const schema = tp.opSchema();
const table = tableGradCases();
const differentiable = schema.filter((op) => op.differentiable === 'yes').map((op) => op.name);
const nonDifferentiable = schema.filter((op) => op.differentiable === 'no').map((op) => op.name);

const DEFAULT_STEP = 1e-5, DEFAULT_TOL = 1e-6, DIRECTIONS = 3;

function casesOf(name: string): GradCase[] {
  return table?.get(name) ?? [];
}
function allCasesOf(name: string): GradCase[] {
  return [...casesOf(name), ...(EXTRA_CASES[name] ?? [])];
}

/** The case's inputs; floating ones as `floatType` (values rounded to it). */
function makeInputs(c: GradCase, floatType: 'float32' | 'float64'): tp.Tensor[] {
  return c.inputs.map((s) => tp.tensor(s.values, s.shape, s.differentiable ? floatType : s.dtype));
}

/** Float64 values of a float32 case: the same point as the float32 pass sees. */
function roundedTo32(c: GradCase): GradCase {
  return { ...c, inputs: c.inputs.map((s) => (s.differentiable ? { ...s, values: s.values.map(Math.fround) } : s)) };
}

function with32(attrs: GradCase['attrs']): GradCase['attrs'] {
  return attrs['dtype'] === 'float64' ? { ...attrs, dtype: 'float32' } : attrs;
}

function randomLike(t: tp.Tensor, rand: () => number, dtype: 'float32' | 'float64' = 'float64'): tp.Tensor {
  return tp.tensor(normals(t.size, rand), t.shape, dtype);
}

/** Reverse-mode gradients (one per floating input) and forward-mode tangent contractions. */
interface Rules {
  xs: tp.Tensor[];
  floatIdx: number[];
  outIdx: number[];
  us: tp.Tensor[];
  grads: tp.Tensor[];
  /** <tangent of output k, u_k> summed over outputs, along v. */
  forward: (vs: tp.Tensor[]) => number;
}

/** `cotangent(y, j)` makes u_j for the j-th floating output y. */
function runRules(name: string, xs: tp.Tensor[], attrs: GradCase['attrs'], cotangent: (y: tp.Tensor, j: number) => tp.Tensor): Rules | null {
  const run = (inputs: tp.Tensor[]) => tp.runOp(name, inputs, attrs);
  const floatIdx = xs.map((x, i) => (isFloating(x) ? i : -1)).filter((i) => i >= 0);
  const ys = run(xs);
  const outIdx = ys.map((y, k) => (isFloating(y) ? k : -1)).filter((k) => k >= 0);
  // No floating output (cast to int32, say): nothing to differentiate; the native harness compares 0 with 0.
  if (outIdx.length === 0) return null;
  const cot = outIdx.map((k, j) => cotangent(ys[k]!, j));
  const tape = new tp.GradientTape();
  const yt = tape.record(() => {
    tape.watch(floatIdx.map((i) => xs[i]!));
    return run(xs);
  });
  const grads = tape.gradient(outIdx.map((k) => yt[k]!), floatIdx.map((i) => xs[i]!), { outputGradients: cot });
  grads.forEach((g, j) => {
    const x = xs[floatIdx[j]!]!;
    // An op marked differentiable without rules ends here (the tape finds no vjp).
    expect(g, `${name}: no gradient for input ${floatIdx[j]}`).not.toBeNull();
    expect(g!.shape, `${name}: gradient shape of input ${floatIdx[j]}`).toEqual(x.shape);
    expect(g!.dtype, `${name}: gradient dtype of input ${floatIdx[j]}`).toBe(x.dtype);
  });
  const forward = (vs: tp.Tensor[]) => {
    const acc = new tp.ForwardAccumulator(floatIdx.map((i) => xs[i]!), vs);
    const yf = acc.record(() => run(xs));
    let fwd = 0;
    outIdx.forEach((k, j) => {
      const t = acc.jvp(yf[k]!);
      expect(t, `${name}: no tangent for output ${k}`).not.toBeNull();
      expect(t!.shape, `${name}: tangent shape of output ${k}`).toEqual(yf[k]!.shape);
      expect(t!.dtype, `${name}: tangent dtype of output ${k}`).toBe(yf[k]!.dtype);
      fwd += inner(t!, cot[j]!);
    });
    acc.dispose();
    return fwd;
  };
  return { xs, floatIdx, outIdx, us: cot, grads: grads as tp.Tensor[], forward };
}

interface Outcome {
  checked: boolean;
  directions: number;
}

/**
 * A kink or jump within h along v (relu at 0, ties of max, the k-th value of topk, mod's steps):
 * the one-sided slopes disagree and the derivative is not defined there. Checked on L and on
 * every output element with a weight in u, since the slopes of elements can cancel out in L (a
 * reduction over tied values). As kinked() in tests/cpp/grad_check_test.cpp.
 */
function kinked(y0: number[][], yp: number[][], ym: number[][], u: number[][], h: number): boolean {
  const disagree = (right: number, left: number) => Math.abs(right - left) > 0.05 * (1 + Math.abs(right) + Math.abs(left));
  let l0 = 0, lp = 0, lm = 0;
  for (let k = 0; k < u.length; k++) {
    const a = y0[k]!, p = yp[k]!, m = ym[k]!, w = u[k]!;
    for (let i = 0; i < a.length; i++) {
      if (w[i] !== 0 && disagree((p[i]! - a[i]!) / h, (a[i]! - m[i]!) / h)) return true;
      l0 += w[i]! * a[i]!;
      lp += w[i]! * p[i]!;
      lm += w[i]! * m[i]!;
    }
  }
  return disagree((lp - l0) / h, (l0 - lm) / h);
}

/** Float64: both rules against Richardson-extrapolated central differences, as the native harness. */
function checkCase(name: string, c: GradCase, seed: number, step: number, tol: number): Outcome {
  const rand = rng(seed);
  return tp.tidy(() => {
    const xs = makeInputs(c, 'float64');
    const r = runRules(name, xs, c.attrs, (y) => randomLike(y, rand));
    if (r === null) return { checked: false, directions: 0 };
    const uValues = r.us.map((u) => Array.from(u.dataSync(), Number));
    // The floating outputs' values at `inputs`, and L there.
    const outputs = (inputs: tp.Tensor[]) => tp.tidy(() => {
      const out = tp.runOp(name, inputs, c.attrs);
      return r.outIdx.map((k) => Array.from(out[k]!.dataSync(), Number));
    });
    const lossOf = (ys: number[][]) => ys.reduce((s, y, j) => s + y.reduce((t, yi, i) => t + yi * uValues[j]![i]!, 0), 0);
    const y0 = outputs(xs);
    const f0 = lossOf(y0);
    if (!Number.isFinite(f0)) return { checked: false, directions: 0 }; // e.g. the mean of an empty tensor
    let directions = 0;
    for (let d = 0; d < DIRECTIONS; d++) {
      const vs = r.floatIdx.map((i) => randomLike(xs[i]!, rand));
      const at = (h: number) => tp.tidy(() => {
        const moved = xs.slice();
        r.floatIdx.forEach((i, j) => (moved[i] = xs[i]!.add(vs[j]!.mul(tp.scalar(h, 'float64')))));
        return outputs(moved);
      });
      const yp = at(step), ym = at(-step);
      if (kinked(y0, yp, ym, uValues, step)) continue; // no derivative to compare
      const fp = lossOf(yp), fm = lossOf(ym), fp2 = lossOf(at(step / 2)), fm2 = lossOf(at(-step / 2));
      // Richardson extrapolation of central differences: error O(h^4).
      const fd = ((4 * (fp2 - fm2)) / step - (fp - fm) / (2 * step)) / 3;
      const rev = r.grads.reduce((s, g, j) => s + inner(g, vs[j]!), 0);
      const fwd = r.forward(vs);
      const scale = 1 + Math.abs(fd);
      expect(Math.abs(rev - fd), `${name} [${c.label}] reverse ${rev} vs finite differences ${fd}`).toBeLessThanOrEqual(tol * scale);
      expect(Math.abs(fwd - fd), `${name} [${c.label}] forward ${fwd} vs finite differences ${fd}`).toBeLessThanOrEqual(tol * scale);
      directions++;
    }
    return { checked: true, directions };
  });
}

function absInner(a: tp.Tensor, b: tp.Tensor): number {
  const x = a.dataSync(), y = b.dataSync();
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.abs(Number(x[i]) * Number(y[i]));
  return s;
}

/**
 * Float32: the rules on float32 inputs against the float64 rules at the same point, along the
 * same cotangents and directions: |r32 - r64| <= tol (1 + sum_i |terms of r64|). Finite
 * differences in float32 would be dominated by rounding (step^2 vs eps/step), so the float64
 * pass above is what ties the rules to the function; this one checks they keep float32 accuracy.
 */
function checkCase32(name: string, c: GradCase, seed: number, tol: number): Outcome {
  const rand = rng(seed);
  return tp.tidy(() => {
    const c64 = roundedTo32(c);
    const x64 = makeInputs(c64, 'float64');
    // Cotangents and directions with float32 values, the same in both passes.
    const uValues: number[][] = [];
    const r64u = runRules(name, x64, c64.attrs, (y, j) => {
      uValues[j] = normals(y.size, rand).map(Math.fround);
      return tp.tensor(uValues[j]!, y.shape, 'float64');
    });
    if (r64u === null) return { checked: false, directions: 0 };
    const f0 = tp.tidy(() => {
      const out = tp.runOp(name, x64, c64.attrs);
      return r64u.outIdx.reduce((s, k, j) => s + inner(out[k]!, r64u.us[j]!), 0);
    });
    if (!Number.isFinite(f0)) return { checked: false, directions: 0 }; // as in the float64 pass
    const r32 = runRules(name, makeInputs(c64, 'float32'), with32(c64.attrs), (y, j) => tp.tensor(uValues[j]!, y.shape, 'float32'))!;
    let directions = 0;
    for (let d = 0; d < DIRECTIONS; d++) {
      const v32 = r64u.floatIdx.map((i) => randomLike(x64[i]!, rand, 'float32'));
      const v64 = v32.map((v) => tp.cast(v, 'float64'));
      const rev64 = r64u.grads.reduce((s, g, j) => s + inner(g, v64[j]!), 0);
      const rev32 = r32.grads.reduce((s, g, j) => s + inner(g, v64[j]!), 0);
      const fwd64 = r64u.forward(v64), fwd32 = r32.forward(v32);
      // <J v, u> = <v, J^T u>: one scale for both modes, the sum of |terms| of the reverse one.
      const scale = 1 + r64u.grads.reduce((s, g, j) => s + absInner(g, v64[j]!), 0);
      expect(Math.abs(rev32 - rev64), `${name} [${c.label}] float32 reverse ${rev32} vs float64 ${rev64}`).toBeLessThanOrEqual(tol * scale);
      expect(Math.abs(fwd32 - fwd64), `${name} [${c.label}] float32 forward ${fwd32} vs float64 ${fwd64}`).toBeLessThanOrEqual(tol * scale);
      directions++;
    }
    return { checked: true, directions };
  });
}

describe('coverage follows the op table', () => {
  test(`the native build prints the op table's gradient-check cases (${GRAD_CASES_TOOL}; scripts/build.sh native)`, () => {
    expect(table).not.toBeNull();
    expect(table!.size).toBeGreaterThan(0);
  });

  test('no op of the table leaves differentiability unset', () => {
    expect(schema.filter((op) => op.differentiable !== 'yes' && op.differentiable !== 'no').map((op) => op.name)).toEqual([]);
  });

  test('every differentiable op has gradient-check cases in the op table', () => {
    expect(differentiable.filter((name) => casesOf(name).length === 0)).toEqual([]);
  });

  test('JS-only extra cases name differentiable ops of the table', () => {
    expect(Object.keys(EXTRA_CASES).filter((name) => !differentiable.includes(name))).toEqual([]);
  });
});

describe('reverse and forward mode match finite differences in float64', () => {
  test.each(differentiable)('%s', (name) => {
    const op = schema.find((o) => o.name === name)!;
    const step = op.gradStep || DEFAULT_STEP, tol = op.gradTol || DEFAULT_TOL;
    let checked = 0, directions = 0;
    allCasesOf(name).forEach((c, i) => {
      const r = checkCase(name, c, 1000 * (differentiable.indexOf(name) + 1) + i, step, tol);
      if (r.checked) checked++;
      directions += r.directions;
    });
    expect(checked, `${name}: no case with a floating output and a finite loss`).toBeGreaterThan(0);
    expect(directions, `${name}: every direction crossed a kink`).toBeGreaterThan(0);
  });
});

describe('float32 rules agree with the float64 rules', () => {
  test.each(differentiable)('%s', (name) => {
    const op = schema.find((o) => o.name === name)!;
    const tol = tol32(op);
    let checked = 0;
    allCasesOf(name).forEach((c, i) => {
      if (checkCase32(name, c, 5000 * (differentiable.indexOf(name) + 1) + i, tol).checked) checked++;
    });
    expect(checked).toBeGreaterThan(0);
  });
});

/**
 * Float32 tolerance relative to the sum of |terms|: ten times the op table's float32 forward
 * tolerance (rtol, atol), at least 1e-4 (exact ops have 0 there, but their rules still round
 * sums, as broadcastTo's reduction). Measured worst cases are below 2e-6 (gelu), most below 3e-7.
 */
function tol32(op: ReturnType<typeof tp.opSchema>[number]): number {
  return Math.max(1e-4, 10 * Math.max(op.rtol ?? 1e-5, op.atol ?? 1e-6));
}

describe('non-differentiable ops give no gradient and no tangent', () => {
  const probed = nonDifferentiable.filter((name) => casesOf(name).length > 0);
  test.each(probed)('%s', (name) => {
    // The first few of the table's cases with floating inputs.
    for (const c of casesOf(name).slice(0, 3)) {
      tp.tidy(() => {
        const xs = makeInputs(c, 'float64');
        const floats = xs.filter(isFloating);
        // y = sum(x) + sum(op(x)): only the first term may contribute, so every gradient is ones.
        const tape = new tp.GradientTape();
        const y = tape.record(() => {
          tape.watch(floats);
          const direct = floats.reduce((s, x) => s.add(x.sum()), tp.scalar(0, 'float64'));
          return direct.add(tp.cast(tp.runOp(name, xs, c.attrs)[0]!, 'float64').sum());
        });
        const grads = tape.gradient(y, floats);
        grads.forEach((g, i) => expect(g!.arraySync(), `${name} [${c.label}] input ${i}`).toEqual(tp.onesLike(floats[i]!).arraySync()));
        const acc = new tp.ForwardAccumulator(floats, floats.map((x) => tp.onesLike(x)));
        const yf = acc.record(() => tp.runOp(name, xs, c.attrs)[0]!);
        expect(acc.jvp(yf), `${name} [${c.label}]`).toBeNull();
        acc.dispose();
      });
    }
  });
});
