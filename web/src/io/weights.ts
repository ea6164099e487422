// Weight values <-> the little-endian bytes of a TF.js weights file. Typed arrays are
// platform-endian; every platform that runs WebAssembly is little-endian, as TF.js also assumes.
import type { Tensor } from '../tensor.js';
import { tensor } from '../ops/tensor_from_values.js';
import type { WeightsManifestEntry } from './types.js';

/** A weight to save: its manifest name and its value. */
export interface NamedWeight {
  name: string;
  tensor: Tensor;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1 };

/** Manifest name of a variable: TF's 'dense/kernel:0' is stored as 'dense/kernel', as TF.js does. */
export function manifestName(variableName: string): string {
  return variableName.replace(/:\d+$/, '');
}

/**
 * Encodes weights as TF.js does: specs in order, values concatenated (float64 is stored as
 * float32, since the TF.js format has no float64).
 *
 * @example
 * const { specs, data } = tp.io.encodeWeights([{ name: 'w', tensor: tp.tensor([1, 2]) }]);
 * // specs: [{ name: 'w', shape: [2], dtype: 'float32' }], data: 8 bytes
 */
export function encodeWeights(weights: NamedWeight[]): { specs: WeightsManifestEntry[]; data: ArrayBuffer } {
  const specs: WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const { name, tensor: t } of weights) {
    const values = t.dataSync();
    let bytes: Uint8Array;
    let dtype: WeightsManifestEntry['dtype'];
    if (t.dtype === 'float32' || t.dtype === 'float64') {
      const f = values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>);
      bytes = new Uint8Array(f.buffer, f.byteOffset, f.byteLength);
      dtype = 'float32';
    } else if (t.dtype === 'int32') {
      const i = values as Int32Array;
      bytes = new Uint8Array(i.buffer, i.byteOffset, i.byteLength);
      dtype = 'int32';
    } else if (t.dtype === 'bool') {
      bytes = Uint8Array.from(values as ArrayLike<number>, (v) => (v ? 1 : 0));
      dtype = 'bool';
    } else throw new Error(`io: weight '${name}' has dtype ${t.dtype}, which the weights format cannot store`);
    specs.push({ name, shape: [...t.shape], dtype });
    parts.push(bytes);
  }
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return { specs, data: out.buffer };
}

/** One ArrayBuffer from TF.js's `weightData`, which may be a list of shards. */
export function concatBuffers(data: ArrayBuffer | ArrayBuffer[] | Uint8Array | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  if (data instanceof Uint8Array) return data.slice().buffer;
  if (!Array.isArray(data)) return data;
  if (data.length === 1) return data[0]!;
  const out = new Uint8Array(data.reduce((n, b) => n + b.byteLength, 0));
  let o = 0;
  for (const b of data) {
    out.set(new Uint8Array(b), o);
    o += b.byteLength;
  }
  return out.buffer;
}

/**
 * Decodes a weights buffer into tensors by manifest name (the caller owns and disposes them).
 *
 * @example
 * const { specs, data } = tp.io.encodeWeights([{ name: 'w', tensor: tp.tensor([1, 2]) }]);
 * const named = tp.io.decodeWeights(data, specs);
 * named.w.print(); // [1, 2]
 */
export function decodeWeights(data: ArrayBuffer | ArrayBuffer[], specs: WeightsManifestEntry[]): Record<string, Tensor> {
  const buffer = concatBuffers(data);
  const out: Record<string, Tensor> = {};
  let offset = 0;
  try {
    for (const spec of specs) {
      if (spec.quantization) throw new Error(`io: weight '${spec.name}' is quantized (${spec.quantization.dtype}); tensorpad reads only unquantized weights`);
      const size = spec.shape.reduce((a, b) => a * b, 1);
      const width = BYTES[spec.dtype];
      if (width === undefined) throw new Error(`io: weight '${spec.name}' has dtype ${spec.dtype}, which tensorpad cannot load`);
      const nbytes = size * width;
      if (offset + nbytes > buffer.byteLength)
        throw new Error(
          `io: weight '${spec.name}' (shape [${spec.shape.join(',')}], ${spec.dtype}) needs bytes ${offset}..${offset + nbytes} ` +
            `but the weights data has only ${buffer.byteLength} bytes`,
        );
      const slice = buffer.slice(offset, offset + nbytes);
      offset += nbytes;
      out[spec.name] =
        spec.dtype === 'float32' ? tensor(new Float32Array(slice), spec.shape, 'float32')
        : spec.dtype === 'int32' ? tensor(new Int32Array(slice), spec.shape, 'int32')
        : tensor(Array.from(new Uint8Array(slice), (v) => v !== 0), spec.shape, 'bool');
    }
  } catch (e) {
    for (const t of Object.values(out)) t.dispose();
    throw e;
  }
  if (offset !== buffer.byteLength) {
    for (const t of Object.values(out)) t.dispose();
    throw new Error(`io: the weights data has ${buffer.byteLength} bytes but the manifest describes ${offset}`);
  }
  return out;
}
