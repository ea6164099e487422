// Records with valid CRCs whose tensors declare shapes far larger than their payload: the reader
// must do work bounded by the bytes present, skip such values, report them, and never throw.
// Every record is built byte by byte from the .proto field numbers (hand_proto.ts).
import { describe, expect, test } from 'vitest';
import { tensorNumbers, tensorStrings } from '../../../web/src/summary/event.ts';
import { loadLogdir } from '../../../web/src/summary/loader.ts';
import { MemoryStorage } from '../../../web/src/summary/storage.ts';
import { bytes, fieldBytes, fieldDouble, fieldFloat, fieldString, fieldVarint, record } from './hand_proto.ts';

const FLOAT = 1;
const STRING = 7;

function shapeProto(shape: number[]): number[] {
  return shape.flatMap((d) => fieldBytes(2, fieldVarint(1, d)));
}

/** Event{wall_time, step, summary{value{tag, metadata{plugin_data{plugin_name}}, tensor}}}. */
function tensorEvent(step: number, tag: string, plugin: string, tensor: number[]): number[] {
  const value = [...fieldString(1, tag), ...fieldBytes(9, fieldBytes(1, fieldString(1, plugin))), ...fieldBytes(8, tensor)];
  return [...fieldDouble(1, 1_700_000_000), ...fieldVarint(2, step), ...fieldBytes(5, fieldBytes(1, value))];
}

function floatTensor(shape: number[], values: number[]): number[] {
  const packed = bytes(...values.map((v) => fieldFloat(0, v).slice(1))); // fixed32 bodies
  return [...fieldVarint(1, FLOAT), ...fieldBytes(2, shapeProto(shape)), ...fieldBytes(5, packed)];
}

function stringTensor(shape: number[], values: string[]): number[] {
  return [...fieldVarint(1, STRING), ...fieldBytes(2, shapeProto(shape)), ...values.flatMap((s) => fieldString(8, s))];
}

async function load(events: number[][]) {
  const storage = new MemoryStorage();
  const file = bytes(record(fieldString(3, 'brain.Event:2')), ...events.map((e) => record(e)));
  await storage.append('logs/events.out.tfevents.1', file);
  return (await loadLogdir(storage, 'logs')).runs['.']!;
}

describe('hostile declared shapes', () => {
  test('a ~40-byte histogram record declaring [89478485, 3] is skipped and reported', async () => {
    const hostile = tensorEvent(1, 'w', 'histograms', floatTensor([89478485, 3], [1]));
    expect(hostile.length).toBeLessThan(60);
    const good = tensorEvent(2, 'w', 'histograms', floatTensor([1, 3], [0, 1, 5]));
    const run = await load([hostile, good]);
    expect(run.histograms.w).toEqual([{ wallTime: 1_700_000_000, step: 2, buckets: [[0, 1, 5]] }]);
    expect(run.problems).toEqual([
      expect.objectContaining({ kind: 'bad-event', path: 'logs/events.out.tfevents.1', message: expect.stringMatching(/step 1, tag 'w'.*\[89478485,3\]/) }),
    ]);
  });

  test('scalar records declaring [2**28] are skipped without allocating', async () => {
    const events = Array.from({ length: 20 }, (_, i) => tensorEvent(i, 'loss', 'scalars', floatTensor([2 ** 28], [0.5])));
    events.push(tensorEvent(20, 'loss', 'scalars', floatTensor([], [0.25])));
    const run = await load(events);
    expect(run.scalars.loss).toEqual([{ wallTime: 1_700_000_000, step: 20, value: 0.25 }]);
    expect(run.problems).toHaveLength(20);
    expect(run.problems[0]!.message).toMatch(/scalars tensor of declared shape \[268435456\]/);
  });

  test('a text record declaring [2**20] is reported, not thrown out of loadLogdir', async () => {
    const long = 'x'.repeat(1000);
    const run = await load([tensorEvent(0, 'notes', 'text', stringTensor([2 ** 20], [long])), tensorEvent(1, 'notes', 'text', stringTensor([2], ['a', 'b']))]);
    expect(run.texts.notes!.map((p) => [p.step, p.text])).toEqual([[1, 'a\nb']]);
    expect(run.problems).toEqual([expect.objectContaining({ kind: 'bad-event', message: expect.stringMatching(/text tensor of declared shape \[1048576\]/) })]);
  });

  test('negative and overflowing declared dimensions are rejected', async () => {
    // Two -1 dims multiply to 1: a scalar check on the product alone would accept them.
    const run = await load([
      tensorEvent(0, 's', 'scalars', floatTensor([-1, -1], [3])),
      tensorEvent(1, 'h', 'histograms', floatTensor([2 ** 53, 3], [1])),
    ]);
    expect(run.scalars.s ?? []).toEqual([]);
    expect(run.histograms.h ?? []).toEqual([]);
    expect(run.problems).toHaveLength(2);
  });
});

describe('tensorNumbers / tensorStrings bound their allocation by the payload', () => {
  test('a single value fills small shapes (TensorFlow semantics) but not huge ones', () => {
    expect(Array.from(tensorNumbers({ dtype: FLOAT, shape: [2, 2], floatVal: [7] })!)).toEqual([7, 7, 7, 7]);
    expect(tensorNumbers({ dtype: FLOAT, shape: [2 ** 28], floatVal: [7] })).toBeNull();
    expect(tensorNumbers({ dtype: FLOAT, shape: [3], floatVal: [1, 2] })).toBeNull();
    expect(tensorNumbers({ dtype: FLOAT, shape: [2 ** 28], content: new Uint8Array(8) })).toBeNull();
    expect(tensorStrings({ dtype: STRING, shape: [3], stringVal: [new TextEncoder().encode('a')] })).toEqual(['a', 'a', 'a']);
    expect(tensorStrings({ dtype: STRING, shape: [2 ** 20], stringVal: [new Uint8Array(1000)] })).toBeNull();
    expect(tensorStrings({ dtype: STRING, shape: [-2], stringVal: [] })).toBeNull();
  });
});
