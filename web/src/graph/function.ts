// tp.function: traces a JS function into a graph in the core the first time it sees a new input
// signature, optimises it (dead code, common subexpressions, constant folding, elementwise
// fusion, memory plan) and afterwards runs the whole graph in one call into WebAssembly.
import { engine } from '../engine/engine.js';
import { Tensor } from '../tensor.js';
import { describe, readResults, writeHandles } from '../autodiff/handles.js';

export interface FunctionOptions {
  /** Expected argument shapes and dtypes; null marks a dimension of any size (e.g. the batch). */
  inputSignature?: { shape: (number | null)[]; dtype?: string }[];
  /** Run the graph passes (default true). */
  optimize?: boolean;
}

/** A traced graph for one input signature. */
export interface ConcreteFunction {
  /** The graph, one node per line. */
  text: string;
  /** Nodes that run a kernel (after the passes). */
  opCount: number;
  /** Graph size before and after the passes, and what each pass did. */
  nodesBefore: number;
  nodesAfter: number;
  removedDead: number;
  mergedCommon: number;
  folded: number;
  fusedOps: number;
  /** Kernels run and peak bytes of intermediates in the last run (0 before the first). */
  lastRunKernels: number;
  lastRunPeakBytes: number;
  /** The graph as TensorBoard GraphDef nodes ({name, op, inputs, attr}). */
  graphDef(): { nodes: { name: string; op: string; inputs: string[]; attr: Record<string, string> }[] };
}

type Template = { kind: 'tensor'; index: number } | { kind: 'array'; items: Template[] } | { kind: 'object'; entries: [string, Template][] } | { kind: 'value'; value: unknown };

function flatten(x: unknown, out: Tensor[]): Template {
  if (x instanceof Tensor) {
    out.push(x);
    return { kind: 'tensor', index: out.length - 1 };
  }
  if (Array.isArray(x)) return { kind: 'array', items: x.map((v) => flatten(v, out)) };
  if (typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype)
    return { kind: 'object', entries: Object.entries(x).map(([k, v]) => [k, flatten(v, out)]) };
  return { kind: 'value', value: x };
}

function rebuild(t: Template, tensors: Tensor[]): unknown {
  switch (t.kind) {
    case 'tensor': return tensors[t.index];
    case 'array': return t.items.map((i) => rebuild(i, tensors));
    case 'object': return Object.fromEntries(t.entries.map(([k, v]) => [k, rebuild(v, tensors)]));
    case 'value': return t.value;
  }
}

interface Traced {
  id: number;
  template: Template;
}

const functions = new FinalizationRegistry<number>((id) => {
  try {
    engine().module.functionDispose(id);
  } catch {
    // The engine is gone.
  }
});

export interface TracedFunction<A extends Tensor[], R> {
  (...args: A): R;
  /** The traced graph for these arguments' signature (tracing it if needed). */
  getConcreteFunction(...args: A): ConcreteFunction;
  /** How many signatures have been traced. */
  readonly traceCount: number;
  /**
   * @internal Runs the graph traced for a [k] last argument once per row of `args`'s last
   * argument (int32 [steps, k]) in one engine call, each run seeing the previous runs' variable
   * writes; returns the last run's result, or null when no such trace exists yet.
   */
  runSteps(...args: A): R | null;
}

/**
 * Compiles `fn` (tensors in, tensors or arrays/objects of tensors out) into a graph, like
 * @tf.function. JS code runs only while tracing: console.log and JS loops happen once per new
 * signature (loops unroll into the graph); later calls run the graph. Variables are captured by
 * reference, so assign() inside updates the real variable; a GradientTape inside is traced too,
 * so the backward pass becomes part of the graph.
 *
 * @example
 * const cube = tp.function((x: tp.Tensor) => x.pow(3));
 * cube(tp.tensor([1, 2])).print(); // [1, 8]
 * console.log(cube.getConcreteFunction(tp.tensor([1, 2])).opCount); // 2 (the 3 is a constant)
 */
