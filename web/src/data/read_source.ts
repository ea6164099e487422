// Bytes from where users keep data: in memory, a URL (fetch), or a file path (Node's fs). node:fs
// comes from '#platform', which browser bundles resolve to a module without Node builtins.
import { platform } from '#platform';
import type { NodeFs } from '../platform/types.js';

/** Where a file's bytes come from: the bytes themselves, or a URL / file path. */
export type ByteSource = Uint8Array | ArrayBuffer | string | URL;

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

function nodeFs(): NodeFs {
  if (!platform.fs) throw new Error('reading a file path needs Node (node:fs); in a browser pass a URL or the bytes');
  return platform.fs;
}

/** @internal True for strings that name a fetchable URL rather than a file path. */
export function isRemoteUrl(s: string): boolean {
  return /^(https?|blob|data):/i.test(s);
}

/** @internal The bytes of `source`; `op` names the caller in errors. */
export async function readBytes(source: ByteSource, op: string): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  const where = source instanceof URL ? source.href : source;
  if (typeof where !== 'string') throw new Error(`${op}: expected bytes (Uint8Array, ArrayBuffer), a URL or a file path, got ${typeof source}`);
  try {
    if (isNode() && !isRemoteUrl(where)) {
      const fs = nodeFs();
      return await fs.readFile(where.startsWith('file:') ? new URL(where) : where);
    }
    const res = await fetch(where);
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    return new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new Error(`${op}: cannot read '${where}': ${(e as Error).message}`);
  }
}
