// Real tabular data sets from the vega-datasets npm package (BSD-3-Clause code; cars.json is the
// StatLib Auto MPG data, penguins.json the CC0 Palmer penguins). Nothing is fetched from the
// network by default: the JSON is read from `data/` next to this module, where the build copies
// the two files (in Node, from the installed vega-datasets package when that copy is missing), or
// from `source`.
import { platform } from '#platform';
import { readBytes, type ByteSource } from '../data/read_source.js';
import { TabularData } from './tabular.js';

/** Where the rows come from: the parsed JSON rows, or a URL / path / bytes of the JSON file. */
export type VegaSource = ByteSource | readonly Record<string, unknown>[];

/** Options of the vega-datasets loaders. */
export interface VegaOptions {
  /** The rows or their JSON file (default: the copy in the vega-datasets package). */
  source?: VegaSource;
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof p?.versions?.node === 'string' && typeof (globalThis as { window?: unknown }).window === 'undefined';
}

// Where the JSON is by default. `localUrl` is a literal `new URL('./data/<file>', import.meta.url)`:
// the copy the build puts next to this module, which bundlers (Vite, webpack 5) emit as an asset;
// browsers always read it. Node reads it too when it is there (an installed dist/), and else the
// vega-datasets package itself, found from its resolved entry (the package exports only a JS
// module that would load the data from a CDN).
async function defaultBytes(op: string, file: string, localUrl: () => URL): Promise<Uint8Array> {
  if (!isNode()) {
    try {
      return await readBytes(localUrl(), op);
    } catch (e) {
      throw new Error(`${(e as Error).message} (the build copies vega-datasets' ${file} to datasets/data/; or pass {source})`);
    }
  }
  try {
    return await readBytes(localUrl(), op);
  } catch {
    let entry: string;
    try {
      if (!platform.resolvePackage) throw new Error('no require.resolve');
      entry = platform.resolvePackage('vega-datasets', import.meta.url); // <package>/build/index.js
    } catch {
      throw new Error(`${op}: ${file} is neither next to this module nor in an installed vega-datasets package (npm install vega-datasets, or pass {source})`);
    }
    const buildDir = entry.slice(0, Math.max(entry.lastIndexOf('/'), entry.lastIndexOf('\\')));
    return readBytes(`${buildDir}/../data/${file}`, op);
  }
}