export function tracedFunction<A extends Tensor[], R>(fn: (...args: A) => R, options: FunctionOptions = {}): TracedFunction<A, R> {
  const cache = new Map<string, Traced>();
  const optimize = options.optimize ?? true;
  const holder = {};

  const check = (args: Tensor[]) => {
    args.forEach((a, i) => {
      if (!(a instanceof Tensor)) throw new Error(`function: argument ${i} is not a tensor (got ${describe(a)})`);
      a.throwIfDisposed('function');
    });
    const sig = options.inputSignature;
    if (!sig) return;
    if (sig.length !== args.length)
      throw new Error(`function: the input signature has ${sig.length} arguments, the call passed ${args.length}`);
    sig.forEach((s, i) => {
      const a = args[i]!;
      const ok = s.shape.length === a.rank && s.shape.every((d, k) => d === null || d === a.shape[k]);
      if (!ok || (s.dtype !== undefined && s.dtype !== a.dtype))
        throw new Error(
          `function: argument ${i} is ${a.dtype}[${a.shape.join(',')}] but the input signature says ` +
            `${s.dtype ?? 'any dtype'}[${s.shape.map((d) => (d === null ? 'null' : d)).join(',')}]`,
        );
    });
  };

  const trace = (args: A): { traced: Traced; result: R } => {
    const { module } = engine();
    writeHandles(0, args, 'function');
    const tracer = module.traceBegin(args.length);
    let result: R;
    try {
      result = fn(...args);
    } catch (e) {
      module.traceAbort(tracer);
      throw e;
    }
    const outs: Tensor[] = [];
    const template = flatten(result, outs);
    writeHandles(0, outs, 'function');
    const id = module.traceEnd(tracer, outs.length, optimize);
    functions.register(holder, id);
    return { traced: { id, template }, result };
  };

  const key = (args: Tensor[]) => args.map((a) => `${a.dtype}[${a.shape.join(',')}]`).join(';');

  const call = (...args: A): R => {
    check(args);
    const k = key(args);
    const hit = cache.get(k);
    if (!hit) {
      const { traced, result } = trace(args);
      cache.set(k, traced);
      return result;
    }
    const { module } = engine();
    writeHandles(0, args, 'function');
    const n = module.functionRun(hit.id, args.length);
    return rebuild(hit.template, readResults(1, n) as Tensor[]) as R;
  };

  const runSteps = (...args: A): R | null => {
    check(args);
    const rows = args[args.length - 1];
    if (!rows || rows.dtype !== 'int32' || rows.rank !== 2)
      throw new Error(`function: runSteps needs an int32 [steps, k] last argument, got ${rows ? `${rows.dtype}[${rows.shape.join(',')}]` : 'none'}`);
    const k = key(args.slice(0, -1)) + (args.length > 1 ? ';' : '') + `int32[${rows.shape[1]}]`;
    const hit = cache.get(k);
    if (!hit) return null;
    const { module } = engine();
    writeHandles(0, args, 'function');
    const n = module.functionRunSteps(hit.id, args.length);
    return rebuild(hit.template, readResults(1, n) as Tensor[]) as R;
  };

  const concrete = (...args: A): ConcreteFunction => {
    check(args);
    const k = key(args);
    let t = cache.get(k);
    if (!t) {
      t = trace(args).traced;
      cache.set(k, t);
    }
    const { module, wordsBase } = engine();
    module.functionStats(t.id);
    const w = Array.from(module.HEAPF64.subarray(wordsBase, wordsBase + 9));
    const id = t.id;
    return {
      text: module.functionText(id),
      nodesBefore: w[0]!, nodesAfter: w[1]!, opCount: w[2]!, lastRunKernels: w[3]!, lastRunPeakBytes: w[4]!,
      removedDead: w[5]!, mergedCommon: w[6]!, folded: w[7]!, fusedOps: w[8]!,
      graphDef: () => JSON.parse(engine().module.functionGraphdef(id)),
    };
  };

  const traced = Object.assign(call, { getConcreteFunction: concrete, runSteps });
  Object.defineProperty(traced, 'traceCount', { get: () => cache.size });
  return traced as unknown as TracedFunction<A, R>;
}
