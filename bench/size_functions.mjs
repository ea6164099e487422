// Where an engine's gzip bytes are, function by function: for each function body of a .wasm that
// keeps its function names, what leaving that body out saves from the deflated code section. Raw
// sizes mislead: the 32 instances of one template that differ in a callee add 45 KB raw and under
// 1 KB compressed, while one dispatch switch over every dtype and op adds 7 KB compressed.
//
//   node bench/size_functions.mjs <engine.wasm with names> [--top=N] [--min-raw=BYTES]
//
// A .wasm with names: the linked engines in build/wasm-release/engine/ keep them (the shipped
// parts are split from those; TP_SPLIT_NAMED writes the parts with names, docs/toolchain.md).
import fs from 'node:fs';
import zlib from 'node:zlib';
import { wasmFunctions } from '../scripts/wasm_functions.mjs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const option = (name, fallback) => Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
if (!file) throw new Error('usage: node bench/size_functions.mjs <engine.wasm with names> [--top=N] [--min-raw=BYTES]');
const top = option('top', 40);
const minRaw = option('min-raw', 1500);

const functions = wasmFunctions(fs.readFileSync(file));
if (!functions.some((f) => f.name)) throw new Error(`${file} has no function names: use build/wasm-release/engine/*.wasm or TP_SPLIT_NAMED (docs/toolchain.md)`);
const bodies = functions.map((f) => f.body);

const deflated = (parts) => zlib.gzipSync(Buffer.concat(parts), { level: 9 }).length;
const whole = deflated(bodies);
const rows = [];
bodies.forEach((body, i) => {
  if (body.length < minRaw) return;
  const saved = whole - deflated([...bodies.slice(0, i), ...bodies.slice(i + 1)]);
  rows.push({ saved, raw: body.length, name: functions[i].name ?? `defined function ${i}` });
});
rows.sort((a, b) => b.saved - a.saved);
const raw = bodies.reduce((s, b) => s + b.length, 0);
console.log(`code section: ${bodies.length} functions, ${raw} bytes raw, ${whole} gzip -9`);
console.log('gzip saved  raw bytes  function');
for (const r of rows.slice(0, top)) console.log(`${String(r.saved).padStart(10)}  ${String(r.raw).padStart(9)}  ${r.name.slice(0, 160)}`);
const listed = rows.reduce((s, r) => s + r.saved, 0);
console.log(`the ${rows.length} functions of ${minRaw} raw bytes or more account for ${listed} of the ${whole} gzip bytes (each measured alone)`);
