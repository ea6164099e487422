// The visual playground's trainer: a dedicated module worker that owns the engine and the model.
// While playing it trains in slices of a few milliseconds (model.trainOnBatch, the compiled step)
// and between slices answers messages; after a slice it sends one frame (heatmaps, weights,
// losses) if the page has drawn the last one, so training never waits for drawing and the page
// never queues frames it cannot show.
import * as tp from '../src/index.ts';
import { permutation } from '../src/training/data.ts';
import { DOMAIN } from './playground_data.ts';
import { buildModel, type PlaygroundModel } from './playground_model.ts';
import type { Frame, FromWorker, LayerWeights, ToWorker } from './playground_protocol.ts';
import { activeFeatures, featureValue, type FeatureKey, type PlaygroundState } from './playground_state.ts';

const SLICE_MS = 12;
const TB_LOGDIR = 'playground';

interface Session {
  state: PlaygroundState;
  net: PlaygroundModel;
  optimizer: tp.optimizers.Optimizer;
  keys: FeatureKey[];
  train: { x: Float32Array; y: Float32Array; n: number };
  test: { x: Float32Array; y: Float32Array; n: number };
  gridX: tp.Tensor;
  grid: number;
  order: Int32Array;
  pos: number;
  epoch: number;
  curve: number[];
  writers: { train: tp.summary.SummaryWriter; test: tp.summary.SummaryWriter } | null;
}

let session: Session | null = null;
let playing = false;
let waitingForAck = false;
let dirty = true;
let loopRunning = false;
let storage: tp.summary.LogdirStorage | null = null;

const post = (m: FromWorker, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(m, transfer);

function featureRows(points: Float32Array, keys: FeatureKey[]): { x: Float32Array; y: Float32Array; n: number } {
  const n = points.length / 3;
  const x = new Float32Array(n * keys.length);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const a = points[3 * i]!;
    const b = points[3 * i + 1]!;
    keys.forEach((k, j) => (x[i * keys.length + j] = featureValue(k, a, b)));
    y[i] = points[3 * i + 2]!;
  }
  return { x, y, n };
}

function gridInputs(grid: number, keys: FeatureKey[]): tp.Tensor {
  const x = new Float32Array(grid * grid * keys.length);
  for (let r = 0; r < grid; r++)
    for (let c = 0; c < grid; c++) {
      const a = -DOMAIN + ((c + 0.5) / grid) * 2 * DOMAIN;
      const b = DOMAIN - ((r + 0.5) / grid) * 2 * DOMAIN;
      keys.forEach((k, j) => (x[(r * grid + c) * keys.length + j] = featureValue(k, a, b)));
    }
  return tp.tensor2d(x, [grid * grid, keys.length]);
}

// Epochs are shuffled as model.fit shuffles them (from the seeded global random stream, after the
// initial weights), so the notebook that "Open as notebook" writes trains on the same batches.
const shuffled = (n: number): Int32Array => permutation(n);

function setData(s: Session, train: Float32Array, test: Float32Array): void {
  s.train = featureRows(train, s.keys);
  s.test = featureRows(test, s.keys);
  s.order = shuffled(s.train.n);
  s.pos = 0;
}

function init(m: Extract<ToWorker, { type: 'init' }>): void {
  closeWriters();
  if (session) {
    session.gridX.dispose();
    session.net.model.dispose();
  }
  const keys = activeFeatures(m.state);
  const net = buildModel(m.state);
  const s: Session = {
    state: m.state, net, optimizer: net.model.optimizer as tp.optimizers.Optimizer, keys,
    train: { x: new Float32Array(0), y: new Float32Array(0), n: 0 }, test: { x: new Float32Array(0), y: new Float32Array(0), n: 0 },
    gridX: gridInputs(m.grid, keys), grid: m.grid, order: new Int32Array(0), pos: 0, epoch: 0, curve: [], writers: null,
  };
  setData(s, m.train, m.test);
  session = s;
  playing = false;
  recordLoss(s);
  dirty = true;
}

