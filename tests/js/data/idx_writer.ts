// IDX files for tests, written byte by byte independently of the reader (web/src/data/idx.ts).

const CODES = { ubyte: 0x08, byte: 0x09, short: 0x0b, int: 0x0c, float: 0x0d, double: 0x0e } as const;
const WIDTH = { ubyte: 1, byte: 1, short: 2, int: 4, float: 4, double: 8 } as const;

/** An IDX file of `values` (row-major) with `shape`, written independently of the reader. */
export function writeIdx(type: keyof typeof CODES, shape: number[], values: number[]): Uint8Array {
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + values.length * WIDTH[type]);
  const v = new DataView(out.buffer);
  out.set([0, 0, CODES[type], shape.length]);
  shape.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  values.forEach((x, i) => {
    const o = header + i * WIDTH[type];
    if (type === 'ubyte') v.setUint8(o, x);
    else if (type === 'byte') v.setInt8(o, x);
    else if (type === 'short') v.setInt16(o, x, false);
    else if (type === 'int') v.setInt32(o, x, false);
    else if (type === 'float') v.setFloat32(o, x, false);
    else v.setFloat64(o, x, false);
  });
  return out;
}
