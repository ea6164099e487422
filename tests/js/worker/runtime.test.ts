// tp.worker in Node: a kernel in worker_threads with its own engine, cells sharing state, outputs
// streamed, errors with cell line numbers, interrupt (cooperative, then by restart), restart and
// recovery from running out of memory.
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, test } from 'vitest';
import { createRuntime, run, type Runtime, type RuntimeOptions } from '../../../web/src/worker/runtime.js';
import type { CellResult, Output } from '../../../web/src/worker/protocol.js';

const workerUrl = new URL('./ts_worker.mjs', import.meta.url);
const runtimes: Runtime[] = [];

function runtime(options: RuntimeOptions = {}): Runtime {
  const rt = createRuntime({ workerUrl, ...options });
  runtimes.push(rt);
  return rt;
}

afterAll(() => runtimes.forEach((rt) => rt.dispose()));

function ok(r: CellResult): Extract<CellResult, { ok: true }> {
  if (!r.ok) throw new Error(`cell failed: ${r.error.name}: ${r.error.message} (line ${r.error.line})`);
  return r;
}

function failed(r: CellResult): Extract<CellResult, { ok: false }> {
  if (r.ok) throw new Error(`cell succeeded with ${JSON.stringify(r.output)}`);
  return r;
}

describe('cells share state like a Jupyter kernel', () => {
  const rt = runtime();

  test('top-level const, let, var, function, class and destructuring survive the cell', async () => {
    ok(
      await rt.run(`const x = 2;
let y = 3
var z
function times(a) { return a * x }
class Box { constructor(v) { this.v = v } }
const { p, q: [r] } = { p: 10, q: [20] };`),
    );
    const r = ok(await rt.run('times(y) + new Box(p).v + r + (z === undefined ? 1 : 0)'));
    expect(r.value).toBe(2 * 3 + 10 + 20 + 1);
  });

  test('redeclaring a const in a later cell replaces it, and earlier functions see the new value', async () => {
    ok(await rt.run('const x = 5;'));
    expect(ok(await rt.run('times(2)')).value).toBe(10);
  });

  test('functions are hoisted within their cell', async () => {
    expect(ok(await rt.run('const v = later(); function later() { return 7 }\nv')).value).toBe(7);
  });

  test('top-level await works and the last expression is the result', async () => {
    expect(ok(await rt.run('const w = await Promise.resolve(4);\nw * 2')).value).toBe(8);
    expect(ok(await rt.run('const nothing = 1;')).output).toBeUndefined();
  });

  test('tp is in scope with its own engine, and a tensor result renders readably', async () => {
    const r = ok(await rt.run('const t = tp.tensor([[1, 2], [3, 4]]);\ntp.matMul(t, t)'));
    expect(r.output).toMatchObject({ kind: 'tensor', shape: [2, 2], dtype: 'float32' });
    expect((r.output as { text: string }).text).toBe('Tensor\n  dtype: float32\n  rank: 2\n  shape: [2,2]\n  values:\n    [[7 , 10],\n     [15, 22]]');
  });

  test('arrays of objects become tables; other values readable text', async () => {
    const r = ok(await rt.run('[{ epoch: 1, loss: 0.5 }, { epoch: 2, loss: 0.25 }]'));
    expect(r.output).toEqual({ kind: 'table', columns: ['epoch', 'loss'], rows: [[1, 0.5], [2, 0.25]] });
    expect(ok(await rt.run('({ a: [1, 2], b: "x", m: new Map([[1, 2]]) })')).output).toEqual({
      kind: 'text',
      text: '{ a: [1, 2], b: "x", m: Map(1) {1 => 2} }',
    });
  });
});