/** One step on the next batch of the epoch's shuffled order; a new epoch reshuffles. */
function trainStep(s: Session): void {
  const nf = s.keys.length;
  if (s.train.n === 0) return;
  const b = Math.min(s.state.batchSize, s.train.n - s.pos);
  const xb = new Float32Array(b * nf);
  const yb = new Float32Array(b);
  for (let i = 0; i < b; i++) {
    const row = s.order[s.pos + i]!;
    xb.set(s.train.x.subarray(row * nf, row * nf + nf), i * nf);
    yb[i] = s.train.y[row]!;
  }
  const xt = tp.tensor2d(xb, [b, nf]);
  const yt = tp.tensor2d(yb, [b, 1]);
  try {
    s.net.model.trainOnBatch(xt, yt);
  } finally {
    xt.dispose();
    yt.dispose();
  }
  s.pos += b;
  if (s.pos >= s.train.n) {
    s.epoch++;
    s.pos = 0;
    s.order = shuffled(s.train.n);
  }
}

function trainEpoch(s: Session): void {
  const start = s.epoch;
  while (s.epoch === start && s.train.n > 0) trainStep(s);
}

/** The data loss (without regularization, as the TF Playground shows it) on a set of points. */
function dataLoss(s: Session, set: { x: Float32Array; y: Float32Array; n: number }): number {
  if (set.n === 0) return NaN;
  const x = tp.tensor2d(set.x, [set.n, s.keys.length]);
  const y = s.net.model.predict(x, { batchSize: 4096 }) as tp.Tensor;
  const out = y.dataSync() as Float32Array;
  x.dispose();
  y.dispose();
  let sum = 0;
  const eps = 1e-7;
  for (let i = 0; i < set.n; i++) {
    const p = out[i]!;
    const t = set.y[i]!;
    if (s.state.problem === 'classification') {
      const q = Math.min(1 - eps, Math.max(eps, p));
      sum -= t * Math.log(q) + (1 - t) * Math.log(1 - q);
    } else sum += (p - t) ** 2;
  }
  return sum / set.n;
}

let last = { train: NaN, test: NaN };
let lossStale = false;
function recordLoss(s: Session): void {
  lossStale = false;
  last = { train: dataLoss(s, s.train), test: dataLoss(s, s.test) };
  s.curve.push(s.epoch, last.train, last.test);
  if (s.writers) {
    s.writers.train.scalar('loss', last.train, { step: s.epoch });
    s.writers.test.scalar('loss', last.test, { step: s.epoch });
  }
}

function weightsOf(s: Session): LayerWeights[] {
  return s.net.dense.map((layer) => {
    const [k, b] = layer.weights;
    return { kernel: k!.dataSync().slice() as Float32Array, bias: b!.dataSync().slice() as Float32Array, nIn: k!.shape[0]!, nOut: k!.shape[1]! };
  });
}

function sendFrame(s: Session): void {
  if (lossStale) recordLoss(s);
  const ys = s.net.probe.predict(s.gridX, { batchSize: s.grid * s.grid }) as tp.Tensor[];
  const outs = ys.map((t) => t.dataSync().slice() as Float32Array);
  tp.dispose(ys);
  const output = outs.pop()!;
  const weights = weightsOf(s);
  const curve = Float32Array.from(s.curve);
  s.curve = [];
  const frame: Frame = { type: 'frame', epoch: s.epoch, lossTrain: last.train, lossTest: last.test, curve, hidden: outs, output, weights, playing };
  post(frame, [curve.buffer, output.buffer, ...outs.map((o) => o.buffer), ...weights.flatMap((w) => [w.kernel.buffer, w.bias.buffer])]);
  waitingForAck = true;
  dirty = false;
}

