// The visual playground page (playground.html): the TF Playground's controls and pictures on
// tensorpad. The page only draws; a module worker (playground_worker.ts) trains. Settings live
// in the URL hash (playground_state.ts), so a link reproduces the experiment.
// body[data-state] (loading | ready | error) and window.tpVisual are what the e2e test reads.
import { encodeNotebook } from './share.ts';
import { LossCurve } from './playground_curve.ts';
import { css, drawFeature, GRID, MID, NEG, PALE_LUT, paintGrid, POS, colour } from './playground_heatmap.ts';
import { generateData, DOMAIN, type PlaygroundData, type Point } from './playground_data.ts';
import { notebookFor, playgroundLink } from './playground_code.ts';
import type { Frame, FromWorker, LayerWeights, ToWorker } from './playground_protocol.ts';
import {
  ACTIVATIONS, activeFeatures, CLASSIFY_DATASETS, FEATURES, LEARNING_RATES, MAX_LAYERS, MAX_NEURONS, OPTIMIZERS, parseHash,
  PROBLEMS, randomSeed, REGRESS_DATASETS, REGULARIZATION_RATES, REGULARIZATIONS, serializeState,
  type FeatureKey, type PlaygroundState,
} from './playground_state.ts';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

let state: PlaygroundState = parseHash(location.hash);
let data: PlaygroundData = generateData(state);
let edited = false;
let frame: Frame | null = null;
let playing = false;
let frames = 0;
let clickMode: 'none' | 'positive' | 'negative' | 'remove' = 'none';
let cursor = { x: 0, y: 0, shown: false };
let selected: { layer: number; unit: number } | null = null;
let tensorboardRun: string | null = null;

const lossCurve = new LossCurve($<HTMLCanvasElement>('loss-curve'));

const worker = new Worker(new URL('./playground_worker.ts', import.meta.url), { type: 'module', name: 'playground-trainer' });
const send = (m: ToWorker, transfer: Transferable[] = []): void => worker.postMessage(m, transfer);

function say(text: string, error = false): void {
  const el = $('status');
  el.textContent = text;
  el.classList.toggle('log-error', error);
}

// ---- settings <-> controls -------------------------------------------------------------------

function fillSelect(id: string, values: readonly (string | number)[], label: (v: string) => string = (v) => v): void {
  $<HTMLSelectElement>(id).replaceChildren(...values.map((v) => new Option(label(String(v)), String(v))));
}

function writeHash(): void {
  history.replaceState(null, '', `#${serializeState(state)}`);
}

function showState(): void {
  const withValue = (id: string, values: number[], v: number): void => {
    const sel = $<HTMLSelectElement>(id);
    if (!values.includes(v)) sel.append(new Option(String(v), String(v)));
    sel.value = String(v);
  };
  withValue('learningRate', LEARNING_RATES, state.learningRate);
  withValue('regularizationRate', REGULARIZATION_RATES, state.regularizationRate);
  $<HTMLSelectElement>('activation').value = state.activation;
  $<HTMLSelectElement>('regularization').value = state.regularization;
  $<HTMLSelectElement>('problem').value = state.problem;
  $<HTMLSelectElement>('optimizer').value = state.optimizer;
  $<HTMLInputElement>('batchNorm').checked = state.batchNorm;
  fillSelect('dataset', state.problem === 'classification' ? CLASSIFY_DATASETS : REGRESS_DATASETS, datasetLabel);
  $<HTMLSelectElement>('dataset').value = state.problem === 'classification' ? state.dataset : state.regDataset;
  for (const id of ['percTrainData', 'noise', 'batchSize'] as const) {
    $<HTMLInputElement>(id).value = String(state[id]);
    $(`${id}-value`).textContent = id === 'percTrainData' ? `${state[id]}%` : String(state[id]);
  }
  $<HTMLInputElement>('showTestData').checked = state.showTestData;
  $<HTMLInputElement>('discretize').checked = state.discretize;
  $<HTMLInputElement>('discretize').disabled = state.problem === 'regression';
  $('heatmap-kind').textContent = state.problem === 'classification' ? 'blue for the positive class, orange for the negative one' : 'blue for positive values, orange for negative ones';
}

