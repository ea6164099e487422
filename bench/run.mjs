// Benchmarks tensorpad against TF.js (wasm and cpu backends) in one Node process and prints one
// table per suite, with the ratio tensorpad / tfjs-wasm.
//
//   node bench/run.mjs [suite ...] [--peers=tensorpad,tfjs-wasm,tfjs-cpu] [--quick]
//   node bench/run.mjs browser [--quick] [--threads=1,2] [--rounds=1]   (bench/browser.mjs: threaded, in Chromium)
//
// A suite is a module in bench/ exporting `title` and `cases(options)`, a generator of
// { label, setup(lib) -> input tensors, run(lib, inputs) -> output tensor, score(secondsPerCall) },
// or of { label, measure(peer) -> Promise<score> } for cases that time async work (model.fit) and
// check their own results; `peers` limits a case to some libraries (the others show '-').
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { loadPeers, PEER_NAMES } from './peers.mjs';
import { secondsPerCall, Table } from './timing.mjs';

const SUITES = ['matmul', 'conv', 'elementwise', 'mlp', 'cnn', 'tiny', 'tape'];

function parseArgs(argv) {
  const opts = { suites: [], peers: PEER_NAMES, quick: false };
  for (const arg of argv) {
    if (arg === '--quick') opts.quick = true;
    else if (arg.startsWith('--peers=')) opts.peers = arg.slice(8).split(',');
    else if (SUITES.includes(arg)) opts.suites.push(arg);
    else throw new Error(`unknown argument '${arg}' (suites: ${SUITES.join(', ')}; --peers=..., --quick)`);
  }
  for (const p of opts.peers) if (!PEER_NAMES.includes(p)) throw new Error(`unknown peer '${p}'`);
  if (!opts.suites.length) opts.suites = SUITES;
  return opts;
}

// Largest difference from the reference result, relative to the reference's largest magnitude.
function relativeError(values, reference) {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < reference.length; ++i) {
    diff = Math.max(diff, Math.abs(values[i] - reference[i]));
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return values.length === reference.length ? diff / Math.max(scale, 1e-30) : Infinity;
}

// Times one case on one peer; its result must agree with the first peer's (`check.reference`),
// so that no number in the table comes from a wrong answer.
async function measure(peer, c, check) {
  await peer.activate();
  const inputs = c.setup(peer.lib);
  try {
    const out = c.run(peer.lib, inputs);
    const values = out.dataSync();
    out.dispose();
    if (!check.reference) check.reference = { peer: peer.name, values };
    const err = relativeError(values, check.reference.values);
    if (!(err <= 1e-3)) throw new Error(`result differs from ${check.reference.peer}'s (relative error ${err.toExponential(1)})`);
    return c.score(secondsPerCall(peer.lib, () => c.run(peer.lib, inputs)));
  } finally {
    for (const t of inputs) t.dispose();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const { peers, failures } = await loadPeers(opts.peers);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`node ${process.version}, ${cpu}, ${os.cpus().length} cores`);
  for (const p of peers) console.log(`${p.name} ${p.version}${p.name === 'tensorpad' ? ` (engine ${JSON.stringify(p.lib.engineInfo())})` : ''}`);
  const errors = new Map(Object.entries(failures).map(([name, e]) => [`${name}: ${e.message}`, 1]));

  const ratio = opts.peers.includes('tensorpad') && opts.peers.includes('tfjs-wasm') ? ['tensorpad', 'tfjs-wasm'] : null;
  for (const suite of opts.suites) {
    const mod = await import(`./${suite}.mjs`);
    console.log(`\n${mod.title}`);
    // A suite may name its own ratio (cnn: TF.js's wasm backend cannot train conv nets).
    const suiteRatio = mod.ratio && mod.ratio.every((p) => opts.peers.includes(p)) ? mod.ratio : ratio;
    const table = new Table(opts.peers, suiteRatio);
    for (const c of mod.cases(opts)) {
      const values = { ...failures };
      const check = {};
      for (const peer of peers) {
        if (c.peers && !c.peers.includes(peer.name)) continue; // a row about one library only
        try {
          values[peer.name] = c.measure ? await c.measure(peer) : await measure(peer, c, check);
        } catch (e) {
          values[peer.name] = e;
          errors.set(`${peer.name}, ${c.label}: ${e.message}`, 1);
        }
      }
      table.row(c.label, values);
    }
  }
  if (errors.size) {
    console.error('\nerrors:');
    for (const msg of errors.keys()) console.error(`  ${msg}`);
    process.exitCode = 1;
  }
}

// V8 first runs WebAssembly through its baseline compiler and swaps in optimized code from a
// background thread; on a busy machine that can take longer than any warm-up, and which library's
// kernels were swapped in first then decides the ratios. Both peers run optimized code from the
// start instead.
const EAGER = '--no-liftoff';
if (process.argv[2] === 'browser') {
  // Both libraries run in Chromium, which bench/browser.mjs starts with the same V8 flag.
  const { runBrowserBench } = await import('./browser.mjs');
  await runBrowserBench(process.argv.slice(3)).catch((e) => {
    console.error(`browser bench failed: ${e.stack ?? e}`);
    process.exitCode = 1;
  });
} else if (process.execArgv.includes(EAGER)) await main();
// TF.js's WASM backend has no threads in Node, so tensorpad runs its single-thread engine here too
// (like for like); TENSORPAD_ENGINE=threaded in the environment overrides it, and the header says
// which engine ran. bench/threads.mjs and the browser bench compare threads.
else {
  const env = { TENSORPAD_ENGINE: 'single', ...process.env };
  process.exitCode = spawnSync(process.execPath, [EAGER, ...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env }).status ?? 1;
}
