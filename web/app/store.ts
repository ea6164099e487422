// The user's notebooks in IndexedDB (the host page's origin; the sandboxed frame cannot open it).
import type { Notebook } from './notebook.ts';

const DB = 'tensorpad-playground';
const STORE = 'notebooks';

export interface NotebookInfo {
  id: string;
  title: string;
  updated: number;
}

export interface NotebookStore {
  list(): Promise<NotebookInfo[]>;
  get(id: string): Promise<Notebook | undefined>;
  put(nb: Notebook): Promise<void>;
  remove(id: string): Promise<void>;
}

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

class IdbNotebookStore implements NotebookStore {
  constructor(private readonly db: IDBDatabase) {}

  private store(mode: IDBTransactionMode): IDBObjectStore {
    return this.db.transaction(STORE, mode).objectStore(STORE);
  }

  async list(): Promise<NotebookInfo[]> {
    const all = (await request(this.store('readonly').getAll())) as Notebook[];
    return all.map(({ id, title, updated }) => ({ id, title, updated })).sort((a, b) => b.updated - a.updated);
  }

  async get(id: string): Promise<Notebook | undefined> {
    return (await request(this.store('readonly').get(id))) as Notebook | undefined;
  }

  async put(nb: Notebook): Promise<void> {
    await request(this.store('readwrite').put(structuredClone(nb)));
  }

  async remove(id: string): Promise<void> {
    await request(this.store('readwrite').delete(id));
  }
}

class MemoryNotebookStore implements NotebookStore {
  private readonly items = new Map<string, Notebook>();
  async list(): Promise<NotebookInfo[]> {
    return [...this.items.values()].map(({ id, title, updated }) => ({ id, title, updated })).sort((a, b) => b.updated - a.updated);
  }
  async get(id: string): Promise<Notebook | undefined> {
    const nb = this.items.get(id);
    return nb && structuredClone(nb);
  }
  async put(nb: Notebook): Promise<void> {
    this.items.set(nb.id, structuredClone(nb));
  }
  async remove(id: string): Promise<void> {
    this.items.delete(id);
  }
}

/** IndexedDB when the browser allows it (not in private modes that block it), else memory. */
export async function openNotebookStore(): Promise<{ store: NotebookStore; persistent: boolean }> {
  try {
    const open = indexedDB.open(DB, 1);
    open.onupgradeneeded = () => open.result.createObjectStore(STORE, { keyPath: 'id' });
    return { store: new IdbNotebookStore(await request(open)), persistent: true };
  } catch {
    return { store: new MemoryNotebookStore(), persistent: false };
  }
}
