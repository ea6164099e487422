// tp.data: tf.data-style input pipelines (datasets from arrays, tensors, generators, CSV) and file
// readers (IDX).
export { Dataset, type DatasetIterator } from './dataset.js';
export { array, fromTensorSlices, generator, zip, type SliceSource, type Slice, type GeneratorSource, type DatasetStructure, type Zipped } from './sources.js';
export type { DataElement, DataLeaf, Batched, Unbatched } from './element.js';
export { prng, type Prng } from './prng.js';
export { csv, CsvDataset, type CsvConfig, type ColumnConfig, type CsvSource, type CsvRow } from './csv.js';
export { parseCsv, type ParseCsvOptions } from './parse_csv.js';
export { readIdx } from './idx.js';
export type { ByteSource } from './read_source.js';
