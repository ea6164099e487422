// The packed tarball inside the apps users build: a Vite app (dev server and build) and a webpack 5
// app, made here in a temporary folder with no configuration of tensorpad's own. Each trains a small
// model in headless Chromium three ways: on the page's thread, in the app's own worker, and with
// tp.worker.run (the package's worker, which the bundler has to find and emit by itself); and once
// more with tp.worker.run on a worker the app starts itself (`import 'tensorpad/worker'`).
// Nothing is fetched from the registry: the app's node_modules holds the unpacked tarball and links
// to the repository's copies of the runtime dependencies.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { createLogger, createServer, build as viteBuild, type Logger } from 'vite';
import webpack from 'webpack';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, REPO, type Browser } from '../e2e/browser.js';

// A webpack production build of tensorpad takes 1-5 minutes on a busy two-core machine.
const BUILD_TIMEOUT = 600_000;

// Exact data of y = 2x - 1: the least-squares fit is the line itself, so a trained model predicts
// 2 * 10 - 1 = 19 at x = 10. The function is sent to tp.worker.run as text, so it uses only `tp`.
const TRAIN = `export async function train(tp) {
  await tp.ready();
  // Float64 cosh is in the engine's second module, which the bundler had to emit too: called at
  // once, before the background load can be done, it loads it here.
  const cosh = tp.cosh(tp.tensor([0.5, -2], undefined, 'float64')).dataSync();
  const coshError = Math.max(Math.abs(cosh[0] - Math.cosh(0.5)), Math.abs(cosh[1] - Math.cosh(-2)));
  tp.setSeed(3);
  const model = tp.sequential({ layers: [tp.layers.dense({ units: 1, inputShape: [1] })] });
  model.compile({ optimizer: new tp.optimizers.Adam({ learningRate: 0.1 }), loss: 'meanSquaredError' });
  const xs = tp.tensor2d([[-2], [-1], [0], [1], [2], [3]]);
  const ys = tp.tensor2d([[-5], [-3], [-1], [1], [3], [5]]);
  const history = await model.fit(xs, ys, { epochs: 300, batchSize: 6, verbose: 0 });
  const loss = history.history.loss;
  const at10 = model.predict(tp.tensor2d([[10]])).dataSync()[0];
  return { firstLoss: loss[0], lastLoss: loss[loss.length - 1], at10, coshError, inWorker: typeof window === 'undefined', engine: tp.engineInfo().build };
}
`;

const MAIN = `import * as tp from 'tensorpad';
import { train } from './train.js';

async function all() {
  const results = {};
  results.page = await train(tp);
  results.ownWorker = await new Promise((resolve, reject) => {
    const w = new Worker(new URL('./own_worker.js', import.meta.url), { type: 'module' });
    w.onmessage = (e) => (e.data.error ? reject(new Error(e.data.error)) : resolve(e.data));
    w.onerror = (e) => reject(new Error('own worker: ' + (e.message || 'did not load')));
  });
  const unwrap = (r) => {
    if (!r.ok) throw new Error('tp.worker.run: ' + r.error.name + ': ' + r.error.message);
    return r.value;
  };
  results.workerRun = unwrap(await tp.worker.run(train));
  results.workerRunAppWorker = unwrap(
    await tp.worker.run(train, { worker: () => new Worker(new URL('./tp_worker.js', import.meta.url), { type: 'module' }) }),
  );
  return results;
}
all().then(
  (r) => (window.__result = r),
  (e) => (window.__result = { error: String(e && e.stack ? e.stack : e) }),
);
`;

const OWN_WORKER = `import * as tp from 'tensorpad';
import { train } from './train.js';
train(tp).then((r) => postMessage(r), (e) => postMessage({ error: String(e) }));
`;

const TP_WORKER = `import 'tensorpad/worker';
`;

interface Trained {
  firstLoss: number;
  lastLoss: number;
  at10: number;
  coshError: number;
  inWorker: boolean;
  /** tp.engineInfo().build: these pages are not cross-origin isolated, so always 'single'. */
  engine: string;
}

