// Jasmine's globals for the TF.js spec files, on Vitest: describe/it (each test checked against
// expected_failures.json), beforeEach..afterAll, jasmine.*, spyOn, fail, and the jasmine matchers
// Vitest lacks or defines differently (toThrowError's exact-message form, expect().nothing()).
import * as vitest from 'vitest';
import { expect, vi } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { ENGINE } from '../../../node_modules/@tensorflow/tfjs-core/dist/engine.js';
import { env } from '../../../node_modules/@tensorflow/tfjs-core/dist/environment.js';
// The flags test_util reads (TENSORLIKE_CHECK_SHAPE_CONSISTENCY...).
import '../../../node_modules/@tensorflow/tfjs-core/dist/flags.js';
import { ctx, testId } from './context.js';
import { expectedFailures, recordResult, recording } from './expectations.js';

await tp.ready();

// test_util's tolerance asks TF.js's engine for the backend's float precision: a float32 backend
// that runs nothing (every tensor in the specs is tensorpad's).
// TF.js's util (used by test_util) asks the platform whether a value is a typed array.
const encoder = new TextEncoder();
env().setPlatform('node', {
  fetch: (url: string, init?: RequestInit) => fetch(url, init),
  now: () => performance.now(),
  encode: (text: string) => encoder.encode(text),
  decode: (bytes: Uint8Array, encoding: string) => new TextDecoder(encoding).decode(bytes),
  isTypedArray: (a: unknown) =>
    a instanceof Float32Array || a instanceof Int32Array || a instanceof Uint8Array || a instanceof Uint8ClampedArray,
  setTimeoutCustom: (f: () => void, ms: number) => setTimeout(f, ms),
} as never);
ENGINE.registerBackend('cpu', () => ({ floatPrecision: () => 32, epsilon: () => 1e-7, dispose: () => undefined }) as never);

type Fn = (done?: unknown) => unknown;
const g = globalThis as Record<string, unknown>;

// beforeEach/afterEach run inside each test (as in jasmine), so a hook's failure is that test's.
interface Frame {
  before: Fn[];
  after: Fn[];
}
const frames: Frame[] = [];

g.describe = (name: string, body: () => void) => {
  // Vitest runs describe bodies after the spec files have loaded: note which file this one is in.
  const spec = ctx.spec;
  vitest.describe(name, () => {
    const outer = ctx.spec;
    ctx.spec = spec;
    ctx.path.push(name);
    frames.push({ before: [], after: [] });
    try {
      body();
    } finally {
      frames.pop();
      ctx.path.pop();
      ctx.spec = outer;
    }
  });
};

/** Runs a jasmine test body: a promise, or a `done` callback (with done.fail) when it takes one. */
function runBody(fn: Fn): Promise<unknown> {
  if (fn.length === 0) return Promise.resolve().then(() => fn());
  return new Promise((resolve, reject) => {
    const done = () => resolve(undefined);
    done.fail = (m?: unknown) => reject(m instanceof Error ? m : new Error(String(m)));
    try {
      const r = fn(done) as { then?: unknown } | undefined;
      if (r && typeof r.then === 'function') (r as Promise<unknown>).then(undefined, reject);
    } catch (e) {
      reject(e);
    }
  });
}

g.it = (name: string, fn?: Fn, timeout?: number) => {
  if (fn === undefined) return; // a jasmine "pending" spec declares no test
  const id = testId(name);
  const around = [...frames];
  vitest.it(name, async () => {
    let error: unknown;
    try {
      for (const f of around) for (const h of f.before) await runBody(h);
      await runBody(fn);
    } catch (e) {
      error = e;
    }
    for (const f of [...around].reverse()) {
      for (const h of f.after) {
        try {
          await runBody(h);
        } catch (e) {
          error ??= e;
        }
      }
    }
    recordResult(id, error);
    if (recording) return;
    const listed = expectedFailures[id];
    if (listed !== undefined && error === undefined)
      throw new Error(`passes now but expected_failures.json lists it (${listed}): remove the entry\n  ${JSON.stringify(id)}`);
    if (listed === undefined && error !== undefined) {
      if (error instanceof Error) error.message = `${error.message}\n  (test id ${JSON.stringify(id)})`;
      throw error;
    }
  }, timeout ?? 30_000);
};
g.beforeEach = (h: Fn) => (frames.length ? frames[frames.length - 1]!.before.push(h) : vitest.beforeEach(() => runBody(h)));
g.afterEach = (h: Fn) => (frames.length ? frames[frames.length - 1]!.after.push(h) : vitest.afterEach(() => runBody(h)));
// A spec's beforeAll runs once, before the first test of its block; its failure fails each test there.
g.beforeAll = (h: Fn) => {
  if (!frames.length) return vitest.beforeAll(() => runBody(h));
  let once: Promise<unknown> | undefined;
  frames[frames.length - 1]!.before.unshift(() => (once ??= runBody(h)));
};
g.afterAll = vitest.afterAll;
g.expect = expect;
g.fail = (m?: unknown) => {
  throw m instanceof Error ? m : new Error(`Failed: ${String(m)}`);
};

