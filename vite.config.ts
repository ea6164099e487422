// Vite config of the web app (web/app): every .html there is a page of the build. Pages import the
// library from source (web/src), and the engine finds its .wasm with
// `new URL('../wasm/tensorpad_core.wasm', import.meta.url)`, which Vite serves as-is in dev and
// emits as a hashed asset in a build.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const repo = path.dirname(fileURLToPath(import.meta.url));
const buildRoot = path.resolve(repo, process.env.TP_BUILD_ROOT ?? 'build');
const appDir = path.join(repo, 'web/app');
const pages = Object.fromEntries(
  fs
    .readdirSync(appDir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => [path.basename(f, '.html'), path.join(appDir, f)]),
);

const sandboxHeaders = { 'Access-Control-Allow-Origin': '*' };

// The offline app: after the build is written, sw.js gets the list of every file of the build
// (pages, scripts, the engine's .wasm, assets) to precache, and a version from their contents.
function serviceWorkerPlugin(): Plugin {
  let outDir = '';
  return {
    name: 'tensorpad-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle() {
      const files: string[] = [];
      const walk = (dir: string): void => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
          const p = path.join(dir, e.name);
          if (e.isDirectory()) walk(p);
          // Binary data sets (the MNIST digits, 1.7 MB) load only when a notebook asks for them:
          // the service worker caches them on that first fetch instead of at install.
          else if (e.name !== 'sw.js' && !e.name.endsWith('.map') && !e.name.endsWith('.bin')) files.push(path.relative(outDir, p).split(path.sep).join('/'));
        }
      };
      walk(outDir);
      const hash = crypto.createHash('sha256');
      for (const f of files) hash.update(f).update(fs.readFileSync(path.join(outDir, f)));
      const template = fs.readFileSync(path.join(appDir, 'service_worker.js'), 'utf8');
      const sw = template
        .replace("'__TP_VERSION__'", JSON.stringify(hash.digest('hex').slice(0, 16)))
        .replace('__TP_FILES__', JSON.stringify(['./', ...files.map((f) => `./${f}`)], null, 2));
      fs.writeFileSync(path.join(outDir, 'sw.js'), sw);
    },
  };
}

export default defineConfig({
  root: appDir,
  // Relative asset URLs, so the built app works from any folder it is served from.
  base: './',
  clearScreen: false,
  build: {
    outDir: path.join(buildRoot, 'app'),
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: { input: pages },
  },
  // The kernel (web/app/kernel.ts, imported as ?worker&url) is built on its own as one ES module
  // without imports, which the sandbox frame can run from a blob (see kernel_host.ts).
  worker: { format: 'es' },
  plugins: [serviceWorkerPlugin()],
  // The playground runs notebook code in <iframe sandbox="allow-scripts">, an opaque origin: its
  // module scripts, the kernel and the engine's .wasm are cross-origin fetches from there.
  server: { port: 5173, fs: { allow: [repo] }, headers: sandboxHeaders },
  preview: { port: 5173, headers: sandboxHeaders },
});
