// Standalone TensorBoard page: logdirs kept in this browser (IndexedDB), opened from a .zip or a
// folder, or written live by a training run in the page. With ?stream=live it instead streams
// synthetic points through a live feed (the end-to-end test measures frame times that way).
// body[data-state] (loading | ready | error) and window.tpDemo are what the e2e test reads.
import * as tp from '../src/index.ts';
import * as summary from '../src/summary/index.ts';
import * as vis from '../src/vis/index.ts';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);
const message = $('message');
const logdirSelect = $<HTMLSelectElement>('logdir');
let board: vis.Dashboard | null = null;

/** What the e2e test inspects. */
const tpDemo: { board?: vis.Dashboard; storage?: summary.LogdirStorage; feed?: summary.LiveFeed; streamed: number; history?: Record<string, number[]> } = { streamed: 0 };
(window as unknown as { tpDemo: typeof tpDemo }).tpDemo = tpDemo;

function say(text: string, error = false): void {
  message.textContent = text;
  message.classList.toggle('error', error);
}

async function openStorage(): Promise<summary.LogdirStorage> {
  const idb = new summary.IndexedDbStorage();
  try {
    await idb.list('');
    return idb;
  } catch (e) {
    say(`IndexedDB is not available (${e instanceof Error ? e.message : String(e)}); logdirs last until reload.`, true);
    return new summary.MemoryStorage();
  }
}

async function logdirs(storage: summary.LogdirStorage): Promise<string[]> {
  const tops = new Set<string>();
  for (const f of await storage.list('')) if (summary.isEventFile(f.path)) tops.add(f.path.split('/')[0]!);
  return [...tops].sort();
}

async function refreshLogdirs(storage: summary.LogdirStorage, select?: string): Promise<void> {
  const names = await logdirs(storage);
  if (select && !names.includes(select)) names.push(select);
  const current = select ?? logdirSelect.value;
  logdirSelect.replaceChildren(...names.map((n) => new Option(n, n)));
  if (names.length === 0) logdirSelect.append(new Option('(none yet)', ''));
  logdirSelect.value = names.includes(current) ? current : (names[0] ?? '');
}

function mount(source: vis.DashboardSource, logdir: string): vis.Dashboard {
  board?.destroy();
  board = vis.dashboard($('board'), source, { logdir });
  tpDemo.board = board;
  return board;
}

function safeName(name: string): string {
  return name.replace(/\.zip$/i, '').replace(/[^A-Za-z0-9._-]+/g, '_') || 'logs';
}

// A real training run in the page: a small model learns the Playground's spiral while the Keras
// TensorBoard callback writes its event files into the browser's storage, and the dashboard
// follows them as they grow.
async function trainDemo(storage: summary.LogdirStorage): Promise<void> {
  const logdir = `demo_${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}`;
  await tp.ready();
  const { xs, ys } = tp.datasets.spiral({ numSamples: 400, noise: 0.05, seed: 1 }).toTensors();
  const model = tp.sequential({
    layers: [
      tp.layers.dense({ units: 16, activation: 'tanh', inputShape: [2] }),
      tp.layers.dense({ units: 16, activation: 'tanh' }),
      tp.layers.dense({ units: 1, activation: 'sigmoid' }),
    ],
  });
  model.compile({ optimizer: new tp.optimizers.Adam({ learningRate: 0.02 }), loss: 'binaryCrossentropy', metrics: ['accuracy'] });
  say(`Training into '${logdir}'…`);
  const history = await model.fit(xs, ys, {
    epochs: 120, batchSize: 32, validationSplit: 0.2, verbose: 0,
    callbacks: [
      tp.callbacks.tensorBoard({ logDir: logdir, histogramFreq: 10, storage }),
      {
        onEpochEnd: async (epoch: number) => {
          if (epoch === 0) {
            await refreshLogdirs(storage, logdir);
            mount(storage, logdir);
          }
          await new Promise((r) => setTimeout(r, 25)); // a pace a person can watch
        },
      },
    ],
  });
  tpDemo.history = history.history;
  tp.dispose([xs, ys]);
  model.dispose();
  say(`Training '${logdir}' finished: loss ${history.history.loss!.at(-1)!.toFixed(4)}.`);
}

// The synthetic training job of the stream demo. It runs in a worker, as training does in the
// playground, and posts one message per tick with every run's new points as typed arrays (bulk
// data crosses threads as transferred buffers); this source is all the worker needs.
function producer(): void {
  const post = (self as unknown as { postMessage(m: unknown, t: Transferable[]): void }).postMessage.bind(self);
  self.onmessage = async (e: MessageEvent<{ runs: number; points: number; tags: number; batch: number; tick: number }>) => {
    const { runs, points, tags, batch, tick } = e.data;
    for (let start = 0; start < points; start += batch) {
      const n = Math.min(points, start + batch) - start;
      const steps = Float64Array.from({ length: n }, (_, i) => start + i);
      const values: Float64Array[][] = [];
      for (let r = 0; r < runs; r++) {
        values.push(
          Array.from({ length: tags }, (_, t) =>
            Float64Array.from(steps, (step) => Math.exp(-step / 3000) * (1 + r / 10) + 0.05 * Math.sin(step / 7 + t + r)),
          ),
        );
      }
      post({ steps, values }, [steps.buffer, ...values.flat().map((v) => v.buffer)]);
      await new Promise((res) => setTimeout(res, tick));
    }
    post({ done: true }, []);
  };
}

