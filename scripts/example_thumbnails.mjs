// Runs every lesson of examples/ in a tp.worker runtime (as the tests do) and saves its last line
// chart into the notebook as a display_data output: the chart's data and a small SVG, the
// gallery's thumbnail (web/app/thumbnail.ts). Run after changing a lesson's chart:
//   node scripts/example_thumbnails.mjs [lesson.ipynb ...]   (default: every lesson)
import fs from 'node:fs';
import { register } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
register(pathToFileURL(path.join(root, 'tests/js/worker/ts_hooks.mjs')).href, import.meta.url);
const { createRuntime } = await import('../web/src/worker/runtime.ts');
const { CHART_MIME, chartThumb, thumbSvg } = await import('../web/app/thumbnail.ts');

const dir = path.join(root, 'examples');
const workerUrl = pathToFileURL(path.join(root, 'tests/js/worker/ts_worker.mjs'));
const only = process.argv.slice(2).map((f) => path.basename(f));
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb') && (only.length === 0 || only.includes(f))).sort()) {
  const full = path.join(dir, file);
  const nb = JSON.parse(fs.readFileSync(full, 'utf8'));
  const rt = createRuntime({ workerUrl });
  await rt.run('tp.summary.setDefaultStorage(new tp.summary.MemoryStorage());');
  let main = null;
  for (const cell of nb.cells) {
    if (cell.cell_type !== 'code') continue;
    // Earlier thumbnails go; the new one is written below.
    cell.outputs = (cell.outputs ?? []).filter((o) => !o.data?.[CHART_MIME]);
    const charts = new Map();
    const r = await rt.run(cell.source.join(''), { onOutput: (o, key) => o.kind === 'chart' && charts.set(key ?? charts.size, o) });
    if (!r.ok) throw new Error(`${file}: a cell failed: ${r.error.name}: ${r.error.message}`);
    if (charts.size > 0) main = { cell, chart: [...charts.values()].at(-1) };
  }
  rt.dispose();
  if (main) {
    const thumb = chartThumb(main.chart);
    main.cell.outputs.push({ data: { [CHART_MIME]: thumb, 'image/svg+xml': thumbSvg(thumb) }, metadata: {}, output_type: 'display_data' });
  }
  fs.writeFileSync(full, `${JSON.stringify(nb, null, 1)}\n`);
  console.log(`${file}: ${main ? `thumbnail of "${main.chart.title ?? main.chart.series.map((s) => s.name).join(', ')}"` : 'no line chart'}`);
}
process.exit(0);
