/** Element types of tensorpad tensors (TensorFlow's names; float64 is TF's, not TF.js's). */
export type DType = 'float32' | 'int32' | 'bool' | 'float64';

/** The typed array a tensor of each dtype reads into (bool is stored as 0/1 bytes, like TF.js). */
export interface DataTypeMap {
  float32: Float32Array;
  int32: Int32Array;
  bool: Uint8Array;
  float64: Float64Array;
}
export type TypedArray = Float32Array | Int32Array | Uint8Array | Float64Array;

// Codes of core/dtype.h, in code order.
const DTYPES: readonly DType[] = ['float32', 'int32', 'bool', 'float64'];

/** The core's code for a dtype, as the host protocol passes it. */
export function dtypeCode(dtype: DType): number {
  const code = DTYPES.indexOf(dtype);
  if (code < 0) throw new Error(`tensorpad: unknown dtype '${String(dtype)}' (use ${DTYPES.join(', ')})`);
  return code;
}

export function dtypeFromCode(code: number): DType {
  const d = DTYPES[code];
  if (d === undefined) throw new Error(`tensorpad: unknown dtype code ${code}`);
  return d;
}

export function isDType(x: unknown): x is DType {
  return typeof x === 'string' && (DTYPES as readonly string[]).includes(x);
}

/** A view of `n` elements of `dtype` at byte offset `ptr` of `buffer` (the engine's heap). */
export function typedView(dtype: DType, buffer: ArrayBufferLike, ptr: number, n: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(buffer, ptr, n);
    case 'int32': return new Int32Array(buffer, ptr, n);
    case 'bool': return new Uint8Array(buffer, ptr, n);
    case 'float64': return new Float64Array(buffer, ptr, n);
  }
}

/** A fresh typed array of `n` elements for `dtype`. */
export function makeTypedArray(dtype: DType, n: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(n);
    case 'int32': return new Int32Array(n);
    case 'bool': return new Uint8Array(n);
    case 'float64': return new Float64Array(n);
  }
}
