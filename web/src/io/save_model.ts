// Saving and loading layers models in the TF.js format: what model.save(...) and
// tp.loadLayersModel(...) do, and weights-only save/load.
import type { Model } from '../models/model.js';
import type { Tensor } from '../tensor.js';
import type { Variable } from '../variable.js';
import { GENERATED_BY } from './artifacts.js';
import { getLoadHandler, getSaveHandler, type HandlerOrUrl } from './router.js';
import { decodeWeights, encodeWeights, manifestName } from './weights.js';
import type { LoadOptions, ModelArtifacts, SaveConfig, SaveResult, WeightsManifestEntry } from './types.js';

/** What saving needs from a model (tp.Model has it): its weights, and its topology for a full save. */
export interface SavableModel {
  readonly name?: string;
  readonly weights: Variable[];
  toJSON?(unused?: unknown, returnString?: boolean): object | string;
}

function topologyOf(model: SavableModel): object {
  if (typeof model.toJSON !== 'function')
    throw new Error(`io.saveModel: model '${model.name ?? '?'}' has no toJSON() (subclassed models have no topology: save the weights with tp.io.saveWeights)`);
  const t = model.toJSON(null, false);
  return typeof t === 'string' ? (JSON.parse(t) as object) : t;
}

function namedWeights(model: SavableModel): { name: string; tensor: Tensor }[] {
  const seen = new Set<string>();
  return model.weights.map((v) => {
    const name = manifestName(v.name);
    if (seen.has(name)) throw new Error(`io: model '${model.name ?? '?'}' has two weights named '${name}'; weight names must be unique to be saved`);
    seen.add(name);
    return { name, tensor: v };
  });
}

/**
 * Saves a model (topology from `model.toJSON()` and all weights) in the TF.js layers format to a
 * URL ('file://dir' or a path in Node, 'indexeddb://name', 'downloads://name', 'memory://name',
 * 'http(s)://...') or an IOHandler. `model.save(...)` calls this.
 *
 * @example
 * const model = tp.sequential({ layers: [tp.layers.dense({ units: 1, inputShape: [3] })] });
 * await tp.io.saveModel(model, 'memory://m');
 * const same = await tp.io.loadLayersModel('memory://m');
 */
export async function saveModel(model: SavableModel, handlerOrUrl: HandlerOrUrl, config: SaveConfig = {}): Promise<SaveResult> {
  const handler = getSaveHandler(handlerOrUrl);
  const { specs, data } = encodeWeights(namedWeights(model));
  const artifacts: ModelArtifacts = {
    modelTopology: topologyOf(model),
    format: 'layers-model',
    generatedBy: GENERATED_BY,
    convertedBy: null,
    weightSpecs: specs,
    weightData: data,
  };
  if (config.userDefinedMetadata) artifacts.userDefinedMetadata = config.userDefinedMetadata;
  return handler.save!(artifacts);
}

/**
 * Saves only the weights: a model.json with `modelTopology: null` and the weights manifest, plus
 * the weights file (load them with `tp.io.loadWeights` into a model of the same architecture).
 *
 * @example
 * await tp.io.saveWeights(model, 'memory://w');
 * await tp.io.loadWeights(otherModel, 'memory://w');
 */
export async function saveWeights(model: SavableModel, handlerOrUrl: HandlerOrUrl): Promise<SaveResult> {
  const handler = getSaveHandler(handlerOrUrl);
  const { specs, data } = encodeWeights(namedWeights(model));
  return handler.save!({ modelTopology: null, format: 'layers-model', generatedBy: GENERATED_BY, convertedBy: null, weightSpecs: specs, weightData: data });
}

// TF.js's fallback for names with an extra scope ('model/dense/kernel' -> 'model/kernel').
function shortened(name: string): string {
  const t = name.split('/');
  return t.slice(0, -2).concat(t.slice(-1)).join('/');
}

/**
 * Sets `model`'s weights from decoded values. By name (the manifest name of each variable) when
 * every saved name finds a weight, else (same count) by position, as Keras loads weights by
 * topological order; shapes must match either way.
 */
