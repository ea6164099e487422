// Helpers of the autodiff tests (deterministic random numbers, inner products) and the JS-only
// extra gradient-check cases. The gradient-check harness (grad_check.test.ts) takes its cases from
// the op table itself (core/ops/*.cpp OpDef::cases, the same ones tests/cpp/grad_check_test.cpp
// runs, printed by the native build's tensorpad_grad_cases: the shipped WASM engine leaves the
// cases out); an extra case belongs here only when it adds coverage the table's cases lack — say
// which in its comment, and prefer adding the case to the op table.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as tp from '../../../web/src/index.js';
import { rng } from '../support/rng.js';

export { rng };

/** One input of a gradient-check case: row-major values (bool as 0/1). */
export interface GradCaseInput {
  dtype: tp.DType;
  shape: number[];
  values: number[];
  /** Floating inputs are the differentiated ones. */
  differentiable: boolean;
}

/** One gradient-check case of the op table, every attribute present. */
export interface GradCase {
  label: string;
  inputs: GradCaseInput[];
  attrs: Record<string, number | number[] | tp.DType>;
}

const BUILD_ROOT = process.env['TP_BUILD_ROOT'] ?? fileURLToPath(new URL('../../../build', import.meta.url));
/** The native program printing the op table's gradient-check cases (scripts/build.sh native). */
export const GRAD_CASES_TOOL = `${BUILD_ROOT}/native-release/tensorpad_grad_cases`;

/**
 * The op table's gradient-check cases of every differentiable op (core/ops/op.h
 * grad_check_cases: finite floating inputs in float64, attributes completed, a floating `dtype`
 * attribute set to float64), keyed by op name; null when the native build is missing.
 */
export function tableGradCases(): Map<string, GradCase[]> | null {
  if (!existsSync(GRAD_CASES_TOOL)) return null;
  const all = JSON.parse(execFileSync(GRAD_CASES_TOOL, { maxBuffer: 256 << 20, encoding: 'utf8' })) as Record<string, GradCase[]>;
  const schema = new Map(tp.opSchema().map((op) => [op.name, op]));
  // Non-finite attribute numbers arrive as the strings "Infinity", "-Infinity", "NaN".
  const num = (v: unknown): unknown => (typeof v === 'string' ? Number(v) : Array.isArray(v) ? v.map(num) : v);
  const out = new Map<string, GradCase[]>();
  for (const [name, cases] of Object.entries(all)) {
    for (const c of cases)
      for (const attr of schema.get(name)?.attrs ?? [])
        if (attr.kind !== 'dtype' && attr.name in c.attrs) c.attrs[attr.name] = num(c.attrs[attr.name]) as number | number[];
    out.set(name, cases);
  }
  return out;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Standard normal draws (Box-Muller). */
export function normals(n: number, rand: () => number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));
  return out;
}

export function isFloating(t: tp.Tensor): boolean {
  return t.dtype === 'float32' || t.dtype === 'float64';
}

/** <a, b> in float64 over all elements. */
export function inner(a: tp.Tensor, b: tp.Tensor): number {
  const x = a.dataSync(), y = b.dataSync();
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Number(x[i]) * Number(y[i]);
  return s;
}

/** A float64 input of an extra case, uniform in [-2, 2). */
function uniform(shape: number[], rand: () => number): GradCase['inputs'][number] {
  return { dtype: 'float64', shape, values: Array.from({ length: sizeOf(shape) }, () => 4 * rand() - 2), differentiable: true };
}

function matMulCase(label: string, a: number[], b: number[], transposeA: boolean, transposeB: boolean, seed: number): GradCase {
  const rand = rng(seed);
  return { label, inputs: [uniform(a, rand), uniform(b, rand)], attrs: { transposeA: transposeA ? 1 : 0, transposeB: transposeB ? 1 : 0 } };
}

/** Cases the op table lacks, by op; the harness checks that each op named here is differentiable. */
export const EXTRA_CASES: Record<string, GradCase[]> = {
  // The table's matMul cases transpose only rank-2 operands, or a batched rhs against a shared
  // lhs; these transpose batched operands on both sides and with a broadcast batch.
  matMul: [
    matMulCase('batch transposeB [2,3,4] x [2,5,4]', [2, 3, 4], [2, 5, 4], false, true, 1),
    matMulCase('batch broadcast transposeA [1,4,3] x [2,4,2]', [1, 4, 3], [2, 4, 2], true, false, 2),
    matMulCase('batch both transposed [2,4,3] x [2,5,4]', [2, 4, 3], [2, 5, 4], true, true, 3),
  ],
};
