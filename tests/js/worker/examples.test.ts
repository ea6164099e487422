// Every notebook of examples/ runs, cell by cell, in a tp.worker runtime (as the playground runs
// it), with no failing cell; a few key results are checked against the course.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { fromIpynb } from '../../../web/app/notebook.ts';
import type { Output } from '../../../web/src/worker/protocol.js';
import { createRuntime } from '../../../web/src/worker/runtime.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort();
const workerUrl = new URL('./ts_worker.mjs', import.meta.url);

// What some cells must show (by example file and code-cell index): a substring of the cell's text.
const EXPECT: Record<string, Record<number, string>> = {
  '01_tensors.ipynb': { 0: '[2, 3] float32', 2: '[[14, 32],\n     [32, 77]]', 4: '[[2, 42, 0],\n     [8, 10, 1]]' },
  '02_graphs.ipynb': { 0: '    [1, 8', 1: 'signatures traced: 2' },
  '06_differentiation.ipynb': { 1: '[36, 10]', 4: '[36, 10]' },
  '07_forward_mode.ipynb': { 0: '27 + 27ε', 2: '[105, 36]', 3: '12' },
  '12_linear_regression.ipynb': { 1: 'W: 2.9', 2: 'W: 2.9' },
  '08_gradient_tape.ipynb': { 0: '[36, 10]', 2: '[36, 10]', 5: '2.99' },
  '03_custom_loss.ipynb': { 0: '[0.125, 0.5, 1.5, 3.5]', 3: 'rebuilt threshold: 2' },
  '04_custom_metrics.ipynb': { 0: '[0.8, 0.5]', 1: 'precision/true_positives', 2: 'batch 1: 2.25\nbatch 2: 1.5' },
  '05_custom_layers_models.ipynb': { 0: '[[0.3678795, 1, 2.7182817]]', 1: '[null, 3]', 2: 'my_dense (MyDense)           (None, 16)                96' },
  '09_custom_training_loop.ipynb': { 3: 'Epoch 5/5' },
  '10_fit_callbacks.ipynb': { 1: 'Epoch 3/3\n4/4 [==============================] - ' },
  '11_tensorboard.ipynb': { 4: 'validation/events.out.tfevents' },
  '13_cnn_mnist.ipynb': { 1: 'conv2d (Conv2D)              (None, 24, 24, 16)        416' },
};

// The CNN lessons train for real (about a minute each on one core); a loaded machine needs more.
const TIMEOUT_MS: Record<string, number> = { '13_cnn_mnist.ipynb': 600_000, '14_cnn_from_scratch.ipynb': 600_000 };

type Value = Record<string, any>;
const falls = (v: Value, first: string, last: string) => {
  expect(v[first]).toBeGreaterThan(0);
  expect(v[last]).toBeLessThan(v[first] * 0.8);
};

