// What tensorpad needs from Node, as one object: '#platform' resolves to node.ts under Node's "node"
// condition and to browser.ts elsewhere (package.json "imports"), so browser bundles never see a
// Node module and no module is imported through a computed name.

/** The part of node:fs/promises tensorpad uses. */
export interface NodeFs {
  readFile(path: string | URL): Promise<Uint8Array>;
  writeFile(path: string, data: Uint8Array | string): Promise<void>;
  appendFile(path: string, data: Uint8Array): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  open(
    path: string,
    flags: string,
  ): Promise<{
    read(buffer: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
    stat(): Promise<{ size: number }>;
    close(): Promise<void>;
  }>;
  readdir(path: string, options: { withFileTypes: true }): Promise<Array<{ name: string; isDirectory(): boolean; isFile(): boolean }>>;
  stat(path: string): Promise<{ size: number; isDirectory(): boolean }>;
  rm(path: string, options: { recursive: true; force: true }): Promise<void>;
}

/** A worker_threads Worker, as the runtime drives it. */
export interface NodeWorker {
  postMessage(message: unknown, transfer?: readonly unknown[]): void;
  on(event: 'message', listener: (message: unknown) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (exitCode: number) => void): void;
  terminate(): Promise<number>;
}

/** The part of node:worker_threads tensorpad uses. */
export interface NodeWorkerThreads {
  Worker: new (url: URL | string, options?: object) => NodeWorker;
  parentPort: {
    postMessage(message: unknown, transfer?: readonly unknown[]): void;
    on(event: 'message', listener: (message: unknown) => void): void;
  } | null;
}

export interface Platform {
  /** node:fs/promises in Node; undefined elsewhere. */
  fs: NodeFs | undefined;
  /** node:worker_threads in Node; undefined elsewhere. */
  workerThreads: NodeWorkerThreads | undefined;
  /** Node's require.resolve(id) as seen from the module at `from`; undefined elsewhere. */
  resolvePackage: ((id: string, from: string) => string) | undefined;
  /** URL of the worker entry that ships with the package, for Node's worker_threads; undefined elsewhere. */
  workerEntry: URL | undefined;
  /** Node's os.availableParallelism(); undefined elsewhere (navigator.hardwareConcurrency there). */
  hardwareConcurrency: (() => number) | undefined;
  /**
   * Node only: prepares the ES-module glue of the threaded engine at `glue` (it reads the CommonJS
   * globals __dirname and require) and returns the path of its pool worker script (`worker` with
   * the .cjs extension, as this package is "type": "module"). Undefined elsewhere.
   */
  nodeGlue: ((glue: URL, worker: URL) => string) | undefined;
  /** Node's fs.readFileSync of a file: URL; undefined elsewhere. */
  readFileSync: ((url: URL) => Uint8Array) | undefined;
}
