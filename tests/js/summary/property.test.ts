// 10,000 random and corrupted event files through the reader: it must never throw or hang, must
// only ever return records that were really written (CRCs guard that), and must return all of them
// from an intact file, whatever the chunking.
import { expect, test } from 'vitest';
import { maskedCrc32c } from '../../../web/src/summary/crc32c.ts';
import { encodeEvent, type SummaryEvent } from '../../../web/src/summary/event.ts';
import { encodeGraphDef } from '../../../web/src/summary/graph.ts';
import { EventAccumulator } from '../../../web/src/summary/loader.ts';
import { EventFileReader } from '../../../web/src/summary/reader.ts';
import { encodeRecord, RecordReader } from '../../../web/src/summary/tfrecord.ts';
import { rng } from '../support/rng.ts';

const FILES = 10_000;
// A hang detector, not a speed test: files take well under a millisecond; a loaded CI machine may
// stall a few for a while, a reader that loops never returns.
const MAX_MS_PER_FILE = 5_000;

function randomEvent(r: () => number, step: number): SummaryEvent {
  const kind = Math.floor(r() * 5);
  const wallTime = 1.7e9 + step;
  switch (kind) {
    case 0:
      return { wallTime, step, summary: [{ tag: 'loss', simpleValue: r() }] };
    case 1: {
      const content = new Uint8Array(4);
      new DataView(content.buffer).setFloat32(0, r(), true);
      return { wallTime, step, summary: [{ tag: 'acc', tensor: { dtype: 1, shape: [], content }, metadata: { pluginName: 'scalars' } }] };
    }
    case 2: {
      const k = Math.floor(r() * 5);
      const content = new Uint8Array(k * 24);
      for (let i = 0; i < content.length; i++) content[i] = Math.floor(r() * 256);
      return { wallTime, step, summary: [{ tag: 'w', tensor: { dtype: 2, shape: [k, 3], content }, metadata: { pluginName: 'histograms' } }] };
    }
    case 3:
      return { wallTime, step, summary: [{ tag: 't', tensor: { dtype: 7, shape: [], stringVal: [new TextEncoder().encode('x'.repeat(Math.floor(r() * 40)))] }, metadata: { pluginName: 'text' } }] };
    default:
      return { wallTime, step, graphDef: encodeGraphDef({ nodes: [{ name: `n${step}`, op: 'Op', inputs: ['a', '^b'] }] }) };
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

type Mutation = 'none' | 'random' | 'flip' | 'truncate' | 'absurd' | 'junk' | 'zeros';
const MUTATIONS: Mutation[] = ['none', 'random', 'flip', 'truncate', 'absurd', 'junk', 'zeros'];

function mutate(r: () => number, data: Uint8Array, m: Mutation): Uint8Array {
  switch (m) {
    case 'none':
      return data;
    case 'random':
      return Uint8Array.from({ length: Math.floor(r() * 2000) }, () => Math.floor(r() * 256));
    case 'flip': {
      const out = data.slice();
      const flips = 1 + Math.floor(r() * 8);
      for (let i = 0; i < flips && out.length > 0; i++) out[Math.floor(r() * out.length)]! ^= 1 << Math.floor(r() * 8);
      return out;
    }
    case 'truncate':
      return data.slice(0, Math.floor(r() * data.length));
    case 'absurd': {
      // A header with a valid length CRC and a huge length (2^32..2^60), spliced in.
      const h = new Uint8Array(12);
      const dv = new DataView(h.buffer);
      dv.setUint32(0, Math.floor(r() * 2 ** 32), true);
      dv.setUint32(4, 1 + Math.floor(r() * 2 ** 28), true);
      dv.setUint32(8, maskedCrc32c(h, 0, 8), true);
      const at = Math.floor(r() * (data.length + 1));
      return concat([data.subarray(0, at), h, data.subarray(at)]);
    }
    case 'junk': {
      const junk = Uint8Array.from({ length: 1 + Math.floor(r() * 64) }, () => Math.floor(r() * 256));
      const at = Math.floor(r() * (data.length + 1));
      return concat([data.subarray(0, at), junk, data.subarray(at)]);
    }
    case 'zeros':
      return new Uint8Array(Math.floor(r() * 100));
  }
}

test(`${FILES} random and corrupted files never crash or hang the reader`, () => {
  const r = rng(20240601);
  const counts: Record<Mutation, number> = { none: 0, random: 0, flip: 0, truncate: 0, absurd: 0, junk: 0, zeros: 0 };
  let slowest = 0;
  let recovered = 0;
  for (let f = 0; f < FILES; f++) {
    const events = Array.from({ length: Math.floor(r() * 12) }, (_, i) => randomEvent(r, i));
    const records = events.map((e) => encodeEvent(e));
    const written = new Set(records.map(hex));
    const m = MUTATIONS[Math.floor(r() * MUTATIONS.length)]!;
    counts[m]++;
    const data = mutate(r, concat(records.map(encodeRecord)), m);

    const t0 = performance.now();
    // Records, in random chunks, then finish().
    const reader = new RecordReader();
    const got: Uint8Array[] = [];
    for (let i = 0; i < data.length; ) {
      const n = 1 + Math.floor(r() * 300);
      got.push(...reader.push(data.subarray(i, i + n)).records);
      i += n;
    }
    got.push(...reader.finish().records);
    // Events, through the accumulator, in one push.
    const er = new EventFileReader();
    const acc = new EventAccumulator();
    acc.addAll('run', er.push(data).events);
    acc.addAll('run', er.finish().events);
    acc.takeChanges();
    const ms = performance.now() - t0;
    slowest = Math.max(slowest, ms);
    expect(ms, `file ${f} (${m}, ${data.length} bytes) took ${ms} ms`).toBeLessThan(MAX_MS_PER_FILE);

    for (const rec of got) expect(written.has(hex(rec)), `file ${f} (${m}) returned a record never written`).toBe(true);
    if (m === 'none') expect(got.map(hex)).toEqual(records.map(hex));
    if (m === 'truncate') expect(got.map(hex)).toEqual(records.slice(0, got.length).map(hex));
    // Spliced into a record, the extra bytes cost that record only; the reader resynchronises.
    if (m === 'absurd' || m === 'junk') expect(got.length).toBeGreaterThanOrEqual(records.length - 1);
    recovered += got.length;
  }
  for (const m of MUTATIONS) expect(counts[m]).toBeGreaterThan(FILES / MUTATIONS.length / 2);
  expect(recovered).toBeGreaterThan(FILES); // most intact records are found again
  console.log(`property test: ${FILES} files, ${recovered} records recovered, slowest file ${slowest.toFixed(1)} ms`);
}, 120_000);
