// Image-shape layers (padding, cropping, up-sampling, global pooling, spatial dropout, batch
// normalization over image channels) against TF.js's tfjs-layers with the same weights and inputs.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { sameFitSteps, sameOutput, type Args } from '../support/tfjs_layers.js';

const CASES: [string, Args, number[]][] = [
  ['globalAveragePooling1d', {}, [5, 3]],
  ['globalMaxPooling1d', {}, [5, 3]],
  ['globalAveragePooling2d', {}, [4, 5, 3]],
  ['globalMaxPooling2d', { dataFormat: 'channelsFirst' }, [3, 4, 5]],
  ['upSampling2d', { size: [2, 3] }, [3, 2, 2]],
  ['upSampling2d', { dataFormat: 'channelsFirst' }, [2, 3, 2]],
  ['upSampling2d', { size: [3, 2], interpolation: 'bilinear' }, [3, 4, 2]],
  ['zeroPadding2d', { padding: [[1, 2], [0, 3]] }, [3, 4, 2]],
  ['zeroPadding2d', { padding: 1, dataFormat: 'channelsFirst' }, [2, 3, 3]],
  ['cropping2d', { cropping: [[1, 0], [2, 1]] }, [5, 6, 2]],
  ['cropping2d', { cropping: 1, dataFormat: 'channelsFirst' }, [2, 4, 5]],
  ['batchNormalization', { axis: -1 }, [4, 5, 3]],
  ['spatialDropout1d', { rate: 0.5 }, [4, 3]],
];

describe('each layer against tfjs-layers with the same weights', () => {
  test.each(CASES.map((c) => [`${c[0]} ${JSON.stringify(c[1])}`, ...c] as const))('%s', (_label, name, args, shape) => {
    sameOutput(name, args, shape);
  });
});

describe('gradients through fit agree with TF.js', () => {
  test('zero padding, up-sampling, cropping, batch normalization over channels (training), global pooling', async () => {
    await sameFitSteps(
      (L, tfjs) => [
        L.zeroPadding2d!({ padding: [[1, 0], [2, 1]], inputShape: [4, 3, 2] }),
        L.upSampling2d!({ size: [2, 1] }),
        L.upSampling2d!({ size: [1, 2], interpolation: 'bilinear' }),
        L[tfjs ? 'cropping2D' : 'cropping2d']!({ cropping: [[1, 2], [0, 1]] }),
        L.batchNormalization!({}),
        L.dense!({ units: 4, activation: 'tanh' }),
        L.globalAveragePooling2d!({}),
        L.dense!({ units: 3, activation: 'softmax' }),
      ],
      [4, 3, 2],
    );
  });

  test('global max pooling over steps', async () => {
    await sameFitSteps((L) => [L.dense!({ units: 4, inputShape: [6, 2] }), L.globalMaxPooling1d!({}), L.dense!({ units: 3, activation: 'softmax' })], [6, 2]);
  });
});

describe('spatial dropout', () => {
  test('drops whole feature maps in training (scaled by 1 / (1 - rate)), the identity at inference', () => {
    tp.setSeed(3);
    const x = tp.ones([8, 5, 4, 6]);
    const y = tp.layers.spatialDropout2d({ rate: 0.5 }).apply(x, { training: true }) as tp.Tensor;
    const v = y.arraySync() as number[][][][];
    let dropped = 0;
    for (let b = 0; b < 8; b++)
      for (let c = 0; c < 6; c++) {
        const seen = new Set<number>();
        for (let i = 0; i < 5; i++) for (let j = 0; j < 4; j++) seen.add(v[b]![i]![j]![c]!);
        expect(seen.size).toBe(1);
        const only = [...seen][0]!;
        expect([0, 2]).toContain(only);
        if (only === 0) dropped++;
      }
    expect(dropped).toBeGreaterThan(8); // of 48 maps, about 24
    expect(dropped).toBeLessThan(40);
    const first = tp.layers.spatialDropout2d({ rate: 0.5, dataFormat: 'channelsFirst' }).apply(tp.ones([2, 3, 4, 4]), { training: true }) as tp.Tensor;
    const f = first.arraySync() as number[][][][];
    f.forEach((img) => img.forEach((map) => expect(new Set(map.flat()).size).toBe(1)));
    const seq = tp.layers.spatialDropout1d({ rate: 0.25 }).apply(tp.ones([4, 7, 5]), { training: true }) as tp.Tensor;
    (seq.arraySync() as number[][][]).forEach((s) => s[0]!.forEach((v0, c) => s.forEach((row) => expect(row[c]).toBe(v0))));
    expect(Array.from((tp.layers.spatialDropout2d({ rate: 0.5 }).apply(x) as tp.Tensor).dataSync()).every((e) => e === 1)).toBe(true);
    expect(() => tp.layers.spatialDropout2d({ rate: 0.5 }).apply(tp.ones([2, 3]))).toThrow(/spatial_dropout2d.*expected input of rank 4, got shape \[2,3\]/);
    tp.dispose([x, y, first, seq]);
  });
});

