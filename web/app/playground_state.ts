// The visual playground's settings and their URL hash. The hash uses the TensorFlow Playground's
// own keys and value formats (`dataset=spiral&networkShape=8,8,6&x=true&...`), so a TF Playground
// link opens here with its settings; keys of our own (optimizer, batchNorm) sit beside them.
// Conventions of the TF Playground kept here: booleans are "true"/"false" and any other present
// value reads as true; noise is the slider's 0..50 and percTrainData its 10..90; networkShape is a
// comma list (empty for no hidden layer); the seed is a string; unknown keys and bad values keep
// the default. A link without `optimizer` came from the TF Playground, which trains with plain SGD.

export const CLASSIFY_DATASETS = ['circle', 'xor', 'gauss', 'spiral'] as const;
export const REGRESS_DATASETS = ['reg-plane', 'reg-gauss'] as const;
export const ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'linear'] as const;
export const REGULARIZATIONS = ['none', 'L1', 'L2'] as const;
export const PROBLEMS = ['classification', 'regression'] as const;
export const OPTIMIZERS = ['sgd', 'momentum', 'adam'] as const;

export type ClassifyDataset = (typeof CLASSIFY_DATASETS)[number];
export type RegressDataset = (typeof REGRESS_DATASETS)[number];
export type Activation = (typeof ACTIVATIONS)[number];
export type Regularization = (typeof REGULARIZATIONS)[number];
export type Problem = (typeof PROBLEMS)[number];
export type OptimizerName = (typeof OPTIMIZERS)[number];

/** The input features, in the order the network takes them; `key` is the TF Playground's. */
export const FEATURES = [
  { key: 'x', label: 'x₁', text: 'x1', code: 'x1' },
  { key: 'y', label: 'x₂', text: 'x2', code: 'x2' },
  { key: 'xSquared', label: 'x₁²', text: 'x1 squared', code: 'x1.square()' },
  { key: 'ySquared', label: 'x₂²', text: 'x2 squared', code: 'x2.square()' },
  { key: 'xTimesY', label: 'x₁x₂', text: 'x1 times x2', code: 'x1.mul(x2)' },
  { key: 'sinX', label: 'sin(x₁)', text: 'sin x1', code: 'x1.sin()' },
  { key: 'sinY', label: 'sin(x₂)', text: 'sin x2', code: 'x2.sin()' },
  { key: 'cosX', label: 'cos(x₁)', text: 'cos x1', code: 'x1.cos()' },
  { key: 'cosY', label: 'cos(x₂)', text: 'cos x2', code: 'x2.cos()' },
] as const;
export type FeatureKey = (typeof FEATURES)[number]['key'];

/** The value of feature `key` at the point (x1, x2). */
export function featureValue(key: FeatureKey, x1: number, x2: number): number {
  switch (key) {
    case 'x': return x1;
    case 'y': return x2;
    case 'xSquared': return x1 * x1;
    case 'ySquared': return x2 * x2;
    case 'xTimesY': return x1 * x2;
    case 'sinX': return Math.sin(x1);
    case 'sinY': return Math.sin(x2);
    case 'cosX': return Math.cos(x1);
    case 'cosY': return Math.cos(x2);
  }
}

export const MAX_LAYERS = 8;
export const MAX_NEURONS = 8;

export interface PlaygroundState {
  problem: Problem;
  dataset: ClassifyDataset;
  regDataset: RegressDataset;
  /** 0..50, the TF Playground's slider. */
  noise: number;
  /** Percent of the points used for training, 10..90. */
  percTrainData: number;
  batchSize: number;
  learningRate: number;
  activation: Activation;
  regularization: Regularization;
  regularizationRate: number;
  networkShape: number[];
  features: Record<FeatureKey, boolean>;
  seed: string;
  showTestData: boolean;
  discretize: boolean;
  initZero: boolean;
  optimizer: OptimizerName;
  batchNorm: boolean;
}

/** What the page opens at: the spiral, with every feature the TF Playground shows and a network that learns it. */
export function defaultState(seed = '0.50000'): PlaygroundState {
  return {
    problem: 'classification',
    dataset: 'spiral',
    regDataset: 'reg-plane',
    noise: 0,
    percTrainData: 50,
    batchSize: 10,
    learningRate: 0.01,
    activation: 'tanh',
    regularization: 'none',
    regularizationRate: 0,
    networkShape: [8, 8, 6],
    features: { x: true, y: true, xSquared: true, ySquared: true, xTimesY: true, sinX: true, sinY: true, cosX: false, cosY: false },
    seed,
    showTestData: false,
    discretize: false,
    initZero: false,
    optimizer: 'adam',
    batchNorm: false,
  };
}

/** The TF Playground's own defaults, for the keys its links may leave out. */
function tfPlaygroundDefaults(seed: string): PlaygroundState {
  return {
    ...defaultState(seed),
    dataset: 'circle',
    learningRate: 0.03,
    networkShape: [4, 2],
    features: { x: true, y: true, xSquared: false, ySquared: false, xTimesY: false, sinX: false, sinY: false, cosX: false, cosY: false },
    optimizer: 'sgd',
  };
}

// The learning and regularization rates the TF Playground's menus offer (a link may hold others).
export const LEARNING_RATES = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
export const REGULARIZATION_RATES = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];

