import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

function mlp(seed: number): tp.Sequential {
  return tp.sequential({
    layers: [
      tp.layers.dense({ units: 4, inputShape: [3], activation: 'relu', kernelInitializer: tp.initializers.glorotUniform({ seed }), biasInitializer: tp.initializers.randomNormal({ seed: seed + 1 }) }),
      tp.layers.dense({ units: 2, activation: 'softmax', kernelInitializer: tp.initializers.glorotUniform({ seed: seed + 2 }) }),
    ],
  });
}

const x = () => tp.tensor([[1, -2, 0.5], [0.3, 0.2, -1], [2, 2, 2]]);

function predict(m: tp.Model): number[] {
  return tp.tidy(() => Array.from((m.predict(x()) as tp.Tensor).dataSync()));
}

describe('saveModel / loadLayersModel', () => {
  test('model.json and the .bin in the TF.js layers format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-io-'));
    const model = mlp(3);
    await model.save(`file://${dir}`);
    expect(readdirSync(dir).sort()).toEqual(['group1-shard1of1.bin', 'model.json']);
    const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.generatedBy).toMatch(/^tensorpad/);
    expect(json.convertedBy).toBeNull();
    expect(json.modelTopology.class_name).toBe('Sequential');
    expect(json.weightsManifest).toEqual([
      {
        paths: ['group1-shard1of1.bin'],
        weights: [
          { name: 'dense/kernel', shape: [3, 4], dtype: 'float32' },
          { name: 'dense/bias', shape: [4], dtype: 'float32' },
          { name: 'dense_1/kernel', shape: [4, 2], dtype: 'float32' },
          { name: 'dense_1/bias', shape: [2], dtype: 'float32' },
        ],
      },
    ]);
    // The .bin is the weights' float32 values, little-endian, in manifest order.
    const bin = readFileSync(join(dir, 'group1-shard1of1.bin'));
    expect(bin.length).toBe(4 * model.countParams());
    const dv = new DataView(bin.buffer, bin.byteOffset, bin.byteLength);
    const fromFile = Array.from({ length: bin.length / 4 }, (_, i) => dv.getFloat32(4 * i, true));
    expect(fromFile).toEqual(model.weights.flatMap((w) => Array.from(w.dataSync())));
  });

  test('round trips predict the same numbers: file://, plain path, x.json, memory://', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-io-'));
    const model = mlp(7);
    const want = predict(model);
    for (const [saveTo, loadFrom] of [
      [`file://${dir}/a`, `file://${dir}/a`],
      [`${dir}/b`, `${dir}/b/model.json`],
      [`${dir}/c.json`, `file://${dir}/c.json`],
      ['memory://round', 'memory://round'],
    ] as const) {
      await model.save(saveTo);
      const again = await tp.io.loadLayersModel(loadFrom);
      expect(predict(again)).toEqual(want);
      expect(again.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
      again.dispose();
    }
  });

  test('a functional model with two inputs round-trips', async () => {
    const a = tp.input({ shape: [2], name: 'a' });
    const b = tp.input({ shape: [3], name: 'b' });
    const h = tp.layers.concatenate().apply([a, b]) as tp.SymbolicTensor;
    const out = tp.layers.dense({ units: 1, kernelInitializer: tp.initializers.glorotUniform({ seed: 5 }) }).apply(h) as tp.SymbolicTensor;
    const model = tp.model({ inputs: [a, b], outputs: out });
    const xs = () => [tp.tensor([[1, 2]]), tp.tensor([[3, 4, 5]])];
    const want = tp.tidy(() => Array.from((model.predict(xs()) as tp.Tensor).dataSync()));
    await model.save('memory://functional');
    const again = await tp.io.loadLayersModel('memory://functional');
    // (The rebuilt model may return its one output in a list: models/ decides that.)
    const first = (p: tp.Tensor | tp.Tensor[]) => (Array.isArray(p) ? p[0]! : p);
    expect(tp.tidy(() => Array.from(first(again.predict(xs())).dataSync()))).toEqual(want);
  });

  test('weights only: saved by name, loaded by position into a model whose layers are named differently', async () => {
    const model = mlp(11);
    await tp.io.saveWeights(model, 'memory://w');
    const other = mlp(99); // new layer names (dense_4, dense_5, ...), other values
    expect(predict(other)).not.toEqual(predict(model));
    await tp.io.loadWeights(other, 'memory://w');
    expect(predict(other)).toEqual(predict(model));
  });

  test('errors name the weights and shapes at fault', async () => {
    await mlp(1).save('memory://small');
    const wide = tp.sequential({ layers: [tp.layers.dense({ units: 5, inputShape: [3] }), tp.layers.dense({ units: 2 })] });
    await expect(tp.io.loadWeights(wide, 'memory://small')).rejects.toThrow(/saved weight 'dense\w*\/kernel' has shape \[3,4\] but model weight '.*kernel' has shape \[3,5\]/);
    await expect(tp.io.loadLayersModel('memory://nothing-here')).rejects.toThrow(/no model 'memory:\/\/nothing-here'/);
    await expect(tp.io.loadLayersModel('ftp://x')).rejects.toThrow(/unknown URL scheme 'ftp:\/\/'/);
    await expect(tp.io.loadLayersModel('downloads://x')).rejects.toThrow(/only saves/);
    await expect(mlp(1).save('indexeddb://x')).rejects.toThrow(/needs IndexedDB/);
    const bad = tp.io.encodeWeights([{ name: 'w', tensor: tp.tensor([1, 2]) }]);
    expect(() => tp.io.decodeWeights(bad.data, [{ name: 'w', shape: [3], dtype: 'float32' }])).toThrow(/'w' \(shape \[3\], float32\) needs bytes 0..12 but the weights data has only 8 bytes/);
  });

  test('withSaveHandler / fromMemory, listModels / removeModel / copyModel', async () => {
    const model = mlp(2);
    let artifacts: tp.io.ModelArtifacts | null = null;
    const res = (await model.save(tp.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: tp.io.getModelArtifactsInfoForJSON(a) };
    }))) as unknown as tp.io.SaveResult; // models/ types SaveResult loosely
    expect(res.modelArtifactsInfo.weightDataBytes).toBe(4 * model.countParams());
    const again = await tp.io.loadLayersModel(tp.io.fromMemory(artifacts!));
    expect(predict(again)).toEqual(predict(model));
    await model.save('memory://keep');
    await tp.io.copyModel('memory://keep', 'memory://copy');
    expect(Object.keys(await tp.io.listModels())).toEqual(expect.arrayContaining(['memory://keep', 'memory://copy']));
    await tp.io.removeModel('memory://copy');
    expect(Object.keys(await tp.io.listModels())).not.toContain('memory://copy');
  });

  test('http(s): loads model.json and the weights it names, relative to it; saves as a multipart POST', async () => {
    const model = mlp(21);
    const files = new Map<string, Uint8Array | string>();
    await model.save(tp.io.withSaveHandler(async (a) => {
      files.set('https://host/models/m/model.json', JSON.stringify({ modelTopology: a.modelTopology, format: a.format, weightsManifest: [{ paths: ['./w.bin'], weights: a.weightSpecs }] }));
      files.set('https://host/models/m/w.bin', new Uint8Array(a.weightData as ArrayBuffer));
      return { modelArtifactsInfo: tp.io.getModelArtifactsInfoForJSON(a) };
    }));
    const requested: string[] = [];
    const fetchFunc = (async (url: string | URL | Request, init?: RequestInit) => {
      requested.push(String(url));
      if (init?.method === 'POST') {
        const form = init.body as FormData;
        const names: string[] = [];
        form.forEach((_v, k) => names.push(k));
        return new Response(JSON.stringify(names), { status: 200 });
      }
      const body = files.get(String(url));
      return body === undefined ? new Response('no', { status: 404 }) : new Response(body as BodyInit, { status: 200 });
    }) as typeof fetch;
    const again = await tp.io.loadLayersModel(tp.io.http('https://host/models/m/model.json', { fetchFunc }));
    expect(requested).toEqual(['https://host/models/m/model.json', 'https://host/models/m/w.bin']);
    expect(predict(again)).toEqual(predict(model));
    const res = (await model.save(tp.io.http('https://host/upload', { fetchFunc }))) as unknown as tp.io.SaveResult;
    expect(await res.responses![0]!.json()).toEqual(['model.json', 'model.weights.bin']);
    await expect(tp.io.loadLayersModel(tp.io.http('https://host/missing.json', { fetchFunc }))).rejects.toThrow(/HTTP 404/);
  });

  test('fromStorage: model files in a LogdirStorage (what plain paths mean in browsers); saving again replaces them', async () => {
    const storage = new tp.summary.MemoryStorage();
    const a = mlp(31);
    const b = mlp(41);
    await a.save(tp.io.fromStorage('nb/ckpt', storage));
    await b.save(tp.io.fromStorage('nb/ckpt', storage));
    expect((await storage.list('nb')).map((f) => [f.path, f.size])).toEqual([
      ['nb/ckpt/group1-shard1of1.bin', 4 * b.countParams()],
      ['nb/ckpt/model.json', expect.any(Number)],
    ]);
    expect(predict(await tp.io.loadLayersModel(tp.io.fromStorage('nb/ckpt', storage)))).toEqual(predict(b));
    await a.save(tp.io.fromStorage('nb/one.json', storage));
    expect(predict(await tp.io.loadLayersModel(tp.io.fromStorage('nb/one.json', storage)))).toEqual(predict(a));
  });

  test('save and load keep the tensor count flat', async () => {
    const model = mlp(4);
    await model.save('memory://mem');
    await tp.io.loadWeights(model, 'memory://mem');
    const before = tp.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await model.save('memory://mem');
      await tp.io.loadWeights(model, 'memory://mem');
    }
    expect(tp.memory().numTensors).toBe(before);
  });
});
