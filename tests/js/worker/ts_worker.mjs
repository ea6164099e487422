// Worker entry for tests: the runtime's worker_main.ts, loaded from source through ts_hooks.mjs.
import { register } from 'node:module';

register('./ts_hooks.mjs', import.meta.url);
await import('../../../web/src/worker/worker_main.ts');