describe('outputs stream while the cell runs', () => {
  test('console.log/info/warn/error arrive in order, before the result', async () => {
    const events: string[] = [];
    const rt = runtime({ onLog: ({ level, text }) => events.push(`${level}:${text}`) });
    const r = await rt.run('console.log("a", 1, [2]); console.info("b"); console.warn("c"); console.error(new Error("d").message); "done"');
    events.push('result');
    expect(ok(r).value).toBe('done');
    expect(events).toEqual(['log:a 1 [2]', 'info:b', 'warn:c', 'error:d', 'result']);
  });

  test('display: tables, charts (live), scatter, heatmap, progress, metrics', async () => {
    const outputs: { output: Output; key?: string }[] = [];
    const metrics: unknown[] = [];
    const rt = runtime({ onMetrics: (m) => metrics.push(m) });
    ok(
      await rt.run(
        `display.table([{ a: 1 }]);
const chart = display.chart({ loss: [] }, { title: 'loss' });
for (let i = 0; i < 3; i++) { chart.append({ loss: 1 / (i + 1) }); await new Promise((r) => setTimeout(r, 120)); }
display.scatter(tp.tensor([[0, 1], [2, 3]]), { labels: [0, 1] });
display.heatmap([[1, 2], [3, 4]]);
display.progress(0.5, 'half');
display.metrics({ loss: 0.5 }, 1);`,
        { onOutput: (output, key) => outputs.push({ output, key }) },
      ),
    );
    expect(outputs[0]!.output).toEqual({ kind: 'table', columns: ['a'], rows: [[1]] });
    const charts = outputs.filter((o) => o.output.kind === 'chart');
    expect(new Set(charts.map((c) => c.key)).size).toBe(1);
    expect(charts.at(-1)!.output).toMatchObject({ title: 'loss', series: [{ name: 'loss', y: [1, 0.5, 1 / 3] }] });
    expect(outputs.find((o) => o.output.kind === 'scatter')!.output).toEqual({ kind: 'scatter', x: [0, 2], y: [1, 3], labels: [0, 1] });
    expect(outputs.find((o) => o.output.kind === 'heatmap')!.output).toEqual({ kind: 'heatmap', rows: 2, cols: 2, values: [1, 2, 3, 4] });
    expect(outputs.find((o) => o.output.kind === 'progress')).toEqual({ output: { kind: 'progress', text: `[${'='.repeat(15)}>${'.'.repeat(14)}] 50% half` }, key: 'progress' });
    expect(metrics).toEqual([{ run: 'train', step: 1, values: { loss: 0.5 }, runId: expect.any(Number) }]);
  });
});

describe('errors name the failing line of the cell', () => {
  const rt = runtime();

  test('a runtime error', async () => {
    const e = failed(await rt.run('const a = 1;\n\nnull.foo;\nconst b = 2;')).error;
    expect(e).toMatchObject({ name: 'TypeError', line: 3 });
  });

  test('a thrown error on the first line', async () => {
    expect(failed(await rt.run('throw new RangeError("bad")')).error).toMatchObject({ name: 'RangeError', message: 'bad', line: 1 });
  });

  test('a syntax error, with line and column', async () => {
    expect(failed(await rt.run('const ok = 1;\nconst = 2;')).error).toMatchObject({ name: 'SyntaxError', line: 2, column: 7 });
  });

  test('an engine error raised inside tp', async () => {
    const e = failed(await rt.run('const m = tp.tensor([[1, 2]]);\ntp.matMul(m, m)')).error;
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/matMul|shape/i);
  });

  test('an error in a function defined by an earlier cell names that cell', async () => {
    let defining = 0;
    ok(await rt.run('function boom() {\n  throw new Error("inner");\n}', { onStart: (id) => (defining = id) }));
    const e = failed(await rt.run('\nboom()')).error;
    expect(e).toMatchObject({ message: 'inner', line: 2, inRun: defining });
  });

  test('the kernel keeps its state after an error', async () => {
    expect(ok(await rt.run('a')).value).toBe(1);
  });
});

