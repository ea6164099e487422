// Forward and reverse mode agree on random compositions of ops: seeded random programs of 6 to
// 12 steps over [3,4] float64 values (elementwise ops, broadcasting against keepDims
// reductions, matMul with transposes, softmax, slices and concat, gather, where), the output
// reduced with random weights w. For inputs x and a random direction v, the gradient from the
// tape satisfies <∇(w·f)(x), v> = w · (J_f v) from the accumulator, and both match finite
// differences.
import { expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { inner, normals, rng } from './op_cases.js';

await tp.ready();

type T = tp.Tensor;
const SHAPE = [3, 4];
const c = (v: number) => tp.scalar(v, 'float64');

// Each step maps one or two [3,4] values to a [3,4] value, smooth on all of R (no domains).
const UNARY: [string, (a: T) => T][] = [
  ['sin', (a) => a.sin()],
  ['tanh', (a) => a.tanh()],
  ['sigmoid', (a) => a.sigmoid()],
  ['softplus', (a) => tp.softplus(a)],
  ['half square', (a) => a.square().mul(c(0.5))],
  ['exp of tanh', (a) => a.tanh().exp()],
  ['softmax rows', (a) => tp.softmax(a, -1)],
  ['logSoftmax columns', (a) => tp.logSoftmax(a, 0)],
  ['reverse axis 1', (a) => tp.reverse(a, 1)],
  ['cumsum axis 1', (a) => tp.cumsum(a, 1).mul(c(0.5))],
  ['minus row mean', (a) => a.sub(tp.mean(a, 1, true))],
  ['times column logSumExp', (a) => a.mul(tp.logSumExp(a, 0, true))],
  ['gather rows', (a) => tp.gather(a, tp.tensor([2, 0, 0], undefined, 'int32'))],
  ['transpose round trip', (a) => tp.transpose(tp.transpose(a).mul(c(1.5)))],
];
const BINARY: [string, (a: T, b: T) => T][] = [
  ['add', (a, b) => a.add(b)],
  ['sub', (a, b) => a.sub(b)],
  ['mul', (a, b) => a.mul(b)],
  ['div by 1 + b^2', (a, b) => a.div(b.square().add(c(1)))],
  ['maximum', (a, b) => tp.maximum(a, b)],
  ['minimum', (a, b) => tp.minimum(a, b)],
  ['times row sums of b', (a, b) => a.mul(tp.sum(b, 1, true).mul(c(0.3)))],
  ['a (a^T b) / 4', (a, b) => a.matMul(tp.matMul(a, b, true, false)).mul(c(0.25))],
  ['(a b^T) a / 4', (a, b) => tp.matMul(a, b, false, true).matMul(a).mul(c(0.25))],
  ['concat of slices', (a, b) => tp.concat([tp.slice(a, [0, 0], [3, 1]), tp.slice(b, [0, 1], [3, 3])], 1)],
  ['where a > b', (a, b) => tp.where(a.greater(b), a.mul(b), b.sub(a))],
];

interface Program {
  text: string[];
  run: (inputs: T[]) => T;
}

function randomProgram(rand: () => number, nInputs: number): Program {
  const steps = 6 + Math.floor(rand() * 7);
  const plan: ((values: T[]) => T)[] = [];
  const text: string[] = [];
  let count = nInputs;
  const pick = () => Math.floor(rand() * count);
  for (let s = 0; s < steps; s++) {
    if (rand() < 0.5) {
      const [name, f] = UNARY[Math.floor(rand() * UNARY.length)]!;
      const a = pick();
      plan.push((vs) => f(vs[a]!));
      text.push(`v${count} = ${name}(v${a})`);
    } else {
      const [name, f] = BINARY[Math.floor(rand() * BINARY.length)]!;
      const a = pick(), b = pick();
      plan.push((vs) => f(vs[a]!, vs[b]!));
      text.push(`v${count} = ${name}(v${a}, v${b})`);
    }
    count++;
  }
  return {
    text,
    run: (inputs) => {
      const values = [...inputs];
      for (const step of plan) values.push(step(values));
      return values[values.length - 1]!;
    },
  };
}

const random = (rand: () => number) => tp.tensor(normals(12, rand), SHAPE, 'float64');

test.each(Array.from({ length: 40 }, (_, i) => i))('program %i', (seed) => {
  tp.tidy(() => {
    const rand = rng(9000 + seed);
    const program = randomProgram(rand, 3);
    const xs = [random(rand), random(rand), random(rand)];
    const vs = [random(rand), random(rand), random(rand)];
    const w = random(rand);
    const why = program.text.join('; ');

    const tape = new tp.GradientTape();
    const y = tape.record(() => {
      tape.watch(xs);
      return program.run(xs);
    });
    const grads = tape.gradient(y, xs, { outputGradients: w, unconnectedGradients: 'zero' });
    const reverse = grads.reduce((s, g, i) => s + inner(g!, vs[i]!), 0);

    const acc = new tp.ForwardAccumulator(xs, vs);
    const yf = acc.record(() => program.run(xs));
    const forward = inner(acc.jvp(yf, 'zero')!, w);
    acc.dispose();

    expect(Math.abs(reverse - forward), why).toBeLessThanOrEqual(1e-10 * (1 + Math.abs(reverse)));

    // Both against central differences, where no kink (maximum, where) lies within the step.
    const at = (h: number) => inner(program.run(xs.map((x, i) => x.add(vs[i]!.mul(c(h))))), w);
    const h = 1e-6, f0 = inner(y, w);
    const fp = at(h), fm = at(-h);
    const smooth = Math.abs((fp - f0) / h - (f0 - fm) / h) < 1e-3 * (1 + Math.abs(reverse));
    if (smooth) expect(Math.abs((fp - fm) / (2 * h) - reverse), why).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(reverse)));
  });
});
