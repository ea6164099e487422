// Per-op overhead of reverse-mode recording: 1000 chained adds on [8] float32 (dispatch-bound),
// eager, then with a GradientTape recording, then recording plus gradient(). TF.js has no tape
// object: in the recording row its columns are its eager time (the cost tensorpad's recording
// is compared with); in the gradient row they are tf.grad over the same function.
import { performance } from 'node:perf_hooks';
import { randomData } from './peers.mjs';

// tf.grad needs TF.js's gradient of Add. tfjs-core registers its gradients in
// dist/register_all_gradients.js, an ES module with extensionless imports that Node cannot load,
// so Add's is registered here (for equal shapes, as its Add_grad: dy reshaped to each input).
function ensureTfjsAddGradient(tf) {
  if (tf.getGradient('Add')) return;
  tf.registerGradient({
    kernelName: 'Add',
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => ({ a: () => tf.reshape(dy, a.shape), b: () => tf.reshape(dy, b.shape) }),
  });
}

export const title = 'tape overhead: add on [8] float32, 1000 ops per call, microseconds per op (lower is better)';

const OPS = 1000;
const SHAPE = [8];

// x + x + ... + x (OPS adds), disposing as it goes like careful eager code (not inside tf.grad,
// whose tape needs the intermediates and frees them itself).
function chain(lib, x, dispose = true) {
  let y = lib.add(x, x);
  for (let i = 1; i < OPS; i++) {
    const next = lib.add(y, x);
    if (dispose) y.dispose();
    y = next;
  }
  return y;
}

const isTensorpad = (lib) => typeof lib.GradientTape === 'function';
const perOp = (seconds) => (seconds / OPS) * 1e6;

// The harness's warm-up is too short for thousands of small calls to bring the JS tiers up to
// speed (the first case measured was 3x slow); run each case a while before it is timed.
const WARMUP_SECONDS = 1;

export function* cases() {
  const data = randomData(8, 11);
  const warmed = (run) => ({
    setup: (lib) => {
      const inputs = [lib.tensor(data, SHAPE)];
      const end = performance.now() + WARMUP_SECONDS * 1e3;
      while (performance.now() < end) run(lib, inputs).dispose();
      return inputs;
    },
    run,
    score: perOp,
  });
  yield { label: 'eager, no tape', ...warmed((lib, [x]) => chain(lib, x)) };
  yield {
    label: 'tape recording',
    ...warmed((lib, [x]) => {
      if (!isTensorpad(lib)) return chain(lib, x);
      const tape = new lib.GradientTape();
      const y = tape.record(() => {
        tape.watch(x);
        return chain(lib, x);
      });
      tape.dispose();
      return y;
    }),
  };
  yield {
    label: 'recording + gradient',
    ...warmed((lib, [x]) => {
      if (!isTensorpad(lib)) {
        ensureTfjsAddGradient(lib);
        return lib.grad((v) => chain(lib, v, false))(x);
      }
      const tape = new lib.GradientTape();
      const y = tape.record(() => {
        tape.watch(x);
        return chain(lib, x);
      });
      const g = tape.gradient(y, x);
      y.dispose();
      return g;
    }),
  };
}
