// Inputs shared by the Node suites and the browser bench (no Node imports here).

/** Uniform random float32 values in [-1, 1), from a fixed seed so every peer gets the same data. */
export function randomData(n, seed = 1) {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; ++i) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

/** Sets a model's weights the same in every library: Glorot-uniform-scaled fixed random kernels, zero biases. */
export function setFixedWeights(lib, model) {
  const weights = model.getWeights().map((w, i) => {
    const shape = w.shape;
    if (shape.length === 1) return lib.zeros(shape);
    const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const fanOut = shape.length === 4 ? shape[0] * shape[1] * shape[3] : shape[shape.length - 1];
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return lib.tensor(randomData(w.size, 21 + i).map((v) => v * limit), shape);
  });
  model.setWeights(weights);
  lib.dispose(weights);
}
