// Pictures for image models in notebook cells: a grid of images with captions (digits and their
// predicted classes), a confusion matrix, a conv layer's filters and its activation maps. Pixels
// travel to the page as 0..255 grey or RGB values; every output carries a text alternative.
import { Tensor } from '../tensor.js';
import type { Output } from './protocol.js';

type ImagesOutput = Extract<Output, { kind: 'images' }>;
type ConfusionOutput = Extract<Output, { kind: 'confusion' }>;
type Labels = readonly (number | string)[] | ArrayLike<number> | Tensor;

/** Options of display.images. */
export interface ImagesOptions {
  /** One caption per image: the true class (a class index or a name). */
  labels?: Labels;
  /** Predicted classes: shown as captions, marked when they differ from `labels`. */
  predictions?: Labels;
  /** Names for class indices in labels and predictions. */
  classNames?: readonly string[];
  title?: string;
  /** Images per row (default: up to 10). */
  columns?: number;
  /** Screen pixels per image pixel (default: 2). */
  scale?: number;
  /**
   * Mapping of values to grey levels: 'auto' (default) shows [0, 1] data as it is, 0..255 data as
   * bytes and anything else stretched over all images; 'each' stretches each image to its own
   * min..max (filters, activations); 'none' takes values as bytes.
   */
  normalize?: 'auto' | 'each' | 'none';
  /** At most this many images (default 100). */
  max?: number;
}

/** Options of display.confusionMatrix. */
export interface ConfusionMatrixOptions {
  classNames?: readonly string[];
  title?: string;
}

function labelList(x: Labels, what: string): (number | string)[] {
  if (x instanceof Tensor) {
    const v = x.rank === 2 ? (x.arraySync() as number[][]).map((r) => r.indexOf(Math.max(...r))) : Array.from(x.dataSync() as ArrayLike<number>, Number);
    if (x.rank > 2) throw new Error(`${what}: expected class indices [n] or one-hot rows [n, classes], got shape [${x.shape.join(',')}]`);
    return v;
  }
  return Array.from(x as ArrayLike<number | string>);
}

const name = (v: number | string, classNames?: readonly string[]): string => (typeof v === 'number' && classNames?.[v] !== undefined ? classNames[v]! : String(v));

/** @internal The 'images' output for a tensor of [n, h, w, c] (c 1 or 3), [n, h, w] or [h, w] values. */
export function imagesOutput(x: Tensor, options: ImagesOptions = {}): ImagesOutput {
  const op = 'display.images';
  if (!(x instanceof Tensor)) throw new Error(`${op}: expected a tensor of images, got ${typeof x}`);
  let shape = x.shape;
  if (x.rank === 2) shape = [1, shape[0]!, shape[1]!, 1];
  else if (x.rank === 3) shape = [shape[0]!, shape[1]!, shape[2]!, 1];
  else if (x.rank !== 4) throw new Error(`${op}: expected images [n, height, width, channels], [n, height, width] or one [height, width], got shape [${x.shape.join(',')}]`);
  if (shape[3] !== 1 && shape[3] !== 3) throw new Error(`${op}: images need 1 (grey) or 3 (RGB) channels, got ${shape[3]} in shape [${x.shape.join(',')}]`);
  return imagesFromValues(x.dataSync() as ArrayLike<number>, shape as [number, number, number, number], options, op);
}

