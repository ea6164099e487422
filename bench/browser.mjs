// tensorpad's threaded engine against TF.js's threaded WASM backend in headless Chromium, with the
// same thread count on both: matMul n=1024, an MLP's fit and a small CNN's training, each with 1
// and 2 threads (or --threads=...). Serves the bench page (bench/browser/) cross-origin isolated
// (COOP/COEP), so that both libraries get SharedArrayBuffer threads; every job runs in a fresh
// worker of that page; prints a table with the ratios. Fails loudly when either library did not get
// its threaded engine or when the results disagree.
//
//   npm run bench -- browser [--quick] [--threads=1,2] [--rounds=1]   (or node bench/browser.mjs ...)
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const CHROMIUM = process.env.TP_CHROMIUM ?? '/usr/bin/chromium';
const CASES = ['matmul', 'mlp', 'cnn'];
const LABELS = {
  matmul: 'matMul n=1024, GFLOP/s',
  mlp: 'MLP 784-256-128-10 fit, batches/s',
  cnn: 'CNN fit, batches/s (TF.js: cpu)',
};

function parseArgs(argv) {
  const opts = { quick: false, threads: [1, 2], rounds: 1 };
  for (const arg of argv) {
    if (arg === '--quick') opts.quick = true;
    else if (arg.startsWith('--threads=')) opts.threads = arg.slice(10).split(',').map(Number);
    else if (arg.startsWith('--rounds=')) opts.rounds = Number(arg.slice(9));
    else throw new Error(`unknown argument '${arg}' (browser bench: --quick, --threads=1,2, --rounds=1)`);
  }
  if (!opts.threads.length || !opts.threads.every((n) => Number.isInteger(n) && n >= 1)) throw new Error('--threads takes a list of positive integers');
  if (!(Number.isInteger(opts.rounds) && opts.rounds >= 1)) throw new Error('--rounds takes a positive integer');
  return opts;
}

// --- a static server for the bench page: only the files it loads, every response isolated -------
const SERVED = ['bench/', 'dist/', 'node_modules/@tensorflow/'];
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.cjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json', '.map': 'application/json' };

function serve() {
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '');
    const file = path.resolve(root, rel);
    const allowed = SERVED.some((dir) => file.startsWith(path.join(root, dir)));
    const headers = {
      // Cross-origin isolation (crossOriginIsolated === true): SharedArrayBuffer for both libraries.
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    if (req.method !== 'GET' || !allowed || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, headers).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function launchChromium() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/setup.sh (Debian package chromium)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorpad-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
      // As in the Node benches: optimized WebAssembly from the start for both libraries, so that
      // when V8's background tier-up finishes does not decide a ratio.
      '--js-flags=--no-liftoff',
    ],
  });
  return { context, close: async () => { await context.close(); fs.rmSync(profile, { recursive: true, force: true }); } };
}

const loadavg = () => fs.readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
const fmt = (v) => (typeof v !== 'number' ? '-' : v >= 100 ? v.toFixed(0) : v.toFixed(2));
const ratio = (a, b) => (typeof a === 'number' && typeof b === 'number' ? `${(a / b).toFixed(2)}x` : '-');

function printTable(threads, scores) {
  const base = threads[0];
  const cols = ['tensorpad', 'TF.js', 'tensorpad/TF.js', `tensorpad nt/${base}t`, `TF.js nt/${base}t`];
  const width = 46;
  const line = (label, cells) => console.log(`${label.padEnd(width)} ${cells.map((c, i) => String(c).padStart(Math.max(10, cols[i].length))).join('  ')}`);
  line('benchmark', cols);
  line('-'.repeat(width), cols.map((c) => '-'.repeat(Math.max(10, c.length))));
  for (const c of CASES) {
    for (const n of threads) {
      const tp = scores[`tensorpad:${n}`]?.[c];
      const tf = scores[`tfjs:${n}`]?.[c];
      const same = n === base;
      line(`${LABELS[c]}, ${n} thread${n > 1 ? 's' : ''}`, [fmt(tp), fmt(tf), ratio(tp, tf), same ? '' : ratio(tp, scores[`tensorpad:${base}`]?.[c]), same || c === 'cnn' ? '' : ratio(tf, scores[`tfjs:${base}`]?.[c])]);
    }
  }
}

