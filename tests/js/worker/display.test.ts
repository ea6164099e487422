// display.chart's data forms, read from the outputs it posts: `x` in series by name is the x axis
// of the others, in the one-shot and live forms.
import { afterEach, describe, expect, test } from 'vitest';
import { display, setOutputSink } from '../../../web/src/worker/display.js';
import type { Output } from '../../../web/src/worker/protocol.js';

const posted: Output[] = [];
setOutputSink((o) => posted.push(o));
afterEach(() => void (posted.length = 0));

function lastChart(): Extract<Output, { kind: 'chart' }> {
  const c = posted.filter((o) => o.kind === 'chart').at(-1);
  if (!c || c.kind !== 'chart') throw new Error('no chart posted');
  return c;
}

describe('display.chart', () => {
  test('{ x, a, b }: x is the axis of a and b, not a series', () => {
    const x = [-2, -1, 0, 1, 2];
    display.chart({ x, square: x.map((v) => v * v), cube: x.map((v) => v ** 3) });
    const c = lastChart();
    expect(c.series.map((s) => s.name)).toEqual(['square', 'cube']);
    for (const s of c.series) expect(s.x).toEqual(x);
    expect(c.series[1]!.y).toEqual([-8, -1, 0, 1, 8]);
    expect(c.xLabel).toBe('x');
  });

  test('an xLabel given wins; series without x keep index positions', () => {
    display.chart({ x: [10, 20], loss: [1, 0.5] }, { xLabel: 'epoch' });
    expect(lastChart().xLabel).toBe('epoch');
    display.chart({ loss: [3, 2, 1] });
    expect(lastChart().series).toEqual([{ name: 'loss', y: [3, 2, 1] }]);
    expect(lastChart().xLabel).toBeUndefined();
  });

  test('a series really named x goes in the list form', () => {
    display.chart([{ name: 'x', y: [5, 6] }]);
    expect(lastChart().series).toEqual([{ name: 'x', y: [5, 6] }]);
  });

  test('lengths that differ, or an x axis alone, are errors naming the series', () => {
    expect(() => display.chart({ x: [1, 2, 3], loss: [1, 2] })).toThrow(/x has 3 values but series "loss" has 2/);
    expect(() => display.chart({ x: [1, 2] })).toThrow(/only an x axis/);
  });

  test('live: append({ x, ... }) places the point at x', () => {
    const chart = display.chart({ x: [], loss: [] });
    chart.append({ x: 1, loss: 0.9 });
    chart.append({ loss: 0.5 }, 2);
    chart.update({ x: [1, 2, 3], loss: [0.9, 0.5, 0.2] });
    // Live updates are posted at most every 100 ms: the last one reaches the sink by flush.
    return new Promise<void>((done) =>
      setTimeout(() => {
        const c = lastChart();
        expect(c.series).toEqual([{ name: 'loss', x: [1, 2, 3], y: [0.9, 0.5, 0.2] }]);
        done();
      }, 150),
    );
  });

  test('live: append with an x entry, before any update', () => {
    const chart = display.chart({ loss: [] });
    chart.append({ x: 1, loss: 0.9 });
    chart.append({ x: 2, loss: 0.4 });
    return new Promise<void>((done) =>
      setTimeout(() => {
        expect(lastChart().series).toEqual([{ name: 'loss', x: [1, 2], y: [0.9, 0.4] }]);
        done();
      }, 150),
    );
  });
});