function imagesFromValues(all: ArrayLike<number>, shape: [number, number, number, number], options: ImagesOptions, op: string): ImagesOutput {
  const [n0, h, w, c] = shape;
  const n = Math.min(n0, options.max ?? 100);
  const per = h * w * c;
  const values = Array.from({ length: n * per }, (_, i) => Number(all[i]));
  const mode = options.normalize ?? 'auto';
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values)
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  const stretch = (from: number, to: number, lo: number, hi: number): void => {
    for (let i = from; i < to; i++) values[i] = hi > lo ? ((values[i]! - lo) / (hi - lo)) * 255 : 128;
  };
  if (mode === 'each')
    for (let k = 0; k < n; k++) {
      let a = Infinity;
      let b = -Infinity;
      for (let i = k * per; i < (k + 1) * per; i++) if (Number.isFinite(values[i]!)) [a, b] = [Math.min(a, values[i]!), Math.max(b, values[i]!)];
      stretch(k * per, (k + 1) * per, a, b);
    }
  else if (mode === 'auto') {
    if (lo >= 0 && hi <= 1) for (let i = 0; i < values.length; i++) values[i] = values[i]! * 255;
    else if (!(lo >= 0 && hi <= 255)) stretch(0, values.length, lo, hi);
  } else if (mode !== 'none') throw new Error(`${op}: normalize must be 'auto', 'each' or 'none', got ${JSON.stringify(mode)}`);
  const pixels = values.map((v) => (Number.isFinite(v) ? Math.max(0, Math.min(255, Math.round(v))) : 0));
  const out: ImagesOutput = { kind: 'images', count: n, height: h, width: w, channels: c, pixels, alt: '' };
  const labels = options.labels === undefined ? undefined : labelList(options.labels, op);
  const preds = options.predictions === undefined ? undefined : labelList(options.predictions, op);
  for (const [what, list] of [['labels', labels], ['predictions', preds]] as const)
    if (list && list.length < n) throw new Error(`${op}: ${list.length} ${what} for ${n} images`);
  if (labels || preds) {
    out.captions = Array.from({ length: n }, (_, i) => name((preds ?? labels)![i]!, options.classNames));
    if (labels && preds) out.wrong = Array.from({ length: n }, (_, i) => String(labels[i]) !== String(preds[i]));
  }
  if (options.title !== undefined) out.title = String(options.title);
  if (options.columns !== undefined) out.columns = options.columns;
  if (options.scale !== undefined) out.scale = options.scale;
  const what = `${n} ${c === 3 ? 'colour' : 'greyscale'} image${n === 1 ? '' : 's'} of ${h}x${w} pixels${n < n0 ? ` (first ${n} of ${n0})` : ''}`;
  let detail = '';
  if (labels && preds) {
    const wrong = out.wrong!.filter(Boolean).length;
    detail = `; predicted (true): ${out.captions!.map((p, i) => `${p} (${name(labels[i]!, options.classNames)})`).join(', ')}; ${wrong} wrong`;
  } else if (out.captions) detail = `; ${preds ? 'predicted' : 'labelled'}: ${out.captions.join(', ')}`;
  out.alt = `${options.title ? `${options.title}: ` : ''}${what}${detail}`;
  return out;
}

/** @internal The 'confusion' output: counts[i][j] = how many of class i were predicted as j. */
export function confusionOutput(labels: Labels, predictions: Labels, options: ConfusionMatrixOptions = {}): ConfusionOutput {
  const op = 'display.confusionMatrix';
  const t = labelList(labels, op).map(Number);
  const p = labelList(predictions, op).map(Number);
  if (t.length !== p.length) throw new Error(`${op}: ${t.length} labels but ${p.length} predictions`);
  [...t, ...p].forEach((v) => {
    if (!Number.isInteger(v) || v < 0) throw new Error(`${op}: classes must be indices 0, 1, 2, ..., got ${v}`);
  });
  const k = Math.max(options.classNames?.length ?? 0, ...t.map((v) => v + 1), ...p.map((v) => v + 1), 1);
  const counts = new Array<number>(k * k).fill(0);
  t.forEach((c, i) => counts[c * k + p[i]!]!++);
  const classNames = Array.from({ length: k }, (_, i) => options.classNames?.[i] ?? String(i));
  return { kind: 'confusion', classNames, counts, ...(options.title !== undefined ? { title: String(options.title) } : {}) };
}

