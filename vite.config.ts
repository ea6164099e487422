// Vite config of the web app (web/app): every .html there is a page of the build. Pages import the
// library from source (web/src), and the engine finds its .wasm with
// `new URL('../wasm/tensorpad_core.wasm', import.meta.url)`, which Vite serves as-is in dev and
// emits as a hashed asset in a build.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Connect, type Plugin } from 'vite';
import { SANDBOX_DOCUMENT } from './web/app/sandbox_frame.ts';

const repo = path.dirname(fileURLToPath(import.meta.url));
const buildRoot = path.resolve(repo, process.env.TP_BUILD_ROOT ?? 'build');
const appDir = path.join(repo, 'web/app');
const pages = Object.fromEntries(
  fs
    .readdirSync(appDir)
    .filter((f) => f.endsWith('.html'))
    .map((f) => [path.basename(f, '.html'), path.join(appDir, f)]),
);

// Every response: cross-origin isolation for the pages (COOP + COEP: crossOriginIsolated, so
// SharedArrayBuffer and the threaded engine), and the kernel frame's needs: it is another site,
// so its document and every file it or its worker loads from here must allow being embedded or
// fetched cross-origin (CORP, CORS), and its own document must be COEP too to sit in an isolated page.
const servedHeaders: Record<string, string> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Access-Control-Allow-Origin': '*',
};
const setServedHeaders: Connect.NextHandleFunction = (_req, res, next) => {
  for (const [k, v] of Object.entries(servedHeaders)) res.setHeader(k, v);
  next();
};

// The threaded engine's pool-worker script runs as a classic worker, so development serves it as
// the file is: Vite's transform would add an import (for the script's dynamic import).
const servePoolWorker: Connect.NextHandleFunction = (req, res, next) => {
  if (!(req.url ?? '').split(/[?#]/)[0]!.endsWith('/tensorpad_core_mt.worker.js')) return next();
  res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
  res.end(fs.readFileSync(path.join(repo, 'web/src/wasm/tensorpad_core_mt.worker.js')));
};

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

// The kernel frame (web/app/kernel_host.ts, kernel_origin.ts) is sandbox.html on another site than
// the page, so Chromium runs it in a process of its own. This plugin emits sandbox.html into the
// build and serves it in development; fills the page's <meta name="tensorpad-kernel-url"> from
// TP_KERNEL_URL at build time (the app's folder on the kernel's site, or "inline"); and, as the
// default kernel site of a local server is its other loopback name (localhost <-> 127.0.0.1), makes
// a server bound to ::1 answer on 127.0.0.1 too.
function kernelFramePlugin(): Plugin {
  const setting = process.env.TP_KERNEL_URL ?? '';
  const serveFrame: Connect.NextHandleFunction = (req, res, next) => {
    if (!(req.url ?? '').split(/[?#]/)[0]!.endsWith('/sandbox.html')) return next();
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.end(SANDBOX_DOCUMENT);
  };
  const bothLoopbackNames = (server: unknown, app: Connect.Server): void => {
    if (!(server instanceof http.Server)) return; // https: deployments configure their kernel site
    server.once('listening', () => {
      const a = server.address();
      if (!a || typeof a === 'string' || a.address !== '::1') return;
      const twin = http.createServer(app);
      twin.on('error', (e) => console.warn(`tensorpad: 127.0.0.1:${a.port} is not free (${e.message}): the kernel frame will run in the page's process`));
      twin.listen(a.port, '127.0.0.1');
      server.once('close', () => twin.close());
    });
  };
  const escapeAttr = (v: string): string => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return {
    name: 'tensorpad-kernel-frame',
    transformIndexHtml(html) {
      return html.replace(/(<meta name="tensorpad-kernel-url" content=")[^"]*(")/, `$1${escapeAttr(setting)}$2`);
    },
    configureServer(server) {
      server.middlewares.use(setServedHeaders);
      server.middlewares.use(serveFrame);
      server.middlewares.use(servePoolWorker);
      bothLoopbackNames(server.httpServer, server.middlewares);
    },
    configurePreviewServer(server) {
      server.middlewares.use(setServedHeaders);
      bothLoopbackNames(server.httpServer, server.middlewares);
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'sandbox.html', source: SANDBOX_DOCUMENT });
    },
  };
}

export default defineConfig({
  root: appDir,
  // The library's '#platform' seam: the browser side (package.json "imports" maps it for dist/ only).
  resolve: { alias: { '#platform': path.join(repo, 'web/src/platform/browser.ts') } },
  // Relative asset URLs, so the built app works from any folder it is served from.
  base: './',
  clearScreen: false,
  build: {
    outDir: path.join(buildRoot, 'app'),
    emptyOutDir: true,
    target: 'es2022',
    // Class names survive minification: a cell's value shows `Dense`, not `fC`.
    rolldownOptions: { input: pages, output: { keepNames: true } },
  },
  // The kernel (web/app/kernel.ts, imported as ?worker&url) is built on its own as one ES module
  // without imports, which the sandbox frame can run from a blob (see kernel_host.ts).
  worker: { format: 'es', rolldownOptions: { output: { keepNames: true } } },
  plugins: [kernelFramePlugin(), serviceWorkerPlugin()],
  // The playground runs notebook code in <iframe sandbox="allow-scripts">, an opaque origin (and
  // another site): its module scripts, the kernel and the engine's .wasm are cross-origin fetches.
  server: { port: 5173, fs: { allow: [repo] }, headers: servedHeaders },
  preview: { port: 5173, headers: servedHeaders },
});
