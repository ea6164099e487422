// tp.data.csv: a dataset of the rows of a CSV file (TF.js's tf.data.csv), typed per column.
import { Dataset } from './dataset.js';
import { parseCsvRecords, type CsvRecord } from './parse_csv.js';
import { readBytes, type ByteSource } from './read_source.js';

/** How one column is read (TF.js's ColumnConfig). */
export interface ColumnConfig {
  /** A label column: goes into `ys` rather than `xs`. */
  isLabel?: boolean;
  /** 'float32' / 'int32' parse numbers, 'bool' gives 1 / 0 ('1', 'true', 'yes' are 1), 'string' keeps the text. Default: numbers if every present value is one, else strings. */
  dtype?: 'float32' | 'int32' | 'bool' | 'string';
  /** A missing value is an error. */
  required?: boolean;
  /** The value of a missing field (else NaN for numeric columns, '' for string ones). */
  default?: number | string | boolean;
}

/** Options of tp.data.csv (TF.js's CSVConfig plus delimiter/naValues). */
export interface CsvConfig {
  /** The first record holds column names (default true). */
  hasHeader?: boolean;
  /** Column names; required without a header, and override the header when given with one. */
  columnNames?: string[];
  /** Per-column settings, by name. */
  columnConfigs?: { [column: string]: ColumnConfig };
  /** Only the columns in columnConfigs appear in the elements. */
  configuredColumnsOnly?: boolean;
  /** Field separator (default ','). */
  delimiter?: string;
  /** Field texts read as missing (default '', 'NA', 'N/A', 'NaN', 'nan'). */
  naValues?: string[];
}

/** A CSV source: CSV text (a string containing a line break), a URL or file path, or the file's bytes. */
export type CsvSource = ByteSource;

type Value = number | string;
/** A row: `{column: value}`, or `{xs: {...}, ys: {...}}` when label columns are configured. */
export type CsvRow = { [column: string]: Value } | { xs: { [column: string]: Value }; ys: { [column: string]: Value } };

interface Column {
  name: string;
  index: number;
  dtype: NonNullable<ColumnConfig['dtype']>;
  config: ColumnConfig;
}

interface Parsed {
  columns: Column[];
  rows: CsvRow[];
}

const DEFAULT_NA = ['', 'NA', 'N/A', 'NaN', 'nan'];

function isNumber(s: string): boolean {
  return s.trim() !== '' && !Number.isNaN(Number(s));
}

function convert(text: string, col: Column, na: Set<string>, line: number): Value {
  const where = `csv: line ${line}, column '${col.name}' (field ${col.index + 1})`;
  if (na.has(text.trim())) {
    if (col.config.default !== undefined) {
      const d = col.config.default;
      return typeof d === 'boolean' ? Number(d) : d;
    }
    if (col.config.required) throw new Error(`${where}: the value is missing and the column is required`);
    return col.dtype === 'string' ? '' : NaN;
  }
  switch (col.dtype) {
    case 'string':
      return text;
    case 'bool': {
      const t = text.trim().toLowerCase();
      if (t === '1' || t === 'true' || t === 'yes') return 1;
      if (t === '0' || t === 'false' || t === 'no') return 0;
      throw new Error(`${where}: cannot read ${JSON.stringify(text)} as bool (use 1/0, true/false, yes/no)`);
    }
    case 'int32':
    case 'float32': {
      if (!isNumber(text)) throw new Error(`${where}: cannot read ${JSON.stringify(text)} as ${col.dtype}`);
      const v = Number(text);
      if (col.dtype === 'int32' && !Number.isInteger(v)) throw new Error(`${where}: ${JSON.stringify(text)} is not an integer (the column is int32)`);
      return v;
    }
  }
}

