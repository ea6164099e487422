// Convolution forward throughput, GFLOP/s (2 multiply-adds per filter tap per output element):
// NHWC 3x3 'same' convolutions of an MNIST-sized batch and of one larger image, first layers (1
// and 3 input channels: the direct small-channel kernel), and a depthwise 3x3. TF.js's wasm
// backend runs these on XNNPACK.
import { randomData } from './peers.mjs';

export const title = 'conv2d forward, float32, NHWC, GFLOP/s';

const CASES = [
  // [label, x shape, filter shape, depthwise, strides]
  ['conv2d 3x3 [32,28,28,32]->32', [32, 28, 28, 32], [3, 3, 32, 32], false, 1],
  ['conv2d 3x3 [1,112,112,32]->64', [1, 112, 112, 32], [3, 3, 32, 64], false, 1],
  ['1st layer 3x3 [32,28,28,1]->32', [32, 28, 28, 1], [3, 3, 1, 32], false, 1],
  ['1st layer 3x3 [64,28,28,1]->32', [64, 28, 28, 1], [3, 3, 1, 32], false, 1],
  ['1st 3x3/2 [1,224,224,3]->32', [1, 224, 224, 3], [3, 3, 3, 32], false, 2],
  ['depthwise 3x3 [1,112,112,32]', [1, 112, 112, 32], [3, 3, 32, 1], true, 1],
  ['depthwise 3x3 [32,28,28,32]', [32, 28, 28, 32], [3, 3, 32, 1], true, 1],
];

export function* cases({ quick }) {
  for (const [label, xs, fs, depthwise, s] of quick ? CASES.slice(0, 2) : CASES) {
    const x = randomData(xs.reduce((a, b) => a * b, 1), 1);
    const f = randomData(fs.reduce((a, b) => a * b, 1), 2);
    const outC = depthwise ? fs[2] * fs[3] : fs[3];
    const inPerOut = depthwise ? 1 : fs[2];
    const outPixels = xs[0] * Math.ceil(xs[1] / s) * Math.ceil(xs[2] / s);
    const flops = 2 * outPixels * outC * fs[0] * fs[1] * inPerOut;
    yield {
      label,
      setup: (lib) => [lib.tensor(x, xs), lib.tensor(f, fs)],
      run: (lib, [a, b]) => (depthwise ? lib.depthwiseConv2d(a, b, s, 'same') : lib.conv2d(a, b, s, 'same')),
      score: (seconds) => flops / seconds / 1e9,
    };
  }
}
