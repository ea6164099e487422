// Time to ready over a slow network: a page that loads the library and waits until it can compute,
// in headless Chromium with the network throttled (DevTools protocol), a fresh browser context per
// load (no HTTP or compiled-code cache). tensorpad: the self-contained dist/tensorpad.esm.js on
// the page's thread (its single-thread engine; `ready()` waits for the engine's first module, the
// rest follows in the background); TF.js: the tf-core and tf-backend-wasm bundles, setBackend('wasm')
// (its SIMD binary, as a page that is not cross-origin isolated gets). Files are served gzip -9,
// as a static host would. Prints, per library, the median over rounds of: ready (ms from
// navigation), the first result (a small op read back), the bytes received by then, and tensorpad
// / TF.js ratios; and when tensorpad's whole engine had arrived.
//
//   node bench/load.mjs [--mbit=10] [--latency=40] [--rounds=3]     (after npm run build)
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.TP_CHROMIUM ?? '/usr/bin/chromium';
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const TFJS_WASM_DIR = '/node_modules/@tensorflow/tfjs-backend-wasm/dist/';

const PAGES = {
  tensorpad: `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script type="module">
  import * as tp from '/dist/tensorpad.esm.js';
  await tp.ready();
  const ready = performance.now();
  const value = tp.tensor([1, 2, 3]).square().sum().dataSync()[0];
  window.__done = { ready, first: performance.now(), value };
</script>`,
  'TF.js': `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,">
<script src="/node_modules/@tensorflow/tfjs-core/dist/tf-core.min.js"></script>
<script src="/node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js"></script>
<script>
  (async () => {
    tf.wasm.setWasmPaths('${TFJS_WASM_DIR}');
    await tf.setBackend('wasm');
    await tf.ready();
    const ready = performance.now();
    const value = tf.sum(tf.square(tf.tensor([1, 2, 3]))).dataSync()[0];
    window.__done = { ready, first: performance.now(), value, backend: tf.getBackend() };
  })();
</script>`,
};

function parseArgs(argv) {
  const opts = { mbit: 10, latency: 40, rounds: 3 };
  for (const arg of argv) {
    const [k, v] = arg.replace(/^--/, '').split('=');
    if (!(k in opts) || !(Number(v) > 0)) throw new Error(`unknown or bad argument '${arg}' (--mbit=10, --latency=40, --rounds=3)`);
    opts[k] = Number(v);
  }
  return opts;
}

function serve() {
  const gzipped = new Map();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const page = /^\/load\/(.+)\.html$/.exec(url.pathname);
    let body;
    let type;
    if (page && PAGES[decodeURIComponent(page[1])]) {
      body = Buffer.from(PAGES[decodeURIComponent(page[1])]);
      type = TYPES['.html'];
    } else {
      const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '');
      const file = path.resolve(root, rel);
      const allowed = ['dist/', 'node_modules/@tensorflow/'].some((d) => file.startsWith(path.join(root, d)));
      if (!allowed || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404).end();
        return;
      }
      if (!gzipped.has(file)) gzipped.set(file, zlib.gzipSync(fs.readFileSync(file), { level: 9 }));
      body = gzipped.get(file);
      type = TYPES[path.extname(file)] ?? 'application/octet-stream';
      res.setHeader('Content-Encoding', 'gzip');
    }
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store', 'Content-Length': body.length }).end(body);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** One load of one library's page on a throttled network; times in ms from navigation start. */
async function loadOnce(browser, base, lib, opts) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    const bytesPerSecond = (opts.mbit * 1e6) / 8;
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: opts.latency, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond });
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/load/${encodeURIComponent(lib)}.html`);
    await page.waitForFunction(() => window.__done !== undefined || undefined, undefined, { timeout: 120_000 }).catch((e) => {
      throw new Error(`${lib} did not get ready: ${errors.join('; ') || e.message}`);
    });
    const done = await page.evaluate(() => window.__done);
    if (done.value !== 14) throw new Error(`${lib} computed ${done.value}, not 14`);
    if (lib === 'TF.js' && done.backend !== 'wasm') throw new Error(`TF.js ran on its ${done.backend} backend`);
    // Bytes received by the first result, and (tensorpad) when the rest of its engine arrived.
    const timing = await page.evaluate(async (lib) => {
      if (lib === 'tensorpad') {
        for (let i = 0; i < 600 && !performance.getEntriesByType('resource').some((r) => /\.rest\.wasm$/.test(r.name) && r.responseEnd > 0); i++) await new Promise((r) => setTimeout(r, 100));
      }
      const entries = [performance.getEntriesByType('navigation')[0], ...performance.getEntriesByType('resource')];
      const first = window.__done.first;
      const rest = performance.getEntriesByType('resource').find((r) => /\.rest\.wasm$/.test(r.name));
      return { bytes: entries.filter((e) => e.responseEnd <= first).reduce((s, e) => s + e.transferSize, 0), restArrived: rest ? rest.responseEnd : undefined };
    }, lib);
    return { ready: done.ready, first: done.first, ...timing };
  } finally {
    await context.close();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  for (const f of ['dist/tensorpad.esm.js', 'dist/wasm/tensorpad_core.wasm', 'dist/wasm/tensorpad_core.rest.wasm', `${TFJS_WASM_DIR.slice(1)}tfjs-backend-wasm-simd.wasm`]) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing (run 'npm run build' / 'npm install')`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/setup.sh (Debian package chromium)`);
  const server = await serve();
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking'] });
  const runs = { tensorpad: [], 'TF.js': [] };
  try {
    const base = `http://127.0.0.1:${server.address().port}`;
    for (let round = 0; round < opts.rounds; round++) {
      for (const lib of Object.keys(runs)) runs[lib].push(await loadOnce(browser, base, lib, opts));
    }
  } finally {
    await browser.close();
    server.close();
  }
  const m = Object.fromEntries(Object.entries(runs).map(([lib, rs]) => [lib, Object.fromEntries(['ready', 'first', 'bytes', 'restArrived'].map((k) => [k, rs[0][k] === undefined ? undefined : median(rs.map((r) => r[k]))]))]));
  console.log(`headless Chromium, ${opts.mbit} Mbit/s, ${opts.latency} ms latency, files gzip -9, no cache; median of ${opts.rounds} loads each`);
  const row = (label, f, unit) => {
    const [a, b] = [f(m.tensorpad), f(m['TF.js'])];
    console.log(`${label.padEnd(40)} ${`${a.toFixed(0)} ${unit}`.padStart(12)} ${`${b.toFixed(0)} ${unit}`.padStart(12)} ${`${(a / b).toFixed(2)}x`.padStart(18)}`);
  };
  console.log(`${''.padEnd(40)} ${'tensorpad'.padStart(12)} ${'TF.js'.padStart(12)} ${'tensorpad / TF.js'.padStart(18)}`);
  row('ready (from navigation)', (r) => r.ready, 'ms');
  row('first result read back', (r) => r.first, 'ms');
  row('received by then', (r) => r.bytes / 1024, 'KB');
  if (m.tensorpad.restArrived !== undefined) console.log(`tensorpad's whole engine (the rest, in the background) had arrived at ${m.tensorpad.restArrived.toFixed(0)} ms`);
}

main().catch((e) => {
  console.error(`load bench failed: ${e.stack ?? e}`);
  process.exitCode = 1;
});