const clamp = (v: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, v));
const oneOf = <T extends string>(list: readonly T[], v: string | undefined): T | undefined => (list as readonly string[]).includes(v ?? '') ? (v as T) : undefined;

/** A fresh seed in the TF Playground's format (five decimals in [0, 1)). */
export function randomSeed(): string {
  return Math.random().toFixed(5);
}

/**
 * Reads a URL hash ("#dataset=spiral&..." or without "#"). An empty hash gives the page's
 * default; otherwise keys left out take the TF Playground's defaults. `seed` is used when the
 * hash has none.
 */
export function parseHash(hash: string, seed = randomSeed()): PlaygroundState {
  const body = hash.replace(/^#/, '');
  const map = new Map<string, string>();
  for (const part of body.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    let value = eq < 0 ? '' : part.slice(eq + 1);
    try {
      value = decodeURIComponent(value);
    } catch {
      // keep it raw: a malformed escape only loses that value
    }
    map.set(key, value);
  }
  const known = [...map.keys()].some((k) => k in tfPlaygroundDefaults('') || FEATURES.some((f) => f.key === k) || k === 'seed' || k === 'networkShape');
  const s = known ? tfPlaygroundDefaults(seed) : defaultState(seed);
  const has = (k: string): boolean => (map.get(k) ?? '').trim() !== '';
  const num = (k: string): number | undefined => {
    if (!has(k)) return undefined;
    const v = Number(map.get(k));
    return Number.isFinite(v) ? v : undefined;
  };
  const bool = (k: string): boolean | undefined => (has(k) ? map.get(k) !== 'false' : undefined);

  s.problem = oneOf(PROBLEMS, map.get('problem')) ?? s.problem;
  s.dataset = oneOf(CLASSIFY_DATASETS, map.get('dataset')) ?? s.dataset;
  s.regDataset = oneOf(REGRESS_DATASETS, map.get('regDataset')) ?? s.regDataset;
  s.activation = oneOf(ACTIVATIONS, map.get('activation')) ?? s.activation;
  s.regularization = oneOf(REGULARIZATIONS, map.get('regularization')) ?? s.regularization;
  s.optimizer = oneOf(OPTIMIZERS, map.get('optimizer')) ?? s.optimizer;
  const noise = num('noise');
  if (noise !== undefined) s.noise = clamp(Math.round(noise), 0, 50);
  const perc = num('percTrainData');
  if (perc !== undefined) s.percTrainData = clamp(Math.round(perc), 10, 90);
  const batch = num('batchSize');
  if (batch !== undefined) s.batchSize = clamp(Math.round(batch), 1, 30);
  const lr = num('learningRate');
  if (lr !== undefined && lr > 0) s.learningRate = lr;
  const rr = num('regularizationRate');
  if (rr !== undefined && rr >= 0) s.regularizationRate = rr;
  if (map.has('networkShape')) {
    const text = map.get('networkShape')!.trim();
    const shape = text === '' ? [] : text.split(',').map(Number);
    if (shape.every((n) => Number.isInteger(n) && n >= 1)) s.networkShape = shape.slice(0, MAX_LAYERS).map((n) => Math.min(n, MAX_NEURONS));
  }
  for (const f of FEATURES) s.features[f.key] = bool(f.key) ?? s.features[f.key];
  if (has('seed')) s.seed = map.get('seed')!.trim().slice(0, 40);
  s.showTestData = bool('showTestData') ?? s.showTestData;
  s.discretize = bool('discretize') ?? s.discretize;
  s.initZero = bool('initZero') ?? s.initZero;
  s.batchNorm = bool('batchNorm') ?? s.batchNorm;
  return s;
}

/** The URL hash (without "#") of a state: every key, TF Playground's first in its order. */
export function serializeState(s: PlaygroundState): string {
  const parts: [string, string | number | boolean][] = [
    ['activation', s.activation],
    ['batchSize', s.batchSize],
    ['dataset', s.dataset],
    ['regDataset', s.regDataset],
    ['learningRate', s.learningRate],
    ['regularization', s.regularization],
    ['regularizationRate', s.regularizationRate],
    ['noise', s.noise],
    ['networkShape', s.networkShape.join(',')],
    ['seed', s.seed],
    ['showTestData', s.showTestData],
    ['discretize', s.discretize],
    ['percTrainData', s.percTrainData],
    ...FEATURES.map((f) => [f.key, s.features[f.key]] as [string, boolean]),
    ['problem', s.problem],
    ['initZero', s.initZero],
    ['optimizer', s.optimizer],
    ['batchNorm', s.batchNorm],
  ];
  return parts.map(([k, v]) => `${k}=${encodeURIComponent(String(v)).replace(/%2C/g, ',')}`).join('&');
}

/** The features switched on, in the network's input order. */
export function activeFeatures(s: PlaygroundState): FeatureKey[] {
  return FEATURES.filter((f) => s.features[f.key]).map((f) => f.key);
}

/** The data set's name in tp.datasets. */
export function datasetFunction(s: PlaygroundState): 'circle' | 'xor' | 'gauss' | 'spiral' | 'regressPlane' | 'regressGaussian' {
  if (s.problem === 'regression') return s.regDataset === 'reg-plane' ? 'regressPlane' : 'regressGaussian';
  return s.dataset;
}

/** An integer seed for tp from the TF Playground's seed string (FNV-1a, so any string works). */
export function numericSeed(seed: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
