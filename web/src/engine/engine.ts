// Loading the WebAssembly core and reading its op schema. Loading starts when the package is
// imported; everything that touches the core goes through `engine()`, which fails clearly until
// `ready()` has resolved.
import createTensorpadCore from '../wasm/tensorpad_core.js';
import type { CoreFactory, CoreModule, CoreModuleOptions } from './core_module.js';
import { OpRegistry } from './schema.js';
import { platform } from '#platform';

interface EngineState {
  module: CoreModule;
  /** Index of words[0] in HEAPF64. */
  wordsBase: number;
  ops: OpRegistry;
  /** Whether this is the threaded build. */
  threaded: boolean;
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

/** Which engine runs and how: see `engineInfo()`. */
export interface EngineInfo {
  /** 'threaded': the WebAssembly build with a pool of worker threads; 'single': one thread. */
  build: 'threaded' | 'single';
  /** Threads the kernels use now (`setThreadsCount`); always 1 for the single build. */
  threads: number;
  /** Whether the engine runs WebAssembly SIMD128 kernels. */
  simd: boolean;
}

/** Most threads the threaded engine starts with: more rarely pay off at the kernels' sizes. */
const MAX_THREADS = 8;

function hardwareConcurrency(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  const n = platform.hardwareConcurrency?.() ?? nav?.hardwareConcurrency ?? 1;
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/**
 * A loader setting: `globalThis[name]` set before tensorpad is imported (pages, workers, tests),
 * else `name` in Node's environment.
 */
function setting(name: 'TENSORPAD_ENGINE' | 'TENSORPAD_ENGINE_REST'): string | undefined {
  const g = (globalThis as Record<string, unknown>)[name];
  if (typeof g === 'string') return g;
  const env = (nodeProcess() as { env?: Record<string, string | undefined> } | undefined)?.env;
  return env?.[name];
}

// The threaded engine needs shared WebAssembly memory: always there in Node; in browsers only when
// cross-origin isolated (COOP/COEP headers). By default ('auto') it runs in Node and in the workers
// of isolated pages, and the single build everywhere else, with no change for the user. A page's
// own thread keeps the single build: it may not block, so the pool's waits would spin there, and
// a page that only imports tensorpad would start a pool of workers for nothing. 'single' forces
// the single-thread build, 'threaded' insists on the threaded one.
function chooseThreaded(): boolean {
  const asked = setting('TENSORPAD_ENGINE') ?? 'auto';
  if (asked !== 'single' && asked !== 'threaded' && asked !== 'auto') {
    throw new Error(`tensorpad: TENSORPAD_ENGINE must be 'single', 'threaded' or 'auto' (got '${asked}')`);
  }
  if (asked === 'single') return false;
  const shared = typeof SharedArrayBuffer === 'function' && typeof Atomics === 'object';
  const isolated = isNode() || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  if (asked === 'threaded' && !(shared && isolated)) {
    throw new Error('tensorpad: TENSORPAD_ENGINE=threaded needs SharedArrayBuffer, which pages get only when cross-origin isolated (COOP/COEP headers)');
  }
  const pageThread = !isNode() && typeof (globalThis as { document?: unknown }).document === 'object';
  return shared && isolated && (asked === 'threaded' || !pageThread);
}

/** The glue's pthread pool (exported by Emscripten as Module.PThread); Node workers only. */
interface PoolWorker { unref?: () => void }
interface PThreadPool { unusedWorkers: PoolWorker[]; runningWorkers: PoolWorker[] }

// In Node the pool's worker_threads would keep the process alive after the script's last line:
// they only ever run while the calling thread is inside a kernel (blocked, so the process cannot
// end then), so none of them needs to hold the event loop. Done once the engine is ready: until
// then the workers' "loaded" messages must still arrive. The pool never grows past the workers
// made at start-up (tpPoolSize = the most helpers a kernel asks for).
function releasePoolWorkers(module: CoreModule): void {
  const pool = (module as unknown as { PThread?: PThreadPool }).PThread;
  if (!pool) return;
  for (const w of [...pool.unusedWorkers, ...pool.runningWorkers]) w.unref?.();
}

interface ThreadedOptions extends CoreModuleOptions {
  tpPoolSize: number;
  mainScriptUrlOrBlob: string;
}

// The heap views the rest of tensorpad reads (module.HEAPF64 ...) follow the shared memory even
// when a pool thread grew it: the glue only refreshes them when the calling thread grows it.
function followSharedMemory(module: CoreModule, memory: WebAssembly.Memory): void {
  let buffer = memory.buffer;
  const make = () => ({ HEAPF64: new Float64Array(buffer), HEAPF32: new Float32Array(buffer), HEAP32: new Int32Array(buffer), HEAPU8: new Uint8Array(buffer) });
  let views = make();
  for (const name of ['HEAPF64', 'HEAPF32', 'HEAP32', 'HEAPU8'] as const) {
    Object.defineProperty(module, name, {
      configurable: true,
      get() {
        if (memory.buffer.byteLength !== buffer.byteLength) {
          buffer = memory.buffer;
          views = make();
        }
        return views[name];
      },
      set() { /* the glue's own refresh; the getter reads the memory itself */ },
    });
  }
}

/**
 * A script's text as a blob: URL of this context's origin. `import.meta.url` keeps the script's
 * real URL: the glue resolves file names against it (in pool threads too), and a blob: URL is
 * not a base URL.
 */
async function scriptBlob(url: URL, fragment = ''): Promise<string> {
  const r = await fetch(url.href);
  if (!r.ok) throw new Error(`HTTP ${r.status} for ${url.href}`);
  // A regular expression, not the words as a string: the notebook's kernel bundle is itself
  // rewritten the same way, as text (kernel_host.ts), and minifiers fold joined strings.
  const text = (await r.text()).replace(/\bimport\.meta\.url\b/g, JSON.stringify(url.href + fragment));
  return URL.createObjectURL(new Blob([text], { type: 'text/javascript' }));
}

type Instantiate = NonNullable<CoreModuleOptions['instantiateWasm']>;

/**
 * Instantiates the engine's first module from `bytes` (Node) or its URL. The glue's own loader
 * would do the same but never settles its promise on failure: `failed` rejects then instead, for
 * the caller to race against the glue's. The threaded engine must see the imports (its shared
 * memory): `seeImports`. The glue adds the placeholders for the rest (bindings/engine_rest.js) to
 * the imports before this runs.
 */
function instantiator(wasmUrl: URL, bytes: Uint8Array | undefined, seeImports?: (imports: Record<string, Record<string, unknown>>) => void): { instantiateWasm: Instantiate; failed: Promise<never> } {
  let fail: (e: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => { fail = reject; });
  const instantiateWasm: Instantiate = (imports, done) => {
    seeImports?.(imports);
    const wasmImports = imports as WebAssembly.Imports;
    const instantiated = bytes
      ? WebAssembly.instantiate(bytes as BufferSource, wasmImports)
      : fetch(wasmUrl.href).then((r) => {
          if (!r.ok) throw new Error(`HTTP ${r.status} for ${wasmUrl.href}`);
          // Compiled while it downloads, where the server names the type (streaming needs it).
          if (typeof WebAssembly.instantiateStreaming === 'function' && r.headers.get('content-type')?.startsWith('application/wasm')) {
            return WebAssembly.instantiateStreaming(r, wasmImports);
          }
          return r.arrayBuffer().then((b) => WebAssembly.instantiate(b, wasmImports));
        });
    instantiated.then((r) => done(r.instance, r.module), fail);
    return {};
  };
  return { instantiateWasm, failed };
}

/**
 * When the engine's second module is attached: 'background' (default) fetches and compiles it as
 * soon as the first one runs; 'on-demand' waits for the first call that needs it (tests use it to
 * check what the first module holds). TENSORPAD_ENGINE_REST in Node's environment or on globalThis.
 */
function restLoading(): 'background' | 'on-demand' {
  const asked = setting('TENSORPAD_ENGINE_REST');
  if (asked === undefined || asked === 'background') return 'background';
  if (asked === 'on-demand') return 'on-demand';
  throw new Error(`tensorpad: TENSORPAD_ENGINE_REST must be 'background' or 'on-demand' (got '${asked}')`);
}

/**
 * Compiles the second module off the critical path and attaches it to this thread's instance; the
 * threaded engine's pool threads compile it from the bytes, left in the shared memory.
 */
function attachRest(module: CoreModule, restUrl: URL): void {
  const bytes: Promise<Uint8Array> = isNode()
    ? readFileBytes(restUrl)
    : fetch(restUrl.href).then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status} for ${restUrl.href}`);
        return r.arrayBuffer().then((b) => new Uint8Array(b));
      });
  // A failure here is not the user's yet: the first call that needs the rest loads it again and
  // reports what went wrong then.
  // A call may have needed (and loaded) the rest meanwhile: then nothing is left to compile.
  bytes
    .then((b) => (module.tpRestAttached?.() ? undefined : WebAssembly.compile(b as BufferSource).then((m) => module.tpAttachRest?.(m, b))))
    .catch(() => undefined);
}

/** The rest's location for placeholders called before `attachRest` is done, and Node's reader. */
function restOptions(restUrl: URL): Pick<CoreModuleOptions, 'tpRestUrl' | 'tpReadRest'> {
  const read = platform.readFileSync;
  return { tpRestUrl: restUrl.href, ...(isNode() && read ? { tpReadRest: () => read(restUrl) } : {}) };
}

async function loadThreaded(): Promise<{ module: CoreModule; url: URL; restUrl: URL; threads: number }> {
  // Literal `new URL(..., import.meta.url)`s: bundlers emit these files as they are.
  const glueUrl = new URL('../wasm/tensorpad_core_mt.js', import.meta.url);
  const wasmUrl = new URL('../wasm/tensorpad_core_mt.wasm', import.meta.url);
  const restUrl = new URL('../wasm/tensorpad_core_mt.rest.wasm', import.meta.url);
  const workerUrl = new URL('../wasm/tensorpad_core_mt.worker.js', import.meta.url);
  const threads = Math.min(hardwareConcurrency(), MAX_THREADS);
  // The pool threads import the glue from the URL the loader gives and get no other options: the
  // rest's URL travels in its fragment (bindings/engine_rest.js reads it).
  const fragment = `#rest=${encodeURIComponent(restUrl.href)}`;
  let workerFile = workerUrl.href;
  let glueFile = glueUrl.href + fragment;
  let bytes: Uint8Array | undefined;
  if (isNode()) {
    // Node runs the pool on worker_threads: the glue reads __dirname and require (TOOLCHAIN.md),
    // and the worker script is CommonJS, which this "type": "module" package must name .cjs.
    if (!platform.nodeGlue) throw new Error("this build of tensorpad has no Node support (the bundle was made for browsers)");
    workerFile = platform.nodeGlue(glueUrl, workerUrl);
    bytes = await readFileBytes(wasmUrl);
  } else {
    // An opaque origin (the notebook's sandboxed kernel frame, cross-origin isolated through its
    // allow="cross-origin-isolated") can neither start a worker from a URL nor import a module
    // without CORS: it runs the glue and the pool worker from blob: URLs of its own.
    const opaque = (globalThis as { origin?: string }).origin === 'null';
    // Bundlers inline the small pool-worker script as a data: URL (Vite does). A worker from it has
    // an opaque origin: its import of the glue would need CORS and bypass the service worker. A
    // blob: URL made here runs it with this origin.
    if (workerUrl.protocol === 'data:' || opaque) workerFile = await scriptBlob(workerUrl);
    if (opaque) glueFile = await scriptBlob(glueUrl, fragment);
  }
  let memory: WebAssembly.Memory | null = null;
  // Instantiated here to hold on to the shared memory the glue created (see followSharedMemory).
  const first = instantiator(wasmUrl, bytes, (imports) => {
    for (const group of Object.values(imports)) {
      for (const value of Object.values(group)) if (value instanceof WebAssembly.Memory) memory = value;
    }
  });
  const options: ThreadedOptions = {
    tpPoolSize: threads - 1,
    mainScriptUrlOrBlob: glueFile,
    locateFile: (path) => (path.endsWith('.wasm') ? wasmUrl.href : path.endsWith('.worker.js') ? workerFile : path),
    instantiateWasm: first.instantiateWasm,
    ...restOptions(restUrl),
  };
  // Loaded at run time from the emitted asset, not bundled (hence both bundlers' ignore comments).
  const glue = (await import(/* webpackIgnore: true */ /* @vite-ignore */ glueFile)) as { default: CoreFactory };
  // The factory's promise never settles when our instantiation fails: race that failure.
  const module = await Promise.race([glue.default(options), first.failed]);
  if (!memory) throw new Error('the threaded engine imported no WebAssembly.Memory');
  followSharedMemory(module, memory);
  module.setMaxThreads?.(threads);
  if (isNode()) releasePoolWorkers(module);
  return { module, url: wasmUrl, restUrl, threads };
}

async function load(): Promise<void> {
  // A literal `new URL(..., import.meta.url)` lets bundlers (Vite, webpack 5) find and emit the .wasm.
  let wasmUrl = new URL('../wasm/tensorpad_core.wasm', import.meta.url);
  try {
    let module: CoreModule;
    let threaded = false;
    let restUrl: URL;
    if (chooseThreaded()) {
      const t = await loadThreaded();
      wasmUrl = t.url;
      restUrl = t.restUrl;
      module = t.module;
      threaded = true;
    } else {
      restUrl = new URL('../wasm/tensorpad_core.rest.wasm', import.meta.url);
      const first = instantiator(wasmUrl, isNode() ? await readFileBytes(wasmUrl) : undefined);
      const options: CoreModuleOptions = {
        locateFile: (path) => (path.endsWith('.wasm') ? wasmUrl.href : path),
        instantiateWasm: first.instantiateWasm,
        ...restOptions(restUrl),
      };
      module = await Promise.race([createTensorpadCore(options), first.failed]);
    }
    if (restLoading() === 'background') attachRest(module, restUrl);
    state = { module, wordsBase: module.words() / 8, ops: new OpRegistry(module.schema()), threaded };
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

/**
 * Which engine runs: the threaded build (Node, and pages or workers that are cross-origin
 * isolated) or the single-thread one, the kernels' thread count, and whether SIMD is used.
 *
 * @example
 * await tp.ready();
 * console.log(tp.engineInfo()); // { build: 'threaded', threads: 2, simd: true }
 */
export function engineInfo(): EngineInfo {
  const { module, threaded } = engine();
  return { build: threaded ? 'threaded' : 'single', threads: module.threads?.() ?? 1, simd: module.simd?.() ?? true };
}

/**
 * Sets how many threads the kernels use, from 1 to the pool's size (hardware concurrency, at most
 * 8, fixed when the engine loads). The single-thread engine accepts only 1. As TF.js's
 * `setThreadsCount`, but it may be called at any time after `ready()`.
 *
 * @example
 * await tp.ready();
 * tp.setThreadsCount(1); // e.g. to leave the other cores to the page
 */
export function setThreadsCount(numThreads: number): void {
  const { module } = engine();
  if (typeof numThreads !== 'number' || !Number.isInteger(numThreads)) {
    throw new Error(`setThreadsCount: numThreads must be an integer (got ${typeof numThreads === 'number' ? numThreads : typeof numThreads})`);
  }
  if (!module.setThreads) {
    if (numThreads !== 1) throw new Error(`setThreadsCount: this engine runs one thread only (${numThreads} given)`);
    return;
  }
  const max = module.maxThreads?.() ?? 1;
  if (numThreads < 1 || numThreads > max) {
    throw new Error(`setThreadsCount: the thread count must be an integer from 1 to ${max} (${numThreads} given); the pool is sized when the engine loads`);
  }
  module.setThreads(numThreads);
}

/**
 * The number of threads the kernels use (see `setThreadsCount`).
 *
 * @example
 * await tp.ready();
 * console.log(tp.getThreadsCount()); // e.g. 2
 */
export function getThreadsCount(): number {
  return engine().module.threads?.() ?? 1;
}
