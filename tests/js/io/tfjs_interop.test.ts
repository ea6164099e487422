// Interop with TF.js itself (@tensorflow/tfjs-layers 4.22): each library loads the other's saved
// model and predicts the same numbers. TF.js reads our files through a handler written here with
// node:fs, independent of tensorpad's io code.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A TF.js IOHandler over model.json + its manifest's files, read with node:fs. */
function readFiles(modelJsonPath: string): tf.io.IOHandler {
  return {
    load: async () => {
      const json = JSON.parse(readFileSync(modelJsonPath, 'utf8'));
      const specs = json.weightsManifest.flatMap((g: { weights: unknown[] }) => g.weights);
      const bufs = json.weightsManifest.flatMap((g: { paths: string[] }) => g.paths.map((p) => readFileSync(join(dirname(modelJsonPath), p))));
      const all = Buffer.concat(bufs);
      return {
        modelTopology: json.modelTopology,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: specs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

/** A TF.js save handler writing model.json + weights.bin into `dir` (tfjs-node's file:// layout). */
function writeFiles(dir: string): tf.io.IOHandler {
  return tf.io.withSaveHandler(async (a) => {
    const json = { modelTopology: a.modelTopology, format: a.format, generatedBy: a.generatedBy, convertedBy: a.convertedBy, weightsManifest: [{ paths: ['./weights.bin'], weights: a.weightSpecs }] };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    writeFileSync(join(dir, 'weights.bin'), new Uint8Array(a.weightData as ArrayBuffer));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  });
}

const X = [[0.5, -1, 2], [1, 1, 1], [-0.3, 0.7, 0.1], [3, -2, 0]];

function close(a: number[], b: number[]): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => expect(v).toBeCloseTo(b[i]!, 5));
}

describe('TF.js interop', () => {
  test("TF.js's tf.loadLayersModel reads a model tensorpad saved and predicts the same", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-interop-'));
    const model = tp.sequential({
      layers: [
        tp.layers.dense({ units: 8, inputShape: [3], activation: 'relu', kernelInitializer: tp.initializers.glorotUniform({ seed: 3 }), biasInitializer: tp.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: 4 }) }),
        tp.layers.dense({ units: 4, activation: 'tanh', kernelInitializer: tp.initializers.glorotNormal({ seed: 5 }) }),
        tp.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tp.initializers.heUniform({ seed: 6 }) }),
      ],
    });
    await model.save(`file://${dir}`);
    const ours = tp.tidy(() => Array.from((model.predict(tp.tensor(X)) as tp.Tensor).dataSync()));
    const theirs = await tfl.loadLayersModel(readFiles(join(dir, 'model.json')));
    const got = Array.from((theirs.predict(tf.tensor2d(X)) as tf.Tensor).dataSync());
    close(got, ours);
    expect(theirs.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
  });

  test('tensorpad loads a model TF.js saved (file://) and predicts the same', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-interop-'));
    const theirs = tfl.sequential({
      layers: [
        tfl.layers.dense({ units: 5, inputShape: [3], activation: 'sigmoid', biasInitializer: 'randomNormal' }),
        tfl.layers.dense({ units: 3, activation: 'linear', useBias: false }),
      ],
    });
    await theirs.save(writeFiles(dir));
    const want = Array.from((theirs.predict(tf.tensor2d(X)) as tf.Tensor).dataSync());
    const ours = await tp.io.loadLayersModel(`file://${dir}/model.json`);
    const got = tp.tidy(() => Array.from((ours.predict(tp.tensor(X)) as tp.Tensor).dataSync()));
    close(got, want);
    expect(ours.layers.map((l) => l.name)).toEqual(theirs.layers.map((l) => l.name));
  });

  test("handlers cross over: TF.js's tf.io.fromMemory into tensorpad, tensorpad's memory handler into TF.js", async () => {
    const theirs = tfl.sequential({ layers: [tfl.layers.dense({ units: 2, inputShape: [3] })] });
    let saved: tf.io.ModelArtifacts | null = null;
    await theirs.save(tf.io.withSaveHandler(async (a) => ((saved = a), { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } })));
    const ours = await tp.io.loadLayersModel(tf.io.fromMemory(saved!) as tp.io.IOHandler);
    const want = Array.from((theirs.predict(tf.tensor2d(X)) as tf.Tensor).dataSync());
    close(tp.tidy(() => Array.from((ours.predict(tp.tensor(X)) as tp.Tensor).dataSync())), want);
    await ours.save('memory://to-tfjs');
    const back = await tfl.loadLayersModel(tp.io.memoryStore('to-tfjs') as tf.io.IOHandler);
    close(Array.from((back.predict(tf.tensor2d(X)) as tf.Tensor).dataSync()), want);
  });

  test('a CNN (conv, batch norm, depthwise, pooling, transposed conv) saved by either library loads in the other and predicts the same', async () => {
    const cnn = (L: Record<string, (a: Record<string, unknown>) => unknown>): unknown[] => [
      L.conv2d!({ filters: 4, kernelSize: 3, padding: 'same', activation: 'relu', inputShape: [8, 8, 1] }),
      L.batchNormalization!({}),
      L.depthwiseConv2d!({ kernelSize: 3, depthMultiplier: 2 }),
      L.maxPooling2d!({ poolSize: 2 }),
      L.conv2dTranspose!({ filters: 2, kernelSize: 2, strides: 2 }),
      L.globalAveragePooling2d!({}),
      L.dense!({ units: 3, activation: 'softmax' }),
    ];
    const x = Array.from({ length: 2 * 64 }, (_, i) => Math.sin(i * 0.37));
    // tensorpad -> TF.js, after a training step so that batch norm's moving statistics moved.
    const dir = mkdtempSync(join(tmpdir(), 'tp-interop-'));
    const ours = tp.sequential({ layers: cnn(tp.layers as never) as tp.layers.Layer[] });
    ours.compile({ optimizer: 'sgd', loss: 'categoricalCrossentropy' });
    await ours.fit(tp.tensor(x, [2, 8, 8, 1]), tp.tensor([[1, 0, 0], [0, 0, 1]]), { epochs: 1, verbose: 0 });
    await ours.save(`file://${dir}`);
    const want = Array.from((ours.predict(tp.tensor(x, [2, 8, 8, 1])) as tp.Tensor).dataSync());
    const theirs = await tfl.loadLayersModel(readFiles(join(dir, 'model.json')));
    close(Array.from((theirs.predict(tf.tensor(x, [2, 8, 8, 1])) as tf.Tensor).dataSync()), want);
    // TF.js -> tensorpad.
    const dir2 = mkdtempSync(join(tmpdir(), 'tp-interop-'));
    const model2 = tfl.sequential({ layers: cnn(tfl.layers as never) as tfl.layers.Layer[] });
    await model2.save(writeFiles(dir2));
    const want2 = Array.from((model2.predict(tf.tensor(x, [2, 8, 8, 1])) as tf.Tensor).dataSync());
    const back = await tp.io.loadLayersModel(`file://${dir2}/model.json`);
    close(tp.tidy(() => Array.from((back.predict(tp.tensor(x, [2, 8, 8, 1])) as tp.Tensor).dataSync())), want2);
  });
});
