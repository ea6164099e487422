// URL -> IOHandler, by scheme, as TF.js's IORouterRegistry: 'file://' and plain paths (Node),
// 'indexeddb://', 'downloads://', 'http(s)://' (browser), 'memory://' (anywhere); in a browser a
// plain path is a file of tp.summary's default storage.
import { browserDownloads } from './browser_downloads.js';
import { fileSystem } from './file_system.js';
import { http } from './http.js';
import { browserIndexedDB } from './indexed_db.js';
import { memoryStore } from './memory.js';
import { fromStorage } from './storage_handler.js';
import type { IOHandler, LoadOptions } from './types.js';

/** Where a model is saved or loaded: a URL or an IOHandler. */
export type HandlerOrUrl = string | IOHandler;

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

const SCHEMES = "'file://', 'memory://', 'indexeddb://', 'downloads://', 'http(s)://'";

function route(url: string, purpose: 'save' | 'load', options: LoadOptions): IOHandler {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/(.*)$/s.exec(url);
  const scheme = m?.[1]?.toLowerCase();
  const rest = m?.[2] ?? url;
  switch (scheme) {
    case 'memory': return memoryStore(rest);
    case 'indexeddb': return browserIndexedDB(rest);
    case 'downloads':
      if (purpose === 'load') throw new Error(`io: cannot load from '${url}': 'downloads://' only saves (load the downloaded files with a file input or a URL)`);
      return browserDownloads(rest);
    case 'file': return fileSystem(url);
    case 'http':
    case 'https': return http(url, options);
    case undefined:
      if (isNode()) return fileSystem(url);
      // In a browser a plain path is a file of the default storage (where logdirs live), and a
      // path that is not there is loaded over http (TF.js's meaning of a relative URL).
      if (purpose === 'save') return fromStorage(url);
      return fallback(fromStorage(url), http(url, options));
    default:
      throw new Error(`io: unknown URL scheme '${scheme}://' in '${url}'; supported: ${SCHEMES}`);
  }
}

function fallback(first: IOHandler, second: IOHandler): IOHandler {
  return {
    load: async () => {
      try {
        return await first.load!();
      } catch {
        return second.load!();
      }
    },
  };
}

function isHandler(x: unknown): x is IOHandler {
  return typeof x === 'object' && x !== null && (typeof (x as IOHandler).save === 'function' || typeof (x as IOHandler).load === 'function');
}

/**
 * The handler that saves to `target` (a URL or a handler, returned as is).
 *
 * @example
 * const handler = tp.io.getSaveHandler('memory://m'); // then await handler.save!(artifacts)
 */
export function getSaveHandler(target: HandlerOrUrl): IOHandler {
  const h = isHandler(target) ? target : typeof target === 'string' ? route(target, 'save', {}) : null;
  if (!h) throw new Error(`io: expected a URL string or an IOHandler to save to, got ${typeof target}`);
  if (typeof h.save !== 'function') throw new Error(`io: the handler for ${typeof target === 'string' ? `'${target}'` : 'this target'} cannot save (it has no save method)`);
  return h;
}

/**
 * The handler that loads from `source` (a URL or a handler, returned as is).
 *
 * @example
 * const artifacts = await tp.io.getLoadHandler('memory://m').load!();
 */
export function getLoadHandler(source: HandlerOrUrl, options: LoadOptions = {}): IOHandler {
  const h = isHandler(source) ? source : typeof source === 'string' ? route(source, 'load', options) : null;
  if (!h) throw new Error(`io: expected a URL string or an IOHandler to load from, got ${typeof source}`);
  if (typeof h.load !== 'function') throw new Error(`io: the handler for ${typeof source === 'string' ? `'${source}'` : 'this source'} cannot load (it has no load method)`);
  return h;
}
