// Every exported op, creation function and tensor method called with a fixed battery of bad
// arguments, one parameter at a time, plus seeded random pairs. After each call:
//  - it threw an Error (not a TypeError/RangeError from internals) whose message names the
//    function, or (for values that are only sometimes wrong, like NaN or -1) it succeeded;
//  - the engine still computes, no live tensor changed value, and no tensor leaked.
// Functions are enumerated from the package's exports, so new ops are covered automatically; the
// allow-list below names the exports that are not ops (callbacks, engine control, model builders).
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { rng } from '../support/rng.js';

await tp.ready();

/** Exports that are not ops on tensors/shapes/numbers: they take callbacks, models or nothing. */
const NOT_OPS = new Set([
  'ready', 'isReady', 'opSchema', 'memory', 'resetPeakMemory', 'dispose', 'tidy', 'keep', 'print',
  'engineInfo', 'getThreadsCount', // queries that take no arguments
  'runOp', // low-level door with op names; its errors come from the op table
  'function', 'tracedFunction', 'loadLayersModel', 'sequential', 'model', 'input',
  'jvp', 'grad', 'grads', 'valueAndGrad', 'valueAndGrads', 'variableGrads', 'numericalGradient', 'customGradient', 'customGrad',
  // Registries of the namespaces: they take names, classes and configs.
  ...['losses', 'metrics', 'optimizers'].flatMap((ns) => ['get', 'serialize', 'deserialize', 'registerLoss', 'registerMetric', 'registerOptimizer'].map((f) => `${ns}.${f}`)),
]);
/** Parameters that take any string (names), by function and parameter index. */
const ANY_STRING = new Map<string, number[]>([['variable', [2]]]);
/** Option-bag parameters, where an empty object `{}` is valid (as in TF.js), by function and index. */
const OPTION_BAG = new Map<string, number[]>([['meshgrid', [2]]]);

/** Number of declared parameters, from the source text (Function.length stops at the first default). */
function paramCount(fn: Function): number {
  const src = Function.prototype.toString.call(fn);
  const open = src.indexOf('(');
  let depth = 0;
  let count = 0;
  let any = false;
  for (let i = open + 1; i < src.length; i++) {
    const ch = src[i]!;
    if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (depth === 0) break;
      depth--;
    } else if (ch === ',' && depth === 0) count++;
    else if (!/\s/.test(ch)) any = true;
    if (src.startsWith('...', i)) return 4; // variadic: try a few positions
  }
  return any ? count + 1 : 0;
}

// Live tensors that must keep their values through every call.
const live = {
  f: tp.tensor([[1, -2, 3], [4, 5, -6]]),
  i: tp.tensor([7, 8, 9], undefined, 'int32'),
  b: tp.tensor([true, false]),
  v: tp.variable(tp.tensor([0.5, 1.5]), true, 'fuzz_v'),
};
const liveValues = Object.fromEntries(Object.entries(live).map(([k, t]) => [k, JSON.stringify(t.arraySync())]));

const disposed = tp.tensor([[1, 2], [3, 4]]);
disposed.dispose();
const disposedEmpty = tp.zeros([0, 3]);
disposedEmpty.dispose();

interface Bad {
  label: string;
  value: () => unknown;
  /** Always wrong wherever a parameter is: the call must throw. Else throwing or succeeding are both fine. */
  alwaysBad: boolean;
}

const owned: tp.Tensor[] = [];
const own = (t: tp.Tensor) => (owned.push(t), t);