function assignWeights(model: SavableModel, values: Record<string, Tensor>, specs: WeightsManifestEntry[], strict: boolean, where: string): void {
  const vars = model.weights;
  const byName = new Map(vars.map((v) => [manifestName(v.name), v]));
  const pairs: [Variable, Tensor, string][] = [];
  const unmatched: string[] = [];
  for (const s of specs) {
    const v = byName.get(s.name) ?? byName.get(shortened(s.name));
    if (v) pairs.push([v, values[s.name]!, s.name]);
    else unmatched.push(s.name);
  }
  if (unmatched.length > 0) {
    if (specs.length === vars.length && pairs.length === 0) {
      pairs.length = 0;
      specs.forEach((s, i) => pairs.push([vars[i]!, values[s.name]!, s.name]));
    } else if (strict) {
      throw new Error(
        `io: ${where}: saved weights ${unmatched.map((n) => `'${n}'`).join(', ')} have no target in model '${model.name ?? '?'}' ` +
          `(its weights: ${vars.map((v) => `'${manifestName(v.name)}'`).join(', ') || 'none'})`,
      );
    }
  }
  if (strict && pairs.length < vars.length) {
    const set = new Set(pairs.map((p) => p[0]));
    const missing = vars.filter((v) => !set.has(v)).map((v) => `'${manifestName(v.name)}'`);
    throw new Error(`io: ${where}: no saved values for weights ${missing.join(', ')} of model '${model.name ?? '?'}'`);
  }
  for (const [v, t, name] of pairs) {
    if (v.shape.length !== t.shape.length || v.shape.some((d, i) => d !== t.shape[i]))
      throw new Error(`io: ${where}: saved weight '${name}' has shape [${t.shape.join(',')}] but model weight '${manifestName(v.name)}' has shape [${v.shape.join(',')}]`);
  }
  for (const [v, t] of pairs) v.assign(v.dtype === t.dtype ? t : t.cast(v.dtype));
}

function describe(source: HandlerOrUrl): string {
  return typeof source === 'string' ? `'${source}'` : 'the handler';
}

async function loadArtifacts(source: HandlerOrUrl, options: LoadOptions): Promise<ModelArtifacts> {
  const artifacts = await getLoadHandler(source, options).load!();
  if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error(`io: ${describe(source)} holds a graph model; tensorpad loads layers models`);
  return artifacts;
}

function applyWeights(model: SavableModel, artifacts: ModelArtifacts, strict: boolean, where: string): void {
  const specs = artifacts.weightSpecs ?? [];
  const values = decodeWeights(artifacts.weightData ?? new ArrayBuffer(0), specs);
  try {
    assignWeights(model, values, specs, strict, where);
  } finally {
    for (const t of Object.values(values)) t.dispose();
  }
}

/**
 * Loads weights saved by `saveWeights` or `saveModel` into `model` (same architecture).
 *
 * @example
 * await tp.io.loadWeights(model, 'file:///tmp/ckpt');
 */
export async function loadWeights(model: SavableModel, source: HandlerOrUrl, options: LoadOptions = {}): Promise<void> {
  applyWeights(model, await loadArtifacts(source, options), options.strict ?? true, `loading weights from ${describe(source)}`);
}

type ModelFromJSON = (config: object, customObjects?: unknown) => SavableModel | Promise<SavableModel>;

/**
 * Loads a layers model saved by tensorpad or TF.js (model.json + weights): builds it from the
 * topology with `tp.models.modelFromJSON`, then sets its weights by name.
 *
 * @example
 * const model = await tp.io.loadLayersModel('file:///tmp/my-model/model.json');
 * model.predict(tp.ones([1, 3])).print();
 */
export async function loadLayersModel(source: HandlerOrUrl, options: LoadOptions = {}): Promise<Model> {
  const artifacts = await loadArtifacts(source, options);
  let topology = artifacts.modelTopology as { model_config?: object } | null | undefined;
  if (topology == null) throw new Error(`io: ${describe(source)} holds only weights (no modelTopology); load them into a model with tp.io.loadWeights`);
  if (topology.model_config) topology = topology.model_config as typeof topology; // Keras's {model_config, training_config}
  // Imported here, not at the top: models/ imports io/ for model.save.
  const mod = (await import('../models/index.js')) as unknown as { models?: { modelFromJSON?: ModelFromJSON } };
  const modelFromJSON = mod.models?.modelFromJSON;
  if (typeof modelFromJSON !== 'function') throw new Error('io.loadLayersModel: tp.models.modelFromJSON is not available');
  const model = await modelFromJSON(topology);
  applyWeights(model, artifacts, options.strict ?? true, `loading ${describe(source)}`);
  return model as unknown as Model;
}
