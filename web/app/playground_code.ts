// "Open as notebook": the playground's experiment as tensorpad code a student can read and run.
// The cells make the same points (the same generator and seed, or the edited points written out),
// the same input features, the same layers (as playground_model.ts builds them) and the same
// compile settings, then fit for as many epochs as the page trained.
import type { Cell } from './notebook.ts';
import { sampleCount, trainCount, type PlaygroundData, type Point } from './playground_data.ts';
import { activeFeatures, datasetFunction, FEATURES, numericSeed, serializeState, type PlaygroundState } from './playground_state.ts';

/** A number as short source text that reads back to the same float32 value. */
function num(v: number): string {
  return String(Number(v.toPrecision(7)));
}

function optimizerCode(s: PlaygroundState): string {
  switch (s.optimizer) {
    case 'sgd': return `tp.train.sgd(${num(s.learningRate)})`;
    case 'momentum': return `tp.train.momentum(${num(s.learningRate)}, 0.9)`;
    case 'adam': return `tp.train.adam(${num(s.learningRate)})`;
  }
}

function layerArgs(s: PlaygroundState, parts: string[]): string {
  if (s.regularization !== 'none' && s.regularizationRate !== 0) {
    const fn = s.regularization === 'L1' ? 'l1' : 'l2';
    parts.push(`kernelRegularizer: tp.regularizers.${fn}({ ${fn}: ${num(s.regularizationRate)} })`);
  }
  if (s.initZero) parts.push(`kernelInitializer: 'zeros'`);
  return `{ ${parts.join(', ')} }`;
}

function pointsCode(name: string, points: Point[]): string {
  const rows = points.map((p) => `[${num(p.x)}, ${num(p.y)}, ${num(p.label)}]`);
  const lines: string[] = [];
  for (let i = 0; i < rows.length; i += 6) lines.push('  ' + rows.slice(i, i + 6).join(', ') + ',');
  return `const ${name} = [\n${lines.join('\n')}\n];`;
}

export interface NotebookOptions {
  /** The page's points when the user added or removed some (else the generator call is written). */
  edited?: PlaygroundData;
  /** Epochs to fit (the page's epoch count; at least 1). */
  epochs: number;
  /** A link back to the playground with these settings. */
  link?: string;
}

