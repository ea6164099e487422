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
import { wasmFunctions } from './wasm_functions.mjs';

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
      const info = wasmFunctions(fs.readFileSync(full));
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
      // 3. Split (without -g the parts carry no names).
      const split = (args) => run('wasm-split', [...features, `--profile=${keepProfile}`, full, ...args,
        '--export-prefix=%', '--placeholder-namespace=placeholder', '--import-namespace=primary']);
      fs.mkdirSync(outDir, { recursive: true });
      split(['-o1', path.join(outDir, `${e.name}.wasm`), '-o2', path.join(outDir, `${e.name}.rest.wasm`)]);
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

main();
