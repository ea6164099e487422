// A dedicated worker of the bench page: runs one job of cases.mjs (one library, one thread count)
// and posts back { ok, value } or { ok: false, error }. A classic worker, so that TF.js's UMD
// bundles load with importScripts; tensorpad and the cases load with import().
const TFJS = '/node_modules/@tensorflow/';

self.onmessage = async ({ data: job }) => {
  try {
    if (job.lib === 'tfjs') {
      importScripts(
        `${TFJS}tfjs-core/dist/tf-core.min.js`,
        `${TFJS}tfjs-backend-cpu/dist/tf-backend-cpu.min.js`,
        `${TFJS}tfjs-layers/dist/tf-layers.min.js`,
        `${TFJS}tfjs-backend-wasm/dist/tf-backend-wasm.min.js`,
      );
    }
    const { run } = await import('./cases.mjs');
    self.postMessage({ ok: true, value: await run(job) });
  } catch (e) {
    self.postMessage({ ok: false, error: e instanceof Error ? `${e.message}\n${e.stack}` : String(e?.message ?? e) });
  }
};
