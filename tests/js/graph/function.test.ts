// tp.function: tracing per signature, passes, variables by reference, gradients inside graphs.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { loadLogdir } from '../../../web/src/summary/loader.js';
import { MemoryStorage } from '../../../web/src/summary/storage.js';

await tp.ready();

describe('tp.function', () => {
  test("the course's tf_cube: JS runs only while tracing; a new signature retraces", () => {
    let traces = 0;
    const cube = tp.function((x: tp.Tensor) => {
      traces++;
      return x.pow(tp.scalar(3));
    });
    expect(cube(tp.tensor([1, 2])).arraySync()).toEqual([1, 8]);
    (cube(tp.tensor([3, 4])).arraySync() as number[]).forEach((v, i) => expect(v).toBeCloseTo([27, 64][i]!, 4));
    expect(traces).toBe(1);
    expect(cube(tp.tensor([[2]])).arraySync()).toEqual([[8]]);
    expect(traces).toBe(2);
    expect(cube.traceCount).toBe(2);
  });

  test('sum of squares: a JS loop unrolls into the graph and fuses', () => {
    const sumSquare = tp.function((x: tp.Tensor) => {
      let s = tp.zerosLike(x);
      for (let i = 1; i <= 3; i++) s = s.add(x.mul(i).square());
      return s;
    });
    const x = tp.tensor([1, -2]);
    expect(sumSquare(x).arraySync()).toEqual([14, 56]);
    const c = sumSquare.getConcreteFunction(x);
    expect(c.nodesAfter).toBeLessThan(c.nodesBefore);
    expect(c.fusedOps).toBeGreaterThan(2);
    expect(c.opCount).toBe(1);
    expect(c.text).toContain('fused[');
    expect(sumSquare(tp.tensor([2, 0])).arraySync()).toEqual([56, 0]);
  });

  test('variables are captured by reference and assign() updates them', () => {
    const v = tp.variable([1, 1]);
    const step = tp.function((d: tp.Tensor) => {
      v.assign(v.add(d));
      return v.mul(2);
    });
    step(tp.tensor([0.5, 0.5]));
    const out = step(tp.tensor([0.5, 0.5]));
    expect(v.arraySync()).toEqual([2, 2]);
    expect(out.arraySync()).toEqual([4, 4]);
    v.assign([10, 10]);
    step(tp.tensor([1, 1]));
    expect(v.arraySync()).toEqual([11, 11]);
  });

  test('a training step with a tape inside runs as one graph and equals eager', () => {
    tp.setSeed(3);
    const w = tp.variable(tp.randomNormal([4, 2], 0, 1, 'float32', 11));
    const x = tp.randomNormal([8, 4], 0, 1, 'float32', 12), y = tp.randomNormal([8, 2], 0, 1, 'float32', 13);
    const stepFn = (xb: tp.Tensor, yb: tp.Tensor) => {
      const tape = new tp.GradientTape();
      const loss = tape.record(() => xb.matMul(w).tanh().sub(yb).square().mean());
      const g = tape.gradient(loss, w)!;
      w.assign(w.sub(g.mul(0.1)));
      return loss;
    };
    const w0 = w.arraySync();
    const eager: number[] = [];
    for (let i = 0; i < 3; i++) eager.push(stepFn(x, y).arraySync() as number);
    const wEager = w.arraySync();
    w.assign(w0);
    const compiled = tp.function(stepFn);
    const graphed: number[] = [];
    for (let i = 0; i < 3; i++) graphed.push(compiled(x, y).arraySync() as number);
    graphed.forEach((l, i) => expect(l).toBeCloseTo(eager[i]!, 6));
    (w.arraySync() as number[][]).flat().forEach((v, i) => expect(v).toBeCloseTo((wEager as number[][]).flat()[i]!, 6));
    const c = compiled.getConcreteFunction(x, y);
    expect(c.graphDef().nodes.some((n) => n.op === 'matMul')).toBe(true);
  });

  test('variables created on the first call (lazy builds, optimizer slots) are real variables in the graph', () => {
    let slot: tp.Variable | undefined;
    const step = tp.function((d: tp.Tensor) => {
      slot ??= tp.variable(tp.zerosLike(d), false);
      slot.assign(slot.add(d));
      return slot.mul(10);
    });
    expect(step(tp.tensor([1, 2])).arraySync()).toEqual([10, 20]);
    expect(step(tp.tensor([1, 2])).arraySync()).toEqual([20, 40]);
    expect(step(tp.tensor([0.5, 0])).arraySync()).toEqual([25, 40]);
    expect(slot!.arraySync()).toEqual([2.5, 4]);
    expect(step.traceCount).toBe(1);
  });

  test('a signature mismatch names the argument', () => {
    const f = tp.function((a: tp.Tensor) => a.add(1), { inputSignature: [{ shape: [null, 3], dtype: 'float32' }] });
    expect(f(tp.zeros([2, 3])).shape).toEqual([2, 3]);
    expect(() => f(tp.zeros([2, 4]))).toThrow(/argument 0 is float32\[2,4\] but the input signature says float32\[null,3\]/);
  });

  test('errors while tracing name the op and shapes, and the engine keeps working', () => {
    const bad = tp.function((a: tp.Tensor) => a.matMul(a));
    expect(() => bad(tp.zeros([2, 3]))).toThrow(/matMul: inner dimensions 3 and 2/);
    expect(tp.tensor([1]).add(1).arraySync()).toEqual([2]);
  });
});

describe('tp.function graphs in TensorBoard', () => {
  test("a traced training step's graph is written as Event.graph_def and read back node for node", async () => {
    const w = tp.variable(tp.randomNormal([3, 2], 0, 1, 'float32', 5));
    const step = tp.function((x: tp.Tensor, y: tp.Tensor) => {
      const tape = new tp.GradientTape();
      const loss = tape.record(() => x.matMul(w).relu().sub(y).square().mean());
      w.assignSub(tape.gradient(loss, w)!.mul(0.1));
      return loss;
    });
    const x = tp.ones([4, 3]), y = tp.zeros([4, 2]);
    const graph = step.getConcreteFunction(x, y).graphDef();
    const storage = new MemoryStorage();
    const writer = tp.summary.createFileWriter('logs/train', { storage });
    writer.graph(graph);
    await writer.close();
    const back = (await loadLogdir(storage, 'logs')).runs.train!.graph!;
    expect(back.nodes.map((n) => [n.name, n.op, n.inputs ?? []])).toEqual(graph.nodes.map((n) => [n.name, n.op, n.inputs]));
    // The step reads its arguments and the variable, and the backward pass is in the graph.
    const ops = back.nodes.map((n) => n.op);
    expect(ops.filter((o) => o === 'Placeholder')).toHaveLength(2);
    expect(ops).toContain('ReadVariableOp');
    expect(ops.filter((o) => o === 'matMul').length).toBeGreaterThanOrEqual(2);
    const names = new Set(back.nodes.map((n) => n.name));
    for (const n of back.nodes) for (const i of n.inputs ?? []) expect(names.has(i.split(':')[0]!)).toBe(true);
  });
});
