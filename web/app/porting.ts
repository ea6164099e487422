// The README's tables from TensorFlow / Keras to tensorpad, in the app (and offline with it): the
// page a Python notebook's banner links to.
import readme from '../../README.md?raw';
import { renderMarkdown } from './markdown.ts';

/** The README's "## From the course to tensorpad: ..." sections, each up to the next "## ". */
export function portingSections(markdown: string): string[] {
  return markdown.split(/\n(?=## )/).filter((s) => s.startsWith('## From the course to tensorpad'));
}

const box = document.getElementById('tables')!;
box.innerHTML = renderMarkdown(portingSections(readme).join('\n\n').replace(/^## From the course to tensorpad: /gm, '## '));
document.body.dataset.state = 'ready';
