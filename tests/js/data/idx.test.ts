// IDX files written here byte by byte (big-endian header and values), read back by readIdx, plain
// and gzipped; malformed files fail with the reason.
import { gzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { writeIdx } from './idx_writer.js';

await tp.ready();

describe('readIdx', () => {
  test.each([
    ['ubyte', [0, 1, 127, 128, 254, 255], 'int32'],
    ['byte', [-128, -1, 0, 1, 64, 127], 'int32'],
    ['short', [-32768, -2, 0, 300, 1000, 32767], 'int32'],
    ['int', [-(2 ** 31), -70000, 0, 1, 70000, 2 ** 31 - 1], 'int32'],
    ['float', [-1.5, 0, 0.25, 3, 1e-3, 65504], 'float32'],
    ['double', [-1.5, Math.PI, 1 / 3, 1e300, -1e-300, 0], 'float64'],
  ] as const)('type %s round-trips in shape [2, 3] as %s', (type, values, dtype) => {
    const t = tp.data.readIdx(writeIdx(type, [2, 3], [...values]));
    expect(t.dtype).toBe(dtype);
    expect(t.shape).toEqual([2, 3]);
    const want = type === 'float' ? Array.from(new Float32Array(values)) : [...values];
    expect(Array.from(t.dataSync())).toEqual(want);
    t.dispose();
  });

  test('MNIST-like images [n, 28, 28], gzipped or not, from a Uint8Array view with an offset', () => {
    const pixels = Array.from({ length: 2 * 28 * 28 }, (_, i) => (i * 7) % 256);
    const file = writeIdx('ubyte', [2, 28, 28], pixels);
    const padded = new Uint8Array(file.length + 5);
    padded.set(file, 5);
    for (const bytes of [file, gzipSync(file), padded.subarray(5), file.buffer as ArrayBuffer]) {
      const t = tp.data.readIdx(bytes);
      expect(t.shape).toEqual([2, 28, 28]);
      expect(Array.from(t.dataSync())).toEqual(pixels);
      t.dispose();
    }
    const scalar = tp.data.readIdx(writeIdx('int', [], [42]));
    expect([scalar.shape, scalar.arraySync()]).toEqual([[], 42]);
    scalar.dispose();
  });

  test('bad magic, unknown type, truncated header or data, trailing bytes, broken gzip', () => {
    const good = writeIdx('ubyte', [2, 2], [1, 2, 3, 4]);
    const bad = good.slice();
    bad[0] = 8;
    expect(() => tp.data.readIdx(bad, 'images')).toThrow(/images is not a valid IDX file: the magic number 0x08000802 does not start with two zero bytes/);
    const type = good.slice();
    type[2] = 0x0a;
    expect(() => tp.data.readIdx(type)).toThrow(/unknown type code 0x0a/);
    expect(() => tp.data.readIdx(good.subarray(0, 6))).toThrow(/lists 2 dimensions \(12 bytes\) but the file has 6 bytes/);
    expect(() => tp.data.readIdx(good.subarray(0, 14))).toThrow(/truncated: shape \[2,2\] of unsigned byte needs 16 bytes, the file has 14/);
    expect(() => tp.data.readIdx(new Uint8Array([...good, 0]))).toThrow(/1 bytes follow the 4 values/);
    expect(() => tp.data.readIdx(new Uint8Array([0, 0]))).toThrow(/fewer than the 4-byte magic/);
    expect(() => tp.data.readIdx(gzipSync(good).subarray(0, 12))).toThrow(/starts like gzip but does not inflate/);
  });
});
