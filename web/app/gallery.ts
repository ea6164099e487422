// The example gallery: every built-in notebook with its one-line description.
import { EXAMPLES } from './examples.ts';

const list = document.getElementById('examples')!;
for (const ex of EXAMPLES) {
  const li = document.createElement('li');
  li.dataset.example = ex.name;
  const a = document.createElement('a');
  a.href = `./#example=${encodeURIComponent(ex.name)}`;
  a.textContent = ex.title;
  const p = document.createElement('p');
  p.textContent = ex.description;
  li.append(a, p);
  list.append(li);
}
document.body.dataset.state = 'ready';
