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