// Key results of the lessons, from the value of a cell (its last expression) and its outputs.
const CHECK: Record<string, Record<number, (value: any, outputs: Output[]) => void>> = {
  '03_custom_loss.ipynb': {
    2: (v) => falls(v, 'first', 'last'),
    3: (v) => expect(v).toBeCloseTo((0.5 + 4 + 6) / 3, 5), // threshold 2: errors 1, 3, 4
    4: (v) => falls(v, 'first', 'last'),
    6: (v) => {
      falls(v, 'firstLoss', 'lastLoss');
      expect(v.smallestKernelWeight).toBeGreaterThanOrEqual(0);
      expect(v.regularizationLoss).toBeGreaterThan(0);
    },
  },
  '04_custom_metrics.ipynb': {
    2: (v) => expect(v).toEqual({ name: 'huber_metric', dtype: 'float32', threshold: 2 }),
    3: (v) => {
      expect(v.keys).toEqual(['loss', 'huber_metric', 'mae']);
      expect(v.huber_metric).toBeLessThan(0.1);
    },
  },
  '05_custom_layers_models.ipynb': {
    2: (v) => falls(v, 'firstLoss', 'lastLoss'),
    4: (v) => {
      expect(v.trainableWeights).toBe(12);
      falls(v, 'firstLoss', 'lastLoss');
    },
    5: (v) => {
      expect(v.extraLosses).toBe(1);
      expect(v.reconstructionLoss).toBeGreaterThan(0);
      falls(v, 'firstLoss', 'lastLoss');
    },
  },
  '09_custom_training_loop.ipynb': {
    3: (v, outputs) => {
      falls(v, 'firstEpoch', 'lastEpoch');
      // The status bar is one terminal line per epoch, updated in place (keyed progress outputs).
      const ends = outputs.filter((o) => o.kind === 'progress' && /^1024\/1024 - loss: \d+\.\d{4} - mean_absolute_error: /.test(o.text));
      expect(ends.length).toBeGreaterThanOrEqual(5);
    },
    4: (_v, outputs) => {
      const t = outputs.find((o) => o.kind === 'tensor');
      expect(Number(t && 'text' in t ? t.text.split('\n').at(-1) : NaN)).toBeLessThanOrEqual(2 + 1e-4);
    },
  },
  '10_fit_callbacks.ipynb': {
    1: (v) => expect(v.val_loss).toHaveLength(3),
    2: (v) => {
      expect(v.saves).toBeGreaterThan(1);
      expect(v.bestValLoss).toBeLessThan(0.3);
    },
    3: (v) => expect(v.valLossOfTheSavedModel).toBeGreaterThan(0),
    4: (v) => {
      // Early stopping ended the run long before its 300 epochs, and restored the best weights.
      expect(v.epochsRun).toBeLessThan(300);
      expect(v.stoppedEpoch).toBe(v.epochsRun - 1);
      expect(v.valLossNow).toBeCloseTo(v.bestValLoss, 4);
    },
  },
  '13_cnn_mnist.ipynb': {
    0: (v, outputs) => {
      expect(v).toEqual({ train: 8000, test: 2000, images: [8000, 28, 28, 1], labels: [8000, 10] });
      expect(outputs.find((o) => o.kind === 'images')).toMatchObject({ count: 20, height: 28, width: 28 });
    },
    2: (v, outputs) => {
      expect(v.epochs).toBe(6);
      expect(v.valAccuracy).toBeGreaterThan(0.95);
      // Live curves: one metrics output per epoch and run.
      expect(outputs.filter((o) => o.kind === 'metrics' && o.run === 'validation')).toHaveLength(6);
    },
    3: (v, outputs) => {
      expect(v.testAccuracy).toBeGreaterThanOrEqual(0.97); // the lesson's promise, on the 2,000 held-out digits
      const cm = outputs.find((o) => o.kind === 'confusion');
      expect(cm && cm.kind === 'confusion' ? cm.counts.reduce((a, b) => a + b, 0) : 0).toBe(2000);
      expect(outputs.find((o) => o.kind === 'images')).toMatchObject({ count: 40, wrong: expect.any(Array) });
    },
    4: (v, outputs) => {
      expect(v).toEqual([5, 5, 1, 16]);
      expect(outputs.filter((o) => o.kind === 'images').map((o) => (o.kind === 'images' ? o.count : 0))).toEqual([16, 1, 16]);
    },
  },
  '14_cnn_from_scratch.ipynb': {
    1: (v) => expect(v).toEqual([2, 10]),
    2: (v) => {
      expect(v.steps).toBe(5 * 125);
      expect(v.lastLoss).toBeLessThan(0.3);
    },
    3: (v) => expect(v.testAccuracy).toBeGreaterThanOrEqual(0.96),
  },
  '11_tensorboard.ipynb': {
    4: (v) => {
      expect(v).toContain('epoch_loss');
      expect(v.some((t: string) => t.endsWith('/histogram'))).toBe(true);
    },
    5: (_v, outputs) => expect(outputs).toContainEqual({ kind: 'dashboard', logdir: 'my_logs' }),
  },
};

function text(o: Output): string {
  switch (o.kind) {
    case 'text':
    case 'log':
    case 'tensor':
    case 'progress':
      return o.text;
    case 'table':
      return JSON.stringify(o.rows);
    default:
      return `[${o.kind}]`;
  }
}

test('there are examples', () => expect(files.length).toBeGreaterThanOrEqual(6));

describe.each(files)('examples/%s', (file) => {
  const { notebook, warnings } = fromIpynb(fs.readFileSync(path.join(dir, file), 'utf8'));
  const rt = createRuntime({ workerUrl });
  afterAll(() => rt.dispose());

  test('is a javascript notebook with a title and a description', () => {
    expect(warnings).toEqual([]);
    expect(notebook.title.length).toBeGreaterThan(3);
    expect(notebook.description?.length).toBeGreaterThan(10);
  });

  test('every code cell runs', { timeout: TIMEOUT_MS[file] ?? 120_000 }, async () => {
    // Summaries go to memory here (in the playground: the page's IndexedDB, through the sandbox).
    await rt.run('tp.summary.setDefaultStorage(new tp.summary.MemoryStorage());');
    const code = notebook.cells.filter((c) => c.type === 'code');
    for (const [i, cell] of code.entries()) {
      const outputs: Output[] = [];
      const r = await rt.run(cell.source, { onOutput: (o) => outputs.push(o) });
      if (!r.ok) throw new Error(`code cell ${i} failed at line ${r.error.line}: ${r.error.name}: ${r.error.message}\n${cell.source}`);
      if (r.output) outputs.push(r.output);
      const want = EXPECT[file]?.[i];
      if (want !== undefined) expect(outputs.map(text).join('\n'), `code cell ${i}`).toContain(want);
      CHECK[file]?.[i]?.(r.value, outputs);
    }
  });
});
