// TF.js's model management: list, remove, copy and move models saved under 'memory://' and
// 'indexeddb://' URLs.
import { indexedDbModels } from './indexed_db.js';
import { memoryModels } from './memory.js';
import { getLoadHandler, getSaveHandler } from './router.js';
import type { ModelArtifactsInfo } from './types.js';

function parse(url: string, op: string): { scheme: 'memory' | 'indexeddb'; path: string } {
  const m = /^(memory|indexeddb):\/\/(.+)$/.exec(url);
  if (!m) throw new Error(`io.${op}: '${url}' is not a 'memory://' or 'indexeddb://' URL`);
  return { scheme: m[1] as 'memory' | 'indexeddb', path: m[2]! };
}

/**
 * Models saved in memory and (in browsers) IndexedDB, by URL, with their infos.
 *
 * @example
 * await model.save('memory://a');
 * console.log(Object.keys(await tp.io.listModels())); // ['memory://a', ...]
 */
export async function listModels(): Promise<Record<string, ModelArtifactsInfo>> {
  const out: Record<string, ModelArtifactsInfo> = {};
  for (const [k, v] of Object.entries(memoryModels.list())) out[`memory://${k}`] = v;
  if ((globalThis as { indexedDB?: unknown }).indexedDB)
    for (const [k, v] of Object.entries(await indexedDbModels.list())) out[`indexeddb://${k}`] = v;
  return out;
}

/**
 * Deletes a saved model; returns its info.
 *
 * @example
 * await tp.io.removeModel('memory://a');
 */
export async function removeModel(url: string): Promise<ModelArtifactsInfo> {
  const { scheme, path } = parse(url, 'removeModel');
  return scheme === 'memory' ? memoryModels.remove(path) : indexedDbModels.remove(path);
}

/**
 * Copies a saved model to another URL (any schemes that load and save).
 *
 * @example
 * await tp.io.copyModel('memory://a', 'indexeddb://a');
 */
export async function copyModel(sourceUrl: string, destUrl: string): Promise<ModelArtifactsInfo> {
  const artifacts = await getLoadHandler(sourceUrl).load!();
  return (await getSaveHandler(destUrl).save!(artifacts)).modelArtifactsInfo;
}

/**
 * Moves a saved model: copies it, then removes the source.
 *
 * @example
 * await tp.io.moveModel('memory://a', 'memory://b');
 */
export async function moveModel(sourceUrl: string, destUrl: string): Promise<ModelArtifactsInfo> {
  parse(sourceUrl, 'moveModel');
  const info = await copyModel(sourceUrl, destUrl);
  if (sourceUrl !== destUrl) await removeModel(sourceUrl);
  return info;
}
