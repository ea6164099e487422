// The defined functions of a WebAssembly module as the engine's tools need them: name (from the
// "name" section, if the module keeps one), whether the signature holds a SIMD value (v128), and
// the body's bytes. Read by scripts/split_engine.mjs and bench/size_functions.mjs.

/** Per defined function, in index order: `{ name, simd, body }` (name undefined without names). */
export function wasmFunctions(bytes) {
  let pos = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      value += (b & 0x7f) * 2 ** shift;
      shift += 7;
      if (b < 0x80) return value;
    }
  };
  const name = () => {
    const n = leb();
    const s = Buffer.from(bytes.subarray(pos, pos + n)).toString('utf8');
    pos += n;
    return s;
  };
  const typeHasSimd = [];
  const typeOf = [];
  const bodies = [];
  const names = new Map();
  let importedFunctions = 0;
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = leb();
    const end = pos + size;
    if (id === 1) {
      for (let i = leb(); i > 0; i--) {
        pos++; // 0x60: a function type
        let simd = false;
        for (let n = leb(); n > 0; n--) simd ||= bytes[pos++] === 0x7b; // params
        for (let n = leb(); n > 0; n--) simd ||= bytes[pos++] === 0x7b; // results
        typeHasSimd.push(simd);
      }
    } else if (id === 2) {
      // Imports: only imported functions take function indices before the defined ones.
      for (let i = leb(); i > 0; i--) {
        name();
        name();
        const kind = bytes[pos++];
        if (kind === 0) { leb(); importedFunctions++; }
        else if (kind === 1) { pos++; const flags = leb(); leb(); if (flags & 1) leb(); }
        else if (kind === 2) { const flags = leb(); leb(); if (flags & 1) leb(); }
        else if (kind === 3) pos += 2;
        else if (kind === 4) { pos++; leb(); }
        else throw new Error(`import kind ${kind} is not known`);
      }
    } else if (id === 3) {
      for (let i = leb(); i > 0; i--) typeOf.push(leb());
    } else if (id === 10) {
      for (let i = leb(); i > 0; i--) {
        const n = leb();
        bodies.push(bytes.subarray(pos, pos + n));
        pos += n;
      }
    } else if (id === 0 && name() === 'name') {
      while (pos < end) {
        const sub = bytes[pos++];
        const subEnd = pos + leb();
        if (sub === 1) for (let i = leb(); i > 0; i--) { const index = leb(); names.set(index, name()); }
        pos = subEnd;
      }
    }
    pos = end;
  }
  return typeOf.map((t, i) => ({ name: names.get(importedFunctions + i), simd: typeHasSimd[t], body: bodies[i] }));
}
