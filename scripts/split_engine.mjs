// Splits each WebAssembly engine in two: the module a page loads first, with what training, the
// playground and the benchmarks run, and the rest, which the loader fetches after it (or a call
// that needs it loads: bindings/engine_rest.js). What goes first is measured, not listed: the
// engine is instrumented (Binaryen's wasm-split), a workload runs on it
// (scripts/engine_workload.mjs), and every function it ran, in any thread, stays in the first
// module, with the functions a placeholder cannot stand in for (SIMD values in their signature
// cannot cross into JavaScript).
//
//   node scripts/split_engine.mjs <dir of the linked engines (with function names)> <output dir>
//
// The outputs have no function names; TP_SPLIT_NAMED=<dir> also writes both parts with the names
// the linked engines keep (--profiling-funcs) there, for bench/size_functions.mjs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The threaded engine's profile is kept in memory from address 0 (one byte per function, shared by
// all threads: its static data starts at 8 KiB, CMakeLists.txt); the single one's in globals.
const ENGINES = [
  { name: 'tensorpad_core', engine: 'single', extra: ['tensorpad_core.js'], instrument: [] },
  { name: 'tensorpad_core_mt', engine: 'threaded', extra: ['tensorpad_core_mt.js', 'tensorpad_core_mt.worker.js', 'tensorpad_core_mt.worker.cjs'], instrument: ['--in-memory'], lowMemory: 8192 },
];

function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`})`);
}

function readLeb(bytes, at) {
  let value = 0, shift = 0, b;
  do {
    b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [value, at];
}

/** The sections of a module: id, and where the payload starts and ends. */
function sections(bytes) {
  const out = [];
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at];
    const [size, start] = readLeb(bytes, at + 1);
    out.push({ id, start, end: start + size, headerStart: at });
    at = start + size;
  }
  return out;
}

function readName(bytes, at) {
  const [n, s] = readLeb(bytes, at);
  return [Buffer.from(bytes.subarray(s, s + n)).toString('utf8'), s + n];
}

/**
 * What the split needs of a module: per defined function, its name and whether its signature
 * holds a SIMD value (v128, 0x7b).
 */
export function describeModule(bytes) {
  const secs = sections(bytes);
  const types = [];
  let imported = 0;
  const typeOf = [];
  const names = new Map();
  for (const s of secs) {
    let at = s.start;
    if (s.id === 1) {
      let n;
      [n, at] = readLeb(bytes, at);
      for (let i = 0; i < n; i++) {
        at++; // 0x60
        let np, nr, simd = false;
        [np, at] = readLeb(bytes, at);
        for (let k = 0; k < np; k++) simd ||= bytes[at++] === 0x7b;
        [nr, at] = readLeb(bytes, at);
        for (let k = 0; k < nr; k++) simd ||= bytes[at++] === 0x7b;
        types.push(simd);
      }
    } else if (s.id === 2) {
      let n;
      [n, at] = readLeb(bytes, at);
      for (let i = 0; i < n; i++) {
        [, at] = readName(bytes, at);
        [, at] = readName(bytes, at);
        const kind = bytes[at++];
        if (kind === 0) { [, at] = readLeb(bytes, at); imported++; }
        else if (kind === 1) { at++; const [flags, a] = readLeb(bytes, at); [, at] = readLeb(bytes, a); if (flags & 1) [, at] = readLeb(bytes, at); }
        else if (kind === 2) { const [flags, a] = readLeb(bytes, at); [, at] = readLeb(bytes, a); if (flags & 1) [, at] = readLeb(bytes, at); }
        else if (kind === 3) at += 2;
        else if (kind === 4) { at++; [, at] = readLeb(bytes, at); }
        else throw new Error(`import kind ${kind} not understood`);
      }
    } else if (s.id === 3) {
      let n;
      [n, at] = readLeb(bytes, at);
      for (let i = 0; i < n; i++) {
        let t;
        [t, at] = readLeb(bytes, at);
        typeOf.push(t);
      }
    } else if (s.id === 0) {
      let custom;
      [custom, at] = readName(bytes, at);
      if (custom !== 'name') continue;
      while (at < s.end) {
        const sub = bytes[at];
        const [size, start] = readLeb(bytes, at + 1);
        if (sub === 1) {
          let p = start, n;
          [n, p] = readLeb(bytes, p);
          for (let i = 0; i < n; i++) {
            let index, name;
            [index, p] = readLeb(bytes, p);
            [name, p] = readName(bytes, p);
            names.set(index, name);
          }
        }
        at = start + size;
      }
    }
  }
  return typeOf.map((t, i) => ({ name: names.get(imported + i) ?? `#${i}`, simd: types[t] }));
}

