// Defects an independent float64 oracle found in autodiff, each pinned by a test that failed
// before its fix: reading a view's values inside a recording, sources reached only through
// piecewise-constant or integer ops, and selu's slope at 0.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

// sum(t*t) + sum(x) with t = transpose(2x + 1): d/dx = 2 * (2x + 1) * 2 + 1.
const closedForm = (x: number[][]) => x.map((row) => row.map((v) => 4 * (2 * v + 1) + 1));

const views: [string, (t: tp.Tensor) => tp.Tensor][] = [
  ['transpose', (t) => tp.transpose(t)],
  ['slice', (t) => tp.slice(t, [0, 1], [2, 2])],
  ['stridedSlice', (t) => tp.stridedSlice(t, [0, 0], [2, 3], [1, 2])],
  ['reverse', (t) => tp.reverse(t, 1)],
  ['broadcastTo', (t) => tp.broadcastTo(t.reshape([1, 2, 3]), [2, 2, 3])],
  ["at('..., None')", (t) => t.at('..., None')],
];

// Value and gradient of sum(v*v) + sum(x) where v = view(2x + 1), optionally reading v first.
function run(view: (t: tp.Tensor) => tp.Tensor, read: ((t: tp.Tensor) => void) | null) {
  const x = tp.variable([[1, 2, 3], [4, 5, 6]]);
  const tape = new tp.GradientTape();
  const y = tape.record(() => {
    const v = view(x.mul(2).add(1));
    read?.(v);
    return tp.sum(v.mul(v)).add(tp.sum(x));
  });
  return { value: y.arraySync() as number, grad: tape.gradient(y, x)!.arraySync() as number[][] };
}

describe('reading a view inside a recording keeps it differentiable', () => {
  test('the issue example: a transposed view read once', () => {
    const x = tp.variable([[1, 2, 3], [4, 5, 6]]);
    const tape = new tp.GradientTape();
    const y = tape.record(() => {
      const t = tp.transpose(x);
      t.dataSync();
      return tp.sum(t.mul(t)).add(tp.sum(x));
    });
    expect(tape.gradient(y, x)!.arraySync()).toEqual([[3, 5, 7], [9, 11, 13]]);
  });

  const readers: [string, (t: tp.Tensor) => void][] = [
    ['dataSync', (t) => void t.dataSync()],
    ['arraySync', (t) => void t.arraySync()],
    ['toString', (t) => void t.toString()],
  ];
  for (const [viewName, view] of views)
    for (const [readName, read] of readers)
      test(`${viewName} read by ${readName}: same value and gradient as unread`, () => {
        const unread = run(view, null);
        const readOnce = run(view, read);
        expect(readOnce.value).toBe(unread.value);
        expect(readOnce.grad).toEqual(unread.grad);
      });

  test('the full transposed view agrees with the closed form after a read', () => {
    const { grad } = run((t) => tp.transpose(t), (t) => void t.dataSync());
    expect(grad).toEqual(closedForm([[1, 2, 3], [4, 5, 6]]));
  });

  test('a read view as the target: gradient works', () => {
    const x = tp.variable([[1, 2, 3], [4, 5, 6]]);
    const tape = new tp.GradientTape();
    const t = tape.record(() => {
      const v = tp.transpose(x.mul(3));
      v.print();
      return v;
    });
    expect(tape.gradient(t, x)!.arraySync()).toEqual([[3, 3, 3], [3, 3, 3]]);
  });

  test('forward mode: the jvp of a read view is still there', () => {
    const x = tp.tensor([[1, 2], [3, 4]]);
    const acc = new tp.ForwardAccumulator(x, tp.onesLike(x));
    const y = acc.record(() => {
      const v = tp.transpose(x.square());
      v.dataSync();
      return v;
    });
    expect(acc.jvp(y)!.arraySync()).toEqual([[2, 6], [4, 8]]);
  });

  test('tp.function: reading a view while tracing does not change the compiled result', () => {
    const f = tp.function((x: tp.Tensor) => {
      const v = tp.transpose(x);
      v.dataSync();
      return v.mul(2);
    });
    expect(f(tp.tensor([[1, 2], [3, 4]])).arraySync()).toEqual([[2, 6], [4, 8]]);
    expect(f(tp.tensor([[5, 6], [7, 8]])).arraySync()).toEqual([[10, 14], [12, 16]]);
  });
});

