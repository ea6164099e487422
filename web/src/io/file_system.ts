// Models on the file system (Node): model.json plus one weights file, the layout tfjs-node's
// `file://` handler and the TF.js converter produce. node:fs comes from '#platform', which browser
// bundles resolve to a module without Node builtins.
import { platform } from '#platform';
import type { NodeFs } from '../platform/types.js';
import { artifactsInfo, checkModelJSON, DEFAULT_WEIGHTS_FILE, fromModelJSON, toModelJSON } from './artifacts.js';
import { concatBuffers } from './weights.js';
import type { IOHandler, ModelArtifacts, SaveResult } from './types.js';

async function fs(): Promise<NodeFs> {
  if (!platform.fs) throw new Error("file:// model paths need Node (node:fs); in a browser use 'indexeddb://', 'localstorage://' or 'downloads://'");
  return platform.fs;
}

/** Strips 'file://' and turns '\\' into '/'. */
export function filePath(url: string): string {
  return (url.startsWith('file://') ? url.slice('file://'.length) : url).replace(/\\/g, '/');
}

function split(path: string): { dir: string; base: string } {
  const i = path.lastIndexOf('/');
  return i < 0 ? { dir: '.', base: path } : { dir: i === 0 ? '/' : path.slice(0, i), base: path.slice(i + 1) };
}

function join(dir: string, rel: string): string {
  if (rel.startsWith('/')) return rel;
  return `${dir.replace(/\/+$/, '')}/${rel.replace(/^\.\//, '')}`;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await (await fs()).stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Where a save to `path` puts its files: a path ending in '.json' is the model.json itself
 * (weights beside it as '<name>.weights.bin'); any other path is a folder that receives
 * 'model.json' and 'group1-shard1of1.bin'.
 */
export function fileLayout(path: string): { modelJson: string; weightsFile: string; dir: string } {
  const p = filePath(path).replace(/\/+$/, '');
  if (p.endsWith('.json')) {
    const { dir, base } = split(p);
    return { modelJson: p, weightsFile: `${base.slice(0, -'.json'.length)}.weights.bin`, dir };
  }
  return { modelJson: `${p}/model.json`, weightsFile: DEFAULT_WEIGHTS_FILE, dir: p };
}

/**
 * An IOHandler for the file system (Node), as tfjs-node's `tf.io.fileSystem`: saves a folder
 * with model.json and group1-shard1of1.bin (or `x.json` + `x.weights.bin` for a path ending in
 * .json); loads from a model.json path or a folder holding one.
 *
 * @example
 * await model.save(tp.io.fileSystem('/tmp/my-model'));      // same as model.save('file:///tmp/my-model')
 * const again = await tp.io.loadLayersModel(tp.io.fileSystem('/tmp/my-model/model.json'));
 */
export function fileSystem(path: string): IOHandler & { path: string } {
  if (typeof path !== 'string' || path === '' || path === 'file://') throw new Error('io.fileSystem: the path must be a non-empty string');
  return {
    path,
    async save(a: ModelArtifacts): Promise<SaveResult> {
      const f = await fs();
      const { modelJson, weightsFile, dir } = fileLayout(path);
      await f.mkdir(dir, { recursive: true });
      const json = toModelJSON(a, weightsFile);
      await f.writeFile(join(dir, weightsFile), new Uint8Array(concatBuffers(a.weightData)));
      await f.writeFile(modelJson, JSON.stringify(json));
      return { modelArtifactsInfo: artifactsInfo(a) };
    },
    async load(): Promise<ModelArtifacts> {
      const f = await fs();
      let p = filePath(path).replace(/\/+$/, '');
      if (await isDirectory(p)) p = `${p}/model.json`;
      let text: string;
      try {
        text = new TextDecoder().decode(await f.readFile(p));
      } catch (e) {
        throw new Error(`io.fileSystem: cannot read '${p}': ${(e as Error).message}`);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new Error(`io.fileSystem: '${p}' is not valid JSON: ${(e as Error).message}`);
      }
      const json = checkModelJSON(parsed, `'${p}'`);
      const { dir } = split(p);
      return fromModelJSON(json, async (rel) => {
        const file = join(dir, rel);
        try {
          const bytes = await f.readFile(file);
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        } catch (e) {
          throw new Error(`io.fileSystem: weights file '${file}' named in '${p}' cannot be read: ${(e as Error).message}`);
        }
      });
    },
  };
}
