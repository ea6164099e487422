// model.json <-> ModelArtifacts, shared by the handlers that store files (file system, http,
// downloads) and by fromMemory.
import { concatBuffers } from './weights.js';
import type { ModelArtifacts, ModelArtifactsInfo, ModelJSON, WeightsManifestEntry } from './types.js';

/** Weights file name of a one-shard model, as the TF.js converter names it. */
export const DEFAULT_WEIGHTS_FILE = 'group1-shard1of1.bin';

const utf8 = new TextEncoder();

function jsonBytes(x: unknown): number {
  return x == null ? 0 : utf8.encode(JSON.stringify(x)).length;
}

/** Byte counts of what a save wrote (TF.js getModelArtifactsInfoForJSON). */
export function artifactsInfo(a: ModelArtifacts): ModelArtifactsInfo {
  if (a.modelTopology instanceof ArrayBuffer) throw new Error('io: GraphDef model topologies are not supported; tensorpad saves layers models');
  return {
    dateSaved: new Date(),
    modelTopologyType: 'JSON',
    modelTopologyBytes: jsonBytes(a.modelTopology),
    weightSpecsBytes: jsonBytes(a.weightSpecs),
    weightDataBytes: concatBuffers(a.weightData).byteLength,
  };
}

/** The model.json object for artifacts whose weights are stored in the file `weightsPath`. */
export function toModelJSON(a: ModelArtifacts, weightsPath: string): ModelJSON {
  if (a.modelTopology instanceof ArrayBuffer) throw new Error('io: GraphDef model topologies are not supported; tensorpad saves layers models');
  const json: ModelJSON = {
    modelTopology: a.modelTopology ?? null,
    format: a.format ?? 'layers-model',
    generatedBy: a.generatedBy ?? GENERATED_BY,
    convertedBy: a.convertedBy ?? null,
    weightsManifest: [{ paths: [weightsPath], weights: a.weightSpecs ?? [] }],
  };
  if (a.trainingConfig) json.trainingConfig = a.trainingConfig;
  if (a.userDefinedMetadata) json.userDefinedMetadata = a.userDefinedMetadata;
  return json;
}

/** Checks that a parsed model.json has the fields of the format; names `where` on failure. */
export function checkModelJSON(json: unknown, where: string): ModelJSON {
  if (typeof json !== 'object' || json === null) throw new Error(`io: ${where} is not a model.json object`);
  const j = json as Partial<ModelJSON>;
  if (j.modelTopology === undefined && j.weightsManifest === undefined)
    throw new Error(`io: ${where} has neither 'modelTopology' nor 'weightsManifest': not a TF.js layers model.json`);
  if (j.weightsManifest !== undefined && !Array.isArray(j.weightsManifest))
    throw new Error(`io: ${where}: 'weightsManifest' must be an array of {paths, weights}`);
  return { ...j, modelTopology: j.modelTopology ?? null, weightsManifest: j.weightsManifest ?? [] } as ModelJSON;
}

/**
 * Artifacts from a model.json and a reader of the files its manifest names (paths relative to
 * the model.json), concatenated group by group, shard by shard.
 */
export async function fromModelJSON(json: ModelJSON, readFile: (path: string) => Promise<ArrayBuffer>): Promise<ModelArtifacts> {
  const specs: WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const path of group.paths) buffers.push(await readFile(path));
  }
  const a: ModelArtifacts = {
    modelTopology: json.modelTopology,
    weightSpecs: specs,
    weightData: concatBuffers(buffers),
  };
  if (json.format !== undefined) a.format = json.format;
  if (json.generatedBy !== undefined) a.generatedBy = json.generatedBy;
  if (json.convertedBy !== undefined) a.convertedBy = json.convertedBy;
  if (json.trainingConfig !== undefined) a.trainingConfig = json.trainingConfig;
  if (json.userDefinedMetadata !== undefined) a.userDefinedMetadata = json.userDefinedMetadata;
  return a;
}

/** `generatedBy` of files tensorpad writes. */
export const GENERATED_BY = 'tensorpad 0.1.0';