/** Runs the browser bench; `argv` are its options (--quick, --threads=1,2, --rounds=1). */
export async function runBrowserBench(argv) {
  const opts = parseArgs(argv);
  for (const f of ['dist/tensorpad.esm.js', 'dist/wasm/tensorpad_core_mt.wasm', 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm']) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing (run 'npm run build' / 'npm install')`);
  }
  const server = await serve();
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.error(`  [page ${m.type()}] ${m.text()}`); });
    await page.goto(`http://127.0.0.1:${server.address().port}/bench/browser/index.html`);
    const env = await page.evaluate(() => ({ isolated: self.crossOriginIsolated, cores: navigator.hardwareConcurrency, agent: navigator.userAgent }));
    if (!env.isolated) throw new Error('the bench page is not cross-origin isolated (COOP/COEP headers): neither library could use threads');
    const chrome = env.agent.match(/Chrome\/[\d.]+/)?.[0] ?? env.agent;
    console.log(`${chrome} (headless), ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${env.cores} cores; TF.js ${require('@tensorflow/tfjs-core/package.json').version}, tensorpad ${require('../package.json').version}`);
    if (opts.threads.some((n) => n > env.cores)) console.log(`note: more threads asked for than the ${env.cores} cores`);

    // Each round runs every (thread count, library) pair in a fresh worker, one after the other;
    // a cell keeps its best round (other jobs on the machine only ever slow a run down). TF.js's
    // cpu backend takes about 20 s per CNN batch and runs one thread whatever the wasm backend's
    // count: its CNN cell is measured once, in the first round's first thread count.
    const scores = {};
    const reference = {};
    const load = [];
    for (let round = 0; round < opts.rounds; round++) {
      load.push(loadavg());
      for (const n of opts.threads) {
        for (const lib of ['tensorpad', 'tfjs']) {
          const cases = lib === 'tfjs' && (round > 0 || n !== opts.threads[0]) ? CASES.filter((c) => c !== 'cnn') : CASES;
          const started = Date.now();
          const out = await page.evaluate((job) => window.runJob(job), { lib, threads: n, quick: opts.quick, cases, reference });
          const run = `${lib} with ${n} thread${n > 1 ? 's' : ''}`;
          const got = Object.entries(out.results).map(([c, r]) => `${c} ${fmt(r.score)} (error ${r.error.toExponential(1)})`).join(', ');
          console.log(`  round ${round + 1}, ${run}: ${got}; ${((Date.now() - started) / 1e3).toFixed(0)} s, engine ${JSON.stringify(out.engine)}${out.results.cnn?.backend ? `, CNN on TF.js's ${out.results.cnn.backend} backend` : ''}`);
          const cell = (scores[`${lib}:${n}`] ??= {});
          for (const [c, r] of Object.entries(out.results)) cell[c] = Math.max(cell[c] ?? 0, r.score);
          // The first run's results are the reference every later run is checked against before timing.
          for (const [c, r] of Object.entries(out.results)) reference[c] ??= { run, values: r.values };
        }
      }
    }
    load.push(loadavg());
    if (scores[`tfjs:${opts.threads[0]}`]?.cnn !== undefined) for (const n of opts.threads.slice(1)) scores[`tfjs:${n}`].cnn = scores[`tfjs:${opts.threads[0]}`].cnn;
    console.log(`load (1-minute average) at the start of each round and at the end: ${load.join(', ')}; errors: relative to the first run's results\n`);
    printTable(opts.threads, scores);
    console.log(`\nTF.js: tfjs-backend-wasm (threaded SIMD binary, setThreadsCount(n)); its wasm backend cannot train a conv net
(no Conv2DBackpropFilter kernel), so the CNN rows compare with its cpu backend (one thread, measured once).`);
  } finally {
    await browser.close();
    server.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  runBrowserBench(process.argv.slice(2)).catch((e) => {
    console.error(`browser bench failed: ${e.stack ?? e}`);
    process.exitCode = 1;
  });
}