interface StreamMessage {
  steps?: Float64Array;
  values?: Float64Array[][];
  done?: boolean;
}

// Synthetic live stream for the frame-time measurement: `runs` runs x `points` points per tag,
// `batch` points per run every `tick` ms, from a worker, into a live feed. Messages are turned
// into events a few milliseconds' worth per frame, as a host page should, so that a burst of
// messages never blocks the page.
async function stream(): Promise<void> {
  const config = {
    runs: Number(params.get('runs') ?? 10),
    points: Number(params.get('points') ?? 10000),
    tags: Number(params.get('tags') ?? 2),
    batch: Number(params.get('batch') ?? 100),
    tick: Number(params.get('tick') ?? 16),
  };
  const feed = summary.createLiveFeed();
  tpDemo.feed = feed;
  document.querySelectorAll<HTMLElement>('.bar > :not(h1):not(#message)').forEach((el) => (el.hidden = true));
  say(`Live feed: ${config.runs} runs x ${config.points} points x ${config.tags} tags.`);
  const b = mount(feed, '');
  document.body.dataset.state = 'ready';
  await new Promise<void>((resolve) => (document.body.dataset.streamStart ? resolve() : window.addEventListener('tp-stream-start', () => resolve(), { once: true })));
  document.body.dataset.stream = 'running';
  const t0 = Date.now() / 1000;
  const tagNames = Array.from({ length: config.tags }, (_, t) => `tag_${t}`);
  const runNames = Array.from({ length: config.runs }, (_, r) => `run_${r}`);
  const worker = new Worker(URL.createObjectURL(new Blob([`(${producer.toString()})()`], { type: 'text/javascript' })));
  const queue: StreamMessage[] = [];
  await new Promise<void>((resolve) => {
    let pumping = false;
    const pump = (): void => {
      const start = performance.now();
      while (queue.length > 0 && performance.now() - start < 4) {
        const m = queue.shift()!;
        if (m.done) return resolve();
        const steps = m.steps!;
        const wallTimes = steps.map((s) => t0 + s * 0.01);
        m.values!.forEach((tags, r) => feed.publishScalars(runNames[r]!, tags.map((values, t) => ({ tag: tagNames[t]!, steps, wallTimes, values }))));
        tpDemo.streamed = steps[steps.length - 1]! + 1;
      }
      if (queue.length > 0) requestAnimationFrame(pump);
      else pumping = false;
    };
    worker.onmessage = (e: MessageEvent<StreamMessage>) => {
      queue.push(e.data);
      if (!pumping) {
        pumping = true;
        requestAnimationFrame(pump);
      }
    };
    worker.postMessage(config);
  });
  worker.terminate();
  await b.idle();
  document.body.dataset.stream = 'done';
}

async function main(): Promise<void> {
  if (params.get('stream') === 'live') return stream();
  const storage = await openStorage();
  tpDemo.storage = storage;
  await refreshLogdirs(storage, params.get('logdir') ?? undefined);
  mount(storage, logdirSelect.value);

  logdirSelect.addEventListener('change', () => mount(storage, logdirSelect.value));
  $<HTMLInputElement>('open-zip').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    try {
      const name = safeName(file.name);
      await storage.remove(name);
      const written = await summary.unzipLogdir(storage, name, new Uint8Array(await file.arrayBuffer()));
      await refreshLogdirs(storage, name);
      mount(storage, name);
      say(`Opened ${file.name}: ${written.length} files in '${name}'.`);
    } catch (err) {
      say(err instanceof Error ? err.message : String(err), true);
    }
    input.value = '';
  });
  $<HTMLInputElement>('open-folder').addEventListener('change', async (e) => {
    const input = e.target as HTMLInputElement;
    const files = Array.from(input.files ?? []);
    if (files.length === 0) return;
    const top = safeName((files[0]!.webkitRelativePath || files[0]!.name).split('/')[0]!);
    await storage.remove(top);
    for (const f of files) {
      const rel = (f.webkitRelativePath || f.name).split('/').slice(1).join('/') || f.name;
      await storage.append(summary.joinPath(top, rel), new Uint8Array(await f.arrayBuffer()));
    }
    await refreshLogdirs(storage, top);
    mount(storage, top);
    say(`Opened folder '${top}' (${files.length} files).`);
    input.value = '';
  });
  $('simulate').addEventListener('click', () => void trainDemo(storage));
  $('delete').addEventListener('click', async () => {
    const name = logdirSelect.value;
    if (!name || !confirm(`Delete '${name}' from this browser?`)) return;
    await storage.remove(name);
    await refreshLogdirs(storage);
    mount(storage, logdirSelect.value);
  });
  document.body.dataset.state = 'ready';
}

main().catch((e: unknown) => {
  document.body.dataset.state = 'error';
  say(e instanceof Error ? e.message : String(e), true);
  console.error(e);
});