interface JasmineSpy {
  and: Record<string, (x?: unknown) => JasmineSpy>;
  calls: Record<string, (i?: number) => unknown>;
}
g.spyOn = (obj: Record<string, (...a: unknown[]) => unknown>, method: string) => {
  // A jasmine spy stubs the method (returns undefined) until told otherwise.
  const original = obj[method]!;
  const spy = vi.spyOn(obj, method).mockImplementation(() => undefined) as unknown as vitest.Mock & JasmineSpy;
  spy.and = {
    callFake: (f) => (spy.mockImplementation(f as (...a: unknown[]) => unknown), spy),
    callThrough: () => (spy.mockImplementation(original), spy),
    returnValue: (v) => (spy.mockImplementation(() => v), spy),
    throwError: (e) => (spy.mockImplementation(() => { throw e; }), spy),
  };
  spy.calls = {
    count: () => spy.mock.calls.length,
    argsFor: (i) => spy.mock.calls[i ?? 0],
    allArgs: () => spy.mock.calls,
    mostRecent: () => ({ args: spy.mock.calls[spy.mock.calls.length - 1] }),
    reset: () => spy.mockClear(),
  };
  return spy;
};
vitest.afterEach(() => {
  vi.restoreAllMocks();
});

g.jasmine = {
  objectContaining: expect.objectContaining,
  arrayContaining: expect.arrayContaining,
  any: expect.any,
  anything: expect.anything,
  DEFAULT_TIMEOUT_INTERVAL: 30_000,
};

function describeThrown(e: unknown): string {
  return e instanceof Error ? `${e.constructor.name}: ${JSON.stringify(e.message)}` : `non-Error ${String(e)}`;
}

expect.extend({
  nothing: () => ({ pass: true, message: () => 'expect().nothing()' }),
  toBeTrue: (x: unknown) => ({ pass: x === true, message: () => `expected ${String(x)} to be true` }),
  toBeFalse: (x: unknown) => ({ pass: x === false, message: () => `expected ${String(x)} to be false` }),
  // Jasmine's toThrowError: (), (message), (RegExp), (ErrorClass), (ErrorClass, message|RegExp); a
  // string message must equal the thrown one exactly.
  toThrowError(received: () => unknown, a?: unknown, b?: unknown) {
    let thrown = false;
    let error: unknown;
    try {
      received();
    } catch (e) {
      thrown = true;
      error = e;
    }
    const type = typeof a === 'function' ? (a as new () => Error) : undefined;
    const msg = typeof a === 'function' ? b : a;
    if (!thrown) return { pass: false, message: () => 'Expected function to throw an Error, but it did not throw' };
    if (!(error instanceof Error))
      return { pass: false, message: () => `Expected function to throw an Error, but it threw ${describeThrown(error)}` };
    if (type !== undefined && !(error instanceof type))
      return { pass: false, message: () => `Expected function to throw ${type.name}, but it threw ${describeThrown(error)}` };
    if (msg !== undefined && msg !== null) {
      const ok = msg instanceof RegExp ? msg.test(error.message) : error.message === msg;
      // The "[error wording]" tag lets the harness tell a wording difference from a missing throw.
      if (!ok)
        return {
          pass: false,
          message: () => `[error wording] Expected function to throw an Error with message ${msg instanceof RegExp ? String(msg) : JSON.stringify(msg)}, but it threw ${describeThrown(error)}`,
        };
    }
    return { pass: true, message: () => `Expected function not to throw, but it threw ${describeThrown(error)}` };
  },
});