function datasetLabel(v: string): string {
  return ({ circle: 'Circle', xor: 'Exclusive or', gauss: 'Gaussian', spiral: 'Spiral', 'reg-plane': 'Plane', 'reg-gauss': 'Multi Gaussian' } as Record<string, string>)[v] ?? v;
}

/** Applies a settings change: new data and network (data), a new network (reset), a new learning rate (lr), or a redraw. */
function change(patch: Partial<PlaygroundState>, how: 'reset' | 'data' | 'draw' | 'lr'): void {
  state = { ...state, ...patch };
  writeHash();
  showState();
  if (how === 'data') {
    data = generateData(state);
    edited = false;
  }
  if (how === 'reset' || how === 'data') restart();
  else if (how === 'lr') send({ type: 'learningRate', value: state.learningRate });
  else drawOutput();
}

const pack = (points: Point[]): Float32Array => Float32Array.from(points.flatMap((p) => [p.x, p.y, p.label]));

function restart(): void {
  setPlaying(false);
  lossCurve.clear();
  frame = null;
  selected = null;
  $('weight-editor').hidden = true;
  buildNetwork();
  send({ type: 'init', state, train: pack(data.train), test: pack(data.test), grid: GRID });
  if (tensorboardRun) startTensorboard();
  showCounts();
}

function setPlaying(on: boolean): void {
  playing = on;
  const b = $('play-pause-button');
  b.setAttribute('aria-pressed', String(on));
  b.setAttribute('aria-label', on ? 'Pause' : 'Train');
  send({ type: on ? 'play' : 'pause' });
}

function showCounts(): void {
  $('data-count').textContent = `${data.train.length} training and ${data.test.length} test points${edited ? ' (edited)' : ''}.`;
}

// ---- the network diagram ---------------------------------------------------------------------

interface NodeView {
  el: HTMLButtonElement;
  canvas: HTMLCanvasElement;
}
let inputNodes: { key: FeatureKey; view: NodeView }[] = [];
let layerNodes: NodeView[][] = []; // hidden layers, then the output node as the last "layer"
let linkPaths: SVGPathElement[][][] = []; // [dense layer][from][to]

function nodeView(label: string, aria: string): NodeView {
  const el = document.createElement('button');
  el.type = 'button';
  el.className = 'vp-node';
  el.setAttribute('aria-label', aria);
  const canvas = document.createElement('canvas');
  canvas.width = GRID;
  canvas.height = GRID;
  const span = document.createElement('span');
  span.className = 'vp-node-label';
  span.textContent = label;
  el.append(canvas, span);
  return { el, canvas };
}

