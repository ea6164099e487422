/**
 * The Embind surface of the WebAssembly core (bindings/bindings.cpp, protocol in core/host.h).
 * Tensors are integer handles; arguments and results pass through one buffer of doubles.
 */
export interface CoreModule {
  /** Byte address of the word buffer (Float64, `WORDS` long). */
  words(): number;
  /** Runs op `op` on `nInputs` input ids and the attributes written after them; returns the output count. */
  call(op: number, nInputs: number): number;
  /** New uninitialised tensor; its shape is read from words[0..rank). */
  alloc(dtype: number, rank: number): number;
  /** Byte address of the tensor's contiguous data; valid until the next call into the core. */
  dataPtr(id: number): number;
  /** Writes dtype, rank, dims... into the words. */
  info(id: number): void;
  release(id: number): void;
  /** Writes live tensors, live buffers, live bytes, peak bytes into the words. */
  memory(): void;
  resetPeak(): void;
  /** The op table's schema as JSON. */
  schema(): string;
  /** Makes handle `id` a variable: assign() replaces the value in the same handle; trainable ones are watched by tapes. */
  makeVariable(id: number, trainable: boolean): void;
  /** Replaces variable `variable`'s value with tensor `value` (same dtype and shape). */
  assign(variable: number, value: number): void;
  /** Seeds and rewinds the core's global random stream. */
  setSeed(seed: number): void;

  // Reverse mode (core/autodiff): tapes are numbered objects of the core.
  tapeNew(persistent: boolean, watchAccessedVariables: boolean): number;
  tapeRecord(tape: number, on: boolean): void;
  tapeWatch(tape: number, tensor: number): void;
  /** Reads targets, sources and (if `seeds`) output gradients (-1 = none) from the words. */
  tapeGradient(tape: number, nTargets: number, nSources: number, seeds: boolean, zero: boolean): number;
  /** Words: count, then the handles of the variables whose values the tape read. */
  tapeVariables(tape: number): void;
  tapeDispose(tape: number): void;
  // Forward mode.
  accNew(): number;
  accActive(acc: number, on: boolean): void;
  accWatch(acc: number, primal: number, tangent: number): void;
  /** Words: 1 and the tangent (id, dtype, rank, dims), or 0. */
  accJvp(acc: number, primal: number, zero: boolean): void;
  accDispose(acc: number): void;
  /** Suspends (true) or resumes (false) all recording: custom-gradient bodies. */
  pause(on: boolean): void;
  /** Inputs then outputs from the words; rules map gradient handles to handles (-1 = none). */
  customGradient(nIn: number, nOut: number, vjp: ((ids: number[]) => number[]) | null, jvp: ((ids: number[]) => number[]) | null): void;
  // Graph mode (core/graph).
  traceBegin(nArgs: number): number;
  traceEnd(tracer: number, nOutputs: number, optimize: boolean): number;
  traceAbort(tracer: number): void;
  functionRun(fn: number, nArgs: number): number;
  /** Runs once per row of the last argument (int32 [steps, k]); outputs of the last run, like functionRun. */
  functionRunSteps(fn: number, nArgs: number): number;
  /** Words: nodes before, nodes after, op count, kernels and peak bytes of the last run, dead, merged, folded, fused. */
  functionStats(fn: number): void;
  functionText(fn: number): string;
  functionGraphdef(fn: number): string;
  functionDispose(fn: number): void;
  // Threads (core/parallel.h); absent from engines built before them.
  /** Sets the pool's capacity (once, at start-up) and the thread count to it. */
  setMaxThreads?(n: number): void;
  maxThreads?(): number;
  threads?(): number;
  /** Throws unless 1 <= n <= maxThreads(). */
  setThreads?(n: number): void;
  /** Whether this is the threaded build. */
  threaded?(): boolean;
  simd?(): boolean;
  // The engine's second module (bindings/engine_rest.js, scripts/split_engine.mjs).
  /** Instantiates the rest in this thread, unless a placeholder already has; `bytes` go to the pool threads. */
  tpAttachRest?(module: WebAssembly.Module, bytes?: Uint8Array): void;
  tpRestAttached?(): boolean;
  // Views of the WASM memory; replaced whenever memory grows, so read them afresh on every use.
  HEAPF64: Float64Array;
  HEAPF32: Float32Array;
  HEAP32: Int32Array;
  HEAPU8: Uint8Array;
}

/** Words in the host's buffer (core/host.h Host::kWords). */
export const WORDS = 1 << 14;

export interface CoreModuleOptions {
  wasmBinary?: ArrayBuffer | Uint8Array;
  locateFile?: (path: string, prefix: string) => string;
  /** Instantiates the first module (the glue adds the rest's placeholders to `imports`). */
  instantiateWasm?: (imports: Record<string, Record<string, unknown>>, done: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void) => object;
  /** Where the engine's second module is, for a placeholder called before it is attached. */
  tpRestUrl?: string;
  /** Reads the second module synchronously (Node; browsers use a synchronous request). */
  tpReadRest?: () => Uint8Array;
}

export type CoreFactory = (options?: CoreModuleOptions) => Promise<CoreModule>;
