// The example gallery: every built-in notebook with its one-line description and a thumbnail of
// its main chart (saved in the .ipynb, see thumbnail.ts).
import { EXAMPLES } from './examples.ts';
import { thumbPolylines, type ChartThumb } from './thumbnail.ts';

const SVG = 'http://www.w3.org/2000/svg';
const W = 160;
const H = 80;

function thumbnail(t: ChartThumb): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'thumb');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('width', String(W));
  svg.setAttribute('height', String(H));
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Chart${t.title ? ` "${t.title}"` : ''}: ${t.series.map((s) => s.name).join(', ')}${t.xLabel ? ` against ${t.xLabel}` : ''}`);
  for (const l of thumbPolylines(t, W, H)) {
    const p = document.createElementNS(SVG, 'polyline');
    p.setAttribute('fill', 'none');
    p.setAttribute('stroke', l.color);
    p.setAttribute('stroke-width', '2');
    p.setAttribute('points', l.points);
    p.dataset.series = l.name;
    svg.append(p);
  }
  return svg;
}

const list = document.getElementById('examples')!;
for (const ex of EXAMPLES) {
  const li = document.createElement('li');
  li.dataset.example = ex.name;
  const a = document.createElement('a');
  a.href = `./#example=${encodeURIComponent(ex.name)}`;
  a.textContent = ex.title;
  const p = document.createElement('p');
  p.textContent = ex.description;
  const text = document.createElement('div');
  text.append(a, p);
  const row = document.createElement('div');
  row.className = 'row';
  if (ex.thumb) row.append(thumbnail(ex.thumb));
  row.append(text);
  li.append(row);
  list.append(li);
}
document.body.dataset.state = 'ready';