function buildNetwork(): void {
  const net = $('network');
  const svg = $('links') as unknown as SVGSVGElement;
  net.replaceChildren(svg);
  svg.replaceChildren();
  $('layer-count').textContent = String(state.networkShape.length);
  $('network-heading').lastChild!.textContent = state.networkShape.length === 1 ? ' hidden layer' : ' hidden layers';
  $<HTMLButtonElement>('add-layer').disabled = state.networkShape.length >= MAX_LAYERS;
  $<HTMLButtonElement>('remove-layer').disabled = state.networkShape.length === 0;

  const inputs = document.createElement('div');
  inputs.className = 'vp-col';
  inputs.innerHTML = '<div class="vp-col-title">Features</div>';
  inputNodes = FEATURES.map((f) => {
    const view = nodeView(f.label, `Feature ${f.label}`);
    view.el.setAttribute('aria-pressed', String(state.features[f.key]));
    view.el.classList.toggle('off', !state.features[f.key]);
    view.el.title = `${f.text}: click to ${state.features[f.key] ? 'remove it from' : 'add it to'} the inputs`;
    view.el.addEventListener('click', () => {
      const next = { ...state.features, [f.key]: !state.features[f.key] };
      if (!Object.values(next).some(Boolean)) return say('The network needs at least one input feature.', true);
      change({ features: next }, 'reset');
      focusNode(`input-${f.key}`);
    });
    view.el.dataset.node = `input-${f.key}`;
    drawFeature(view.canvas, f.key);
    inputs.append(view.el);
    return { key: f.key, view };
  });
  net.append(inputs);

  layerNodes = [];
  state.networkShape.forEach((units, li) => {
    const col = document.createElement('div');
    col.className = 'vp-col';
    const head = document.createElement('div');
    head.className = 'vp-col-title';
    const buttons = document.createElement('div');
    buttons.className = 'vp-layer-head';
    const plus = document.createElement('button');
    plus.type = 'button';
    plus.textContent = '+';
    plus.setAttribute('aria-label', `Add a neuron to layer ${li + 1}`);
    plus.disabled = units >= MAX_NEURONS;
    plus.dataset.node = `add-${li}`;
    plus.addEventListener('click', () => {
      change({ networkShape: state.networkShape.map((u, i) => (i === li ? Math.min(MAX_NEURONS, u + 1) : u)) }, 'reset');
      focusNode(`add-${li}`);
    });
    const minus = document.createElement('button');
    minus.type = 'button';
    minus.textContent = '−';
    minus.setAttribute('aria-label', `Remove a neuron from layer ${li + 1}`);
    minus.disabled = units <= 1;
    minus.dataset.node = `remove-${li}`;
    minus.addEventListener('click', () => {
      change({ networkShape: state.networkShape.map((u, i) => (i === li ? Math.max(1, u - 1) : u)) }, 'reset');
      focusNode(`remove-${li}`);
    });
    buttons.append(plus, minus);
    const text = document.createElement('div');
    text.textContent = `${units} neuron${units === 1 ? '' : 's'}`;
    head.append(buttons, text);
    col.append(head);
    const nodes: NodeView[] = [];
    for (let u = 0; u < units; u++) {
      const view = nodeView('', `Neuron ${u + 1} of layer ${li + 1}: show its weights`);
      view.el.dataset.node = `n-${li}-${u}`;
      view.el.addEventListener('click', () => selectNeuron(li, u));
      col.append(view.el);
      nodes.push(view);
    }
    layerNodes.push(nodes);
    net.append(col);
  });
  const outCol = document.createElement('div');
  outCol.className = 'vp-col';
  outCol.innerHTML = '<div class="vp-col-title">Output</div>';
  const out = nodeView('', 'The output neuron: show its weights');
  out.el.dataset.node = `n-${state.networkShape.length}-0`;
  out.el.addEventListener('click', () => selectNeuron(state.networkShape.length, 0));
  outCol.append(out.el);
  layerNodes.push([out]);
  net.append(outCol);
  buildLinks();
}

function focusNode(name: string): void {
  document.querySelector<HTMLElement>(`[data-node="${name}"]`)?.focus();
}

/** Links between the columns: dense layer l goes from its inputs (features or layer l-1) to layer l. */
function buildLinks(): void {
  const svg = $('links') as unknown as SVGSVGElement;
  svg.replaceChildren();
  const net = $('network').getBoundingClientRect();
  const centre = (el: HTMLElement, side: 'l' | 'r'): [number, number] => {
    const c = el.querySelector('canvas')!.getBoundingClientRect();
    return [(side === 'r' ? c.right : c.left) - net.left, c.top + c.height / 2 - net.top];
  };
  const active = inputNodes.filter((n) => state.features[n.key]).map((n) => n.view.el);
  linkPaths = [];
  let from = active;
  layerNodes.forEach((nodes, li) => {
    const paths: SVGPathElement[][] = [];
    from.forEach((src, i) => {
      const row: SVGPathElement[] = [];
      const [x0, y0] = centre(src, 'r');
      nodes.forEach((dst, j) => {
        const [x1, y1] = centre(dst.el, 'l');
        const p = document.createElementNS('http://www.w3.org/2000/svg', 'path');
        const mx = (x0 + x1) / 2;
        p.setAttribute('d', `M${x0},${y0} C${mx},${y0} ${mx},${y1} ${x1},${y1}`);
        const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
        title.textContent = linkTitle(li, i, j);
        p.append(title);
        p.addEventListener('pointerenter', () => (title.textContent = linkTitle(li, i, j)));
        p.addEventListener('click', () => selectNeuron(li, j, i));
        svg.append(p);
        row.push(p);
      });
      paths.push(row);
    });
    linkPaths.push(paths);
    from = nodes.map((n) => n.el);
  });
  if (frame) drawWeights(frame.weights);
}

