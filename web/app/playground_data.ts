// The playground's points: the tp.datasets generator the settings name, seeded by the link's seed,
// split as the notebook code splits it (the first percTrainData% of the shuffled points train).
// Labels are 0/1 for classification (the sigmoid output's targets), real values for regression.
import * as datasets from '../src/datasets/playground.ts';
import { datasetFunction, numericSeed, type PlaygroundState } from './playground_state.ts';

export interface Point {
  x: number;
  y: number;
  label: number;
}

export interface PlaygroundData {
  train: Point[];
  test: Point[];
}

/** The input domain drawn on the heatmaps, as the TF Playground: [-6, 6] on both axes. */
export const DOMAIN = 6;

export function sampleCount(s: PlaygroundState): number {
  return s.problem === 'classification' ? 500 : 1200;
}

export function trainCount(s: PlaygroundState): number {
  return Math.round((sampleCount(s) * s.percTrainData) / 100);
}

export function generateData(s: PlaygroundState): PlaygroundData {
  const data = datasets[datasetFunction(s)]({ numSamples: sampleCount(s), noise: s.noise / 100, seed: numericSeed(s.seed) });
  const points = data.features.map(([x, y], i) => ({ x: x!, y: y!, label: data.labels[i]! }));
  const n = trainCount(s);
  return { train: points.slice(0, n), test: points.slice(n) };
}
