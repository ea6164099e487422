// The visual playground's URL hash: TF Playground links (its keys and value formats) read into
// settings, and every setting survives a round trip through the hash.
import { describe, expect, test } from 'vitest';
import { rng } from '../support/rng.ts';
import {
  ACTIVATIONS, CLASSIFY_DATASETS, defaultState, FEATURES, numericSeed, OPTIMIZERS, parseHash, PROBLEMS, REGRESS_DATASETS,
  REGULARIZATIONS, serializeState, type PlaygroundState,
} from '../../../web/app/playground_state.ts';

describe('parseHash', () => {
  test('an empty hash opens at the page default, with the given seed', () => {
    expect(parseHash('', '0.123')).toEqual(defaultState('0.123'));
    expect(parseHash('#', '0.123')).toEqual(defaultState('0.123'));
  });

  test('a TF Playground link: its settings, and its defaults (SGD, circle, 4-2, x and y) for keys it leaves out', () => {
    const s = parseHash(
      '#activation=relu&batchSize=17&dataset=xor&regDataset=reg-gauss&learningRate=0.3&regularization=L1&regularizationRate=0.003&noise=35&networkShape=5,3,1&seed=0.71245&showTestData=true&discretize=false&percTrainData=70&x=true&y=false&xTimesY=true&xSquared=false&ySquared=true&cosX=false&sinX=true&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false&hideText=false',
    );
    expect(s).toMatchObject({
      activation: 'relu', batchSize: 17, dataset: 'xor', regDataset: 'reg-gauss', learningRate: 0.3, regularization: 'L1',
      regularizationRate: 0.003, noise: 35, networkShape: [5, 3, 1], seed: '0.71245', showTestData: true, discretize: false,
      percTrainData: 70, problem: 'classification', initZero: false, optimizer: 'sgd', batchNorm: false,
    });
    expect(s.features).toEqual({ x: true, y: false, xTimesY: true, xSquared: false, ySquared: true, cosX: false, sinX: true, cosY: false, sinY: false });
    const partial = parseHash('#dataset=gauss&seed=0.5');
    expect(partial).toMatchObject({ dataset: 'gauss', networkShape: [4, 2], learningRate: 0.03, optimizer: 'sgd', activation: 'tanh', percTrainData: 50, batchSize: 10 });
    expect(partial.features).toMatchObject({ x: true, y: true, xSquared: false, sinX: false });
  });

  test("the TF Playground's value conventions: any boolean but 'false' is true, empty networkShape is no hidden layer", () => {
    const s = parseHash('#networkShape=&x=1&y=false&showTestData=yes&seed=0.1');
    expect(s.networkShape).toEqual([]);
    expect(s.features.x).toBe(true);
    expect(s.features.y).toBe(false);
    expect(s.showTestData).toBe(true);
  });

  test('bad values keep the default and out-of-range ones are clamped', () => {
    const s = parseHash('#dataset=moons&activation=swish&learningRate=-1&noise=80&percTrainData=3&batchSize=0&networkShape=4,x&problem=ranking&seed=0.1');
    const d = parseHash('#seed=0.1');
    expect(s.dataset).toBe(d.dataset);
    expect(s.activation).toBe(d.activation);
    expect(s.learningRate).toBe(d.learningRate);
    expect(s.networkShape).toEqual(d.networkShape);
    expect(s.problem).toBe(d.problem);
    expect(s.noise).toBe(50);
    expect(s.percTrainData).toBe(10);
    expect(s.batchSize).toBe(1);
    // At most 8 layers of 8 neurons.
    expect(parseHash('#networkShape=9,1,2,3,4,5,6,7,8,9&seed=1').networkShape).toEqual([8, 1, 2, 3, 4, 5, 6, 7]);
  });

  test('a hash without a seed takes the one given', () => {
    expect(parseHash('#dataset=spiral', '0.99999').seed).toBe('0.99999');
  });
});

describe('serializeState', () => {
  test('uses the TF Playground keys and formats', () => {
    const h = serializeState(defaultState('0.25000'));
    const map = new Map(h.split('&').map((kv) => kv.split('=') as [string, string]));
    expect(map.get('dataset')).toBe('spiral');
    expect(map.get('networkShape')).toBe('8,8,6');
    expect(map.get('x')).toBe('true');
    expect(map.get('cosX')).toBe('false');
    expect(map.get('seed')).toBe('0.25000');
    expect(map.get('problem')).toBe('classification');
    expect(map.get('regularization')).toBe('none');
    for (const k of ['activation', 'learningRate', 'regularizationRate', 'noise', 'batchSize', 'percTrainData', 'y', 'xSquared', 'ySquared', 'xTimesY', 'sinX', 'sinY', 'showTestData', 'discretize'])
      expect(map.has(k), k).toBe(true);
  });

  test('random states survive a round trip', () => {
    const r = rng(7);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
    for (let i = 0; i < 200; i++) {
      const s: PlaygroundState = {
        problem: pick(PROBLEMS),
        dataset: pick(CLASSIFY_DATASETS),
        regDataset: pick(REGRESS_DATASETS),
        noise: Math.floor(r() * 51),
        percTrainData: 10 + Math.floor(r() * 81),
        batchSize: 1 + Math.floor(r() * 30),
        learningRate: pick([0.00001, 0.003, 0.03, 1, 10]),
        activation: pick(ACTIVATIONS),
        regularization: pick(REGULARIZATIONS),
        regularizationRate: pick([0, 0.001, 0.3]),
        networkShape: Array.from({ length: Math.floor(r() * 9) }, () => 1 + Math.floor(r() * 8)),
        features: Object.fromEntries(FEATURES.map((f) => [f.key, r() < 0.5])) as PlaygroundState['features'],
        seed: pick(['0.12345', 'my seed & more=1', '42']),
        showTestData: r() < 0.5,
        discretize: r() < 0.5,
        initZero: r() < 0.5,
        optimizer: pick(OPTIMIZERS),
        batchNorm: r() < 0.5,
      };
      expect(parseHash('#' + serializeState(s), 'unused')).toEqual(s);
    }
  });
});

test('numericSeed: a stable unsigned 32-bit integer per seed string', () => {
  expect(numericSeed('0.12345')).toBe(numericSeed('0.12345'));
  expect(numericSeed('0.12345')).not.toBe(numericSeed('0.12346'));
  // FNV-1a of the empty string is its offset basis.
  expect(numericSeed('')).toBe(0x811c9dc5);
  for (const s of ['a', 'seed', '0.5']) {
    const n = numericSeed(s);
    expect(Number.isInteger(n) && n >= 0 && n < 2 ** 32).toBe(true);
  }
});