/** Sets the links of dense layer `li` from its weights; attributes change only when their text does. */
function drawLayerWeights(w: LayerWeights, li: number): void {
  const paths = linkPaths[li];
  if (!paths) return;
  for (let i = 0; i < w.nIn; i++)
    for (let j = 0; j < w.nOut; j++) {
      const p = paths[i]?.[j];
      if (!p) continue;
      const v = w.kernel[i * w.nOut + j]!;
      const stroke = v >= 0 ? 'var(--pos)' : 'var(--neg)';
      const width = Math.min(8, 0.4 + Math.abs(v) * 2).toFixed(1);
      if (p.dataset.stroke !== stroke) p.style.stroke = p.dataset.stroke = stroke;
      if (p.dataset.width !== width) p.style.strokeWidth = p.dataset.width = width;
    }
}

function drawWeights(weights: LayerWeights[]): void {
  weights.forEach(drawLayerWeights);
  if (selected) fillWeightEditor();
}

/** A link's value, shown on hover (its <title>), read when the pointer arrives. */
function linkTitle(li: number, i: number, j: number): string {
  const w = frame?.weights[li];
  return w ? `weight ${w.kernel[i * w.nOut + j]!.toFixed(3)}` : 'weight';
}

// ---- weight editor -----------------------------------------------------------------------------

function inputName(layer: number, index: number): string {
  if (layer === 0) return FEATURES.find((f) => f.key === activeFeatures(state)[index])!.text;
  return `neuron ${index + 1} of layer ${layer}`;
}

function unitName(layer: number, unit: number): string {
  return layer === state.networkShape.length ? 'the output' : `neuron ${unit + 1} of layer ${layer + 1}`;
}

function selectNeuron(layer: number, unit: number, focusFrom?: number): void {
  selected = { layer, unit };
  for (const nodes of layerNodes) for (const n of nodes) n.el.removeAttribute('aria-pressed');
  layerNodes[layer]?.[unit]?.el.setAttribute('aria-pressed', 'true');
  $('weight-editor').hidden = false;
  fillWeightEditor(true);
  const inputs = $('weight-fields').querySelectorAll('input');
  (focusFrom !== undefined ? inputs[focusFrom] : inputs[0])?.focus();
}

function fillWeightEditor(rebuild = false): void {
  if (!selected || !frame) return;
  const w = frame.weights[selected.layer];
  if (!w) return;
  const { layer, unit } = selected;
  $('weight-editor-title').textContent = `Weights into ${unitName(layer, unit)}`;
  const box = $('weight-fields');
  if (rebuild || box.children.length !== w.nIn + 1) {
    box.replaceChildren();
    for (let i = -1; i < w.nIn; i++) {
      const label = document.createElement('label');
      label.textContent = i < 0 ? 'bias' : `from ${inputName(layer, i)}`;
      const input = document.createElement('input');
      input.type = 'number';
      input.step = '0.1';
      input.dataset.from = String(i);
      input.addEventListener('change', () => {
        const value = Number(input.value);
        if (!Number.isFinite(value)) return;
        send({ type: 'setWeight', layer, from: i, to: unit, value });
      });
      label.append(input);
      box.append(label);
    }
  }
  for (const input of Array.from(box.querySelectorAll('input'))) {
    if (document.activeElement === input) continue;
    const i = Number(input.dataset.from);
    input.value = (i < 0 ? w.bias[unit]! : w.kernel[i * w.nOut + unit]!).toFixed(3);
  }
}

