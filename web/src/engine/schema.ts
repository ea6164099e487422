// The op table as the core describes it (op_schema_json): read once at start-up, it maps op names
// to indices and drives how attributes are written into the word buffer, with their defaults.
import { dtypeCode, isDType, type DType } from '../dtype.js';

export type AttrKind = 'int' | 'float' | 'bool' | 'ints' | 'floats' | 'dtype';

/** One attribute of an op, as declared in the core's op table. */
export interface AttrSchema {
  name: string;
  kind: AttrKind;
  required: boolean;
  /** null when the core's default is not finite (JSON cannot carry it). */
  default: number | number[] | null;
}

/** One op of the core's table. `inputs` is -1 for a variadic op. */
export interface OpSchema {
  name: string;
  inputs: number;
  attrs: AttrSchema[];
  doc: string;
  /**
   * Test metadata of the op table (absent from engines built before it was exported): whether
   * gradients flow ('unset' fails the gradient-check harness), whether results are random draws,
   * the finite-difference step and tolerance of gradient checks in float64 (0: defaults), and
   * the tolerances of the float32 kernel against its float64 reference (|got - want| <= atol +
   * rtol |want|).
   */
  differentiable?: 'yes' | 'no' | 'unset';
  stateful?: boolean;
  gradStep?: number;
  gradTol?: number;
  rtol?: number;
  atol?: number;
}

/** What an attribute accepts from JavaScript; undefined or null means "the op's default". */
export type AttrValue = number | boolean | DType | readonly number[] | null | undefined;
export type AttrMap = Readonly<Record<string, AttrValue>>;

const DTYPE_NAMES = ['float32', 'int32', 'bool', 'float64'];

function attrError(op: string, attr: AttrSchema, message: string): Error {
  return new Error(`${op}: attribute '${attr.name}' ${message}`);
}

function scalarWord(op: string, attr: AttrSchema, v: AttrValue): number {
  switch (attr.kind) {
    case 'bool':
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (v === 0 || v === 1) return v;
      throw attrError(op, attr, `must be a boolean, got ${String(v)}`);
    case 'dtype':
      if (isDType(v)) return dtypeCode(v);
      throw attrError(op, attr, `must be one of ${DTYPE_NAMES.join(', ')}, got ${String(v)}`);
    case 'int':
      if (typeof v === 'number' && Number.isInteger(v)) return v;
      throw attrError(op, attr, `must be an integer, got ${String(v)}`);
    default:
      if (typeof v === 'number') return v;
      throw attrError(op, attr, `must be a number, got ${String(v)}`);
  }
}

function listWords(op: string, attr: AttrSchema, v: AttrValue): readonly number[] {
  const list = typeof v === 'number' ? [v] : v;
  if (!Array.isArray(list)) throw attrError(op, attr, `must be a list of numbers, got ${String(v)}`);
  for (const x of list as readonly unknown[]) {
    if (typeof x !== 'number' || (attr.kind === 'ints' && !Number.isInteger(x)))
      throw attrError(op, attr, `must be a list of ${attr.kind === 'ints' ? 'integers' : 'numbers'}, got [${list.join(', ')}]`);
  }
  return list as readonly number[];
}

/** An op with its index and a precomputed attribute writer. */
export class OpInfo implements OpSchema {
  readonly name: string;
  readonly inputs: number;
  readonly attrs: AttrSchema[];
  readonly doc: string;
  readonly differentiable?: 'yes' | 'no' | 'unset';
  readonly stateful?: boolean;
  readonly gradStep?: number;
  readonly gradTol?: number;
  readonly rtol?: number;
  readonly atol?: number;
  private readonly attrIndex: ReadonlyMap<string, AttrSchema>;

  constructor(readonly index: number, schema: OpSchema) {
    this.name = schema.name;
    this.inputs = schema.inputs;
    this.attrs = schema.attrs;
    this.doc = schema.doc;
    if (schema.differentiable !== undefined) this.differentiable = schema.differentiable;
    if (schema.stateful !== undefined) this.stateful = schema.stateful;
    if (schema.gradStep !== undefined) this.gradStep = schema.gradStep;
    if (schema.gradTol !== undefined) this.gradTol = schema.gradTol;
    if (schema.rtol !== undefined) this.rtol = schema.rtol;
    if (schema.atol !== undefined) this.atol = schema.atol;
    this.attrIndex = new Map(schema.attrs.map((a) => [a.name, a]));
  }

  /** Writes every attribute in schema order at words[pos..]; returns the position after them. */
  writeAttrs(words: Float64Array, pos: number, limit: number, attrs: AttrMap): number {
    for (const key in attrs) {
      if (!this.attrIndex.has(key)) {
        const known = this.attrs.map((a) => a.name).join(', ') || 'none';
        throw new Error(`${this.name}: unknown attribute '${key}' (attributes: ${known})`);
      }
    }
    for (const attr of this.attrs) {
      const v = attrs[attr.name];
      // Defaults are already in the core's encoding (a dtype default is its code).
      let encoded: number | readonly number[];
      if (v === undefined || v === null) {
        if (attr.required) throw new Error(`${this.name}: missing required attribute '${attr.name}'`);
        if (attr.default === null) throw attrError(this.name, attr, 'has no default JavaScript can read; pass it explicitly');
        encoded = attr.default;
      } else {
        encoded = attr.kind === 'ints' || attr.kind === 'floats' ? listWords(this.name, attr, v) : scalarWord(this.name, attr, v);
      }
      if (typeof encoded === 'number') {
        if (pos + 1 > limit) throw attrError(this.name, attr, 'does not fit');
        words[pos++] = encoded;
      } else {
        if (pos + 1 + encoded.length > limit) throw attrError(this.name, attr, 'is too long');
        words[pos++] = encoded.length;
        for (const x of encoded) words[pos++] = x;
      }
    }
    return pos;
  }
}

/** The whole op table, by name. */
export class OpRegistry {
  readonly ops: readonly OpInfo[];
  private readonly byName: ReadonlyMap<string, OpInfo>;

  constructor(schemaJson: string) {
    const parsed = JSON.parse(schemaJson) as OpSchema[];
    this.ops = parsed.map((s, i) => new OpInfo(i, s));
    this.byName = new Map(this.ops.map((o) => [o.name, o]));
  }

  get(name: string): OpInfo {
    const op = this.byName.get(name);
    if (op === undefined) throw new Error(`tensorpad: the engine has no op '${name}'`);
    return op;
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }
}
