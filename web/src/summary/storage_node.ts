// Logdirs on the file system, for Node. node:fs comes from '#platform', which browser bundles
// resolve to a module without Node builtins.
import { platform } from '#platform';
import type { NodeFs } from '../platform/types.js';
import { normalizePath, type LogdirStorage, type StoredFile } from './storage.js';

async function fs(): Promise<NodeFs> {
  if (!platform.fs) throw new Error('tp.summary.NodeFsStorage needs Node (node:fs); in a browser use tp.summary.IndexedDbStorage or MemoryStorage');
  return platform.fs;
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? (i === 0 ? '/' : '.') : path.slice(0, i);
}

/**
 * Event files on the local file system (Node). Paths are file-system paths, relative to the
 * working directory unless absolute.
 *
 * @example
 * const storage = new tp.summary.NodeFsStorage();
 * const writer = tp.summary.createFileWriter('/tmp/logs/train', { storage });
 * writer.scalar('loss', 0.25, { step: 0 });
 * await writer.close(); // then: tensorboard --logdir /tmp/logs
 */
export class NodeFsStorage implements LogdirStorage {
  private readonly madeDirs = new Set<string>();

  async append(path: string, data: Uint8Array): Promise<void> {
    const p = normalizePath(path);
    const f = await fs();
    const dir = parentOf(p);
    if (!this.madeDirs.has(dir)) {
      await f.mkdir(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    await f.appendFile(p, data);
  }

  async read(path: string, start = 0, end?: number): Promise<Uint8Array> {
    const f = await fs();
    const handle = await f.open(normalizePath(path), 'r');
    try {
      const size = (await handle.stat()).size;
      const e = Math.min(end ?? size, size);
      const s = Math.min(start, e);
      const out = new Uint8Array(e - s);
      let got = 0;
      while (got < out.length) {
        const { bytesRead } = await handle.read(out, got, out.length - got, s + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      return got === out.length ? out : out.slice(0, got);
    } finally {
      await handle.close();
    }
  }

  async list(dir: string): Promise<StoredFile[]> {
    const f = await fs();
    const root = normalizePath(dir) || '.';
    const out: StoredFile[] = [];
    const walk = async (d: string): Promise<void> => {
      let entries;
      try {
        entries = await f.readdir(d, { withFileTypes: true });
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT' || (e as { code?: string }).code === 'ENOTDIR') return;
        throw e;
      }
      for (const entry of entries) {
        const path = d === '.' ? entry.name : `${d}/${entry.name}`;
        if (entry.isDirectory()) await walk(path);
        else if (entry.isFile()) {
          try {
            out.push({ path, size: (await f.stat(path)).size });
          } catch {
            // Removed between readdir and stat: skip it.
          }
        }
      }
    };
    await walk(root);
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async remove(path: string): Promise<void> {
    const f = await fs();
    await f.rm(normalizePath(path), { recursive: true, force: true });
    this.madeDirs.clear();
  }
}
