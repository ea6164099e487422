// Timing and table printing shared by the bench suites (Node and the browser bench's workers:
// no Node imports here).

/**
 * Seconds per call of `call` (which returns a tensor), the fastest mean over a few batches (damps
 * noise from other processes on a shared machine). Each batch ends by reading back one element of
 * its last result (a gather: TF.js's wasm slice copies its whole input out first), which forces
 * completion without timing a full copy out (a fresh 4 MB JS buffer costs about as much as the op). Single calls warm up first for a third of `budget` (JIT
 * tiers, WASM memory growth and allocator pools settle), then the batches take about `budget`; a
 * first call longer than `budget` is the measurement itself.
 */
export function secondsPerCall(lib, call, { budget = 0.6, batches = 5 } = {}) {
  const batch = (reps) => {
    const t0 = performance.now();
    let out = null;
    for (let i = 0; i < reps; ++i) {
      out?.dispose();
      out = call();
    }
    const flat = lib.reshape(out, [-1]);
    const one = lib.gather(flat, [0]);
    one.dataSync();
    lib.dispose([one, flat, out]);
    return (performance.now() - t0) / 1e3 / reps;
  };
  const warmEnd = performance.now() + (budget / 3) * 1e3;
  let last = batch(1);
  if (last > budget) return last;
  while (performance.now() < warmEnd) last = batch(1);
  const reps = Math.max(1, Math.floor(budget / batches / last));
  const end = performance.now() + budget * 1e3;
  let best = Infinity;
  for (let b = 0; b < batches && (b === 0 || performance.now() < end); ++b) best = Math.min(best, batch(reps));
  return best;
}

/** Prints rows as they are measured: a label column, one column per peer, then a ratio column. */
export class Table {
  constructor(peerNames, ratio) {
    this.peers = peerNames;
    this.ratio = ratio; // [numerator, denominator] peer names, or null
    this.width = 30;
    const cells = [...peerNames, ...(ratio ? [`${ratio[0]}/${ratio[1]}`] : [])];
    this.print('benchmark'.padEnd(this.width), cells);
    this.print('-'.repeat(this.width), cells.map((c) => '-'.repeat(Math.max(10, c.length))));
  }

  print(label, cells) {
    const pad = (c, i) => String(c).padStart(Math.max(10, this.headerWidth(i)));
    console.log(`${label} ${cells.map(pad).join('  ')}`);
  }

  headerWidth(i) {
    return i < this.peers.length ? this.peers[i].length : this.ratio[0].length + this.ratio[1].length + 1;
  }

  /** `values` maps peer name to a number, or to an Error when that peer could not run it. */
  row(label, values) {
    const fmt = (v) => (typeof v === 'number' ? (v >= 100 ? v.toFixed(0) : v.toFixed(2)) : v === undefined ? '-' : 'error');
    const cells = this.peers.map((p) => fmt(values[p]));
    if (this.ratio) {
      const [a, b] = this.ratio.map((p) => values[p]);
      cells.push(typeof a === 'number' && typeof b === 'number' ? `${(a / b).toFixed(2)}x` : '-');
    }
    this.print(label.padEnd(this.width), cells);
  }
}
