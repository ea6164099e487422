// What a tape keeps alive for the backward pass, measured with tp.memory(): intermediates that
// JS has already disposed stay in the core while the tape needs them, and are freed when a
// non-persistent tape's gradient() returns, or when a persistent tape is disposed.
// (gradient_tape.test.ts checks that 10,000 tape uses leave the heap flat.)
import { expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

const N = 1000; // float32 values: 4000 bytes per [N] tensor

function recordChain(tape: tp.GradientTape, x: tp.Tensor): tp.Tensor {
  // tidy disposes the JS handles of exp, sin and square; the tape still holds what it saved.
  return tape.record(() => tp.tidy(() => x.exp().sin().square().sum()));
}

test('a non-persistent tape frees what it saved once gradient() returns', () => {
  const x = tp.variable(tp.fill([N], 0.5));
  const base = tp.memory();
  const tape = new tp.GradientTape();
  const y = recordChain(tape, x);
  const recorded = tp.memory();
  // y is 4 bytes; at least two [N] intermediates are saved (exp's output, sin's input and output).
  expect(recorded.numBytes - base.numBytes).toBeGreaterThanOrEqual(4 + 2 * 4 * N);
  const g = tape.gradient(y, x)!;
  const after = tp.memory();
  expect(after.numBytes - base.numBytes).toBe(4 + 4 * N); // y and the gradient, nothing else
  expect(after.numTensors - base.numTensors).toBe(2);
  // The gradient is right: d/dx sum(sin(e^x)^2) = 2 sin(e^x) cos(e^x) e^x.
  const e = Math.exp(0.5);
  expect(g.dataSync()[0]).toBeCloseTo(Math.sin(2 * e) * e, 5);
  tp.dispose([y, g]);
  expect(tp.memory().numBytes).toBe(base.numBytes);
  expect(tp.memory().numTensors).toBe(base.numTensors);
  x.dispose();
});

test('a persistent tape keeps what it saved across gradient() calls and frees it on dispose()', () => {
  const x = tp.variable(tp.fill([N], 0.5));
  const base = tp.memory();
  const tape = new tp.GradientTape({ persistent: true });
  const y = recordChain(tape, x);
  const recorded = tp.memory();
  const g1 = tape.gradient(y, x)!;
  const g2 = tape.gradient(y, x)!;
  expect(Array.from(g2.dataSync())).toEqual(Array.from(g1.dataSync()));
  const afterGradients = tp.memory();
  // Still holding the saved intermediates, plus two gradients.
  expect(afterGradients.numBytes - recorded.numBytes).toBe(2 * 4 * N);
  tape.dispose();
  const afterDispose = tp.memory();
  expect(afterDispose.numBytes - base.numBytes).toBe(4 + 2 * 4 * N);
  expect(afterDispose.numTensors - base.numTensors).toBe(3);
  expect(() => tape.gradient(y, x)).toThrow(/disposed/);
  tp.dispose([y, g1, g2]);
  expect(tp.memory().numBytes).toBe(base.numBytes);
  x.dispose();
});

test('nested tapes and forward accumulators leave the heap flat over many uses', () => {
  const w = tp.variable(tp.tensor([0.3, -0.7, 1.1], undefined, 'float64'));
  const v = tp.tensor([1, 2, 3], undefined, 'float64');
  const step = () =>
    tp.tidy(() => {
      const outer = new tp.GradientTape();
      const gv = outer.record(() => {
        const inner = new tp.GradientTape();
        const l = inner.record(() => w.tanh().square().sum());
        return inner.gradient(l, w)!.mul(v).sum();
      });
      const hv = outer.gradient(gv, w)!;
      const [, tangent] = tp.jvp((x) => x.sin().mul(x), [w], [v]);
      return hv.add(tangent).sum();
    }).dispose();
  for (let i = 0; i < 50; i++) step();
  const before = tp.memory();
  for (let i = 0; i < 1000; i++) step();
  const after = tp.memory();
  expect(after.numTensors).toBe(before.numTensors);
  expect(after.numBytes).toBe(before.numBytes);
});
