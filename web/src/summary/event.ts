// The messages of an event file (tensorflow/core/util/event.proto, framework/summary.proto,
// tensor.proto, tensor_shape.proto), as plain objects, with their encoder and decoder.
// Field numbers, from the .proto files:
//   Event           wall_time 1 (double), step 2 (int64), file_version 3, graph_def 4, summary 5,
//                   session_log 7
//   Summary         value 1 (repeated)
//   Summary.Value   tag 1, simple_value 2 (float), histo 5, tensor 8, metadata 9
//   SummaryMetadata plugin_data 1 = PluginData{plugin_name 1, content 2}, display_name 2,
//                   summary_description 3
//   TensorProto     dtype 1, tensor_shape 2, tensor_content 4, float_val 5, double_val 6,
//                   int_val 7, string_val 8, int64_val 10, bool_val 11, half_val 13
//   TensorShapeProto dim 2 = Dim{size 1}
//   HistogramProto  min 1, max 2, num 3, sum 4, sum_squares 5, bucket_limit 6, bucket 7
//   SessionLog      status 1, checkpoint_path 2, msg 3
import { expectWire, ProtoReader, ProtoWriter, readFields, Wire } from './proto.js';

/** TensorFlow DataType enum values used in summaries (tensorflow/core/framework/types.proto). */
export const DataType = {
  FLOAT: 1,
  DOUBLE: 2,
  INT32: 3,
  UINT8: 4,
  INT16: 5,
  INT8: 6,
  STRING: 7,
  INT64: 9,
  BOOL: 10,
  HALF: 19,
} as const;

/** "brain.Event:2": the file_version of the first event of every file. */
export const FILE_VERSION = 'brain.Event:2';

/** A TensorProto. Only the fields summaries use are kept. */
export interface TensorProto {
  dtype: number;
  shape: number[];
  /** Raw little-endian element bytes (TF2's summary writer uses this for numeric tensors). */
  content?: Uint8Array;
  floatVal?: number[];
  doubleVal?: number[];
  intVal?: number[];
  int64Val?: number[];
  boolVal?: number[];
  halfVal?: number[];
  stringVal?: Uint8Array[];
}

export interface SummaryMetadata {
  pluginName?: string;
  pluginContent?: Uint8Array;
  displayName?: string;
  description?: string;
}

/** The legacy histogram of TF1 (`Summary.Value.histo`). */
export interface HistogramProto {
  min: number;
  max: number;
  num: number;
  sum: number;
  sumSquares: number;
  bucketLimit: number[];
  bucket: number[];
}

export interface SummaryValue {
  tag: string;
  metadata?: SummaryMetadata;
  /** TF1 scalars. */
  simpleValue?: number;
  /** TF1 histograms. */
  histo?: HistogramProto;
  /** TF2 summaries of every kind. */
  tensor?: TensorProto;
}

export interface SessionLog {
  /** 1 = START, 2 = STOP, 3 = CHECKPOINT. */
  status: number;
  checkpointPath?: string;
  msg?: string;
}

/** One Event of an event file. */
export interface SummaryEvent {
  /** Seconds since the Unix epoch. */
  wallTime: number;
  step: number;
  fileVersion?: string;
  /** A serialized GraphDef. */
  graphDef?: Uint8Array;
  summary?: SummaryValue[];
  sessionLog?: SessionLog;
}

// ---------------------------------------------------------------------------------------------
// Encoding

function writeShape(w: ProtoWriter, shape: readonly number[]): void {
  for (const size of shape)
    w.message(2, (d) => {
      if (size !== 0) d.varint(1, size);
    });
}

function writeTensor(w: ProtoWriter, t: TensorProto): void {
  if (t.dtype !== 0) w.varint(1, t.dtype);
  w.message(2, (s) => writeShape(s, t.shape));
  if (t.content && t.content.length > 0) w.bytes(4, t.content);
  if (t.floatVal && t.floatVal.length > 0) {
    const b = new Uint8Array(t.floatVal.length * 4);
    const dv = new DataView(b.buffer);
    t.floatVal.forEach((v, i) => dv.setFloat32(i * 4, v, true));
    w.bytes(5, b);
  }
  if (t.doubleVal) w.packedDoubles(6, t.doubleVal);
  for (const s of t.stringVal ?? []) w.bytes(8, s);
}

