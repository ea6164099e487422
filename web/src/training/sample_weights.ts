// classWeight -> per-sample weights (Keras: the weight of each sample's class).
import { tensor } from '../ops/tensor_from_values.js';
import type { Tensor } from '../tensor.js';

/**
 * @internal Per-sample weights from `classWeight` for targets `y` (one-hot/probabilities: the
 * argmax class; a single column or sparse labels: the label), times `sampleWeight` if given.
 */
export function classSampleWeights(y: Tensor, classWeight: { [cls: number]: number }, sampleWeight: Tensor | null, op: string): Tensor {
  const n = y.shape[0]!;
  const width = y.rank >= 2 ? y.shape[y.rank - 1]! : 1;
  if (y.rank > 2 || (y.rank === 2 && width > 1 && y.size !== n * width))
    throw new Error(`${op}: classWeight needs targets of shape [samples] or [samples, classes], got [${y.shape.join(',')}]`);
  const values = y.dataSync();
  const base = sampleWeight ? sampleWeight.dataSync() : null;
  if (base && base.length !== n) throw new Error(`${op}: sampleWeight has ${base.length} entries for ${n} samples`);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let cls: number;
    if (width > 1) {
      cls = 0;
      for (let k = 1; k < width; k++) if (Number(values[i * width + k]) > Number(values[i * width + cls])) cls = k;
    } else cls = Math.round(Number(values[i]));
    const w = classWeight[cls];
    out[i] = (w === undefined ? 1 : w) * (base ? Number(base[i]) : 1);
  }
  return tensor(out, [n]);
}