async function loadRows(op: string, file: string, localUrl: () => URL, source: VegaSource | undefined): Promise<Record<string, unknown>[]> {
  if (Array.isArray(source)) return source as Record<string, unknown>[];
  const bytes = source === undefined ? await defaultBytes(op, file, localUrl) : await readBytes(source as ByteSource, op);
  let rows: unknown;
  try {
    rows = JSON.parse(new TextDecoder().decode(bytes));
  } catch (e) {
    throw new Error(`${op}: ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(rows)) throw new Error(`${op}: expected ${file} to hold an array of rows`);
  return rows as Record<string, unknown>[];
}

const missing = (v: unknown): boolean => v === null || v === undefined || v === '' || v === '.' || (typeof v === 'number' && Number.isNaN(v));

function numberField(op: string, row: Record<string, unknown>, key: string, i: number): number {
  const v = row[key];
  if (typeof v !== 'number') throw new Error(`${op}: row ${i} field '${key}' is ${JSON.stringify(v)}, expected a number`);
  return v;
}

const AUTO_MPG_COLUMNS = ['Miles_per_Gallon', 'Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Year', 'Origin'];
const ORIGINS = ['Europe', 'Japan', 'USA'];

/**
 * Auto MPG (vega-datasets cars.json) prepared as in TensorFlow's regression tutorial: rows with a
 * missing value dropped (392 of the 406 rows remain: 8 lack MPG, 6 horsepower), Origin one-hot
 * encoded. Features: Cylinders, Displacement, Horsepower, Weight, Acceleration, Model Year
 * (two digits, 70..82; vega's copy files the 1981 cars under 1982), Europe, Japan, USA; label MPG.
 *
 * @example
 * const cars = await tp.datasets.autoMpg();
 * console.log(cars.size, cars.featureNames.length); // 392 9
 */
export async function autoMpg(options: VegaOptions = {}): Promise<TabularData> {
  const op = 'autoMpg';
  const rows = await loadRows(op, 'cars.json', () => new URL('./data/cars.json', import.meta.url), options.source);
  const features: number[][] = [];
  const labels: number[] = [];
  rows.forEach((r, i) => {
    if (AUTO_MPG_COLUMNS.some((c) => missing(r[c]))) return;
    const year = String(r.Year);
    const modelYear = /^\d{4}/.test(year) ? Number(year.slice(0, 4)) - 1900 : Number(year);
    const origin = ORIGINS.indexOf(String(r.Origin));
    if (origin < 0) throw new Error(`${op}: row ${i} has Origin ${JSON.stringify(r.Origin)}, expected one of ${ORIGINS.join(', ')}`);
    features.push([
      numberField(op, r, 'Cylinders', i),
      numberField(op, r, 'Displacement', i),
      numberField(op, r, 'Horsepower', i),
      numberField(op, r, 'Weight_in_lbs', i),
      numberField(op, r, 'Acceleration', i),
      modelYear,
      ...ORIGINS.map((_, k) => (k === origin ? 1 : 0)),
    ]);
    labels.push(numberField(op, r, 'Miles_per_Gallon', i));
  });
  return new TabularData(['Cylinders', 'Displacement', 'Horsepower', 'Weight', 'Acceleration', 'Model Year', ...ORIGINS], 'MPG', features, labels);
}

const PENGUIN_MEASURES = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
const SPECIES = ['Adelie', 'Chinstrap', 'Gentoo'];
const ISLANDS = ['Biscoe', 'Dream', 'Torgersen'];

/** Options of tp.datasets.penguins. */
export interface PenguinsOptions extends VegaOptions {
  /** Also one-hot Island (Biscoe, Dream, Torgersen) and Sex (FEMALE, MALE) features (default false). */
  categorical?: boolean;
}

/**
 * Palmer penguins (vega-datasets penguins.json) for classification: label Species as a class
 * index (Adelie, Chinstrap, Gentoo); features the four measurements (and one-hot Island and Sex
 * with `categorical`). Rows with any missing value (null, or '.' for Sex) are dropped: 333 of 344.
 *
 * @example
 * const p = await tp.datasets.penguins();
 * console.log(p.size, p.classNames); // 333 ['Adelie', 'Chinstrap', 'Gentoo']
 */
export async function penguins(options: PenguinsOptions = {}): Promise<TabularData> {
  const op = 'penguins';
  const rows = await loadRows(op, 'penguins.json', () => new URL('./data/penguins.json', import.meta.url), options.source);
  const features: number[][] = [];
  const labels: number[] = [];
  rows.forEach((r, i) => {
    if (['Species', 'Island', 'Sex', ...PENGUIN_MEASURES].some((c) => missing(r[c]))) return;
    const species = SPECIES.indexOf(String(r.Species));
    if (species < 0) throw new Error(`${op}: row ${i} has Species ${JSON.stringify(r.Species)}, expected one of ${SPECIES.join(', ')}`);
    const row = PENGUIN_MEASURES.map((c) => numberField(op, r, c, i));
    if (options.categorical) {
      const island = ISLANDS.indexOf(String(r.Island));
      const sex = String(r.Sex).toUpperCase();
      if (island < 0) throw new Error(`${op}: row ${i} has Island ${JSON.stringify(r.Island)}, expected one of ${ISLANDS.join(', ')}`);
      if (sex !== 'FEMALE' && sex !== 'MALE') throw new Error(`${op}: row ${i} has Sex ${JSON.stringify(r.Sex)}, expected FEMALE or MALE`);
      row.push(...ISLANDS.map((_, k) => (k === island ? 1 : 0)), sex === 'FEMALE' ? 1 : 0, sex === 'MALE' ? 1 : 0);
    }
    features.push(row);
    labels.push(species);
  });
  const names = options.categorical ? [...PENGUIN_MEASURES, ...ISLANDS, 'FEMALE', 'MALE'] : [...PENGUIN_MEASURES];
  return new TabularData(names, 'Species', features, labels, [...SPECIES]);
}
