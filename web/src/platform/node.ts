/// <reference types="node" />
// Node's side of '#platform' (see types.ts): the builtins are imported statically, which only
// Node (and bundles built for Node) ever resolve.
import { readFileSync } from 'node:fs';
import * as fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as workerThreads from 'node:worker_threads';
import type { NodeFs, NodeWorkerThreads, Platform } from './types.js';

export const platform: Platform = {
  fs: fs as unknown as NodeFs,
  workerThreads: workerThreads as unknown as NodeWorkerThreads,
  resolvePackage: (id, from) => createRequire(from).resolve(id),
  workerEntry: new URL('../worker/worker_main.js', import.meta.url),
  hardwareConcurrency: () => (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length),
  nodeGlue: (glue, worker) => {
    const g = globalThis as { __dirname?: string; require?: unknown };
    g.__dirname ??= path.dirname(fileURLToPath(glue));
    g.require ??= createRequire(glue);
    return fileURLToPath(worker).replace(/\.js$/, '.cjs');
  },
  readFileSync: (url) => readFileSync(url),
};
