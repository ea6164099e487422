import { afterEach, describe, expect, test, vi } from 'vitest';
import { DataType, type SummaryEvent } from '../../../web/src/summary/event.ts';
import { decodeGraphDef } from '../../../web/src/summary/graph.ts';
import { readEventFile } from '../../../web/src/summary/reader.ts';
import { MemoryStorage, type LogdirStorage } from '../../../web/src/summary/storage.ts';
import * as summary from '../../../web/src/summary/index.ts';

afterEach(() => {
  summary.setStep(undefined);
});

async function eventsOf(storage: LogdirStorage, path: string): Promise<SummaryEvent[]> {
  const { events, problems } = readEventFile(await storage.read(path));
  expect(problems).toEqual([]);
  return events;
}

function newWriter(storage = new MemoryStorage(), options: summary.FileWriterOptions = {}) {
  return { storage, writer: summary.createFileWriter('logs/run', { storage, clock: () => 1000.5, ...options }) };
}

describe('scalar', () => {
  test('stores a rank-0 DT_FLOAT tensor with the scalars plugin', async () => {
    const { storage, writer } = newWriter();
    writer.scalar('a', 0.25, { step: 3, description: 'quarter' });
    writer.scalar('b', 1.5, { step: 4 });
    await writer.close();
    const [, a, b] = await eventsOf(storage, writer.path);
    expect(a!.step).toBe(3);
    expect(a!.summary![0]).toMatchObject({
      tag: 'a',
      tensor: { dtype: DataType.FLOAT, shape: [] },
      metadata: { pluginName: 'scalars', description: 'quarter' },
    });
    expect(summary.tensorNumbers(a!.summary![0]!.tensor!)).toEqual(Float64Array.of(0.25));
    expect(summary.tensorNumbers(b!.summary![0]!.tensor!)).toEqual(Float64Array.of(1.5));
  });

  test('rejects what is not a number', () => {
    const { writer } = newWriter();
    expect(() => writer.scalar('x', '1' as never, { step: 0 })).toThrow(/must be a number or a scalar tensor/);
  });
});

describe('step', () => {
  test('without step or default step: "step must be set"', () => {
    const { writer } = newWriter();
    expect(() => writer.scalar('x', 1)).toThrow(/step must be set/);
    expect(() => writer.histogram('x', [1])).toThrow(/step must be set/);
    expect(() => writer.text('x', 'hi')).toThrow(/step must be set/);
  });

  test('the experimental default step applies when none is passed', async () => {
    const { storage, writer } = newWriter();
    summary.experimental.setStep(17);
    expect(summary.experimental.getStep()).toBe(17);
    writer.scalar('x', 1);
    writer.scalar('y', 1, { step: 2 });
    await writer.close();
    const [, x, y] = await eventsOf(storage, writer.path);
    expect([x!.step, y!.step]).toEqual([17, 2]);
  });

  test('must be an integer; bigint, negative and large steps round-trip', async () => {
    const { storage, writer } = newWriter();
    expect(() => writer.scalar('x', 1, { step: 1.5 })).toThrow(/step must be an integer/);
    writer.scalar('x', 1, { step: 5n });
    writer.scalar('x', 1, { step: -3 });
    writer.scalar('x', 1, { step: 2 ** 40 + 1 });
    await writer.close();
    const steps = (await eventsOf(storage, writer.path)).slice(1).map((e) => e.step);
    expect(steps).toEqual([5, -3, 2 ** 40 + 1]);
  });
});

describe('histogram', () => {
  test('a [k,3] DT_DOUBLE tensor with the histograms plugin, from an array, typed array or nested arrays', async () => {
    const { storage, writer } = newWriter();
    writer.histogram('w', Float32Array.of(0, 1, 1, 2), { step: 0, buckets: 2 });
    writer.histogram('v', [[5, 5], [5, 5]], { step: 1 });
    await writer.close();
    const [, w, v] = await eventsOf(storage, writer.path);
    const wt = w!.summary![0]!;
    expect(wt.metadata).toEqual({ pluginName: 'histograms' });
    expect(wt.tensor).toMatchObject({ dtype: DataType.DOUBLE, shape: [2, 3] });
    expect([...summary.tensorNumbers(wt.tensor!)!]).toEqual([0, 1, 1, 1, 2, 3]);
    expect(v!.summary![0]!.tensor!.shape).toEqual([1, 3]);
    expect([...summary.tensorNumbers(v!.summary![0]!.tensor!)!]).toEqual([4.5, 5.5, 4]);
  });
});

