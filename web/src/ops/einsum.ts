// Einstein summation written with ops (sum, transpose, reshape, matMul), so it differentiates.
// Operands are folded left to right; each pair becomes one batched matMul over the labels they
// share, after labels needed nowhere else are summed out.
import { convertToTensor, describeValue, type TensorLike } from '../convert.js';
import { tidy } from '../memory.js';
import type { Tensor } from '../tensor.js';
import { matMul } from './linalg.js';
import { named } from './op_helpers.js';
import { sum } from './reduction.js';
import { reshape, transpose } from './shape.js';
import { cast } from './unary.js';

interface Term {
  labels: string[];
  t: Tensor;
}

const product = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/** Sums out the labels of `a` that `keep` lacks. */
function sumOut(a: Term, keep: ReadonlySet<string>): Term {
  const axes = a.labels.flatMap((l, i) => (keep.has(l) ? [] : [i]));
  if (axes.length === 0) return a;
  return { labels: a.labels.filter((l) => keep.has(l)), t: sum(a.t, axes) };
}

/** a, b reordered to [batch, free, shared] / [batch, shared, free] and multiplied. */
function contract(a: Term, b: Term, needed: ReadonlySet<string>): Term {
  const inB = new Set(b.labels);
  const inA = new Set(a.labels);
  const batch = a.labels.filter((l) => inB.has(l) && needed.has(l));
  const shared = a.labels.filter((l) => inB.has(l) && !needed.has(l));
  const freeA = a.labels.filter((l) => !inB.has(l));
  const freeB = b.labels.filter((l) => !inA.has(l));
  const dimA = new Map(a.labels.map((l, i) => [l, a.t.shape[i]!]));
  const dimB = new Map(b.labels.map((l, i) => [l, b.t.shape[i]!]));
  const size = (ls: string[], dims: Map<string, number>) => product(ls.map((l) => dims.get(l)!));
  const at = transpose(a.t, [...batch, ...freeA, ...shared].map((l) => a.labels.indexOf(l)));
  const bt = transpose(b.t, [...batch, ...shared, ...freeB].map((l) => b.labels.indexOf(l)));
  const nb = size(batch, dimA);
  const prod = matMul(reshape(at, [nb, size(freeA, dimA), size(shared, dimA)]), reshape(bt, [nb, size(shared, dimB), size(freeB, dimB)]));
  const labels = [...batch, ...freeA, ...freeB];
  return { labels, t: reshape(prod, labels.map((l) => dimA.get(l) ?? dimB.get(l)!)) };
}

/**
 * Einstein summation over the operands, e.g. 'ij,jk->ik' (matMul), 'bij,bjk->bik' (batched),
 * 'i,j->ij' (outer), 'ij->ji' (transpose), 'ij->' or 'ij->j' (sums), 'i,i->' (dot), and any number
 * of operands. A label shared between operands must have one size. Without '->' the output is
 * the labels that occur once, in alphabetical order (NumPy's rule). A label repeated within one
 * operand (a diagonal) and '...' are not supported: an error names the equation.
 *
 * @example
 * tp.einsum('ij,jk->ik', tp.tensor([[1, 2], [3, 4]]), tp.tensor([[5, 6], [7, 8]])).print(); // [[19, 22], [43, 50]]
 * tp.einsum('i,i->', tp.tensor([1, 2]), tp.tensor([3, 4])).print(); // 11
 */
export function einsum(equation: string, ...tensors: TensorLike[]): Tensor {
  if (typeof equation !== 'string') throw new Error(`einsum: equation must be a string, got ${describeValue(equation)}`);
  const eq = equation.replace(/\s+/g, '');
  const bad = (why: string) => new Error(`einsum: equation '${equation}': ${why}`);
  if (eq.includes('.')) throw bad("the ellipsis '...' is not supported");
  const arrows = eq.split('->').length - 1;
  if (arrows > 1) throw bad("more than one '->'");
  const [lhs, rhs] = eq.split('->') as [string, string | undefined];
  const inputs = lhs.split(',');
  if (!/^[a-zA-Z,]*$/.test(lhs) || (rhs !== undefined && !/^[a-zA-Z]*$/.test(rhs)))
    throw bad('labels must be letters a-z, A-Z');
  if (tensors.length === 0) throw bad('expected at least one tensor');
  if (inputs.length !== tensors.length) throw bad(`${inputs.length} operand(s) in the equation, ${tensors.length} tensor(s) given`);
  const counts = new Map<string, number>();
  for (const term of inputs) {
    if (new Set(term).size !== term.length) throw bad(`operand '${term}' repeats a label (diagonals are not supported)`);
    for (const l of term) counts.set(l, (counts.get(l) ?? 0) + 1);
  }
  const out = rhs ?? [...counts.keys()].filter((l) => counts.get(l) === 1).sort().join('');
  if (new Set(out).size !== out.length) throw bad(`output '${out}' repeats a label`);
  for (const l of out) if (!counts.has(l)) throw bad(`output label '${l}' is in no operand`);

  const made: Tensor[] = [];
  try {
    const ts = tensors.map((x, i) => {
      const c = convertToTensor(x, undefined, `einsum: tensor ${i}`);
      if (c.created) made.push(c.tensor);
      c.tensor.throwIfDisposed('einsum');
      return c.tensor;
    });
    const dtype = ts[0]!.dtype;
    const sizes = new Map<string, number>();
    ts.forEach((t, i) => {
      const term = inputs[i]!;
      if (t.dtype !== dtype) throw bad(`tensor ${i} is ${t.dtype}, tensor 0 ${dtype}; they must have one dtype`);
      if (t.rank !== term.length) throw bad(`operand '${term}' has ${term.length} label(s), tensor ${i} has shape [${t.shape.join(',')}]`);
      [...term].forEach((l, d) => {
        const n = t.shape[d]!;
        if (sizes.has(l) && sizes.get(l) !== n) throw bad(`label '${l}' has size ${sizes.get(l)} and ${n} (tensor ${i} of shape [${t.shape.join(',')}])`);
        sizes.set(l, n);
      });
    });
    if (dtype === 'bool') throw bad('bool tensors are not supported');
    return named('einsum', () => tidy(() => {
      // Integers go through float64 (exact below 2^53); matMul is for floats.
      const work = dtype === 'int32' ? 'float64' : dtype;
      const terms: Term[] = ts.map((t, i) => ({ labels: [...inputs[i]!], t: work === dtype ? t : cast(t, work) }));
      const needed = (from: number) => new Set([...out, ...terms.slice(from).flatMap((x) => x.labels)]);
      let acc = sumOut(terms[0]!, needed(1));
      for (let i = 1; i < terms.length; i++) {
        const keep = needed(i + 1);
        const next = sumOut(terms[i]!, new Set([...keep, ...acc.labels]));
        acc = contract(sumOut(acc, new Set([...keep, ...next.labels])), next, keep);
      }
      acc = sumOut(acc, new Set(out));
      const result = transpose(acc.t, [...out].map((l) => acc.labels.indexOf(l)));
      return work === dtype ? result : cast(result, dtype);
    }));
  } finally {
    for (const t of made) t.dispose();
  }
}