const BATTERY: Bad[] = [
  { label: "'bogus'", value: () => 'bogus', alwaysBad: true },
  { label: '{}', value: () => ({}), alwaysBad: true },
  { label: '{shape: [2]}', value: () => ({ shape: [2], dtype: 'float32' }), alwaysBad: true },
  { label: 'a function', value: () => () => 1, alwaysBad: true },
  { label: 'a symbol', value: () => Symbol('s'), alwaysBad: true },
  { label: '10n', value: () => 10n, alwaysBad: true },
  { label: 'a disposed tensor', value: () => disposed, alwaysBad: true },
  { label: 'a disposed empty tensor', value: () => disposedEmpty, alwaysBad: true },
  { label: 'a ragged array', value: () => [[1], [1, 2]], alwaysBad: false }, // a valid list of tensors for concat
  { label: "['a', 'b']", value: () => ['a', 'b'], alwaysBad: true },
  { label: '[null]', value: () => [null], alwaysBad: true },
  { label: '[{}]', value: () => [{}], alwaysBad: true },
  { label: '[undefined, 1]', value: () => [undefined, 1], alwaysBad: true },
  { label: 'a Date', value: () => new Date(0), alwaysBad: true },
  { label: 'undefined', value: () => undefined, alwaysBad: false },
  { label: 'null', value: () => null, alwaysBad: false },
  { label: 'NaN', value: () => NaN, alwaysBad: false },
  { label: 'Infinity', value: () => Infinity, alwaysBad: false },
  { label: '-Infinity', value: () => -Infinity, alwaysBad: false },
  { label: '1.5', value: () => 1.5, alwaysBad: false },
  { label: '-1', value: () => -1, alwaysBad: false },
  { label: '-100', value: () => -100, alwaysBad: false },
  { label: '100', value: () => 100, alwaysBad: false },
  { label: '0', value: () => 0, alwaysBad: false },
  { label: 'true', value: () => true, alwaysBad: false },
  { label: '[]', value: () => [], alwaysBad: false },
  { label: '[NaN]', value: () => [NaN], alwaysBad: false },
  { label: '[1.5, 2]', value: () => [1.5, 2], alwaysBad: false },
  { label: '[-100]', value: () => [-100], alwaysBad: false },
  { label: '[0, 0, 0, 0, 0, 0, 0]', value: () => [0, 0, 0, 0, 0, 0, 0], alwaysBad: false },
  { label: '[[1, 2], [3, 4]]', value: () => [[1, 2], [3, 4]], alwaysBad: false },
  { label: '[[1, 2, 3]]', value: () => [[1, 2, 3]], alwaysBad: false },
  { label: 'a Float32Array', value: () => new Float32Array([1, 2]), alwaysBad: false },
  { label: 'an int32 tensor', value: () => own(tp.tensor([1, 0], undefined, 'int32')), alwaysBad: false },
  { label: 'a bool tensor', value: () => own(tp.tensor([[true], [false]])), alwaysBad: false },
  { label: 'a float64 tensor', value: () => own(tp.tensor([[1, 2, 3], [4, 5, 6]], undefined, 'float64')), alwaysBad: false },
  { label: 'a [5] tensor', value: () => own(tp.tensor([1, 2, 3, 4, 5])), alwaysBad: false },
  { label: 'a scalar tensor', value: () => own(tp.scalar(2)), alwaysBad: false },
  { label: 'a [0,3] tensor', value: () => own(tp.zeros([0, 3])), alwaysBad: false },
  { label: 'a [2,1,3,1] tensor', value: () => own(tp.ones([2, 1, 3, 1])), alwaysBad: false },
  { label: 'a live tensor', value: () => live.f, alwaysBad: false },
  { label: 'the variable', value: () => live.v, alwaysBad: false },
  // Sizes the engine cannot hold (the byte count wraps 2^32 in 32 bits) and lists longer than one
  // call into the core carries.
  { label: '[2**30 + 1]', value: () => [2 ** 30 + 1], alwaysBad: false },
  { label: '[1e5, 1e5]', value: () => [1e5, 1e5], alwaysBad: false },
  { label: '2**31', value: () => 2 ** 31, alwaysBad: false },
  { label: '16,384 tensors', value: () => new Array(16_384).fill(live.f), alwaysBad: false },
];

/** Tensors inside a result (arrays and plain objects such as topk's {values, indices}). */
function tensorsIn(x: unknown, out: tp.Tensor[] = []): tp.Tensor[] {
  if (x instanceof tp.Tensor) out.push(x);
  else if (Array.isArray(x)) for (const e of x) tensorsIn(e, out);
  else if (x !== null && typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) for (const e of Object.values(x)) tensorsIn(e, out);
  return out;
}

