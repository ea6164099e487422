// Bytes a user downloads: the WASM engine (its first module and the rest) and its JS glue, the library's JS (dist/, the
// self-contained dist/tensorpad.esm.js), what a Vite app ships when it imports only
// { ready, tensor } or the whole namespace, and the first load (app JS + engine) — against
// TF.js's WASM backend (tfjs-core + tfjs-backend-wasm + its SIMD .wasm, from node_modules).
// Raw and gzip (level 9) sizes. The budgets are checked by tests/js/size.test.ts (engine) and
// tests/package/apps.e2e.ts (tree-shaken app).
//
//   node bench/size.mjs [--no-apps]      (after scripts/build.sh wasm lib)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Raw and gzip bytes of some bytes. */
export function sizeOf(bytes) {
  return { raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
}

/** Raw and gzip bytes of files (summed). */
export function filesSize(files) {
  const total = { raw: 0, gzip: 0 };
  for (const f of files) {
    const s = sizeOf(fs.readFileSync(f));
    total.raw += s.raw;
    total.gzip += s.gzip;
  }
  return total;
}

/**
 * The engine as the library imports it (web/src/wasm, what scripts/build.sh wasm writes): the
 * first module (what a page waits for), the rest (loaded after it, scripts/split_engine.mjs) and
 * the glue, of the single-thread build, or of the threaded one with `threaded`.
 */
export function engineFiles(repo = REPO, { threaded = false } = {}) {
  const dir = path.join(repo, 'web/src/wasm');
  const name = threaded ? 'tensorpad_core_mt' : 'tensorpad_core';
  return { wasm: path.join(dir, `${name}.wasm`), rest: path.join(dir, `${name}.rest.wasm`), glue: path.join(dir, `${name}.js`) };
}

function jsFilesUnder(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile() && e.name.endsWith('.js')) out.push(path.join(e.parentPath ?? e.path, e.name));
  return out;
}

/**
 * Builds a Vite app whose entry is `code` (importing from `from`) into a temporary folder and
 * returns the JS it emits: the entry's own chunk (what the page loads first) and every .js.
 */
export async function viteAppJs(code, { root, keep = false } = {}) {
  const { build } = await import('vite');
  const app = fs.mkdtempSync(path.join(root ?? os.tmpdir(), 'tensorpad-size-'));
  try {
    fs.writeFileSync(path.join(app, 'index.html'), '<!doctype html><script type="module" src="./main.js"></script>\n');
    fs.writeFileSync(path.join(app, 'main.js'), code);
    const out = path.join(app, 'dist');
    await build({ root: app, configFile: false, logLevel: 'error', build: { outDir: out, modulePreload: false } });
    const html = fs.readFileSync(path.join(out, 'index.html'), 'utf8');
    const entry = /src="\.?\/?([^"]+\.js)"/.exec(html)?.[1];
    const all = jsFilesUnder(out);
    return { entry: filesSize(entry ? [path.join(out, entry)] : []), all: filesSize(all), files: all.length };
  } finally {
    if (!keep) fs.rmSync(app, { recursive: true, force: true });
  }
}

/** The two apps of the tree-shaking check: tensors alone, and the whole namespace kept alive. */
export const APPS = {
  tensorsOnly: (spec) => `import { ready, tensor } from '${spec}';\nawait ready();\ndocument.title = String(tensor([1, 2, 3]).add(1).dataSync());\n`,
  everything: (spec) => `import * as tp from '${spec}';\nglobalThis.tp = tp;\nawait tp.ready();\n`,
};

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

async function main() {
  const withApps = !process.argv.includes('--no-apps');
  const rows = [];
  const add = (label, s) => rows.push([label, kb(s.raw), kb(s.gzip)]);
  const eng = engineFiles();
  const wasm = filesSize([eng.wasm]);
  const glue = filesSize([eng.glue]);
  add('tensorpad engine .wasm, first module (what ready() waits for)', wasm);
  add('tensorpad engine .rest.wasm (loaded after ready)', filesSize([eng.rest]));
  add('tensorpad engine JS glue', glue);
  const mt = engineFiles(REPO, { threaded: true });
  add('threaded engine .wasm, first module', filesSize([mt.wasm]));
  add('threaded engine .rest.wasm', filesSize([mt.rest]));
  const dist = path.join(REPO, 'dist');
  let esm;
  if (fs.existsSync(path.join(dist, 'index.js'))) {
    add('dist/ JS (tsc output, all modules)', filesSize(jsFilesUnder(dist).filter((f) => !f.endsWith('.esm.js') && !f.endsWith('tensorpad.worker.js'))));
    esm = filesSize([path.join(dist, 'tensorpad.esm.js')]);
    add('dist/tensorpad.esm.js (self-contained)', esm);
    add('dist/tensorpad.worker.js', filesSize([path.join(dist, 'tensorpad.worker.js')]));
  } else {
    console.warn('dist/ is missing: run scripts/build.sh lib for the library sizes');
  }
  let apps;
  if (withApps && esm) {
    const spec = path.join(dist, 'index.js');
    apps = { tensorsOnly: await viteAppJs(APPS.tensorsOnly(spec)), everything: await viteAppJs(APPS.everything(spec)) };
    add("Vite app, import { ready, tensor }: entry JS", apps.tensorsOnly.entry);
    add("Vite app, import { ready, tensor }: all JS", apps.tensorsOnly.all);
    add('Vite app, import * as tp: entry JS', apps.everything.entry);
    add('Vite app, import * as tp: all JS', apps.everything.all);
  }
  const firstJs = apps ? apps.everything.entry : esm;
  if (firstJs) add('first load (app JS + first .wasm)', { raw: firstJs.raw + wasm.raw, gzip: firstJs.gzip + wasm.gzip });

  const tfw = path.join(REPO, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  const tfc = path.join(REPO, 'node_modules/@tensorflow/tfjs-core/dist');
  if (fs.existsSync(tfw)) {
    const tWasm = filesSize([path.join(tfw, 'tfjs-backend-wasm-simd.wasm')]);
    const tJs = filesSize([path.join(tfc, 'tf-core.min.js'), path.join(tfw, 'tf-backend-wasm.min.js')]);
    add('TF.js tfjs-backend-wasm-simd.wasm', tWasm);
    add('TF.js tf-core.min.js + tf-backend-wasm.min.js', tJs);
    add('TF.js first load (JS + .wasm)', { raw: tJs.raw + tWasm.raw, gzip: tJs.gzip + tWasm.gzip });
  }
  const w = [Math.max(...rows.map((r) => r[0].length)), 12, 12];
  console.log(`${'bytes'.padEnd(w[0])}  ${'raw'.padStart(w[1])}  ${'gzip -9'.padStart(w[2])}`);
  for (const r of rows) console.log(`${r[0].padEnd(w[0])}  ${r[1].padStart(w[1])}  ${r[2].padStart(w[2])}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
