// The Text tab: one card per tag, the latest entries of each shown run. Text is shown as written
// (never parsed as HTML), string matrices as tables.
import type { TextPoint } from '../summary/loader.js';
import type { CardContext } from './context.js';
import { h } from './dom.js';

const PER_RUN = 20;

export class TextCard {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly runs = new Map<string, TextPoint[]>();
  private dirty = true;

  constructor(
    readonly tag: string,
    private readonly ctx: CardContext,
  ) {
    this.body = h('div', {});
    this.element = h('section', { class: 'tp-card tp-text-card', 'data-tag': tag }, h('h3', {}, tag), this.body);
  }

  setRun(run: string, points: TextPoint[]): void {
    this.runs.set(run, points);
    this.dirty = true;
  }

  touch(): void {
    this.dirty = true;
  }

  /** True when render() has something to draw. */
  get isDirty(): boolean {
    return this.dirty;
  }

  render(): void {
    if (!this.dirty || !this.element.isConnected) return;
    this.dirty = false;
    const entries: HTMLElement[] = [];
    for (const [run, points] of [...this.runs].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (!this.ctx.runVisible(run)) continue;
      for (const p of points.slice(-PER_RUN).reverse()) {
        const swatch = h('span', { class: 'tp-swatch' });
        swatch.style.background = this.ctx.colorOf(run);
        entries.push(
          h(
            'div',
            { class: 'tp-text-entry', 'data-run': run, 'data-step': p.step },
            h('div', { class: 'tp-step' }, swatch, ` ${run} · step ${p.step}`),
            p.shape.length === 2 ? table(p) : h('pre', {}, p.text),
          ),
        );
      }
    }
    this.body.replaceChildren(...entries);
  }

  destroy(): void {
    this.element.remove();
  }
}

function table(p: TextPoint): HTMLElement {
  const [rows, cols] = p.shape as [number, number];
  const trs: HTMLElement[] = [];
  for (let r = 0; r < rows; r++) trs.push(h('tr', {}, ...Array.from({ length: cols }, (_, c) => h('td', {}, p.values[r * cols + c] ?? ''))));
  return h('table', {}, h('tbody', {}, ...trs));
}