// ---- heatmaps ----------------------------------------------------------------------------------

/** The output as a value in [-1, 1]: 2p - 1 for the sigmoid's probability, the value itself for regression. */
function outputValue(v: number): number {
  const t = state.problem === 'classification' ? 2 * v - 1 : v;
  return state.discretize && state.problem === 'classification' ? (t >= 0 ? 1 : -1) : t;
}

const offscreen = document.createElement('canvas');
offscreen.width = GRID;
offscreen.height = GRID;

function toCanvas(x: number, y: number, size: number): [number, number] {
  return [((x + DOMAIN) / (2 * DOMAIN)) * size, ((DOMAIN - y) / (2 * DOMAIN)) * size];
}

function pointColour(p: Point): string {
  if (state.problem === 'classification') return p.label > 0.5 ? css(POS) : css(NEG);
  return css(colour(Math.round(p.label * 8) / 8));
}

function drawOutput(): void {
  const canvas = $<HTMLCanvasElement>('output-canvas');
  const ctx = canvas.getContext('2d')!;
  const size = canvas.width;
  if (frame) {
    const out = frame.output;
    paintGrid(offscreen, (i) => outputValue(out[i]!), PALE_LUT);
    ctx.imageSmoothingEnabled = !state.discretize;
    ctx.drawImage(offscreen, 0, 0, size, size);
  } else {
    ctx.fillStyle = css(MID);
    ctx.fillRect(0, 0, size, size);
  }
  // One path per colour and outline: a few draw calls for hundreds of points.
  const dots = (points: Point[], stroke: string): void => {
    const groups = new Map<string, Point[]>();
    for (const p of points) {
      const c = pointColour(p);
      let g = groups.get(c);
      if (!g) groups.set(c, (g = []));
      g.push(p);
    }
    ctx.lineWidth = 1;
    ctx.strokeStyle = stroke;
    for (const [c, g] of groups) {
      ctx.beginPath();
      for (const p of g) {
        const [x, y] = toCanvas(p.x, p.y, size);
        ctx.moveTo(x + 3.5, y);
        ctx.arc(x, y, 3.5, 0, 2 * Math.PI);
      }
      ctx.fillStyle = c;
      ctx.fill();
      ctx.stroke();
    }
  };
  dots(data.train, '#fff');
  if (state.showTestData) dots(data.test, '#000');
  // Axis ticks at -6, 0, 6.
  ctx.fillStyle = '#333';
  ctx.font = '10px system-ui, sans-serif';
  ctx.fillText('-6', 2, size - 3);
  ctx.fillText('6', size - 9, size - 3);
  if (cursor.shown && clickMode !== 'none') {
    const [x, y] = toCanvas(cursor.x, cursor.y, size);
    ctx.strokeStyle = '#000';
    ctx.lineWidth = 1.5;
    ctx.strokeRect(x - 6, y - 6, 12, 12);
  }
}

const fmt = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '–');
const epochText = (n: number): string => String(n).padStart(6, '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');

let drawMsMax = 0;
/** A frame's first half: numbers, the output heatmap with its points, the loss curve. */
function draw(f: Frame): void {
  const t0 = performance.now();
  frame = f;
  frames++;
  lossCurve.add(f.curve);
  $('iter-number').textContent = epochText(f.epoch);
  $('loss-train').textContent = fmt(f.lossTrain);
  $('loss-test').textContent = fmt(f.lossTest);
  drawOutput();
  lossCurve.draw();
  if (document.body.dataset.state === 'loading') document.body.dataset.state = 'ready';
  drawMsMax = Math.max(drawMsMax, performance.now() - t0);
}

/** Then one task per layer: its neurons' heatmaps and the weights of the links into it. */
function drawLayer(f: Frame, li: number): void {
  const t0 = performance.now();
  const nodes = layerNodes[li];
  if (li < f.hidden.length) {
    const acts = f.hidden[li]!;
    const units = state.networkShape[li]!;
    nodes?.forEach((n, u) => paintGrid(n.canvas, (i) => acts[i * units + u]!));
  } else if (nodes?.[0]) paintGrid(nodes[0].canvas, (i) => outputValue(f.output[i]!));
  const w = f.weights[li];
  if (w) drawLayerWeights(w, li);
  drawMsMax = Math.max(drawMsMax, performance.now() - t0);
}