function writeMetadata(w: ProtoWriter, m: SummaryMetadata): void {
  if (m.pluginName !== undefined || m.pluginContent !== undefined) {
    w.message(1, (p) => {
      if (m.pluginName) p.string(1, m.pluginName);
      if (m.pluginContent && m.pluginContent.length > 0) p.bytes(2, m.pluginContent);
    });
  }
  if (m.displayName) w.string(2, m.displayName);
  if (m.description) w.string(3, m.description);
}

function writeHisto(w: ProtoWriter, h: HistogramProto): void {
  if (h.min !== 0) w.double(1, h.min);
  if (h.max !== 0) w.double(2, h.max);
  if (h.num !== 0) w.double(3, h.num);
  if (h.sum !== 0) w.double(4, h.sum);
  if (h.sumSquares !== 0) w.double(5, h.sumSquares);
  w.packedDoubles(6, h.bucketLimit);
  w.packedDoubles(7, h.bucket);
}

function writeValue(w: ProtoWriter, v: SummaryValue): void {
  // Field-number order, as protobuf's serializers emit it.
  if (v.tag) w.string(1, v.tag);
  if (v.simpleValue !== undefined) w.float(2, v.simpleValue);
  if (v.histo) w.message(5, (h) => writeHisto(h, v.histo!));
  if (v.tensor) w.message(8, (t) => writeTensor(t, v.tensor!));
  if (v.metadata) w.message(9, (m) => writeMetadata(m, v.metadata!));
}

/**
 * Serializes an Event message (proto3: zero and empty fields are omitted).
 *
 * @example
 * const bytes = tp.summary.encodeEvent({ wallTime: 1700000000, step: 0, fileVersion: 'brain.Event:2' });
 */
export function encodeEvent(e: SummaryEvent): Uint8Array {
  const w = new ProtoWriter();
  if (e.wallTime !== 0) w.double(1, e.wallTime);
  if (e.step !== 0) w.varint(2, e.step);
  if (e.fileVersion !== undefined) w.string(3, e.fileVersion);
  if (e.graphDef !== undefined) w.bytes(4, e.graphDef);
  if (e.summary !== undefined) w.message(5, (s) => e.summary!.forEach((v) => s.message(1, (vw) => writeValue(vw, v))));
  if (e.sessionLog !== undefined) {
    const log = e.sessionLog;
    w.message(7, (s) => {
      if (log.status) s.varint(1, log.status);
      if (log.checkpointPath) s.string(2, log.checkpointPath);
      if (log.msg) s.string(3, log.msg);
    });
  }
  return w.finish();
}

// ---------------------------------------------------------------------------------------------
// Decoding

function readDims(r: ProtoReader): number[] {
  const shape: number[] = [];
  readFields(r, (k) => {
    if (k.field !== 2) return false;
    expectWire(k, Wire.Bytes, 'TensorShapeProto.dim');
    const d = r.message();
    let size = 0;
    readFields(d, (f) => {
      if (f.field !== 1) return false;
      expectWire(f, Wire.Varint, 'Dim.size');
      size = d.int();
      return true;
    });
    shape.push(size);
    return true;
  });
  return shape;
}

function readTensor(r: ProtoReader): TensorProto {
  const t: TensorProto = { dtype: 0, shape: [] };
  readFields(r, (k) => {
    switch (k.field) {
      case 1:
        expectWire(k, Wire.Varint, 'TensorProto.dtype');
        t.dtype = r.int();
        return true;
      case 2:
        expectWire(k, Wire.Bytes, 'TensorProto.tensor_shape');
        t.shape = readDims(r.message());
        return true;
      case 4:
        expectWire(k, Wire.Bytes, 'TensorProto.tensor_content');
        t.content = r.bytes();
        return true;
      case 5:
        r.floats(k.wire, (t.floatVal ??= []));
        return true;
      case 6:
        r.doubles(k.wire, (t.doubleVal ??= []));
        return true;
      case 7:
        r.ints(k.wire, (t.intVal ??= []));
        return true;
      case 8:
        expectWire(k, Wire.Bytes, 'TensorProto.string_val');
        (t.stringVal ??= []).push(r.bytes());
        return true;
      case 10:
        r.ints(k.wire, (t.int64Val ??= []));
        return true;
      case 11:
        r.ints(k.wire, (t.boolVal ??= []));
        return true;
      case 13:
        r.ints(k.wire, (t.halfVal ??= []));
        return true;
      default:
        return false;
    }
  });
  return t;
}

