// In-memory models: `memory://name` keeps artifacts in this JS context (checkpoints in tests and
// workers), and TF.js's fromMemory / withSaveHandler wrap artifacts and functions as handlers.
import { artifactsInfo } from './artifacts.js';
import { concatBuffers } from './weights.js';
import type { IOHandler, ModelArtifacts, ModelArtifactsInfo, ModelJSON, SaveResult, WeightsManifestEntry } from './types.js';

const store = new Map<string, { artifacts: ModelArtifacts; info: ModelArtifactsInfo }>();

function copy(a: ModelArtifacts): ModelArtifacts {
  // Structured copies, so later changes to the saver's objects never reach the stored model.
  return { ...a, modelTopology: a.modelTopology == null ? null : structuredClone(a.modelTopology), weightSpecs: structuredClone(a.weightSpecs ?? []), weightData: concatBuffers(a.weightData).slice(0) };
}

/**
 * The handler of 'memory://name': models kept in memory for the life of this JS context.
 *
 * @example
 * await model.save('memory://ckpt');             // or tp.io.memoryStore('ckpt')
 * const copy = await tp.io.loadLayersModel('memory://ckpt');
 */
export function memoryStore(name: string): IOHandler {
  if (typeof name !== 'string' || name === '') throw new Error("io: a 'memory://' URL needs a model name, e.g. 'memory://my-model'");
  return {
    async save(a: ModelArtifacts): Promise<SaveResult> {
      const info = artifactsInfo(a);
      store.set(name, { artifacts: copy(a), info });
      return { modelArtifactsInfo: info };
    },
    async load(): Promise<ModelArtifacts> {
      const m = store.get(name);
      if (!m) throw new Error(`io: no model 'memory://${name}' (saved: ${[...store.keys()].map((k) => `'memory://${k}'`).join(', ') || 'none'})`);
      return copy(m.artifacts);
    },
  };
}

/** @internal Models in memory and their infos, for listModels/removeModel. */
export const memoryModels = {
  list(): Record<string, ModelArtifactsInfo> {
    return Object.fromEntries([...store].map(([k, v]) => [k, v.info]));
  },
  remove(name: string): ModelArtifactsInfo {
    const m = store.get(name);
    if (!m) throw new Error(`io: cannot remove 'memory://${name}': no such model`);
    store.delete(name);
    return m.info;
  },
};

/**
 * A load handler over artifacts already in memory (TF.js `tf.io.fromMemory`): a model.json
 * object (topology + manifest) with its weight specs and data, or a ModelArtifacts object.
 *
 * @example
 * const model = await tp.io.loadLayersModel(tp.io.fromMemory({ modelTopology, weightSpecs, weightData }));
 */
export function fromMemory(
  modelArtifacts: ModelArtifacts | ModelJSON | object,
  weightSpecs?: WeightsManifestEntry[],
  weightData?: ArrayBuffer | ArrayBuffer[],
  trainingConfig?: object,
): IOHandler {
  const a = modelArtifacts as ModelArtifacts & Partial<ModelJSON>;
  let artifacts: ModelArtifacts;
  if (a.modelTopology !== undefined || a.weightSpecs !== undefined) {
    artifacts = { ...a };
    delete (artifacts as Partial<ModelJSON>).weightsManifest;
    if (weightSpecs) artifacts.weightSpecs = weightSpecs;
    if (weightData) artifacts.weightData = weightData;
    if (trainingConfig) artifacts.trainingConfig = trainingConfig;
    if (!artifacts.weightSpecs && a.weightsManifest) artifacts.weightSpecs = a.weightsManifest.flatMap((g) => g.weights);
  } else {
    // TF.js's deprecated positional form: fromMemory(modelTopology, weightSpecs, weightData).
    artifacts = { modelTopology: modelArtifacts, ...(weightSpecs ? { weightSpecs } : {}), ...(weightData ? { weightData } : {}), ...(trainingConfig ? { trainingConfig } : {}) };
  }
  return { load: async () => artifacts };
}

/**
 * A save handler that calls `saveHandler(artifacts)` (TF.js `tf.io.withSaveHandler`).
 *
 * @example
 * let saved: tp.io.ModelArtifacts | null = null;
 * await model.save(tp.io.withSaveHandler(async (a) => { saved = a; return { modelArtifactsInfo: tp.io.getModelArtifactsInfoForJSON(a) }; }));
 */
export function withSaveHandler(saveHandler: (artifacts: ModelArtifacts) => Promise<SaveResult>): IOHandler {
  if (typeof saveHandler !== 'function') throw new Error('io.withSaveHandler: expects a function (artifacts) => Promise<SaveResult>');
  return { save: saveHandler };
}