const INTERNAL_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

/**
 * Calls fn(...args) and returns a complaint, or null when everything held. A function that returns
 * a promise (an async op) is judged once it settles, by the same rules: its rejection stands for
 * the throw, its value for the result.
 */
function check(name: string, aliases: readonly string[], call: () => unknown, mustThrow: boolean): string | null | Promise<string | null> {
  // The battery's own fresh tensors are disposed below, so they count as gone.
  const before = tp.memory().numTensors - owned.length;
  const onResult = (result: unknown, verb: string): string | null => {
    for (const t of tensorsIn(result)) if (!Object.values(live).includes(t as never)) t.dispose();
    return mustThrow ? `did not ${verb}` : null;
  };
  const onError = (e: unknown, verb: string): string | null => {
    if (!(e instanceof Error)) return `${verb} a non-Error: ${String(e)}`;
    if (INTERNAL_ERRORS.some((k) => e.constructor === k)) return `${verb} ${e.constructor.name}: ${e.message}`;
    if (!aliases.some((a) => e.message.includes(a))) return `error does not name ${name}: ${e.message}`;
    return null;
  };
  let result: unknown;
  try {
    result = call();
  } catch (e) {
    return settle(before, onError(e, 'threw'));
  }
  if (result instanceof Promise)
    return result.then(
      (value) => settle(before, onResult(value, 'reject')),
      (e) => settle(before, onError(e, 'rejected with')),
    );
  return settle(before, onResult(result, 'throw'));
}

/** The checks after a call: leaks, live tensors unchanged, the engine computing. */
function settle(before: number, complaint: string | null): string | null {
  for (const t of owned.splice(0)) t.dispose();
  const after = tp.memory().numTensors;
  if (after !== before) complaint = `${complaint ? complaint + '; ' : ''}leaked ${after - before} tensors`;
  for (const [k, t] of Object.entries(live)) {
    let now: string;
    try {
      now = JSON.stringify(t.arraySync());
    } catch (e) {
      now = `unreadable: ${(e as Error).message}`;
    }
    if (now !== liveValues[k]) return `${complaint ? complaint + '; ' : ''}live tensor ${k} changed to ${now}`;
  }
  const probe = tp.add(live.i, 1);
  const ok = JSON.stringify(probe.arraySync()) === '[8,9,10]';
  probe.dispose();
  if (!ok) return `${complaint ? complaint + '; ' : ''}the engine no longer computes`;
  return complaint;
}

/** Namespaces whose plain functions are ops on tensors too (losses, metric functions, clipping, tp.math). */
const OP_NAMESPACES = ['losses', 'metrics', 'optimizers', 'math'] as const;

// Exported functions, grouped by identity so aliases (constant/tensor, reduceSum/sum) share names.
const fns = new Map<Function, string[]>();
const sources: [string, Record<string, unknown>][] = [['', tp as unknown as Record<string, unknown>], ...OP_NAMESPACES.map((ns) => [`${ns}.`, tp[ns] as unknown as Record<string, unknown>] as [string, Record<string, unknown>])];
for (const [prefix, source] of sources)
  for (const [k, v] of Object.entries(source)) {
    if (typeof v !== 'function' || NOT_OPS.has(prefix + k) || /^class\b/.test(Function.prototype.toString.call(v))) continue;
    const list = fns.get(v) ?? [];
    list.push(prefix + k);
    fns.set(v, list);
  }

const methodNames = Object.getOwnPropertyNames(tp.Tensor.prototype).filter((k) => {
  const d = Object.getOwnPropertyDescriptor(tp.Tensor.prototype, k)!;
  return typeof d.value === 'function' && !['constructor', 'throwIfDisposed', 'takeHandle', 'header', 'toString', 'print', 'dispose', 'dataSync', 'data', 'arraySync', 'array'].includes(k);
});