function readMetadata(r: ProtoReader): SummaryMetadata {
  const m: SummaryMetadata = {};
  readFields(r, (k) => {
    switch (k.field) {
      case 1: {
        expectWire(k, Wire.Bytes, 'SummaryMetadata.plugin_data');
        const p = r.message();
        readFields(p, (f) => {
          if (f.field === 1) m.pluginName = (expectWire(f, Wire.Bytes, 'PluginData.plugin_name'), p.string());
          else if (f.field === 2) m.pluginContent = (expectWire(f, Wire.Bytes, 'PluginData.content'), p.bytes());
          else return false;
          return true;
        });
        m.pluginName ??= '';
        return true;
      }
      case 2:
        expectWire(k, Wire.Bytes, 'SummaryMetadata.display_name');
        m.displayName = r.string();
        return true;
      case 3:
        expectWire(k, Wire.Bytes, 'SummaryMetadata.summary_description');
        m.description = r.string();
        return true;
      default:
        return false;
    }
  });
  return m;
}

function readHisto(r: ProtoReader): HistogramProto {
  const h: HistogramProto = { min: 0, max: 0, num: 0, sum: 0, sumSquares: 0, bucketLimit: [], bucket: [] };
  const scalarFields = ['min', 'max', 'num', 'sum', 'sumSquares'] as const;
  readFields(r, (k) => {
    if (k.field >= 1 && k.field <= 5) {
      expectWire(k, Wire.Fixed64, 'HistogramProto');
      h[scalarFields[k.field - 1]!] = r.double();
      return true;
    }
    if (k.field === 6) r.doubles(k.wire, h.bucketLimit);
    else if (k.field === 7) r.doubles(k.wire, h.bucket);
    else return false;
    return true;
  });
  return h;
}

function readValue(r: ProtoReader): SummaryValue {
  const v: SummaryValue = { tag: '' };
  readFields(r, (k) => {
    switch (k.field) {
      case 1:
        expectWire(k, Wire.Bytes, 'Value.tag');
        v.tag = r.string();
        return true;
      case 2:
        expectWire(k, Wire.Fixed32, 'Value.simple_value');
        v.simpleValue = r.float();
        return true;
      case 5:
        expectWire(k, Wire.Bytes, 'Value.histo');
        v.histo = readHisto(r.message());
        return true;
      case 8:
        expectWire(k, Wire.Bytes, 'Value.tensor');
        v.tensor = readTensor(r.message());
        return true;
      case 9:
        expectWire(k, Wire.Bytes, 'Value.metadata');
        v.metadata = readMetadata(r.message());
        return true;
      default:
        return false; // images, audio, node_name: not shown by this dashboard
    }
  });
  return v;
}

function readSessionLog(r: ProtoReader): SessionLog {
  const s: SessionLog = { status: 0 };
  readFields(r, (k) => {
    if (k.field === 1) s.status = (expectWire(k, Wire.Varint, 'SessionLog.status'), r.int());
    else if (k.field === 2) s.checkpointPath = (expectWire(k, Wire.Bytes, 'SessionLog.checkpoint_path'), r.string());
    else if (k.field === 3) s.msg = (expectWire(k, Wire.Bytes, 'SessionLog.msg'), r.string());
    else return false;
    return true;
  });
  return s;
}

/**
 * Parses a serialized Event. Throws ProtoError on malformed bytes.
 *
 * @example
 * const e = tp.summary.decodeEvent(tp.summary.encodeEvent({ wallTime: 1, step: 3 }));
 * console.log(e.step); // 3
 */
export function decodeEvent(bytes: Uint8Array): SummaryEvent {
  const e: SummaryEvent = { wallTime: 0, step: 0 };
  const r = new ProtoReader(bytes);
  readFields(r, (k) => {
    switch (k.field) {
      case 1:
        expectWire(k, Wire.Fixed64, 'Event.wall_time');
        e.wallTime = r.double();
        return true;
      case 2:
        expectWire(k, Wire.Varint, 'Event.step');
        e.step = r.int();
        return true;
      case 3:
        expectWire(k, Wire.Bytes, 'Event.file_version');
        e.fileVersion = r.string();
        return true;
      case 4:
        expectWire(k, Wire.Bytes, 'Event.graph_def');
        e.graphDef = r.bytes();
        return true;
      case 5: {
        expectWire(k, Wire.Bytes, 'Event.summary');
        const s = r.message();
        const values: SummaryValue[] = (e.summary ??= []);
        readFields(s, (f) => {
          if (f.field !== 1) return false;
          expectWire(f, Wire.Bytes, 'Summary.value');
          values.push(readValue(s.message()));
          return true;
        });
        return true;
      }
      case 7:
        expectWire(k, Wire.Bytes, 'Event.session_log');
        e.sessionLog = readSessionLog(r.message());
        return true;
      default:
        return false;
    }
  });
  return e;
}

