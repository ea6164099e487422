// The TF.js model-artifact types (tfjs-core io/types.ts), so handlers pass between TF.js and
// tensorpad in both directions: a tensorpad handler works with tf.loadLayersModel and a TF.js
// handler (tf.io.fromMemory, tf.io.browserFiles, ...) works with tp.loadLayersModel.

/** Dtypes a weights file may hold. */
export type WeightDType = 'float32' | 'int32' | 'bool' | 'float64' | 'string' | 'complex64';

/** One weight in a manifest group: name (without ':0'), shape, dtype. */
export interface WeightsManifestEntry {
  name: string;
  shape: number[];
  dtype: WeightDType;
  /** TF.js quantization info; tensorpad writes none and refuses to read quantized weights. */
  quantization?: { dtype: string; [k: string]: unknown };
}

/** A group of weights stored in the files `paths` (shards, concatenated in order). */
export interface WeightsManifestGroupConfig {
  paths: string[];
  weights: WeightsManifestEntry[];
}

/** model.json: the TF.js layers-model format. */
export interface ModelJSON {
  /** Keras model topology ({class_name, config, keras_version, backend}); null for weights only. */
  modelTopology: object | null;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: object;
  weightsManifest: WeightsManifestGroupConfig[];
  userDefinedMetadata?: { [key: string]: object };
}

/** What a model is saved as and loaded from, with the weights' bytes in one buffer. */
export interface ModelArtifacts {
  modelTopology?: object | ArrayBuffer | null;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: object;
  weightSpecs?: WeightsManifestEntry[];
  /** Little-endian weight values in weightSpecs order (TF.js 4 also allows a list of buffers). */
  weightData?: ArrayBuffer | ArrayBuffer[];
  userDefinedMetadata?: { [key: string]: object };
}

/** Sizes of what was saved (TF.js `ModelArtifactsInfo`). */
export interface ModelArtifactsInfo {
  dateSaved: Date;
  modelTopologyType: 'JSON' | 'GraphDef';
  modelTopologyBytes?: number;
  weightSpecsBytes?: number;
  weightDataBytes?: number;
}

/** Result of a save (TF.js `SaveResult`). */
export interface SaveResult {
  modelArtifactsInfo: ModelArtifactsInfo;
  responses?: Response[];
  errors?: Array<object | string>;
}

/** Where a model goes or comes from (TF.js `IOHandler`): save, load, or both. */
export interface IOHandler {
  save?: (modelArtifacts: ModelArtifacts) => Promise<SaveResult>;
  load?: () => Promise<ModelArtifacts>;
}

/** Options of `saveModel` / `model.save` (TF.js `SaveConfig`). */
export interface SaveConfig {
  /** Save the optimizer too (not supported yet: tensorpad saves the topology and the weights). */
  includeOptimizer?: boolean;
  /** Overwrite (accepted for Keras compatibility; saving always replaces the target). */
  overwrite?: boolean;
  /** JSON-able data stored in model.json under `userDefinedMetadata`. */
  userDefinedMetadata?: { [key: string]: object };
}

/** Options of `loadLayersModel` (TF.js `LoadOptions`, the part that applies). */
export interface LoadOptions {
  /** Throw if a saved weight has no matching model weight (default true, as TF.js). */
  strict?: boolean;
  /** fetch() for http(s) URLs (default globalThis.fetch). */
  fetchFunc?: typeof fetch;
  /** fetch() request options for http(s) URLs. */
  requestInit?: RequestInit;
}