let work: string;
let tarball: string;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(path.join(REPO, 'dist', 'index.js'))) throw new Error("dist/ is missing: run 'npm run build' first");
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorpad-apps-'));
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: REPO, encoding: 'utf8' }));
  tarball = path.join(work, packed.filename);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A fresh app folder: the sources above, and node_modules with the unpacked tarball and links to its dependencies. */
function makeApp(name: string, srcDir: string, imports = { tp: 'tensorpad', tpWorker: 'tensorpad/worker' }): string {
  const app = path.join(work, name);
  const modules = path.join(app, 'node_modules');
  const pkg = path.join(modules, 'tensorpad');
  fs.mkdirSync(pkg, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', pkg, '--strip-components=1']);
  const manifest = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const dep of Object.keys(manifest.dependencies ?? {})) fs.symlinkSync(path.join(REPO, 'node_modules', dep), path.join(modules, dep), 'dir');
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  const src = path.join(app, srcDir);
  fs.mkdirSync(src, { recursive: true });
  const withImports = (code: string) => code.replace("'tensorpad/worker'", `'${imports.tpWorker}'`).replace("from 'tensorpad'", `from '${imports.tp}'`);
  fs.writeFileSync(path.join(src, 'main.js'), withImports(MAIN));
  fs.writeFileSync(path.join(src, 'train.js'), TRAIN);
  fs.writeFileSync(path.join(src, 'own_worker.js'), withImports(OWN_WORKER));
  fs.writeFileSync(path.join(src, 'tp_worker.js'), withImports(TP_WORKER));
  return app;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/** A plain static server on a built folder (what hosting a built app amounts to). */
async function serveStatic(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent((req.url ?? '/').split('?')[0]!).replace(/\/$/, '/index.html'));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('Content-Type', MIME[path.extname(file)] ?? 'application/octet-stream');
    res.end(fs.readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    // Chromium keeps its connections open (a worker's among them): without closeAllConnections,
    // close() waited for them to time out, minutes on a busy machine.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Opens the app and returns what its page reports, with the page's errors if it reports none. */
async function trainIn(url: string): Promise<Record<string, Trained>> {
  const page = await browser.context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  try {
    await page.goto(url);
    await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, null, { timeout: 180_000 });
    const result = (await page.evaluate(() => (window as { __result?: unknown }).__result)) as Record<string, Trained> & { error?: string };
    if (result.error) throw new Error(`${result.error}\n${problems.join('\n')}`);
    return result;
  } finally {
    await page.close();
  }
}

function expectTrained(results: Record<string, Trained>): void {
  expect(Object.keys(results).sort()).toEqual(['ownWorker', 'page', 'workerRun', 'workerRunAppWorker']);
  for (const [where, r] of Object.entries(results)) {
    expect(r.inWorker, where).toBe(where !== 'page');
    expect(r.engine, where).toBe('single');
    expect(r.lastLoss, where).toBeLessThan(r.firstLoss / 100);
    expect(r.at10, where).toBeCloseTo(19, 0);
    expect(r.coshError, where).toBeLessThan(1e-12);
  }
}

/** A Vite logger that keeps what Vite says about source maps (missing sources are warned about once per file). */
function mapLogger(said: string[]): Logger {
  const logger = createLogger('warn');
  const keep = (msg: string) => {
    if (/source ?map/i.test(msg)) said.push(msg);
  };
  return { ...logger, warn: keep, warnOnce: keep, error: keep, info: () => {} };
}

// Tree-shaking: the package is side-effect free except index.js and chain.js (the tensor methods
// installed on Tensor.prototype, so t.add(u) works for every import of the package root), so an app
// that uses tensors alone ships a fraction of the library. Measured 27.9 KB gzip for the entry
// below (the whole library: 138 KB); the bound leaves room for growth, not for a regression.
const TENSORS_ONLY_ENTRY_GZIP = 34 * 1024;

const TENSORS_ONLY = `import { ready, tensor } from 'tensorpad';
ready().then(() => (window.__result = { values: Array.from(tensor([1, 2, 3]).add(1).mul(2).dataSync()) }),
  (e) => (window.__result = { error: String(e) }));
`;

// Rebuilding a saved model finds the built-in layers and Sequential even though the app names
// neither: they come from the lookup table, not from registration on import.
const MODELS_ONLY = (json: string) => `import { ready, models, tensor2d } from 'tensorpad';
ready().then(() => {
  const model = models.modelFromJSON(${JSON.stringify(json)});
  const out = model.predict(tensor2d([[1, 2, 3]]));
  window.__result = { className: model.getClassName(), layers: model.layers.map((l) => l.getClassName()), shape: out.shape };
}).catch((e) => (window.__result = { error: String(e) }));
`;

describe('a tree-shaken Vite app', () => {
  async function buildAndRun(name: string, code: string): Promise<{ result: Record<string, unknown>; entryGzip: number }> {
    const app = makeApp(name, 'src');
    fs.writeFileSync(path.join(app, 'src/main.js'), code);
    fs.writeFileSync(path.join(app, 'index.html'), '<!doctype html><title>app</title><script type="module" src="/src/main.js"></script>\n');
    const out = path.join(app, 'dist');
    await viteBuild({ root: app, configFile: false, logLevel: 'error', build: { outDir: out, modulePreload: false, reportCompressedSize: false } });
    const entry = /src="\/?([^"]+\.js)"/.exec(fs.readFileSync(path.join(out, 'index.html'), 'utf8'))![1]!;
    const entryGzip = zlib.gzipSync(fs.readFileSync(path.join(out, entry)), { level: 9 }).length;
    const served = await serveStatic(out);
    const page = await browser.context.newPage();
    try {
      await page.goto(served.url);
      await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, null, { timeout: 120_000 });
      return { result: (await page.evaluate(() => (window as { __result?: unknown }).__result)) as Record<string, unknown>, entryGzip };
    } finally {
      await page.close();
      await served.close();
    }
  }

  test(
    "import { ready, tensor }: chaining works and the entry stays small",
    async () => {
      const { result, entryGzip } = await buildAndRun('tensors-only', TENSORS_ONLY);
      expect(result).toEqual({ values: [4, 6, 8] });
      expect(entryGzip).toBeLessThan(TENSORS_ONLY_ENTRY_GZIP);
    },
    BUILD_TIMEOUT,
  );

  test(
    'import { models }: modelFromJSON finds Dense and Sequential',
    async () => {
      const tp = (await import(path.join(REPO, 'dist', 'index.js'))) as typeof import('../../web/src/index.js');
      await tp.ready();
      const json = JSON.stringify(tp.sequential({ layers: [tp.layers.dense({ units: 4, inputShape: [3] }), tp.layers.dropout({ rate: 0.5 }), tp.layers.dense({ units: 2 })] }).toJSON());
      const { result } = await buildAndRun('models-only', MODELS_ONLY(json));
      expect(result).toEqual({ className: 'Sequential', layers: ['Dense', 'Dropout', 'Dense'], shape: [1, 2] });
    },
    BUILD_TIMEOUT,
  );
});

