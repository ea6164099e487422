// The notebook kernel: tensorpad's worker entry. kernel_host.ts imports it as `?worker&url`, so
// Vite bundles it as a worker of its own (one self-contained file, see vite.config.ts), which the
// sandbox frame runs in a blob worker.
import '../src/worker/worker_main.ts';