function drawNetwork(f: Frame): void {
  for (let li = 0; li < layerNodes.length; li++) drawLayer(f, li);
  if (selected) fillWeightEditor();
}

const nextTask = (fn: () => void): void => {
  const ch = new MessageChannel();
  ch.port1.onmessage = fn;
  ch.port2.postMessage(null);
};

// Frames are drawn at the next animation frame (in two tasks, so neither is long); the ack then
// tells the worker the page is ready for another.
let pending: Frame | null = null;
worker.addEventListener('message', (e: MessageEvent<FromWorker>) => {
  const m = e.data;
  if (m.type === 'frame') {
    if (pending === null)
      requestAnimationFrame(() => {
        const f = pending!;
        pending = null;
        draw(f);
        let li = 0;
        const next = (): void => {
          if (frame !== f) return send({ type: 'ack' });
          if (li < layerNodes.length) {
            drawLayer(f, li++);
            return nextTask(next);
          }
          if (selected) fillWeightEditor();
          send({ type: 'ack' });
        };
        nextTask(next);
      });
    pending = m;
  } else if (m.type === 'engine') {
    const e = $('engine');
    e.dataset.build = m.build;
    e.dataset.threads = String(m.threads);
    e.textContent = `Engine: ${m.build === 'threaded' ? `WebAssembly, ${m.threads} thread${m.threads === 1 ? '' : 's'}` : 'WebAssembly, single thread'}${m.simd ? ', SIMD' : ''}`;
    e.title = m.build === 'threaded' ? 'The page is cross-origin isolated: the kernels run on a pool of worker threads' : 'The page is not cross-origin isolated (COOP/COEP headers): the single-thread engine runs';
  } else if (m.type === 'tensorboard') {
    say(`Logging to TensorBoard: logdir '${m.logdir}', run '${m.run}'.`);
  } else if (m.type === 'error') {
    say(`Training stopped: ${m.message}`, true);
    setPlaying(false);
  }
});
worker.addEventListener('error', (e) => {
  document.body.dataset.state = 'error';
  say(`The trainer failed to start: ${e.message}`, true);
});

// ---- points added on the canvas ------------------------------------------------------------------

function applyClick(x: number, y: number): void {
  if (clickMode === 'none') return;
  if (clickMode === 'remove') {
    let best: { set: Point[]; i: number; d: number } | null = null;
    for (const set of state.showTestData ? [data.train, data.test] : [data.train])
      set.forEach((p, i) => {
        const d = Math.hypot(p.x - x, p.y - y);
        if (!best || d < best.d) best = { set, i, d };
      });
    const b = best as { set: Point[]; i: number; d: number } | null;
    if (!b || b.d > 0.6) return say('No point near there to remove.');
    b.set.splice(b.i, 1);
  } else {
    const label = clickMode === 'positive' ? 1 : state.problem === 'classification' ? 0 : -1;
    data.train.push({ x, y, label });
  }
  edited = true;
  send({ type: 'data', train: pack(data.train), test: pack(data.test) });
  showCounts();
  drawOutput();
}

function canvasPoint(e: MouseEvent): [number, number] {
  const r = $('output-canvas').getBoundingClientRect();
  return [((e.clientX - r.left) / r.width) * 2 * DOMAIN - DOMAIN, DOMAIN - ((e.clientY - r.top) / r.height) * 2 * DOMAIN];
}

// ---- wiring --------------------------------------------------------------------------------------