describe('a Vite app', () => {
  let app: string;
  beforeAll(() => {
    app = makeApp('vite-app', 'src');
    fs.writeFileSync(path.join(app, 'index.html'), '<!doctype html><title>app</title><script type="module" src="/src/main.js"></script>\n');
  });

  test(
    'vite build: trains on the page, in its own worker and with tp.worker.run',
    async () => {
      const said: string[] = [];
      await viteBuild({ root: app, configFile: false, customLogger: mapLogger(said), build: { outDir: path.join(app, 'dist'), sourcemap: true, reportCompressedSize: false } });
      // The package's maps carry their sources: nothing to warn about.
      expect(said).toEqual([]);
      const served = await serveStatic(path.join(app, 'dist'));
      try {
        expectTrained(await trainIn(served.url));
      } finally {
        await served.close();
      }
    },
    BUILD_TIMEOUT,
  );

  test(
    'vite dev server: the same',
    async () => {
      const said: string[] = [];
      const server = await createServer({ root: app, configFile: false, customLogger: mapLogger(said), server: { host: '127.0.0.1', port: 0 } });
      await server.listen();
      try {
        expectTrained(await trainIn(server.resolvedUrls!.local[0]!));
        expect(said).toEqual([]);
      } finally {
        await server.close();
      }
    },
    BUILD_TIMEOUT,
  );
});

