// 'downloads://name': the browser offers name.json and name.weights.bin as downloads, the files
// TF.js's `tf.io.browserDownloads` produces (they load back with tp.loadLayersModel from a server
// or tp.io.browserFiles-style handlers).
import { artifactsInfo, toModelJSON } from './artifacts.js';
import { concatBuffers } from './weights.js';
import type { IOHandler, ModelArtifacts, SaveResult } from './types.js';

function offer(data: BlobPart, filename: string, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoke later: some browsers start reading the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

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
      offer(JSON.stringify(json), `${prefix}.json`, 'application/json');
      offer(concatBuffers(a.weightData), weightsFile, 'application/octet-stream');
      return { modelArtifactsInfo: artifactsInfo(a) };
    },
  };
}