function wire(): void {
  fillSelect('learningRate', LEARNING_RATES);
  fillSelect('regularizationRate', REGULARIZATION_RATES);
  fillSelect('activation', ACTIVATIONS, (v) => ({ relu: 'ReLU', tanh: 'Tanh', sigmoid: 'Sigmoid', linear: 'Linear' })[v] ?? v);
  fillSelect('regularization', REGULARIZATIONS, (v) => (v === 'none' ? 'None' : v));
  fillSelect('problem', PROBLEMS, (v) => (v === 'classification' ? 'Classification' : 'Regression'));
  fillSelect('optimizer', OPTIMIZERS, (v) => ({ sgd: 'SGD', momentum: 'Momentum (0.9)', adam: 'Adam' })[v] ?? v);

  const select = (id: string): string => $<HTMLSelectElement>(id).value;
  $('learningRate').addEventListener('change', () => change({ learningRate: Number(select('learningRate')) }, 'lr'));
  $('regularizationRate').addEventListener('change', () => change({ regularizationRate: Number(select('regularizationRate')) }, 'reset'));
  $('activation').addEventListener('change', () => change({ activation: select('activation') as PlaygroundState['activation'] }, 'reset'));
  $('regularization').addEventListener('change', () => change({ regularization: select('regularization') as PlaygroundState['regularization'] }, 'reset'));
  $('optimizer').addEventListener('change', () => change({ optimizer: select('optimizer') as PlaygroundState['optimizer'] }, 'reset'));
  $('problem').addEventListener('change', () => change({ problem: select('problem') as PlaygroundState['problem'] }, 'data'));
  $('batchNorm').addEventListener('change', () => change({ batchNorm: $<HTMLInputElement>('batchNorm').checked }, 'reset'));
  $('dataset').addEventListener('change', () => {
    const v = select('dataset');
    change(state.problem === 'classification' ? { dataset: v as PlaygroundState['dataset'] } : { regDataset: v as PlaygroundState['regDataset'] }, 'data');
  });
  for (const id of ['percTrainData', 'noise'] as const) $(id).addEventListener('change', () => change({ [id]: Number($<HTMLInputElement>(id).value) }, 'data'));
  for (const id of ['percTrainData', 'noise', 'batchSize'] as const)
    $(id).addEventListener('input', () => ($(`${id}-value`).textContent = `${$<HTMLInputElement>(id).value}${id === 'percTrainData' ? '%' : ''}`));
  $('batchSize').addEventListener('change', () => change({ batchSize: Number($<HTMLInputElement>('batchSize').value) }, 'reset'));
  $('regenerate').addEventListener('click', () => change({ seed: randomSeed() }, 'data'));
  $('showTestData').addEventListener('change', () => change({ showTestData: $<HTMLInputElement>('showTestData').checked }, 'draw'));
  $('discretize').addEventListener('change', () => {
    change({ discretize: $<HTMLInputElement>('discretize').checked }, 'draw');
    if (frame) {
      drawOutput();
      drawNetwork(frame);
    }
  });

  $('play-pause-button').addEventListener('click', () => setPlaying(!playing));
  $('reset-button').addEventListener('click', () => restart());
  $('next-step-button').addEventListener('click', () => {
    if (playing) setPlaying(false);
    send({ type: 'step' });
  });
  $('add-layer').addEventListener('click', () => {
    if (state.networkShape.length < MAX_LAYERS) change({ networkShape: [...state.networkShape, 2] }, 'reset');
  });
  $('remove-layer').addEventListener('click', () => {
    if (state.networkShape.length > 0) change({ networkShape: state.networkShape.slice(0, -1) }, 'reset');
  });
  $('weight-editor').addEventListener('keydown', (e) => {
    if (e.key === 'Escape') $('weight-editor-close').click();
  });
  $('weight-editor-close').addEventListener('click', () => {
    const s = selected;
    selected = null;
    $('weight-editor').hidden = true;
    for (const nodes of layerNodes) for (const n of nodes) n.el.removeAttribute('aria-pressed');
    if (s) focusNode(`n-${s.layer}-${s.unit}`);
  });

  for (const r of Array.from(document.querySelectorAll<HTMLInputElement>('input[name="click-mode"]')))
    r.addEventListener('change', () => {
      clickMode = r.value as typeof clickMode;
      drawOutput();
    });
  const canvas = $<HTMLCanvasElement>('output-canvas');
  canvas.addEventListener('click', (e) => applyClick(...canvasPoint(e)));
  canvas.addEventListener('focus', () => {
    cursor.shown = true;
    drawOutput();
  });
  canvas.addEventListener('blur', () => {
    cursor.shown = false;
    drawOutput();
  });
  canvas.addEventListener('keydown', (e) => {
    const step = e.shiftKey ? 2 : 0.5;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const m = moves[e.key];
    if (m) {
      cursor = { x: Math.max(-DOMAIN, Math.min(DOMAIN, cursor.x + m[0])), y: Math.max(-DOMAIN, Math.min(DOMAIN, cursor.y + m[1])), shown: true };
      drawOutput();
      e.preventDefault();
    } else if (e.key === 'Enter' || e.key === ' ') {
      applyClick(cursor.x, cursor.y);
      e.preventDefault();
    }
  });

  $('open-notebook').addEventListener('click', openNotebook);
  $('log-tensorboard').addEventListener('click', () => {
    const on = tensorboardRun === null;
    $('log-tensorboard').setAttribute('aria-pressed', String(on));
    if (on) startTensorboard();
    else {
      tensorboardRun = null;
      send({ type: 'tensorboard', run: null });
      say('TensorBoard logging stopped.');
    }
  });
  $('copy-link').addEventListener('click', async () => {
    writeHash();
    try {
      await navigator.clipboard.writeText(location.href);
      say('Link copied: it opens these settings, data and initial weights.');
    } catch {
      say(`Copy this link: ${location.href}`);
    }
  });

  window.addEventListener('hashchange', () => {
    state = parseHash(location.hash);
    data = generateData(state);
    edited = false;
    showState();
    restart();
  });
  let resizeTimer = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(buildLinks, 100);
  });
}

