// The build for pages without a bundler: dist/tensorpad.esm.js, one ES module with tensorpad's
// dependencies inside, importable from a static server or a CDN path by <script type="module">.
// Beside it: the worker of tp.worker (tensorpad.worker.js, self-contained too, as a module worker
// does not see the page's import map), and the engine and datasets it loads from wasm/ and
// datasets/data/.
// Built by Vite from dist/ (which tsc has written): `new URL(..., import.meta.url)` assets and the
// `new Worker(new URL(...))` worker are emitted and their URLs made relative to the bundle.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(repo, 'dist');

// The assets land where tsc's build already has them (wasm/, datasets/data/), byte for byte the
// same files: the package carries each once.
const assetFileNames = (asset) => {
  const name = asset.names?.[0] ?? asset.name ?? 'asset';
  return name.endsWith('.wasm') ? 'wasm/[name][extname]' : 'datasets/data/[name][extname]';
};

// The bundle's worker is tensorpad.worker.js: errors about a worker that did not start name that file.
const ENTRY_DECL = "const ENTRY = 'worker_main.js';";
const workerName = {
  name: 'tensorpad-worker-name',
  transform(code, id) {
    if (!id.endsWith(path.join('dist', 'worker', 'runtime.js'))) return null;
    if (!code.includes(ENTRY_DECL)) throw new Error(`build_esm: ${id} no longer declares ${ENTRY_DECL}`);
    return code.replace(ENTRY_DECL, "const ENTRY = 'tensorpad.worker.js';");
  },
};

await build({
  configFile: false,
  root: repo,
  base: './',
  logLevel: 'warn',
  plugins: [workerName],
  build: {
    outDir: dist,
    emptyOutDir: false,
    target: 'es2022',
    copyPublicDir: false,
    // The engine and data stay files beside the bundle (fetched only when used), not base64 inside it.
    assetsInlineLimit: 0,
    sourcemap: false,
    // One module by design (about 570 KB): no advice to split it.
    chunkSizeWarningLimit: 1024,
    rolldownOptions: {
      input: { tensorpad: path.join(dist, 'index.js') },
      preserveEntrySignatures: 'strict',
      checks: { pluginTimings: false },
      output: { entryFileNames: '[name].esm.js', codeSplitting: false, assetFileNames },
    },
  },
  worker: {
    format: 'es',
    rolldownOptions: { output: { entryFileNames: 'tensorpad.worker.js', codeSplitting: false, assetFileNames } },
  },
});
