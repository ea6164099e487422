// Preload (node --import) for scripts/engine_workload.mjs: loads the TypeScript sources as the
// tests do (tests/js/worker/ts_hooks.mjs), with the engine read from TP_ENGINE_DIR instead of
// web/src/wasm (the instrumented engine scripts/split_engine.mjs profiles).
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('../tests/js/worker/ts_hooks.mjs', import.meta.url);
register('./engine_workload_loader.mjs', import.meta.url, { data: pathToFileURL(`${process.env.TP_ENGINE_DIR}/`).href });
