// Models behind a URL: load a model.json and its weights with fetch (as tf.loadLayersModel(url)),
// save with a multipart POST in TF.js's form layout ('model.json' and 'model.weights.bin' fields).
import { artifactsInfo, checkModelJSON, fromModelJSON, toModelJSON } from './artifacts.js';
import { concatBuffers } from './weights.js';
import type { IOHandler, LoadOptions, ModelArtifacts, SaveResult } from './types.js';

function resolveUrl(base: string, rel: string): string {
  try {
    return new URL(rel, new URL(base, (globalThis as { location?: { href: string } }).location?.href)).href;
  } catch {
    const i = base.lastIndexOf('/');
    return `${i < 0 ? '' : base.slice(0, i + 1)}${rel.replace(/^\.\//, '')}`;
  }
}

/**
 * An IOHandler for a model.json URL (TF.js `tf.io.http`): load fetches it and the weight files
 * its manifest names, relative to it; save POSTs the model as multipart form data.
 *
 * @example
 * const model = await tp.io.loadLayersModel(tp.io.http('https://example.com/model/model.json'));
 */
export function http(url: string, options: LoadOptions = {}): IOHandler {
  const doFetch = options.fetchFunc ?? (globalThis as { fetch?: typeof fetch }).fetch;
  if (!doFetch) throw new Error(`io.http: no fetch() in this environment to load '${url}' (pass options.fetchFunc)`);
  return {
    async load(): Promise<ModelArtifacts> {
      const res = await doFetch(url, options.requestInit);
      if (!res.ok) throw new Error(`io.http: fetching '${url}' failed with HTTP ${res.status}`);
      let parsed: unknown;
      try {
        parsed = await res.json();
      } catch (e) {
        throw new Error(`io.http: '${url}' is not valid JSON: ${(e as Error).message}`);
      }
      const json = checkModelJSON(parsed, `'${url}'`);
      return fromModelJSON(json, async (rel) => {
        const w = resolveUrl(url, rel);
        const r = await doFetch(w, options.requestInit);
        if (!r.ok) throw new Error(`io.http: fetching weights '${w}' failed with HTTP ${r.status}`);
        return r.arrayBuffer();
      });
    },
    async save(a: ModelArtifacts): Promise<SaveResult> {
      const form = new FormData();
      form.append('model.json', new Blob([JSON.stringify(toModelJSON(a, './model.weights.bin'))], { type: 'application/json' }), 'model.json');
      form.append('model.weights.bin', new Blob([concatBuffers(a.weightData)], { type: 'application/octet-stream' }), 'model.weights.bin');
      const res = await doFetch(url, { method: 'POST', body: form, ...options.requestInit });
      if (!res.ok) throw new Error(`io.http: saving to '${url}' failed with HTTP ${res.status}`);
      return { modelArtifactsInfo: artifactsInfo(a), responses: [res] };
    },
  };
}