/** Sets one element (row-major index) of a weight variable. */
function setElement(v: tp.Variable, index: number, value: number): void {
  const values = v.dataSync().slice() as Float32Array;
  values[index] = value;
  const t = tp.tensor(values, v.shape);
  v.assign(t);
  t.dispose();
}

const yieldToMessages = (): Promise<void> =>
  new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });

async function loop(): Promise<void> {
  if (loopRunning) return;
  loopRunning = true;
  try {
    for (;;) {
      const s = session;
      if (!s) break;
      if (playing && s.train.n === 0) {
        playing = false;
        dirty = true;
        post({ type: 'error', message: 'there are no training points left' });
      }
      if (playing) {
        const t0 = performance.now();
        const startEpoch = s.epoch;
        do trainStep(s);
        while (performance.now() - t0 < SLICE_MS);
        // The losses are measured when a frame goes out, not after every slice: training keeps the time.
        if (s.epoch !== startEpoch) {
          lossStale = true;
          dirty = true;
        }
      }
      if (dirty && !waitingForAck) sendFrame(s);
      if (!playing && !dirty) break;
      await yieldToMessages();
    }
  } catch (e) {
    playing = false;
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  } finally {
    loopRunning = false;
  }
}

function closeWriters(): void {
  if (session?.writers) {
    void session.writers.train.close();
    void session.writers.test.close();
    session.writers = null;
  }
}

function startWriters(s: Session, run: string): void {
  closeWriters();
  storage ??= new tp.summary.IndexedDbStorage();
  s.writers = {
    train: tp.summary.createFileWriter(`${TB_LOGDIR}/${run}/train`, { storage, flushMillis: 1000 }),
    test: tp.summary.createFileWriter(`${TB_LOGDIR}/${run}/test`, { storage, flushMillis: 1000 }),
  };
  s.writers.train.text('settings', `Visual playground run: \`${run}\``, { step: s.epoch });
  s.writers.train.scalar('loss', last.train, { step: s.epoch });
  s.writers.test.scalar('loss', last.test, { step: s.epoch });
  post({ type: 'tensorboard', logdir: TB_LOGDIR, run });
}

// The page shows which engine trains: the threaded build where the page is cross-origin isolated.
void tp.ready().then(
  () => post({ type: 'engine', ...tp.engineInfo() }),
  () => undefined, // the first message's handler reports the failure
);

async function handle(m: ToWorker): Promise<void> {
  await tp.ready();
  const s = session;
  switch (m.type) {
    case 'init':
      init(m);
      break;
    case 'data':
      if (s) {
        setData(s, m.train, m.test);
        recordLoss(s);
        dirty = true;
      }
      break;
    case 'play':
      playing = true;
      break;
    case 'pause':
      playing = false;
      dirty = true;
      break;
    case 'step':
      if (s) {
        playing = false;
        trainEpoch(s);
        recordLoss(s);
        dirty = true;
      }
      break;
    case 'learningRate':
      if (s) {
        s.state = { ...s.state, learningRate: m.value };
        s.optimizer.learningRate = m.value;
      }
      break;
    case 'setWeight':
      if (s) {
        const layer = s.net.dense[m.layer];
        if (!layer) break;
        const [k, b] = layer.weights;
        const nOut = k!.shape[1]!;
        if (m.from < 0) setElement(b!, m.to, m.value);
        else setElement(k!, m.from * nOut + m.to, m.value);
        recordLoss(s);
        dirty = true;
      }
      break;
    case 'tensorboard':
      if (s) {
        if (m.run) startWriters(s, m.run);
        else closeWriters();
      }
      break;
    case 'ack':
      waitingForAck = false;
      break;
  }
  void loop();
}

// Messages are handled one at a time, in order (the engine loads once, before the first).
let queue: Promise<void> = Promise.resolve();
self.addEventListener('message', (e: MessageEvent<ToWorker>) => {
  queue = queue.then(() => handle(e.data)).catch((err) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
});
