// The built-in examples: examples/*.ipynb, bundled into the app. Their order is the course's,
// given by the number each file name starts with ("01_tensors.ipynb" is #example=tensors).
import { fromIpynb, type Notebook } from './notebook.ts';
import { savedThumb, type ChartThumb } from './thumbnail.ts';

const files = import.meta.glob('../../examples/*.ipynb', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export interface ExampleInfo {
  name: string;
  title: string;
  description: string;
  file: string;
  /** The lesson's main chart, as saved in its .ipynb. */
  thumb?: ChartThumb;
}

/** "examples/03_custom_loss.ipynb" -> "custom_loss". */
export function exampleName(file: string): string {
  return file.replace(/^.*\//, '').replace(/\.ipynb$/, '').replace(/^\d+[_-]/, '');
}

const entries = Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1));

export const EXAMPLES: ExampleInfo[] = entries.map(([file, text]) => {
  const { notebook } = fromIpynb(text, exampleName(file));
  const thumb = savedThumb(JSON.parse(text));
  return { name: exampleName(file), title: notebook.title, description: notebook.description ?? '', file: file.replace(/^.*\//, ''), ...(thumb ? { thumb } : {}) };
});

/** A fresh copy of the example, or undefined if there is none by that name. */
export function loadExample(name: string): Notebook | undefined {
  const hit = entries.find(([file]) => exampleName(file) === name);
  return hit ? fromIpynb(hit[1], name).notebook : undefined;
}
