// Orthogonal: a random orthogonal matrix (Saxe et al. 2014), as Keras makes it: the Q of the QR
// decomposition of a normal matrix, with the signs of R's diagonal folded into Q so the result
// is uniformly distributed. Layers' matrices are small, so the QR runs in JS (float64).
import type { DType } from '../dtype.js';
import { randomNormal } from '../ops/random.js';
import { tensor } from '../ops/tensor_from_values.js';
import type { Tensor } from '../tensor.js';
import { checkShape, Initializer } from './initializer.js';
import type { SeedArgs } from './random.js';

/**
 * Orthonormal columns of the rows x cols matrix `a` (row-major, rows >= cols) by modified
 * Gram-Schmidt; equals Keras's q * sign(diag(r)) since Gram-Schmidt's R has a positive diagonal.
 */
function orthonormalColumns(a: Float64Array, rows: number, cols: number): Float64Array {
  const q = Float64Array.from(a);
  for (let j = 0; j < cols; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += q[i * cols + k]! * q[i * cols + j]!;
      for (let i = 0; i < rows; i++) q[i * cols + j]! -= dot * q[i * cols + k]!;
    }
    let n = 0;
    for (let i = 0; i < rows; i++) n += q[i * cols + j]! ** 2;
    n = Math.sqrt(n);
    if (n === 0) throw new Error('Orthogonal: the random matrix was singular (draw again with another seed)');
    for (let i = 0; i < rows; i++) q[i * cols + j]! /= n;
  }
  return q;
}

/**
 * A random orthogonal matrix times `gain` (1), for shapes of rank >= 2 (flattened to
 * [prod(shape[:-1]), shape[-1]]): WᵀW = gain²·I when there are at least as many rows as columns,
 * W·Wᵀ = gain²·I otherwise.
 *
 * @example
 * const w = new tp.initializers.Orthogonal({ seed: 1 }).apply([3, 3]);
 * tp.matMul(w, w, true).print(); // about [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
 */
export class Orthogonal extends Initializer {
  static override className = 'Orthogonal';
  readonly gain: number;
  readonly seed: number | null;
  constructor(args: { gain?: number } & SeedArgs = {}) {
    super();
    this.gain = args.gain ?? 1;
    this.seed = args.seed ?? null;
  }

  apply(shape: number[], dtype: DType = 'float32'): Tensor {
    const s = checkShape(shape, 'Orthogonal');
    if (s.length < 2) throw new Error(`Orthogonal: needs a shape of rank at least 2, got [${s.join(',')}]`);
    if (dtype !== 'float32' && dtype !== 'float64') throw new Error(`Orthogonal: needs a float dtype, got ${dtype}`);
    const numCols = s[s.length - 1]!;
    const numRows = s.slice(0, -1).reduce((a, b) => a * b, 1);
    const rows = Math.max(numRows, numCols);
    const cols = Math.min(numRows, numCols);
    const draw = randomNormal([rows, cols], 0, 1, 'float64', this.seed ?? undefined);
    const a = draw.dataSync() as Float64Array;
    draw.dispose();
    const q = orthonormalColumns(a, rows, cols);
    // Transposed when there are fewer rows than columns, as Keras.
    const out = new Float64Array(numRows * numCols);
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        const v = this.gain * q[i * cols + j]!;
        if (numRows >= numCols) out[i * numCols + j] = v;
        else out[j * numCols + i] = v;
      }
    return tensor(dtype === 'float64' ? out : Float32Array.from(out), s, dtype);
  }

  override getConfig(): object {
    return { gain: this.gain, seed: this.seed };
  }
}