/** The module without its "name" custom section. */
export function withoutNames(bytes) {
  const parts = [bytes.subarray(0, 8)];
  for (const s of sections(bytes)) {
    if (s.id === 0 && readName(bytes, s.start)[0] === 'name') continue;
    parts.push(bytes.subarray(s.headerStart, s.end));
  }
  return Buffer.concat(parts);
}

/** A profile as wasm-split reads it: the module's hash, then one u32 per defined function (0: never ran). */
function readProfile(file, count) {
  const b = fs.readFileSync(file);
  if (b.length !== 8 + 4 * count) throw new Error(`${file}: ${b.length} bytes, expected ${8 + 4 * count} for ${count} functions`);
  const ran = [];
  for (let i = 0; i < count; i++) ran.push(b.readUInt32LE(8 + 4 * i) !== 0);
  return { hash: b.subarray(0, 8), ran };
}

function writeProfile(file, hash, keep) {
  const b = Buffer.alloc(8 + 4 * keep.length);
  hash.copy(b, 0);
  keep.forEach((k, i) => b.writeUInt32LE(k ? i + 1 : 0, 8 + 4 * i));
  fs.writeFileSync(file, b);
}

function main() {
  const [fullDir, outDir] = process.argv.slice(2);
  if (!fullDir || !outDir) throw new Error('usage: node scripts/split_engine.mjs <linked engines dir> <output dir>');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorpad-split-'));
  const features = ['--all-features'];
  try {
    for (const e of ENGINES) {
      const full = path.join(fullDir, `${e.name}.wasm`);
      const info = describeModule(fs.readFileSync(full));
      if (e.lowMemory && info.length > e.lowMemory) throw new Error(`${e.name} has ${info.length} functions: its profile needs more than the ${e.lowMemory} bytes below its static data (raise GLOBAL_BASE in CMakeLists.txt and here)`);
      // 1. Instrument, and run the workload on the instrumented engine.
      const dir = path.join(tmp, e.engine);
      fs.mkdirSync(dir);
      run('wasm-split', [...features, '--instrument', ...e.instrument, full, '-o', path.join(dir, `${e.name}.wasm`)]);
      // (The library imports the single-thread glue in any case.)
      for (const f of ENGINES.flatMap((x) => x.extra)) fs.copyFileSync(path.join(fullDir, f), path.join(dir, f));
      const profile = path.join(tmp, `${e.engine}.prof`);
      run(process.execPath, ['--import', pathToFileURL(path.join(REPO, 'scripts/engine_workload_hooks.mjs')).href,
        path.join(REPO, 'scripts/engine_workload.mjs')], {
        cwd: REPO,
        env: { ...process.env, TENSORPAD_ENGINE: e.engine, TP_ENGINE_DIR: dir, TP_PROFILE_OUT: profile },
      });
      // 2. Keep what ran and what cannot be a placeholder (bindings/engine_rest.js calls
      // tp_rest_location to find the rest: it cannot be in the rest).
      if (!info.some((f) => f.name === 'tp_rest_location')) throw new Error(`${e.name} has no tp_rest_location (bindings/bindings.cpp)`);
      const { hash, ran } = readProfile(profile, info.length);
      const keep = info.map((f, i) => ran[i] || f.simd || f.name === 'tp_rest_location');
      const keepProfile = path.join(tmp, `${e.engine}.keep.prof`);
      writeProfile(keepProfile, hash, keep);
      // 3. Split, and drop the function names.
      const first = path.join(tmp, `${e.name}.first.wasm`), rest = path.join(tmp, `${e.name}.rest.wasm`);
      const split = (args) => run('wasm-split', [...features, `--profile=${keepProfile}`, full, ...args,
        '--export-prefix=%', '--placeholder-namespace=placeholder', '--import-namespace=primary']);
      split(['-o1', first, '-o2', rest]);
      fs.mkdirSync(outDir, { recursive: true });
      fs.writeFileSync(path.join(outDir, `${e.name}.wasm`), withoutNames(fs.readFileSync(first)));
      fs.writeFileSync(path.join(outDir, `${e.name}.rest.wasm`), withoutNames(fs.readFileSync(rest)));
      for (const f of e.extra) fs.copyFileSync(path.join(fullDir, f), path.join(outDir, f));
      // With names (-g), for bench/size_functions.mjs; -g also names the exports that join the
      // two parts after their functions, which is why the shipped parts are split without it.
      const named = process.env.TP_SPLIT_NAMED;
      if (named) {
        fs.mkdirSync(named, { recursive: true });
        split(['-g', '-o1', path.join(named, `${e.name}.wasm`), '-o2', path.join(named, `${e.name}.rest.wasm`)]);
      }
      const kept = keep.filter(Boolean).length;
      console.log(`${e.name}: ${kept} of ${info.length} functions load first (${ran.filter(Boolean).length} ran in the workload)`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main();