/** The notebook's title and cells. */
export function notebookFor(s: PlaygroundState, options: NotebookOptions): { title: string; cells: Pick<Cell, 'type' | 'source'>[] } {
  const features = activeFeatures(s);
  const classify = s.problem === 'classification';
  const seed = numericSeed(s.seed);
  const dataName = datasetFunction(s);
  const epochs = Math.max(1, Math.round(options.epochs));
  const title = `Playground: ${classify ? s.dataset : s.regDataset}, ${s.networkShape.length ? s.networkShape.join('-') : 'no hidden layer'}`;
  const labels = FEATURES.filter((f) => features.includes(f.key)).map((f) => f.text);

  const intro = [
    `# ${title}`,
    '',
    `The visual playground's experiment as code${options.link ? ` ([back to the playground](${options.link}))` : ''}: ` +
      `${classify ? 'classify' : 'regress'} the points of the \`${dataName}\` data set from the input features ${labels.join(', ')} ` +
      `with ${s.networkShape.length ? `hidden layers of ${s.networkShape.join(', ')} ${s.activation} units` : 'no hidden layer'}` +
      `${s.batchNorm ? ' (with batch normalization)' : ''}, trained by ${s.optimizer} at learning rate ${num(s.learningRate)} in batches of ${s.batchSize}.`,
  ].join('\n');

  const data: string[] = [];
  data.push(`// The same seed as the playground: the same points and the same initial weights.`);
  data.push(`tp.setSeed(${seed});`);
  if (options.edited) {
    data.push(`// The playground's points [x1, x2, label], with the ones added or removed on its canvas.`);
    data.push(pointsCode('trainPoints', options.edited.train));
    data.push(pointsCode('testPoints', options.edited.test));
    data.push(`const toTensors = (points) => ({`);
    data.push(`  xs: tp.tensor2d(points.map(([x1, x2]) => [x1, x2]), [points.length, 2]),`);
    data.push(`  ys: tp.tensor2d(points.map((p) => [p[2]]), [points.length, 1]),`);
    data.push(`});`);
    data.push(`const train = toTensors(trainPoints);`);
    data.push(`const test = toTensors(testPoints);`);
  } else {
    const n = sampleCount(s);
    const nTrain = trainCount(s);
    data.push(`const data = tp.datasets.${dataName}({ numSamples: ${n}, noise: ${num(s.noise / 100)}, seed: ${seed} });`);
    data.push(`const { xs, ys } = data.toTensors(); // points [${n}, 2], ${classify ? 'labels 0 or 1' : 'targets'} [${n}, 1]`);
    data.push(`// The first ${s.percTrainData}% of the (shuffled) points train, the rest test.`);
    data.push(`const train = { xs: xs.slice([0, 0], [${nTrain}, 2]), ys: ys.slice([0, 0], [${nTrain}, 1]) };`);
    data.push(`const test = { xs: xs.slice([${nTrain}, 0], [${n - nTrain}, 2]), ys: ys.slice([${nTrain}, 0], [${n - nTrain}, 1]) };`);
  }
  data.push(`// The input features: ${labels.join(', ')}.`);
  data.push(`function features(points) {`);
  data.push(`  return tp.tidy(() => {`);
  data.push(`    const [x1, x2] = tp.split(points, 2, 1);`);
  data.push(`    return tp.concat([${features.map((k) => FEATURES.find((f) => f.key === k)!.code).join(', ')}], 1);`);
  data.push(`  });`);
  data.push(`}`);
  data.push(`const xTrain = features(train.xs);`);
  data.push(`const xTest = features(test.xs);`);
  data.push(`[xTrain.shape, xTest.shape]`);

  const model: string[] = [];
  model.push(`const model = tp.sequential();`);
  s.networkShape.forEach((units, i) => {
    const parts = [`units: ${units}`, `activation: '${s.batchNorm ? 'linear' : s.activation}'`];
    if (i === 0) parts.push(`inputShape: [${features.length}]`);
    model.push(`model.add(tp.layers.dense(${layerArgs(s, parts)}));`);
    if (s.batchNorm) {
      model.push(`model.add(tp.layers.batchNormalization());`);
      model.push(`model.add(tp.layers.activation({ activation: '${s.activation}' }));`);
    }
  });
  const outParts = [`units: 1`, `activation: '${classify ? 'sigmoid' : 'linear'}'`];
  if (s.networkShape.length === 0) outParts.push(`inputShape: [${features.length}]`);
  model.push(`model.add(tp.layers.dense(${layerArgs(s, outParts)}));`);
  model.push(`model.compile({ optimizer: ${optimizerCode(s)}, loss: '${classify ? 'binaryCrossentropy' : 'meanSquaredError'}' });`);
  model.push(`model.summary();`);

  const fit = [
    `const history = await model.fit(xTrain, train.ys, {`,
    `  epochs: ${epochs},`,
    `  batchSize: ${s.batchSize},`,
    `  validationData: [xTest, test.ys],`,
    `  verbose: 0,`,
    `  callbacks: {`,
    `    onEpochEnd: (epoch, logs) => {`,
    `      display.metrics({ loss: logs.loss }, epoch, 'train');`,
    `      display.metrics({ loss: logs.val_loss }, epoch, 'test');`,
    `    },`,
    `  },`,
    `});`,
    `const trainLoss = model.evaluate(xTrain, train.ys).dataSync()[0];`,
    `const testLoss = model.evaluate(xTest, test.ys).dataSync()[0];`,
    `({ trainLoss, testLoss })`,
  ];

  const boundary = [
    `const gridSize = 50; // rows from x2 = -6 (bottom) up to x2 = 6`,
    `const gridPoints = [];`,
    `for (let r = 0; r < gridSize; r++)`,
    `  for (let c = 0; c < gridSize; c++) gridPoints.push([-6 + (12 * (c + 0.5)) / gridSize, -6 + (12 * (r + 0.5)) / gridSize]);`,
    `const surface = model.predict(features(tp.tensor2d(gridPoints))).reshape([gridSize, gridSize]);`,
    `display.heatmap(surface, { title: '${classify ? 'P(positive class)' : 'output'} over the plane', extent: [-6, 6, -6, 6] });`,
    `surface.shape`,
  ];

  return {
    title,
    cells: [
      { type: 'markdown', source: intro },
      { type: 'code', source: data.join('\n') },
      { type: 'markdown', source: `## The network\n\nThe playground's network as a Keras-style \`tp.sequential\` model.` },
      { type: 'code', source: model.join('\n') },
      { type: 'markdown', source: `## Training\n\n${epochs} epochs, as in the playground; the loss of the training and test points after each.` },
      { type: 'code', source: fit.join('\n') },
      { type: 'markdown', source: `## What the network learned\n\nIts output over the plane [-6, 6]², as the playground's big heatmap${classify ? ' (the probability of the positive class)' : ''}.` },
      { type: 'code', source: boundary.join('\n') },
    ],
  };
}

/** The playground link (hash included) of these settings, for the notebook's back link. */
export function playgroundLink(base: string, s: PlaygroundState): string {
  const url = new URL(base);
  url.hash = serializeState(s);
  return url.href;
}
