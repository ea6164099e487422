// Imports one share of the TF.js spec files (each registers its tests as it loads) and hands the
// results to the global teardown when the file's tests are done.
import { afterAll } from 'vitest';
import { ctx } from './context.js';
import { flushResults } from './expectations.js';
import { specFiles } from './specs.js';

const dist = new URL('../../../node_modules/@tensorflow/tfjs-core/dist/', import.meta.url);

export async function loadSpecs(shard: number, shards: number): Promise<void> {
  afterAll(() => flushResults(`shard-${shard}`));
  for (const [i, file] of specFiles.entries()) {
    if (i % shards !== shard) continue;
    ctx.spec = file;
    ctx.path = [];
    await import(/* @vite-ignore */ new URL(file, dist).href);
  }
}
