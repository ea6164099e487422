// The libraries compared, all loaded into this one Node process. Each peer exposes the same small
// TF.js-style surface to the suites: tensor(Float32Array, shape), matMul(a, b, transposeA,
// transposeB), relu(x), add(a, b), reshape(x, shape), gather(x, indices), dispose(tensors);
// tensors have shape, dataSync() and dispose().
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

async function tensorpad() {
  const entry = path.join(root, 'dist', 'index.js');
  const tp = await import(pathToFileURL(entry).href).catch((e) => {
    throw new Error(`cannot load ${path.relative(root, entry)} (run 'npm run build'): ${e.message}`);
  });
  await tp.ready();
  const version = require(path.join(root, 'package.json')).version;
  return [{ name: 'tensorpad', version, lib: tp, activate: async () => {} }];
}

async function tfjs(backends) {
  const tf = await import('@tensorflow/tfjs-core');
  // Production mode: no debug checks and no "install tfjs-node" banner.
  tf.env().set('PROD', true);
  await import('@tensorflow/tfjs-backend-cpu');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  // In Node the wasm backend reads its binaries from disk; point it at the package's dist/.
  const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  wasm.setWasmPaths(path.join(wasmDir, 'dist') + path.sep);
  const version = require('@tensorflow/tfjs-core/package.json').version;
  return backends.map((backend) => ({
    name: `tfjs-${backend}`,
    version,
    lib: tf,
    activate: async () => {
      if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend '${backend}' failed to initialise`);
    },
  }));
}

export const PEER_NAMES = ['tensorpad', 'tfjs-wasm', 'tfjs-cpu'];

/**
 * Loads the requested peers. A peer that fails to load is reported with its error instead of
 * stopping the other peers' measurements.
 */
export async function loadPeers(names = PEER_NAMES) {
  const peers = [];
  const failures = {};
  if (names.includes('tensorpad')) {
    try {
      peers.push(...(await tensorpad()));
    } catch (e) {
      failures.tensorpad = e;
    }
  }
  const backends = names.filter((n) => n.startsWith('tfjs-')).map((n) => n.slice(5));
  if (backends.length) {
    try {
      peers.push(...(await tfjs(backends)));
    } catch (e) {
      for (const b of backends) failures[`tfjs-${b}`] = e;
    }
  }
  return { peers, failures };
}

export { randomData } from './data.mjs';