describe('interrupt and restart', () => {
  test('a loop that polls tp.worker.shouldStop() stops and the state is kept', async () => {
    const rt = runtime();
    ok(await rt.run('const kept = 42; let i = 0;'));
    const running = rt.run('while (!tp.worker.shouldStop()) i++;\ni');
    await new Promise((r) => setTimeout(r, 300));
    rt.interrupt();
    const r = ok(await running);
    expect(r.value as number).toBeGreaterThan(0);
    expect(ok(await rt.run('kept')).value).toBe(42);
  });

  test('a cell that awaits and throws on stop ends as interrupted', async () => {
    const rt = runtime();
    await rt.ready();
    const running = rt.run('for (;;) { await tp.worker.pause(); tp.worker.throwIfStopped(); }');
    await new Promise((r) => setTimeout(r, 200));
    rt.interrupt();
    const r = failed(await running);
    expect(r).toMatchObject({ interrupted: true, error: { name: 'InterruptedError' } });
    expect(r.reset).toBeUndefined();
  });

  test('a runaway loop is ended by restarting the kernel, and the caller is told', async () => {
    const resets: string[] = [];
    const rt = runtime({ interruptGraceMs: 300, onReset: (reason) => resets.push(reason) });
    ok(await rt.run('const before = 1;'));
    const running = rt.run('while (true) {}');
    const queued = rt.run('"never"');
    await new Promise((r) => setTimeout(r, 200));
    rt.interrupt();
    expect(failed(await queued)).toMatchObject({ interrupted: true });
    const r = failed(await running);
    expect(r).toMatchObject({ interrupted: true, reset: true });
    expect(resets).toHaveLength(1);
    expect(resets[0]).toMatch(/restarted/);
    expect(ok(await rt.run('typeof before')).value).toBe('undefined');
  });

  test('restart() clears the state', async () => {
    const resets: string[] = [];
    const rt = runtime({ onReset: (reason) => resets.push(reason) });
    ok(await rt.run('const gone = 1;'));
    await rt.restart();
    expect(resets).toHaveLength(1);
    expect(ok(await rt.run('typeof gone')).value).toBe('undefined');
  });

  test('running out of memory is reported and the runtime recovers', async () => {
    const resets: string[] = [];
    const rt = runtime({ memoryLimitMb: 64, onReset: (reason) => resets.push(reason) });
    const r = failed(await rt.run('const hog = []; for (;;) hog.push(new Array(1e5).fill(Math.random()));'));
    expect(r.reset).toBe(true);
    expect(r.error.message).toMatch(/memory/);
    expect(resets[0]).toMatch(/crashed/);
    expect(ok(await rt.run('1 + 1')).value).toBe(2);
  });
});

test('tp.worker.run runs a function off the main thread in one call', async () => {
  const logs: string[] = [];
  const r = await run(
    (tp: any) => {
      console.log('in worker');
      return tp.tensor([1, 2, 3]).sum().arraySync();
    },
    { workerUrl, onLog: ({ text }) => logs.push(text) },
  );
  expect(ok(r).value).toBe(6);
  expect(logs).toEqual(['in worker']);
});

describe('a worker that cannot start', () => {
  test('tp.worker.run fails with the URL it tried and the fix, not as cancelled', async () => {
    const missing = new URL('./no_such_worker.mjs', import.meta.url);
    const r = failed(await run('1 + 1', { workerUrl: missing }));
    expect(r.error.name).toBe('RuntimeError');
    expect(r.error.message).toContain(missing.href);
    expect(r.error.message).toContain("import 'tensorpad/worker'");
    expect(r.error.message).not.toMatch(/cancel|reset/i);
  });

  test('cells queued while it starts wait for the retries and all get the reason', async () => {
    const missing = new URL('./no_such_worker.mjs', import.meta.url);
    const rt = runtime({ workerUrl: missing });
    const results = await Promise.all([rt.run('1'), rt.run('2')]);
    for (const r of results) expect(failed(r).error.message).toContain(missing.href);
    await rt.ready();
    expect(rt.status).toBe('dead');
  });

  test('a custom spawn that fails reports its own reason', async () => {
    const r = failed(
      await run('1', {
        spawn: () => {
          throw new Error('no workers here');
        },
      }),
    );
    expect(r.error.message).toBe('the runtime could not start: no workers here; restart it to try again');
  });

  test('after giving up, restart() tries again and a working worker runs cells', async () => {
    let url = new URL('./no_such_worker.mjs', import.meta.url);
    const rt = runtime({
      spawn: (events) => {
        const w = new Worker(url);
        w.on('message', (m) => events.message(m));
        w.on('error', (e: Error) => events.error(e.message));
        return { post: (m, t) => w.postMessage(m, t as never), terminate: () => void w.terminate() };
      },
    });
    expect(failed(await rt.run('1')).error.message).toMatch(/^the runtime could not start: /);
    expect(rt.status).toBe('dead');
    url = workerUrl;
    await rt.restart();
    expect(ok(await rt.run('40 + 2')).value).toBe(42);
  });
});
