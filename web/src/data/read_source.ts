// Bytes from where users keep data: in memory, a URL (fetch), or a file path (Node's fs). node:fs
// is imported on first use through a variable, so browser bundles never resolve it.

/** Where a file's bytes come from: the bytes themselves, or a URL / file path. */
export type ByteSource = Uint8Array | ArrayBuffer | string | URL;

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

interface Fs {
  readFile(path: string | URL): Promise<Uint8Array>;
}

async function nodeFs(): Promise<Fs> {
  const name = 'node:fs/promises';
  return (await import(/* @vite-ignore */ name)) as Fs;
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
      const fs = await nodeFs();
      return await fs.readFile(where.startsWith('file:') ? new URL(where) : where);
    }
    const res = await fetch(where);
    if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    return new Uint8Array(await res.arrayBuffer());
  } catch (e) {
    throw new Error(`${op}: cannot read '${where}': ${(e as Error).message}`);
  }
}