function startTensorboard(): void {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  tensorboardRun = `${state.problem === 'classification' ? state.dataset : state.regDataset}_${stamp}`;
  send({ type: 'tensorboard', run: tensorboardRun });
}

function notebookUrl(): string {
  const nb = notebookFor(state, { epochs: frame?.epoch || 100, edited: edited ? data : undefined, link: playgroundLink(location.href, state) });
  const url = new URL('./', location.href);
  url.hash = `nb=${encodeNotebook({ title: nb.title, cells: nb.cells.map((c, i) => ({ id: `pg${i}`, ...c })) })}`;
  return url.href;
}

function openNotebook(): void {
  window.open(notebookUrl(), '_blank', 'noopener');
}

/** What the e2e test reads. */
const tpVisual = {
  state: () => structuredClone(state),
  counts: () => ({ train: data.train.length, test: data.test.length, edited }),
  frames: () => frames,
  epoch: () => frame?.epoch ?? 0,
  losses: () => ({ train: frame?.lossTrain ?? NaN, test: frame?.lossTest ?? NaN }),
  /** Whether the trainer was playing when it sent the frame on screen. */
  trainerPlaying: () => frame?.playing ?? false,
  weights: () => frame?.weights.map((w) => ({ kernel: Array.from(w.kernel), bias: Array.from(w.bias), nIn: w.nIn, nOut: w.nOut })) ?? [],
  notebookUrl,
  /** The longest frame drawing so far, in ms (for diagnosis). */
  drawMsMax: () => drawMsMax,
};
(window as unknown as { tpVisual: typeof tpVisual }).tpVisual = tpVisual;

// The built app caches itself for offline use (service_worker.js lists this page, its worker and
// the engine); the dev server has no sw.js.
function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('./sw.js').then(
    (reg) => {
      const done = (): void => void (document.body.dataset.offline = 'ready');
      if (reg.active) done();
      else navigator.serviceWorker.ready.then(done, () => undefined);
    },
    (e: unknown) => console.warn('tensorpad: the offline cache could not be installed:', e),
  );
}

registerServiceWorker();
wire();
writeHash();
showState();
restart();