describe('unconnected gradients', () => {
  const x0 = [1.5, -2.25, 3];
  const cases: [string, (x: tp.Tensor) => tp.Tensor][] = [
    ['floor', (x) => tp.floor(x)],
    ['ceil', (x) => tp.ceil(x)],
    ['round', (x) => tp.round(x)],
    ['sign', (x) => tp.sign(x)],
    ['floorDiv', (x) => tp.floorDiv(x, tp.scalar(2))],
    ['argMax', (x) => tp.argMax(x).cast('float32')],
    ['isNaN', (x) => tp.isNaN(x).cast('float32')],
    ['greater', (x) => tp.greater(x, tp.scalar(0)).cast('float32')],
    ['oneHot of int32', (x) => tp.oneHot(tp.cast(tp.abs(x), 'int32'), 4)],
    ['int32 math', (x) => tp.cast(x, 'int32').mul(tp.scalar(3, 'int32')).cast('float32')],
  ];
  for (const [name, f] of cases) {
    test(`${name}: tape.gradient gives null, or zeros with unconnectedGradients 'zero'`, () => {
      const x = tp.variable(x0);
      const tape = new tp.GradientTape({ persistent: true });
      const y = tape.record(() => tp.sum(f(x)));
      expect(tape.gradient(y, x)).toBeNull();
      expect(tape.gradient(y, [x])).toEqual([null]);
      expect(tape.gradient(y, x, { unconnectedGradients: 'zero' })!.arraySync()).toEqual([0, 0, 0]);
    });

    test(`${name}: tp.grad gives zeros, as TF.js`, () => {
      const g = tp.grad((x) => tp.sum(f(x)))(tp.tensor(x0));
      expect(g.dtype).toBe('float32');
      expect(g.arraySync()).toEqual([0, 0, 0]);
    });
  }

  test('a source connected through one path and cut on another gets only the live path', () => {
    const x = tp.variable([1.5, 2.5]);
    const tape = new tp.GradientTape();
    const y = tape.record(() => tp.sum(tp.floor(x).add(x.square())));
    expect(tape.gradient(y, x)!.arraySync()).toEqual([3, 5]);
  });

  test("grads of where: zeros for the condition, the routed gradient for the branches", () => {
    const c = tp.tensor([true, false, true]);
    const a = tp.tensor([1, 2, 3]), b = tp.tensor([4, 5, 6]);
    const [gc, ga, gb] = tp.grads((cond, x, y) => tp.where(cond, x, y))([c, a, b]);
    expect(gc!.dtype).toBe('float32');
    expect(gc!.arraySync()).toEqual([0, 0, 0]);
    expect(ga!.arraySync()).toEqual([1, 0, 1]);
    expect(gb!.arraySync()).toEqual([0, 1, 0]);
  });

  test('valueAndGrad and valueAndGrads also give zeros', () => {
    const { value, grad } = tp.valueAndGrad((x) => tp.sum(tp.round(x)))(tp.tensor([0.4, 1.6]));
    expect(value.arraySync()).toBe(2);
    expect(grad.arraySync()).toEqual([0, 0]);
    const r = tp.valueAndGrads((x, y) => tp.sum(tp.ceil(x)).add(tp.sum(y)))([tp.tensor([0.5]), tp.tensor([2])]);
    expect(r.grads.map((g) => g.arraySync())).toEqual([[0], [1]]);
  });
});

describe('selu and elu at 0 take the linear slope (TensorFlow SeluGrad/EluGrad)', () => {
  const SCALE = 1.0507009873554805;
  test("selu'(0) is scale, in both modes and both dtypes", () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const g = tp.grad((x) => tp.selu(x))(tp.tensor([0, -1, 1], undefined, dtype)).arraySync() as number[];
      expect(g[0]).toBeCloseTo(SCALE, dtype === 'float64' ? 14 : 6);
      // Either side of 0: the exponential branch below, scale above.
      expect(g[1]).toBeCloseTo(SCALE * 1.6732632423543772 * Math.exp(-1), dtype === 'float64' ? 12 : 5);
      expect(g[2]).toBeCloseTo(SCALE, dtype === 'float64' ? 14 : 6);
      const [, jvp] = tp.jvp((x) => tp.selu(x), [tp.tensor([0], undefined, dtype)], [tp.tensor([1], undefined, dtype)]);
      expect(((jvp as tp.Tensor).arraySync() as number[])[0]).toBeCloseTo(SCALE, dtype === 'float64' ? 14 : 6);
    }
  });

  test("elu'(0) is 1", () => {
    expect(tp.grad((x) => tp.elu(x))(tp.tensor([0])).arraySync()).toEqual([1]);
  });
});

describe('the TF.js-style helpers free what they made', () => {
  test("grad frees f's intermediates and keeps an input that f returns", () => {
    const x = tp.tensor([1, 2]);
    const before = tp.memory().numTensors;
    const g = tp.grad((t) => t.square().add(1).mul(3))(x);
    expect(g.arraySync()).toEqual([6, 12]);
    expect(tp.memory().numTensors).toBe(before + 1);
    const id = tp.grad((t) => t)(x);
    expect(x.isDisposed).toBe(false);
    expect(id.arraySync()).toEqual([1, 1]);
    tp.dispose([g, id, x]);
  });
});