describe('text', () => {
  test('a DT_STRING tensor in string_val with the text plugin; arrays keep their shape', async () => {
    const { storage, writer } = newWriter();
    writer.text('notes', 'héllo **md**', { step: 0 });
    writer.text('table', [['a', 'b'], ['c', 'd']], { step: 1 });
    await writer.close();
    const [, one, table] = await eventsOf(storage, writer.path);
    const t = one!.summary![0]!;
    expect(t.metadata).toEqual({ pluginName: 'text' });
    expect(t.tensor!.dtype).toBe(DataType.STRING);
    expect(t.tensor!.content).toBeUndefined();
    expect(summary.tensorStrings(t.tensor!)).toEqual(['héllo **md**']);
    expect(table!.summary![0]!.tensor!.shape).toEqual([2, 2]);
    expect(summary.tensorStrings(table!.summary![0]!.tensor!)).toEqual(['a', 'b', 'c', 'd']);
  });

  test('ragged arrays are refused', () => {
    const { writer } = newWriter();
    expect(() => writer.text('t', [['a'], ['b', 'c']], { step: 0 })).toThrow(/rectangular/);
  });
});

describe('graph', () => {
  test('writes Event.graph_def at step 0 from node objects or from GraphDef bytes', async () => {
    const { storage, writer } = newWriter();
    const g: summary.GraphDefData = {
      nodes: [
        { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'float32' }, shape: { shape: [-1, 4] } } },
        { name: 'dense/kernel', op: 'VarHandleOp', attr: { units: 3, rate: 0.5, name: 'k', trainable: true } },
        { name: 'dense/MatMul', op: 'MatMul', inputs: ['x', 'dense/kernel', '^x'] },
      ],
      versions: { producer: 27 },
    };
    writer.graph(g);
    writer.graph(summary.encodeGraphDef({ nodes: [{ name: 'only', op: 'NoOp' }] }));
    await writer.close();
    const [, e1, e2] = await eventsOf(storage, writer.path);
    expect(e1!.step).toBe(0);
    const back = decodeGraphDef(e1!.graphDef!);
    expect(back.nodes.map((n) => [n.name, n.op, n.inputs])).toEqual([
      ['x', 'Placeholder', []],
      ['dense/kernel', 'VarHandleOp', []],
      ['dense/MatMul', 'MatMul', ['x', 'dense/kernel', '^x']],
    ]);
    expect(back.nodes[0]!.attr).toEqual({ dtype: { type: 'float32' }, shape: { shape: [-1, 4] } });
    expect(back.nodes[1]!.attr).toEqual({ units: { i: 3 }, rate: { f: 0.5 }, name: { s: 'k' }, trainable: { b: true } });
    expect(back.versions).toEqual({ producer: 27 });
    expect(decodeGraphDef(e2!.graphDef!).nodes[0]!.name).toBe('only');
  });

  test('refuses bytes that are not a GraphDef and objects without nodes', () => {
    const { writer } = newWriter();
    expect(() => writer.graph(Uint8Array.of(0x0a, 0x05, 1))).toThrow();
    expect(() => writer.graph({} as never)).toThrow(/nodes/);
  });
});

describe('default writer', () => {
  test('without one, tp.summary.scalar & co return false and write nothing', () => {
    expect(summary.getDefaultWriter()).toBeNull();
    expect(summary.scalar('x', 1, { step: 0 })).toBe(false);
    expect(summary.histogram('x', [1], { step: 0 })).toBe(false);
    expect(summary.text('x', 'a', { step: 0 })).toBe(false);
    expect(summary.graph({ nodes: [] })).toBe(false);
  });

  test('asDefault routes module-level calls, nests, and restores after a sync block', async () => {
    const a = newWriter();
    const b = newWriter(a.storage);
    a.writer.asDefault(() => {
      expect(summary.scalar('in_a', 1, { step: 0 })).toBe(true);
      b.writer.asDefault(() => summary.scalar('in_b', 2, { step: 0 }));
      summary.scalar('in_a_again', 3, { step: 0 });
    });
    expect(summary.getDefaultWriter()).toBeNull();
    await Promise.all([a.writer.close(), b.writer.close()]);
    const tags = async (w: summary.SummaryWriter) => (await eventsOf(a.storage, w.path)).flatMap((e) => e.summary?.map((v) => v.tag) ?? []);
    expect(await tags(a.writer)).toEqual(['in_a', 'in_a_again']);
    expect(await tags(b.writer)).toEqual(['in_b']);
  });

  test('asDefault keeps the writer default until an async block settles, and sets its step', async () => {
    const { storage, writer } = newWriter();
    const result = writer.asDefault(
      async () => {
        await new Promise((r) => setTimeout(r, 5));
        summary.scalar('later', 1);
        return 'done';
      },
      { step: 9 },
    );
    expect(summary.getDefaultWriter()).toBe(writer);
    expect(await result).toBe('done');
    expect(summary.getDefaultWriter()).toBeNull();
    expect(summary.experimental.getStep()).toBeUndefined();
    await writer.close();
    expect((await eventsOf(storage, writer.path))[1]!.step).toBe(9);
  });

  test('asDefault restores the default when the block throws', () => {
    const { writer } = newWriter();
    expect(() => writer.asDefault(() => {
      throw new Error('boom');
    })).toThrow('boom');
    expect(summary.getDefaultWriter()).toBeNull();
  });

  test('setAsDefault makes it the default until closed', async () => {
    const { writer } = newWriter();
    writer.setAsDefault();
    expect(summary.scalar('x', 1, { step: 0 })).toBe(true);
    await writer.close();
    expect(summary.getDefaultWriter()).toBeNull();
  });
});

