// Loading the WebAssembly core and reading its op schema. Loading starts when the package is
// imported; everything that touches the core goes through `engine()`, which fails clearly until
// `ready()` has resolved.
import createTensorpadCore from '../wasm/tensorpad_core.js';
import type { CoreModule, CoreModuleOptions } from './core_module.js';
import { OpRegistry } from './schema.js';
import { platform } from '#platform';

interface EngineState {
  module: CoreModule;
  /** Index of words[0] in HEAPF64. */
  wordsBase: number;
  ops: OpRegistry;
}

let state: EngineState | null = null;
let loadError: unknown = null;

const NOT_READY = 'tensorpad: the WebAssembly engine is not ready yet; await tp.ready() first';

function nodeProcess(): { versions?: { node?: string } } | undefined {
  const p = (globalThis as { process?: unknown }).process;
  return typeof p === 'object' && p !== null ? (p as ReturnType<typeof nodeProcess>) : undefined;
}

function isNode(): boolean {
  return typeof nodeProcess()?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

// Node's fetch cannot read file: URLs, so in Node the bytes are read here (TOOLCHAIN.md quirk 4).
async function readFileBytes(url: URL): Promise<Uint8Array> {
  if (!platform.fs) throw new Error("this build of tensorpad has no file system (the bundle was made for browsers; Node resolves '#platform' to node.js)");
  return platform.fs.readFile(url);
}

async function load(): Promise<void> {
  // A literal `new URL(..., import.meta.url)` lets bundlers (Vite, webpack 5) find and emit the .wasm.
  const wasmUrl = new URL('../wasm/tensorpad_core.wasm', import.meta.url);
  const options: CoreModuleOptions = {
    locateFile: (path) => (path.endsWith('.wasm') ? wasmUrl.href : path),
  };
  try {
    if (isNode()) options.wasmBinary = await readFileBytes(wasmUrl);
    const module = await createTensorpadCore(options);
    state = { module, wordsBase: module.words() / 8, ops: new OpRegistry(module.schema()) };
  } catch (e) {
    loadError = e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new Error(`tensorpad: could not load the WebAssembly engine from ${wasmUrl.href}: ${reason}`, { cause: e });
  }
}

const loading: Promise<void> = load();
// The error is reported by ready() and by core(); do not also report an unhandled rejection.
loading.catch(() => undefined);

/**
 * Resolves once the WebAssembly engine is loaded. Loading starts when tensorpad is imported;
 * every other function throws until this has resolved.
 *
 * @example
 * await tp.ready();
 * tp.tensor([1, 2, 3]).print();
 */
export function ready(): Promise<void> {
  return loading;
}

/**
 * True once `ready()` has resolved.
 *
 * @example
 * if (!tp.isReady()) await tp.ready();
 */
export function isReady(): boolean {
  return state !== null;
}

/** @internal The loaded engine; throws a clear Error before `ready()` has resolved. */
export function engine(): EngineState {
  if (state !== null) return state;
  if (loadError !== null) {
    const reason = loadError instanceof Error ? loadError.message : String(loadError);
    throw new Error(`tensorpad: the WebAssembly engine failed to load: ${reason}`);
  }
  throw new Error(NOT_READY);
}

/** @internal The engine if loaded, else null (for finalizers, which must never throw). */
export function engineIfReady(): EngineState | null {
  return state;
}