// ---------------------------------------------------------------------------------------------
// Tensor values

const utf8Decoder = new TextDecoder('utf-8', { fatal: false });

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Number of elements of a shape (1 for a scalar). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Most elements a single `*_val` entry may fill. A record of a few bytes can declare any shape;
 * the reader allocates only what the payload accounts for, plus fills up to this size.
 */
export const MAX_FILL_ELEMENTS = 1 << 16;
/** Most characters a filled string tensor may expand to. */
const MAX_FILL_CHARS = 1 << 24;

/** Element count of a declared shape, or -1 unless every dimension is an integer >= 0. */
function declaredSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) return -1;
    n *= d;
  }
  return n;
}

const CONTENT_WIDTH: Record<number, number> = { 1: 4, 2: 8, 3: 4, 4: 1, 5: 2, 6: 1, 9: 8, 10: 1, 19: 2 };

/**
 * The numeric elements of a TensorProto as doubles, from tensor_content or the typed `*_val`
 * fields (a single `*_val` element fills the whole shape, as TensorFlow specifies, up to
 * MAX_FILL_ELEMENTS). Returns null for a non-numeric tensor or one whose declared shape the
 * payload does not account for; nothing is allocated before that check.
 *
 * @example
 * tp.summary.tensorNumbers({ dtype: 1, shape: [], floatVal: [0.5] }); // Float64Array [0.5]
 */
export function tensorNumbers(t: TensorProto): Float64Array | null {
  const n = declaredSize(t.shape);
  if (n < 0) return null;
  if (t.content && t.content.length > 0) {
    const c = t.content;
    const w = CONTENT_WIDTH[t.dtype];
    if (w === undefined || c.length !== n * w) return null;
    const dv = new DataView(c.buffer, c.byteOffset, c.byteLength);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const o = i * w;
      switch (t.dtype) {
        case DataType.FLOAT: out[i] = dv.getFloat32(o, true); break;
        case DataType.DOUBLE: out[i] = dv.getFloat64(o, true); break;
        case DataType.INT32: out[i] = dv.getInt32(o, true); break;
        case DataType.UINT8: case DataType.BOOL: out[i] = dv.getUint8(o); break;
        case DataType.INT16: out[i] = dv.getInt16(o, true); break;
        case DataType.INT8: out[i] = dv.getInt8(o); break;
        case DataType.INT64: out[i] = Number(dv.getBigInt64(o, true)); break;
        default: out[i] = halfToFloat(dv.getUint16(o, true)); break;
      }
    }
    return out;
  }
  let vals: number[] | undefined;
  switch (t.dtype) {
    case DataType.FLOAT: vals = t.floatVal; break;
    case DataType.DOUBLE: vals = t.doubleVal; break;
    case DataType.INT32: case DataType.INT16: case DataType.INT8: case DataType.UINT8: vals = t.intVal; break;
    case DataType.INT64: vals = t.int64Val; break;
    case DataType.BOOL: vals = t.boolVal; break;
    case DataType.HALF: vals = t.halfVal?.map(halfToFloat); break;
    default: return null;
  }
  vals ??= [];
  if (vals.length === n) return Float64Array.from(vals);
  if (vals.length === 1 && n <= MAX_FILL_ELEMENTS) return new Float64Array(n).fill(vals[0]!);
  return null;
}

/**
 * The string elements of a DT_STRING TensorProto, decoded as UTF-8; null for other dtypes and
 * for a declared shape the strings present do not account for (one string fills at most
 * MAX_FILL_ELEMENTS elements).
 *
 * @example
 * tp.summary.tensorStrings({ dtype: 7, shape: [], stringVal: [new TextEncoder().encode('hi')] }); // ['hi']
 */
export function tensorStrings(t: TensorProto): string[] | null {
  if (t.dtype !== DataType.STRING) return null;
  const n = declaredSize(t.shape);
  const raw = t.stringVal ?? [];
  if (n < 0 || (raw.length !== n && raw.length !== 1)) return null;
  const vals = raw.map((b) => utf8Decoder.decode(b));
  if (vals.length === n) return vals;
  if (n <= MAX_FILL_ELEMENTS && n * vals[0]!.length <= MAX_FILL_CHARS) return new Array<string>(n).fill(vals[0]!);
  return null;
}
