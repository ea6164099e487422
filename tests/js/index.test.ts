// The package entry: one wrapper for every op of the core's table.
import { expect, test } from 'vitest';
import * as tp from '../../web/src/index.js';

await tp.ready();

// Table names whose TF.js name differs or sits in a namespace (as in TF.js).
const WRAPPER_OF: Record<string, string> = {
  copy: 'clone',
  outer: 'outerProduct',
  resizeBilinear: 'image.resizeBilinear',
  resizeNearestNeighbor: 'image.resizeNearestNeighbor',
};

// Gradient kernels TF.js keeps internal: reached through the gradient of their forward op.
const GRADIENT_OF: Record<string, (x: tp.Tensor) => tp.Tensor> = {
  maxPoolGrad: (x) => tp.maxPool(x, 2, 2, 'valid'),
  avgPoolGrad: (x) => tp.avgPool(x, 2, 2, 'valid'),
  resizeBilinearGrad: (x) => tp.image.resizeBilinear(x, [3, 3]),
  resizeNearestNeighborGrad: (x) => tp.image.resizeNearestNeighbor(x, [3, 3]),
};

function lookup(path: string): unknown {
  return path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], tp);
}

test('every op of the core table has a tp function', () => {
  const ops = tp.opSchema().map((op) => op.name).filter((name) => !(name in GRADIENT_OF));
  const missing = ops.map((name) => WRAPPER_OF[name] ?? name).filter((path) => typeof lookup(path) !== 'function');
  expect(missing).toEqual([]);
});

test('gradient-only kernels run in the gradient of their forward op', () => {
  const names = tp.opSchema().map((op) => op.name);
  for (const [kernel, forward] of Object.entries(GRADIENT_OF)) {
    expect(names).toContain(kernel);
    const x = tp.randomUniform([1, 4, 4, 2], 0, 1, 'float32', 5);
    const g = tp.function((t: tp.Tensor) => tp.grad(forward)(t));
    expect(g.getConcreteFunction(x).text, kernel).toContain(kernel);
    x.dispose();
  }
});