describe('queue and flushing', () => {
  test('the file exists with its file_version event right after creation', async () => {
    const { storage, writer } = newWriter();
    await writer.flush();
    const events = await eventsOf(storage, writer.path);
    expect(events).toEqual([{ wallTime: 1000.5, step: 0, fileVersion: 'brain.Event:2' }]);
    await writer.close();
  });

  test('maxQueue events trigger a write without flush()', async () => {
    const { storage, writer } = newWriter(undefined, { maxQueue: 3, flushMillis: 1e9 });
    await writer.flush();
    writer.scalar('x', 1, { step: 0 });
    writer.scalar('x', 2, { step: 1 });
    await new Promise((r) => setTimeout(r, 5));
    expect(await eventsOf(storage, writer.path)).toHaveLength(1);
    writer.scalar('x', 3, { step: 2 });
    await vi.waitFor(async () => expect(await eventsOf(storage, writer.path)).toHaveLength(4));
    await writer.close();
  });

  test('flushMillis bounds how long an event waits', async () => {
    const { storage, writer } = newWriter(undefined, { flushMillis: 20 });
    await writer.flush();
    writer.scalar('x', 1, { step: 0 });
    await vi.waitFor(async () => expect(await eventsOf(storage, writer.path)).toHaveLength(2), { timeout: 2000 });
    await writer.close();
  });

  test('a closed writer refuses summaries; closing twice is harmless', async () => {
    const { writer } = newWriter();
    await writer.close();
    await writer.close();
    expect(writer.isClosed).toBe(true);
    expect(() => writer.scalar('x', 1, { step: 0 })).toThrow(/closed/);
    expect(() => writer.asDefault(() => 0)).toThrow(/closed/);
  });

  test('a failing storage rejects flush() and reports through onError once', async () => {
    const broken: LogdirStorage = {
      append: () => Promise.reject(new Error('disk full')),
      read: () => Promise.reject(new Error('nope')),
      list: async () => [],
      remove: async () => undefined,
    };
    const onError = vi.fn();
    const writer = summary.createFileWriter('logs/x', { storage: broken, onError });
    writer.scalar('x', 1, { step: 0 });
    await expect(writer.flush()).rejects.toThrow('disk full');
    expect(onError).toHaveBeenCalledTimes(1);
  });

  test('onEvent listeners see each event as it is queued', async () => {
    const { writer } = newWriter();
    const seen: SummaryEvent[] = [];
    const stop = writer.onEvent((e) => seen.push(e));
    writer.scalar('x', 1, { step: 0 });
    stop();
    writer.scalar('x', 2, { step: 1 });
    expect(seen.map((e) => e.summary![0]!.tag)).toEqual(['x']);
    await writer.close();
  });
});

describe("TF.js-node's positional step", () => {
  test('scalar(name, value, step, description), histogram(name, data, step, buckets), text(name, data, step)', async () => {
    const { storage, writer } = newWriter();
    writer.scalar('loss', 0.5, 7, 'half');
    writer.scalar('loss', 0.25, 8n);
    writer.histogram('w', [0, 1, 2, 3], 9, 2);
    writer.text('t', 'hi', 10);
    await writer.close();
    const [, a, b, h, t] = await eventsOf(storage, writer.path);
    expect([a!.step, b!.step, h!.step, t!.step]).toEqual([7, 8, 9, 10]);
    expect(a!.summary![0]!.metadata).toMatchObject({ description: 'half' });
    expect(summary.tensorNumbers(b!.summary![0]!.tensor!)).toEqual(Float64Array.of(0.25));
    // Two buckets asked for: two (left, right, count) rows.
    expect(h!.summary![0]!.tensor!.shape).toEqual([2, 3]);
  });

  test('a bad positional step is refused like an options step', () => {
    const { writer } = newWriter();
    expect(() => writer.scalar('x', 1, 1.5)).toThrow(/step must be an integer, got 1.5/);
  });
});
