// The IDX format of MNIST and Fashion-MNIST (yann.lecun.com/exdb/mnist): two zero bytes, a type
// code, the number of dimensions, each dimension as a big-endian uint32, then the values,
// big-endian, row-major. Gzipped files (.gz) are recognised by their magic bytes and inflated.
import { gunzipSync } from 'fflate';
import { makeTensor } from '../convert.js';
import type { DType } from '../dtype.js';
import type { Tensor } from '../tensor.js';

interface IdxType {
  name: string;
  bytes: number;
  dtype: DType;
  read(v: DataView, offset: number): number;
}

// Integer types become int32 (tensorpad has no 8/16-bit dtypes), floats float32, doubles float64.
const TYPES: Record<number, IdxType> = {
  0x08: { name: 'unsigned byte', bytes: 1, dtype: 'int32', read: (v, o) => v.getUint8(o) },
  0x09: { name: 'signed byte', bytes: 1, dtype: 'int32', read: (v, o) => v.getInt8(o) },
  0x0b: { name: 'short', bytes: 2, dtype: 'int32', read: (v, o) => v.getInt16(o, false) },
  0x0c: { name: 'int', bytes: 4, dtype: 'int32', read: (v, o) => v.getInt32(o, false) },
  0x0d: { name: 'float', bytes: 4, dtype: 'float32', read: (v, o) => v.getFloat32(o, false) },
  0x0e: { name: 'double', bytes: 8, dtype: 'float64', read: (v, o) => v.getFloat64(o, false) },
};

/** @internal Inflates gzip data (magic 1f 8b); other bytes are returned as they are. */
export function maybeGunzip(bytes: Uint8Array, op: string): Uint8Array {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new Error(`${op}: the data starts like gzip but does not inflate: ${(e as Error).message}`);
  }
}

/**
 * The tensor stored in IDX bytes (gzipped or not): shape from the header, dtype int32 for the
 * byte/short/int types (0x08, 0x09, 0x0B, 0x0C), float32 for 0x0D, float64 for 0x0E.
 *
 * @example
 * const bytes = new Uint8Array([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 255]);
 * tp.data.readIdx(bytes).print(); // [[1, 2, 3], [4, 5, 255]]
 */
export function readIdx(bytes: Uint8Array | ArrayBuffer, name = 'the data'): Tensor {
  const raw = bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes;
  if (!(raw instanceof Uint8Array)) throw new Error(`readIdx: expected a Uint8Array or ArrayBuffer, got ${typeof bytes}`);
  const data = maybeGunzip(raw, `readIdx (${name})`);
  const fail = (why: string): never => {
    throw new Error(`readIdx: ${name} is not a valid IDX file: ${why}`);
  };
  if (data.length < 4) fail(`it has ${data.length} bytes, fewer than the 4-byte magic number`);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const magic = view.getUint32(0, false);
  if (data[0] !== 0 || data[1] !== 0)
    fail(`the magic number 0x${magic.toString(16).padStart(8, '0')} does not start with two zero bytes (expected 0x0000TTNN: type TT, NN dimensions)`);
  const type = TYPES[data[2]!];
  if (!type) fail(`unknown type code 0x${data[2]!.toString(16).padStart(2, '0')} (known: 08 ubyte, 09 byte, 0B short, 0C int, 0D float, 0E double)`);
  const rank = data[3]!;
  const headerBytes = 4 + 4 * rank;
  if (data.length < headerBytes) fail(`the header lists ${rank} dimensions (${headerBytes} bytes) but the file has ${data.length} bytes`);
  const shape: number[] = [];
  for (let d = 0; d < rank; d++) shape.push(view.getUint32(4 + 4 * d, false));
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = headerBytes + count * type!.bytes;
  if (data.length < expected)
    fail(`truncated: shape [${shape.join(',')}] of ${type!.name} needs ${expected} bytes, the file has ${data.length}`);
  if (data.length > expected)
    fail(`${data.length - expected} bytes follow the ${count} values of shape [${shape.join(',')}] (${type!.name})`);
  const values = type!.dtype === 'float64' ? new Float64Array(count) : type!.dtype === 'float32' ? new Float32Array(count) : new Int32Array(count);
  if (type!.bytes === 1 && type!.dtype === 'int32' && data[2] === 0x08) values.set(data.subarray(headerBytes, expected));
  else for (let i = 0; i < count; i++) values[i] = type!.read(view, headerBytes + i * type!.bytes);
  return makeTensor(values, shape, type!.dtype);
}