/** @internal display.filters: a conv kernel [kh, kw, in, out] (or [k, in, out]) as one picture per filter and input channel. */
export function filtersOutput(kernel: Tensor, options: ImagesOptions = {}): ImagesOutput {
  const op = 'display.filters';
  if (kernel.rank !== 4 && kernel.rank !== 3) throw new Error(`${op}: expected a conv kernel [height, width, inChannels, outChannels] (conv2d) or [width, in, out] (conv1d), got shape [${kernel.shape.join(',')}]`);
  const [kh, kw, cin, cout] = (kernel.rank === 4 ? kernel.shape : [1, ...kernel.shape]) as [number, number, number, number];
  const v = kernel.dataSync() as ArrayLike<number>;
  // RGB filters of a colour input as colour pictures; otherwise one grey picture per (out, in) pair.
  const rgb = cin === 3;
  const planes = rgb ? cout : cout * cin;
  const count = Math.min(planes, options.max ?? 256);
  const c = rgb ? 3 : 1;
  const data = new Float32Array(count * kh * kw * c);
  const captions: string[] = [];
  for (let k = 0; k < count; k++) {
    const o = rgb ? k : Math.floor(k / cin);
    const i0 = rgb ? 0 : k % cin;
    captions.push(rgb || cin === 1 ? `${o}` : `${o}:${i0}`);
    for (let y = 0; y < kh; y++)
      for (let x = 0; x < kw; x++)
        for (let ch = 0; ch < c; ch++) data[((k * kh + y) * kw + x) * c + ch] = Number(v[((y * kw + x) * cin + i0 + ch) * cout + o]);
  }
  const out = imagesFromValues(data, [count, kh, kw, c], { normalize: 'each', scale: Math.max(2, Math.round(48 / Math.max(kh, kw))), columns: rgb || cin === 1 ? Math.min(count, 16) : Math.min(cin, 16), ...options, max: count }, op);
  out.captions = captions;
  out.alt = `${options.title ? `${options.title}: ` : ''}${count} filter${count === 1 ? '' : 's'} of ${kh}x${kw} (${cout} filters over ${cin} input channel${cin === 1 ? '' : 's'}${count < planes ? `, first ${count} pictures` : ''}), each scaled from its own minimum (black) to maximum (white)`;
  return out;
}

/** @internal display.activations: the channels of one image's feature maps [1, h, w, c] or [h, w, c], one picture each. */
export function activationsOutput(maps: Tensor, options: ImagesOptions = {}): ImagesOutput {
  const op = 'display.activations';
  const shape = maps.rank === 4 && maps.shape[0] === 1 ? maps.shape.slice(1) : maps.shape;
  if (shape.length !== 3) throw new Error(`${op}: expected the feature maps of one image, [1, height, width, channels] or [height, width, channels], got shape [${maps.shape.join(',')}]`);
  const [h, w, c] = shape as [number, number, number];
  const count = Math.min(c, options.max ?? 64);
  const v = maps.dataSync() as ArrayLike<number>;
  const data = new Float32Array(count * h * w);
  for (let k = 0; k < count; k++) for (let p = 0; p < h * w; p++) data[k * h * w + p] = Number(v[p * c + k]);
  const out = imagesFromValues(data, [count, h, w, 1], { normalize: 'each', columns: Math.min(count, 8), scale: Math.max(2, Math.round(56 / Math.max(h, w))), ...options, max: count }, op);
  out.captions = Array.from({ length: count }, (_, k) => `${k}`);
  out.alt = `${options.title ? `${options.title}: ` : ''}${count} activation map${count === 1 ? '' : 's'} of ${h}x${w}${count < c ? ` (first ${count} of ${c} channels)` : ''}, each scaled from its own minimum (black) to maximum (white)`;
  return out;
}

/** @internal The confusion matrix as aligned text (the console form, and the page's copy text). */
export function confusionText(o: ConfusionOutput): string {
  const k = o.classNames.length;
  const head = ['true \\ predicted', ...o.classNames, 'recall'];
  const rows = o.classNames.map((c, i) => {
    const row = o.counts.slice(i * k, (i + 1) * k);
    const total = row.reduce((a, b) => a + b, 0);
    return [c, ...row.map(String), total ? `${((100 * row[i]!) / total).toFixed(1)}%` : '-'];
  });
  const width = head.map((h, j) => Math.max(h.length, ...rows.map((r) => r[j]!.length)));
  const line = (r: string[]): string => r.map((v, j) => (j === 0 ? v.padEnd(width[j]!) : v.padStart(width[j]!))).join('  ');
  const total = o.counts.reduce((a, b) => a + b, 0);
  const right = o.classNames.reduce((a, _, i) => a + o.counts[i * k + i]!, 0);
  return [...(o.title ? [o.title] : []), line(head), ...rows.map(line), `accuracy ${total ? ((100 * right) / total).toFixed(2) : '-'}% (${right} of ${total})`].join('\n');
}