/** Names an error may use for `fn`: its export names, the function's own name. */
function aliasesOf(fn: Function, names: string[]): string[] {
  const bare = names.map((n) => n.slice(n.lastIndexOf('.') + 1));
  return fn.name && !bare.includes(fn.name) ? [...bare, fn.name] : bare;
}

// Synchronous functions are checked synchronously; a call that returns a promise is awaited before
// the next call (so its tensors are counted alone).
async function fuzz(name: string, aliases: string[], nParams: number, required: number, invoke: (args: unknown[]) => unknown, anyString: number[] = [], optionBag: number[] = []): Promise<string[]> {
  const complaints: string[] = [];
  // Other parameters: the live tensor where a value is required (the first is usually x), else left out.
  const base: unknown[] = Array.from({ length: nParams }, (_, i) => (i < required ? live.f : undefined));
  const run = async (args: unknown[], label: string, mustThrow: boolean) => {
    const checked = check(name, aliases, () => invoke(args), mustThrow);
    const c = checked instanceof Promise ? await checked : checked;
    if (c) complaints.push(`${name}(${label}): ${c}`);
  };
  for (let k = 0; k < nParams; k++) {
    for (const bad of BATTERY) {
      const args = base.slice();
      args[k] = bad.value();
      // A missing first argument is always wrong; later ones may be optional (TypeScript's `x?`).
      const mustThrow = (bad.alwaysBad && !(anyString.includes(k) && typeof args[k] === 'string') && !(optionBag.includes(k) && bad.label === '{}')) || (k === 0 && required > 0 && (bad.label === 'undefined' || bad.label === 'null'));
      await run(args, `arg ${k} = ${bad.label}`, mustThrow);
    }
  }
  // Seeded pairs of bad values (never required to throw: two "sometimes bad" values may be fine).
  const r = rng([...name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7));
  for (let n = 0; n < 12 && nParams >= 2; n++) {
    const args = base.slice();
    const p = Math.floor(r() * nParams);
    const q = (p + 1 + Math.floor(r() * (nParams - 1))) % nParams;
    const a = BATTERY[Math.floor(r() * BATTERY.length)]!;
    const b = BATTERY[Math.floor(r() * BATTERY.length)]!;
    args[p] = a.value();
    args[q] = b.value();
    await run(args, `arg ${p} = ${a.label}, arg ${q} = ${b.label}`, false);
  }
  return complaints;
}

describe('every exported op survives bad arguments', () => {
  test('the enumeration finds the ops', () => {
    const names = [...fns.values()].flat();
    for (const n of ['add', 'matMul', 'gather', 'tensor', 'zeros', 'unstack', 'slice', 'concat', 'oneHot', 'variable']) expect(names).toContain(n);
    expect(methodNames).toEqual(expect.arrayContaining(['add', 'reshape', 'at', 'unstack']));
  });

  for (const [fn, names] of fns) {
    const name = names[0]!;
    test(`tp.${names.join(' / tp.')}`, async () => {
      const complaints = await fuzz(name, aliasesOf(fn, names), Math.max(paramCount(fn), fn.length, 1), fn.length, (args) => (fn as (...a: unknown[]) => unknown)(...args), ANY_STRING.get(name), OPTION_BAG.get(name));
      expect(complaints).toEqual([]);
    });
  }

  for (const m of methodNames) {
    test(`tensor.${m}()`, async () => {
      const fn = (tp.Tensor.prototype as unknown as Record<string, Function>)[m]!;
      // Methods forward to the tp function of the same name: x is the receiver.
      const target = (tp as unknown as Record<string, Function>)[m];
      const n = target ? Math.max(paramCount(target), target.length) - 1 : 3;
      const complaints = await fuzz(m, [m, ...(target?.name ? [target.name] : [])], Math.max(n, 0), 0, (args) => fn.apply(live.f, args), ANY_STRING.get(m)?.map((i) => i - 1));
      expect(complaints).toEqual([]);
    });
  }
});
