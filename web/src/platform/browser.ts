// The browser's side of '#platform' (see types.ts): no Node builtins.
import type { Platform } from './types.js';

export const platform: Platform = { fs: undefined, workerThreads: undefined, resolvePackage: undefined, workerEntry: undefined, hardwareConcurrency: undefined, nodeGlue: undefined, readFileSync: undefined };
