// 'downloads://name': the browser offers name.json and name.weights.bin as downloads, the files
// TF.js's `tf.io.browserDownloads` produces (they load back with tp.loadLayersModel from a server
// or tp.io.browserFiles-style handlers).
import { artifactsInfo, toModelJSON } from './artifacts.js';
import { concatBuffers } from './weights.js';
import type { IOHandler, ModelArtifacts, SaveResult } from './types.js';
import { saveBytes } from '../summary/zip.js';

/**
 * A save handler that downloads the model as `<prefix>.json` and `<prefix>.weights.bin`
 * (TF.js `tf.io.browserDownloads`; default prefix 'model').
 *
 * @example
 * await model.save('downloads://my-model'); // my-model.json + my-model.weights.bin
 */
export function browserDownloads(fileNamePrefix = 'model'): IOHandler {
  const prefix = fileNamePrefix === '' ? 'model' : fileNamePrefix;
  return {
    async save(a: ModelArtifacts): Promise<SaveResult> {
      if (typeof document === 'undefined') throw new Error("io: 'downloads://' needs a browser page (in Node save to 'file://path')");
      const weightsFile = `${prefix}.weights.bin`;
      const json = toModelJSON(a, `./${weightsFile}`);
      saveBytes(JSON.stringify(json), `${prefix}.json`, 'application/json');
      saveBytes(new Uint8Array(concatBuffers(a.weightData)), weightsFile, 'application/octet-stream');
      return { modelArtifactsInfo: artifactsInfo(a) };
    },
  };
}