describe('a webpack 5 app', () => {
  test(
    'builds without warnings and trains on the page, in its own worker and with tp.worker.run',
    async () => {
      const app = makeApp('webpack-app', 'src');
      const out = path.join(app, 'dist');
      const stats = await new Promise<webpack.Stats>((resolve, reject) =>
        webpack(
          {
            mode: 'production',
            context: app,
            entry: './src/main.js',
            output: { path: out },
            // Bundle-size advice is about the app's budget, not about how the package builds.
            performance: { hints: false },
          },
          (err, s) => (err || !s ? reject(err ?? new Error('webpack gave no stats')) : resolve(s)),
        ),
      );
      const info = stats.toJson({ all: false, errors: true, warnings: true });
      expect((info.errors ?? []).map((e) => e.message)).toEqual([]);
      expect((info.warnings ?? []).map((w) => `${w.moduleName ?? ''}: ${w.message}`)).toEqual([]);
      fs.writeFileSync(path.join(out, 'index.html'), '<!doctype html><title>app</title><script src="main.js"></script>\n');
      const served = await serveStatic(out);
      try {
        expectTrained(await trainIn(served.url));
      } finally {
        await served.close();
      }
    },
    BUILD_TIMEOUT,
  );
});

describe('a page without a bundler', () => {
  test(
    'imports dist/tensorpad.esm.js from a static server and trains on the page, in its own worker and with tp.worker.run',
    async () => {
      // The files as a CDN serves the package: node_modules/tensorpad/dist/... by path, no import map.
      const app = makeApp('plain-page', 'src', {
        tp: '../node_modules/tensorpad/dist/tensorpad.esm.js',
        tpWorker: '../node_modules/tensorpad/dist/tensorpad.worker.js',
      });
      fs.writeFileSync(path.join(app, 'index.html'), '<!doctype html><title>app</title><script type="module" src="src/main.js"></script>\n');
      // What a static server sees: real files, no links to the repository.
      for (const dep of fs.readdirSync(path.join(app, 'node_modules'))) if (dep !== 'tensorpad') fs.rmSync(path.join(app, 'node_modules', dep));
      const served = await serveStatic(app);
      try {
        expectTrained(await trainIn(served.url));
        // A server that lacks the worker file: tp.worker.run says which URL failed and what to do.
        fs.rmSync(path.join(app, 'node_modules/tensorpad/dist/tensorpad.worker.js'));
        fs.writeFileSync(
          path.join(app, 'src/missing.js'),
          `import * as tp from '../node_modules/tensorpad/dist/tensorpad.esm.js';
tp.worker.run(() => 1).then((r) => (window.__result = r), (e) => (window.__result = { thrown: String(e) }));
`,
        );
        fs.writeFileSync(path.join(app, 'missing.html'), '<!doctype html><script type="module" src="src/missing.js"></script>\n');
        const page = await browser.context.newPage();
        try {
          await page.goto(`${served.url}missing.html`);
          await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, null, { timeout: 60_000 });
          const r = (await page.evaluate(() => (window as { __result?: unknown }).__result)) as { ok: boolean; error?: { name: string; message: string } };
          expect(r.ok).toBe(false);
          expect(r.error!.name).toBe('RuntimeError');
          expect(r.error!.message).toContain(`${served.url}node_modules/tensorpad/dist/tensorpad.worker.js`);
          expect(r.error!.message).toContain("import 'tensorpad/worker'");
        } finally {
          await page.close();
        }
      } finally {
        await served.close();
      }
    },
    BUILD_TIMEOUT,
  );
});

