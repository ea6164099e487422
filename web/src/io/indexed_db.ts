// Models in IndexedDB, in TF.js's layout (database 'tensorflowjs' v1, object stores
// 'models_store' and 'model_info_store' keyed by 'modelPath'), so a model saved by either
// library under 'indexeddb://name' loads in the other.
import { artifactsInfo } from './artifacts.js';
import { concatBuffers } from './weights.js';
import type { IOHandler, ModelArtifacts, ModelArtifactsInfo, SaveResult } from './types.js';

const DATABASE_NAME = 'tensorflowjs';
const DATABASE_VERSION = 1;
const MODEL_STORE = 'models_store';
const INFO_STORE = 'model_info_store';

function factory(): IDBFactory {
  const f = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!f) throw new Error("io: 'indexeddb://' needs IndexedDB, which this environment lacks (in Node use 'file://' or 'memory://')");
  return f;
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const open = factory().open(DATABASE_NAME, DATABASE_VERSION);
    open.onupgradeneeded = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(MODEL_STORE)) db.createObjectStore(MODEL_STORE, { keyPath: 'modelPath' });
      if (!db.objectStoreNames.contains(INFO_STORE)) db.createObjectStore(INFO_STORE, { keyPath: 'modelPath' });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('io: IndexedDB transaction aborted'));
  });
}

async function withDb<T>(fn: (db: IDBDatabase) => Promise<T>): Promise<T> {
  const db = await openDatabase();
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/**
 * The handler of 'indexeddb://name' (browsers): TF.js's `tf.io.browserIndexedDB`.
 *
 * @example
 * await model.save('indexeddb://my-model');
 * const again = await tp.io.loadLayersModel('indexeddb://my-model');
 */
export function browserIndexedDB(modelPath: string): IOHandler {
  if (typeof modelPath !== 'string' || modelPath === '') throw new Error("io: an 'indexeddb://' URL needs a model name, e.g. 'indexeddb://my-model'");
  return {
    async save(a: ModelArtifacts): Promise<SaveResult> {
      const info = artifactsInfo(a);
      const modelArtifacts = { ...a, weightData: concatBuffers(a.weightData) };
      await withDb(async (db) => {
        const tx = db.transaction([INFO_STORE, MODEL_STORE], 'readwrite');
        tx.objectStore(INFO_STORE).put({ modelPath, modelArtifactsInfo: info });
        tx.objectStore(MODEL_STORE).put({ modelPath, modelArtifacts, modelArtifactsInfo: info });
        await done(tx);
      });
      return { modelArtifactsInfo: info };
    },
    async load(): Promise<ModelArtifacts> {
      return withDb(async (db) => {
        const tx = db.transaction(MODEL_STORE, 'readonly');
        const rec = (await request(tx.objectStore(MODEL_STORE).get(modelPath))) as { modelArtifacts?: ModelArtifacts } | undefined;
        if (!rec?.modelArtifacts) throw new Error(`io: no model 'indexeddb://${modelPath}' in IndexedDB`);
        return rec.modelArtifacts;
      });
    },
  };
}

/** @internal Models in IndexedDB and their infos, for listModels/removeModel. */
export const indexedDbModels = {
  async list(): Promise<Record<string, ModelArtifactsInfo>> {
    return withDb(async (db) => {
      const tx = db.transaction(INFO_STORE, 'readonly');
      const all = (await request(tx.objectStore(INFO_STORE).getAll())) as { modelPath: string; modelArtifactsInfo: ModelArtifactsInfo }[];
      return Object.fromEntries(all.map((r) => [r.modelPath, r.modelArtifactsInfo]));
    });
  },
  async remove(modelPath: string): Promise<ModelArtifactsInfo> {
    return withDb(async (db) => {
      const tx = db.transaction([INFO_STORE, MODEL_STORE], 'readwrite');
      const rec = (await request(tx.objectStore(INFO_STORE).get(modelPath))) as { modelArtifactsInfo: ModelArtifactsInfo } | undefined;
      if (!rec) {
        tx.abort();
        throw new Error(`io: cannot remove 'indexeddb://${modelPath}': no such model`);
      }
      tx.objectStore(INFO_STORE).delete(modelPath);
      tx.objectStore(MODEL_STORE).delete(modelPath);
      await done(tx);
      return rec.modelArtifactsInfo;
    });
  },
};
