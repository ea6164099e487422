// Gallery thumbnails: a chart thinned to a few dozen points, drawn y-up in its box, and saved in
// every lesson that draws a line chart.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { CHART_MIME, chartThumb, savedThumb, thumbPolylines, thumbSvg } from '../../../web/app/thumbnail.ts';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples');

describe('chart thumbnails', () => {
  test('thinning keeps the first and last points, with explicit x', () => {
    const y = Array.from({ length: 1000 }, (_, i) => Math.exp(-i / 200));
    const t = chartThumb({ title: 'loss', series: [{ name: 'loss', y }] });
    const s = t.series[0]!;
    expect(s.x.length).toBeLessThanOrEqual(49);
    expect(s.x[0]).toBe(0);
    expect(s.x.at(-1)).toBe(999);
    expect(s.y.at(-1)).toBeCloseTo(y[999]!, 4);
    s.x.forEach((x, j) => expect(s.y[j]).toBeCloseTo(Math.exp(-x / 200), 4));
  });

  test('polylines span the box, y up', () => {
    const t = { series: [{ name: 'a', x: [0, 10], y: [5, 1] }] };
    expect(thumbPolylines(t, 100, 50)[0]!.points).toBe('2.0,2.0 98.0,48.0');
    expect(thumbSvg(t, 100, 50)).toContain('points="2.0,2.0 98.0,48.0"');
  });

  test('every lesson with a line chart has its thumbnail saved, of a chart it draws', () => {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      const thumb = savedThumb(JSON.parse(text));
      expect(thumb !== undefined, file).toBe(text.includes('display.chart('));
      if (!thumb) continue;
      expect(text).toContain(CHART_MIME);
      // The saved series are ones the lesson's code names.
      const code = (JSON.parse(text).cells as { cell_type: string; source: string[] }[]).filter((c) => c.cell_type === 'code').map((c) => c.source.join('')).join('\n');
      for (const s of thumb.series) expect(code, `${file}: ${s.name}`).toContain(s.name);
    }
  });
});
