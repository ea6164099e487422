// "Open as notebook": the generated cells run in a tp.worker runtime (as the notebook page runs
// them) and build what the playground builds: the same points and features, the same layers with
// the same initial weights (same seed), the same loss; and they train.
import { afterAll, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.ts';
import { generateData } from '../../../web/app/playground_data.ts';
import { buildModel } from '../../../web/app/playground_model.ts';
import { notebookFor } from '../../../web/app/playground_code.ts';
import { activeFeatures, defaultState, featureValue, type PlaygroundState } from '../../../web/app/playground_state.ts';
import { createRuntime } from '../../../web/src/worker/runtime.js';

const rt = createRuntime({ workerUrl: new URL('../worker/ts_worker.mjs', import.meta.url) });
afterAll(() => rt.dispose());

async function runCells(s: PlaygroundState, epochs: number, edited?: ReturnType<typeof generateData>): Promise<unknown[]> {
  const nb = notebookFor(s, { epochs, edited });
  await rt.run('tp.summary.setDefaultStorage(new tp.summary.MemoryStorage());');
  const values: unknown[] = [];
  for (const cell of nb.cells.filter((c) => c.type === 'code')) {
    const r = await rt.run(cell.source);
    if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message} (line ${r.error.line})\n${cell.source}`);
    values.push(r.value);
  }
  return values;
}

/** What the runtime shows of the notebook's model: layer classes, weight shapes, first weights. */
const DESCRIBE = `({
  layers: model.layers.map((l) => l.getClassName()),
  shapes: model.getWeights().map((w) => w.shape),
  weights: model.getWeights().map((w) => Array.from(w.dataSync())),
  xTrain: Array.from(xTrain.dataSync().slice(0, 70)),
  yTrain: Array.from(train.ys.dataSync().slice(0, 10)),
  nTrain: xTrain.shape[0], nTest: xTest.shape[0],
})`;

async function describeNotebookModel(s: PlaygroundState, edited?: ReturnType<typeof generateData>) {
  const nb = notebookFor(s, { epochs: 1, edited });
  await rt.run('tp.setSeed(0);');
  // Data and model cells only (not fit), then the description.
  for (const cell of nb.cells.filter((c) => c.type === 'code').slice(0, 2)) {
    const r = await rt.run(cell.source);
    if (!r.ok) throw new Error(`${r.error.name}: ${r.error.message}\n${cell.source}`);
  }
  const r = await rt.run(DESCRIBE);
  if (!r.ok) throw new Error(r.error.message);
  return r.value as { layers: string[]; shapes: number[][]; weights: number[][]; xTrain: number[]; yTrain: number[]; nTrain: number; nTest: number };
}

function describePage(s: PlaygroundState, data = generateData(s)) {
  const { model } = buildModel(s);
  const keys = activeFeatures(s);
  return {
    layers: model.layers.filter((l) => l.getClassName() !== 'InputLayer').map((l) => l.getClassName()),
    shapes: model.getWeights().map((w) => w.shape),
    weights: model.getWeights().map((w) => Array.from(w.dataSync())),
    xTrain: data.train.flatMap((p) => keys.map((k) => featureValue(k, p.x, p.y))).slice(0, 70),
    yTrain: data.train.map((p) => p.label).slice(0, 10),
    nTrain: data.train.length,
    nTest: data.test.length,
  };
}

const close = (a: number[], b: number[], tol = 1e-5) => {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(Math.abs(v - b[i]!)).toBeLessThan(tol * (1 + Math.abs(b[i]!))));
};

const cases: [string, PlaygroundState][] = [
  ['the default (spiral, 7 features, 8-8-6 tanh, Adam)', defaultState('0.31415')],
  ['regression with batch norm, L2 and momentum', { ...defaultState('x'), problem: 'regression', regDataset: 'reg-gauss', noise: 20, batchNorm: true, regularization: 'L2', regularizationRate: 0.003, optimizer: 'momentum', activation: 'relu', networkShape: [3, 2] }],
  ['no hidden layer, two features, L1, SGD, 30% train', { ...defaultState('7'), dataset: 'gauss', networkShape: [], features: { ...defaultState().features, xSquared: false, ySquared: false, xTimesY: false, sinX: false, sinY: false, cosY: true }, regularization: 'L1', regularizationRate: 0.01, optimizer: 'sgd', percTrainData: 30 }],
];

test.each(cases)('%s: same data, features, layers and initial weights as the page', async (_name, s) => {
  await tp.ready();
  const nbModel = await describeNotebookModel(s);
  const page = describePage(s);
  expect(nbModel.layers).toEqual(page.layers);
  expect(nbModel.shapes).toEqual(page.shapes);
  expect(nbModel.nTrain).toBe(page.nTrain);
  expect(nbModel.nTest).toBe(page.nTest);
  close(nbModel.xTrain, page.xTrain);
  close(nbModel.yTrain, page.yTrain);
  nbModel.weights.forEach((w, i) => close(w, page.weights[i]!));
});

test('edited points are written out and used instead of the generator', async () => {
  const s = defaultState('0.2');
  const data = generateData(s);
  data.train.push({ x: 1.25, y: -3.5, label: 1 });
  data.test.splice(0, 3);
  const nbModel = await describeNotebookModel(s, data);
  expect(nbModel.nTrain).toBe(data.train.length);
  expect(nbModel.nTest).toBe(data.test.length);
  const r = await rt.run('Array.from(train.xs.slice([train.xs.shape[0] - 1, 0], [1, 2]).dataSync())');
  expect(r.ok && r.value).toEqual([1.25, -3.5]);
});

test('the notebook trains: the loss falls from the untrained model and both losses are reported', { timeout: 120_000 }, async () => {
  const s = { ...defaultState('0.5'), networkShape: [6, 6] };
  const untrained = await runCells(s, 1);
  const trained = await runCells(s, 30);
  const a = untrained[2] as { trainLoss: number; testLoss: number };
  const b = trained[2] as { trainLoss: number; testLoss: number };
  expect(b.trainLoss).toBeLessThan(a.trainLoss * 0.6);
  expect(b.testLoss).toBeLessThan(a.testLoss);
  // The last cell draws the output over the plane.
  expect(trained[3]).toEqual([50, 50]);
});
