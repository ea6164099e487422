// Helpers of the autodiff tests (deterministic random numbers, inner products) and the JS-only
// extra gradient-check cases. The gradient-check harness (grad_check.test.ts) takes its cases from
// the op table itself (core/ops/*.cpp OpDef::cases through the engine's gradCases, the same ones
// tests/cpp/grad_check_test.cpp runs); an extra case belongs here only when it adds coverage the
// table's cases lack — say which in its comment, and prefer adding the case to the op table.
import * as tp from '../../../web/src/index.js';
import type { GradCase } from '../../../web/src/engine/run_op.js';
import { rng } from '../support/rng.js';

export { rng };

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
