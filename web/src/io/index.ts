// tp.io: saving and loading models in the TF.js layers format (model.json + weights), and the
// handlers for each storage.
export { saveModel, saveWeights, loadWeights, loadLayersModel, type SavableModel } from './save_model.js';
export { getSaveHandler, getLoadHandler, type HandlerOrUrl } from './router.js';
export { fileSystem } from './file_system.js';
export { fromStorage } from './storage_handler.js';
export { memoryStore, fromMemory, withSaveHandler } from './memory.js';
export { browserIndexedDB } from './indexed_db.js';
export { browserDownloads } from './browser_downloads.js';
export { http } from './http.js';
export { listModels, removeModel, copyModel, moveModel } from './model_management.js';
export { encodeWeights, decodeWeights, type NamedWeight } from './weights.js';
export { artifactsInfo as getModelArtifactsInfoForJSON } from './artifacts.js';
export type {
  IOHandler, ModelArtifacts, ModelArtifactsInfo, ModelJSON, SaveResult, SaveConfig, LoadOptions,
  WeightsManifestEntry, WeightsManifestGroupConfig, WeightDType,
} from './types.js';
