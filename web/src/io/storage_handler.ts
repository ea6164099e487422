// Models as files in a LogdirStorage (tp.summary's storage backends): what a plain path means in
// a browser or worker, so checkpoints go where the notebook's logdirs go (IndexedDB, or the host
// page's storage through a channel from the sandboxed frame).
import { getDefaultStorage } from '../summary/default_storage.js';
import { joinPath, normalizePath, type LogdirStorage } from '../summary/storage.js';
import { artifactsInfo, checkModelJSON, fromModelJSON, toModelJSON } from './artifacts.js';
import { fileLayout } from './file_system.js';
import { concatBuffers } from './weights.js';
import type { IOHandler, ModelArtifacts, SaveResult } from './types.js';

const utf8 = new TextEncoder();

/**
 * An IOHandler over a LogdirStorage (default `tp.summary.getDefaultStorage()`): the same files as
 * `fileSystem` (folder with model.json + group1-shard1of1.bin, or x.json + x.weights.bin).
 *
 * @example
 * const storage = new tp.summary.MemoryStorage();
 * await model.save(tp.io.fromStorage('ckpt/best', storage));
 * const again = await tp.io.loadLayersModel(tp.io.fromStorage('ckpt/best', storage));
 */
export function fromStorage(path: string, storage?: LogdirStorage | Promise<LogdirStorage>): IOHandler {
  if (typeof path !== 'string' || path === '') throw new Error('io.fromStorage: the path must be a non-empty string');
  const get = async (): Promise<LogdirStorage> => (await storage) ?? getDefaultStorage();
  return {
    async save(a: ModelArtifacts): Promise<SaveResult> {
      const s = await get();
      const { modelJson, weightsFile, dir } = fileLayout(path);
      const weightsPath = joinPath(dir, weightsFile);
      // Storage files are append-only: replace by removing first.
      await s.remove(weightsPath);
      await s.remove(modelJson);
      await s.append(weightsPath, new Uint8Array(concatBuffers(a.weightData)));
      await s.append(modelJson, utf8.encode(JSON.stringify(toModelJSON(a, weightsFile))));
      return { modelArtifactsInfo: artifactsInfo(a) };
    },
    async load(): Promise<ModelArtifacts> {
      const s = await get();
      const p = normalizePath(path);
      const candidates = p.endsWith('.json') ? [p] : [joinPath(p, 'model.json'), p];
      let text: string | null = null;
      let where = candidates[0]!;
      for (const c of candidates) {
        try {
          text = new TextDecoder().decode(await s.read(c));
          where = c;
          break;
        } catch {
          // try the next
        }
      }
      if (text === null) throw new Error(`io.fromStorage: no model.json at '${candidates[0]}'`);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new Error(`io.fromStorage: '${where}' is not valid JSON: ${(e as Error).message}`);
      }
      const dir = where.includes('/') ? where.slice(0, where.lastIndexOf('/')) : '';
      return fromModelJSON(checkModelJSON(parsed, `'${where}'`), async (rel) => {
        const bytes = await s.read(joinPath(dir, rel));
        return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      });
    },
  };
}