function decode(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

function parse(text: string, config: CsvConfig): Parsed {
  const records = parseCsvRecords(text, config.delimiter === undefined ? {} : { delimiter: config.delimiter });
  const hasHeader = config.hasHeader ?? true;
  let names: string[];
  let body: CsvRecord[];
  if (hasHeader) {
    if (records.length === 0) throw new Error('csv: the file is empty, but hasHeader is true (expected a header line)');
    names = config.columnNames ?? records[0]!.fields.map((s) => s.trim());
    if (config.columnNames && config.columnNames.length !== records[0]!.fields.length)
      throw new Error(`csv: columnNames has ${config.columnNames.length} names but the header (line ${records[0]!.line}) has ${records[0]!.fields.length} fields`);
    body = records.slice(1);
  } else {
    if (!config.columnNames) throw new Error('csv: columnNames are required when hasHeader is false');
    names = config.columnNames;
    body = records;
  }
  const seen = new Set<string>();
  names.forEach((nm, i) => {
    if (seen.has(nm)) throw new Error(`csv: column name '${nm}' appears twice (field ${i + 1})`);
    seen.add(nm);
  });
  const configs = config.columnConfigs ?? {};
  for (const key of Object.keys(configs))
    if (!seen.has(key)) throw new Error(`csv: columnConfigs names column '${key}', which is not among the columns (${names.join(', ')})`);
  for (const r of body)
    if (r.fields.length !== names.length)
      throw new Error(`csv: line ${r.line} has ${r.fields.length} fields, expected ${names.length} (${names.join(', ')})`);

  const na = new Set(config.naValues ?? DEFAULT_NA);
  const columns: Column[] = [];
  names.forEach((name, index) => {
    const cfg = configs[name] ?? {};
    if (config.configuredColumnsOnly && configs[name] === undefined) return;
    // Unconfigured columns are numeric when every present value is a number.
    const dtype = cfg.dtype ?? (body.every((r) => na.has(r.fields[index]!.trim()) || isNumber(r.fields[index]!)) ? 'float32' : 'string');
    columns.push({ name, index, dtype, config: cfg });
  });
  const features = columns.filter((c) => !c.config.isLabel);
  const labels = columns.filter((c) => c.config.isLabel);
  const record = (cols: Column[], r: CsvRecord): { [k: string]: Value } =>
    Object.fromEntries(cols.map((c) => [c.name, convert(r.fields[c.index]!, c, na, r.line)]));
  const rows = body.map((r): CsvRow => (labels.length > 0 ? { xs: record(features, r), ys: record(labels, r) } : record(columns, r)));
  return { columns, rows };
}

/**
 * A dataset built from CSV data (TF.js's CSVDataset). `columnNames()` gives the columns read.
 *
 * @example
 * const ds = tp.data.csv('a,b,label\n1,2,0\n3,4,1\n', { columnConfigs: { label: { isLabel: true } } });
 * console.log(await ds.columnNames()); // ['a', 'b', 'label']
 */
export class CsvDataset extends Dataset<CsvRow> {
  private readonly parsed: () => Promise<Parsed>;

  /** @internal Use tp.data.csv. */
  constructor(parsed: () => Promise<Parsed>) {
    super(async function* () {
      for (const row of (await parsed()).rows) yield structuredClone(row);
    }, null);
    this.parsed = parsed;
  }

  /**
   * The names of the columns in the elements, in file order (features and labels).
   *
   * @example
   * console.log(await tp.data.csv('x,y\n1,2\n').columnNames()); // ['x', 'y']
   */
  async columnNames(): Promise<string[]> {
    return (await this.parsed()).columns.map((c) => c.name);
  }
}

/**
 * A dataset of the rows of a CSV file (tf.data.csv): `{column: value}` objects, or, when some
 * columns are labels (`columnConfigs: {col: {isLabel: true}}`), `{xs: {...}, ys: {...}}` as in
 * TF.js. Values are numbers (NaN when missing) or strings; `batch` makes each column a tensor
 * (strings a string array). The source is CSV text (any string with a line break), a URL or file
 * path (fetch in the browser, fs in Node), or the file's bytes; it is read and parsed once, on the
 * first iteration. Quoting follows RFC 4180. Errors name the line and column.
 *
 * @example
 * const text = 'mpg,cylinders,origin\n18,8,USA\n"26",4,Japan\n';
 * const ds = tp.data.csv(text, { columnConfigs: { mpg: { isLabel: true } } });
 * for await (const { xs, ys } of ds) console.log(xs, ys); // {cylinders: 8, origin: 'USA'} {mpg: 18}, ...
 */
export function csv(source: CsvSource, config: CsvConfig = {}): CsvDataset {
  let promise: Promise<Parsed> | null = null;
  const load = async (): Promise<Parsed> => {
    const text = typeof source === 'string' && /[\r\n]/.test(source) ? source : decode(await readBytes(source, 'csv'));
    return parse(text, config);
  };
  return new CsvDataset(() => (promise ??= load()));
}
