// The course's custom training loop, as written (Section 4): random batches, a tape, model.losses
// added, gradient clipping before applyGradients, constraints after, streaming Mean and
// MeanAbsoluteError, and print_status_bar.
import { expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { printStatusBar } from '../../../web/src/training/index.js';

await tp.ready();

test("the course's custom training loop runs as written and learns", () => {
  tp.setSeed(7);
  const n = 512;
  const XTrain = tp.randomNormal([n, 8], 0, 1, 'float32', 1);
  const yTrain = tp.tidy(() => XTrain.matMul(tp.randomNormal([8, 1], 0, 1, 'float32', 2)).add(0.5));
  const model = tp.sequential({
    layers: [
      tp.layers.dense({ units: 30, activation: 'elu', kernelInitializer: 'heNormal', kernelRegularizer: tp.regularizers.l2({ l2: 0.05 }), kernelConstraint: tp.constraints.maxNorm({ maxValue: 1, axis: 0 }), inputShape: [8] }),
      tp.layers.dense({ units: 1, kernelRegularizer: tp.regularizers.l2({ l2: 0.05 }) }),
    ],
  });
  const randomBatch = (X: tp.Tensor, y: tp.Tensor, batchSize = 32) => {
    const idx = tp.randomUniform([batchSize], 0, X.shape[0]!, 'int32');
    return [tp.gather(X, idx), tp.gather(y, idx)] as const;
  };

  const nEpochs = 3;
  const batchSize = 32;
  const nSteps = Math.floor(n / batchSize);
  const optimizer = new tp.optimizers.Nadam({ learningRate: 0.01 });
  const lossFn = tp.losses.meanSquaredError;
  const meanLoss = new tp.metrics.Mean();
  const metrics = [new tp.metrics.MeanAbsoluteError()];

  const lines: string[] = [];
  const epochLoss: number[] = [];
  let handLossSum = 0;
  let handAbsSum = 0;
  let checkedConstraint = 0;
  const startTensors = tp.memory().numTensors;
  let afterFirstEpoch = 0;
  for (let epoch = 1; epoch <= nEpochs; epoch++) {
    lines.push(`Epoch ${epoch}/${nEpochs}`);
    handLossSum = 0;
    handAbsSum = 0;
    for (let step = 1; step <= nSteps; step++) {
      tp.tidy(() => {
        const [XBatch, yBatch] = randomBatch(XTrain, yTrain);
        const tape = new tp.GradientTape();
        let yPred!: tp.Tensor;
        let mainLoss!: tp.Tensor;
        const loss = tape.record(() => {
          yPred = model.apply(XBatch, { training: true }) as tp.Tensor;
          mainLoss = tp.mean(lossFn(yBatch, yPred));
          return tp.addN([mainLoss, ...model.losses]);
        });
        expect(model.losses.length).toBe(2);
        expect(loss.dataSync()[0]!).toBeGreaterThan(mainLoss.dataSync()[0]!);
        const gradients = tape.gradient(loss, model.trainableVariables).map((g) => tp.clipByValue(g!, -1, 1));
        optimizer.applyGradients(gradients.map((g, i) => [g, model.trainableVariables[i]!] as [tp.Tensor, tp.Variable]));
        for (const variable of model.variables) if (variable.constraint) variable.assign(variable.constraint(variable));
        meanLoss.apply(loss);
        for (const metric of metrics) metric.apply(yBatch, yPred);
        handLossSum += loss.dataSync()[0]!;
        const yv = yBatch.dataSync(), pv = yPred.dataSync();
        yv.forEach((v, i) => (handAbsSum += Math.abs(v - pv[i]!)));
        printStatusBar(step * batchSize, n, meanLoss, metrics, (l) => lines.push(l));
        // max-norm: every column of the first kernel has norm <= 1 after the step.
        const k = model.layers[0]!.getWeights()[0]!;
        const norms = tp.sqrt(tp.sum(tp.square(k), 0)).dataSync();
        norms.forEach((v) => expect(v).toBeLessThanOrEqual(1 + 1e-5));
        checkedConstraint++;
      });
    }
    printStatusBar(n, n, meanLoss, metrics, (l) => lines.push(l));
    const [mr, ar] = tp.tidy(() => [meanLoss.result().dataSync()[0]!, metrics[0]!.result().dataSync()[0]!]);
    expect(mr).toBeCloseTo(handLossSum / nSteps, 4);
    expect(ar).toBeCloseTo(handAbsSum / (nSteps * batchSize), 4);
    epochLoss.push(mr);
    for (const metric of [meanLoss, ...metrics]) metric.resetState();
    if (epoch === 1) afterFirstEpoch = tp.memory().numTensors;
  }
  expect(checkedConstraint).toBe(nEpochs * nSteps);
  expect(epochLoss[2]!).toBeLessThan(epochLoss[0]!);
  expect(tp.memory().numTensors).toBe(afterFirstEpoch);
  expect(afterFirstEpoch).toBeGreaterThan(startTensors); // weights and optimizer slots were created
  expect(lines[0]).toBe('Epoch 1/3');
  expect(lines[1]).toMatch(/^32\/512 - [a-z_]+: \d+\.\d{4} - mean_absolute_error: \d+\.\d{4}$/);
  expect(lines[nSteps + 1]).toMatch(/^512\/512 - /);
});
