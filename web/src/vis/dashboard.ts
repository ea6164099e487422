// tp.vis.dashboard: TensorBoard in the page. It reads a logdir from a storage backend (following it
// as it grows) or events from a live feed, accumulates them per run and tag, and draws at most once
// per animation frame, only what changed and only what is on screen.
import { EventAccumulator, LogdirWatcher, type LogdirData, type RunChanges } from '../summary/loader.js';
import type { LiveBatch, LiveSource } from '../summary/live.js';
import type { LogdirStorage } from '../summary/storage.js';
import { downloadLogdir } from '../summary/zip.js';
import { RunColors } from './colors.js';
import { DEFAULT_SETTINGS, type CardContext, type DashboardSettings, type HistogramMode, type XAxis } from './context.js';
import { DistributionCard } from './distribution_card.js';
import { breakable, h } from './dom.js';
import { compileFilter, type Filter } from './format.js';
import { GraphView } from './graph_view.js';
import { HistogramCard } from './histogram_card.js';
import { ScalarCard } from './scalar_card.js';
import { injectStyles } from './style.js';
import { TextCard } from './text_card.js';

// Drawing time per frame before the remaining changed cards wait for the next frame.
const FRAME_BUDGET_MS = 8;
// Time per frame for adding live events to the accumulator.
const INTAKE_BUDGET_MS = 6;

export type DashboardTab = 'scalars' | 'histograms' | 'distributions' | 'text' | 'graphs';
let dashboardCount = 0;

const TABS: { id: DashboardTab; label: string }[] = [
  { id: 'scalars', label: 'Scalars' },
  { id: 'histograms', label: 'Histograms' },
  { id: 'distributions', label: 'Distributions' },
  { id: 'text', label: 'Text' },
  { id: 'graphs', label: 'Graphs' },
];

/** What a dashboard shows: a storage backend's logdir, or a live feed of events. */
export type DashboardSource = LogdirStorage | LiveSource;

export interface DashboardOptions extends Partial<DashboardSettings> {
  /** Folder of the storage to show (default: the whole storage). */
  logdir?: string;
  /** Re-read the storage this often, in ms (default 5000; 30000 when the storage can watch). */
  pollMillis?: number;
  /** Tab shown first (default: scalars). */
  tab?: DashboardTab;
}

export interface DashboardStats {
  /** uPlot instances created so far: live data never adds to this, only new cards or axis changes. */
  chartsCreated: number;
  scalarCards: number;
  /** Points drawn per run, summed over scalar cards. */
  scalarPoints: number;
  renders: number;
}

/** A mounted dashboard. */
export interface Dashboard {
  readonly element: HTMLElement;
  readonly settings: Readonly<DashboardSettings>;
  /** Everything read so far, per run and tag. */
  readonly data: LogdirData;
  /** Changes settings, as the controls do. */
  update(settings: Partial<DashboardSettings>): void;
  selectTab(tab: DashboardTab): void;
  /** Re-reads the storage now (no-op for a live feed); resolves when read. */
  refresh(): Promise<void>;
  /** Resolves after the next frame's drawing. */
  rendered(): Promise<void>;
  /** Resolves once everything received so far is drawn (no queued data, no pending chart). */
  idle(): Promise<void>;
  stats(): DashboardStats;
  /** Stops reading and removes the dashboard from the page. */
  destroy(): void;
}

function isLive(source: DashboardSource): source is LiveSource {
  return typeof (source as LiveSource).subscribe === 'function';
}

function sorted<T>(items: Iterable<T>, key: (t: T) => string): T[] {
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

class DashboardImpl implements Dashboard, CardContext {
  readonly element: HTMLElement;
  readonly settings: DashboardSettings;
  private readonly accumulator: EventAccumulator;
  private readonly watcher: LogdirWatcher | null;
  private readonly stops: (() => void)[] = [];
  private readonly hidden = new Set<string>(); // runs unticked in the run list
  private readonly colors = new RunColors();
  private runFilter: Filter;
  private tagFilter: Filter;
  private tab: DashboardTab;
  private frame = 0;
  private frameWaiters: (() => void)[] = [];
  private created = 0;
  private renders = 0;
  private lastUpdate = 0;
  private error: string | null = null;
  private readonly onScreen = new WeakSet<Element>();
  private readonly io: IntersectionObserver | null;

  private readonly scalarCards = new Map<string, ScalarCard>();
  private readonly histCards = new Map<string, HistogramCard>();
  private readonly distCards = new Map<string, DistributionCard>();
  private readonly textCards = new Map<string, TextCard>();
  private readonly graphView = new GraphView();

  // DOM
  private readonly tabButtons = new Map<DashboardTab, HTMLButtonElement>();
  private readonly panels = new Map<DashboardTab, HTMLElement>();
  private readonly grids = new Map<DashboardTab, HTMLElement>();
  private readonly runList: HTMLElement;
  private readonly runRows = new Map<string, HTMLElement>();
  private readonly runFilterError: HTMLElement;
  private readonly tagFilterError: HTMLElement;
  private readonly status: HTMLElement;
  private readonly graphRunSelect: HTMLSelectElement;
  private readonly controls: {
    smoothing: HTMLInputElement;
    smoothingNumber: HTMLInputElement;
    xAxis: HTMLSelectElement;
    log: HTMLInputElement;
    outliers: HTMLInputElement;
    histMode: HTMLSelectElement;
    runFilter: HTMLInputElement;
    tagFilter: HTMLInputElement;
  };

  constructor(
    container: HTMLElement,
    private readonly source: DashboardSource,
    options: DashboardOptions,
  ) {
    injectStyles(container.ownerDocument);
    const { logdir = '', pollMillis, tab = 'scalars', ...settings } = options;
    this.settings = { ...DEFAULT_SETTINGS, ...settings };
    this.settings.smoothing = Math.min(0.999, Math.max(0, this.settings.smoothing));
    this.runFilter = compileFilter(this.settings.runFilter);
    this.tagFilter = compileFilter(this.settings.tagFilter);
    this.tab = tab;
    this.accumulator = new EventAccumulator();
    this.watcher = isLive(source) ? null : new LogdirWatcher(source, logdir, this.accumulator);

    // Controls
    const s = this.settings;
    this.controls = {
      smoothing: h('input', { type: 'range', min: 0, max: 0.999, step: 0.001, value: s.smoothing, class: 'tp-smoothing-range', 'aria-label': 'Smoothing' }),
      smoothingNumber: h('input', { type: 'number', min: 0, max: 0.999, step: 0.001, value: s.smoothing, class: 'tp-smoothing-value', 'aria-label': 'Smoothing value' }),
      xAxis: h(
        'select',
        { class: 'tp-xaxis', 'aria-label': 'Horizontal axis' },
        h('option', { value: 'step' }, 'Step'),
        h('option', { value: 'relative' }, 'Relative (hours)'),
        h('option', { value: 'wall' }, 'Wall time'),
      ),
      log: h('input', { type: 'checkbox', class: 'tp-log', checked: s.logScale }),
      outliers: h('input', { type: 'checkbox', class: 'tp-outliers', checked: s.ignoreOutliers }),
      histMode: h('select', { class: 'tp-hist-mode', 'aria-label': 'Histogram mode' }, h('option', { value: 'offset' }, 'Offset'), h('option', { value: 'overlay' }, 'Overlay')),
      runFilter: h('input', { type: 'text', class: 'tp-run-filter', placeholder: 'Filter runs (regex)', value: s.runFilter, 'aria-label': 'Filter runs' }),
      tagFilter: h('input', { type: 'text', class: 'tp-tag-filter', placeholder: 'Filter tags (regex)', value: s.tagFilter, 'aria-label': 'Filter tags' }),
    };
    this.controls.xAxis.value = s.xAxis;
    this.controls.histMode.value = s.histogramMode;
    const c = this.controls;
    c.smoothing.addEventListener('input', () => this.update({ smoothing: Number(c.smoothing.value) }));
    c.smoothingNumber.addEventListener('change', () => this.update({ smoothing: Number(c.smoothingNumber.value) }));
    c.xAxis.addEventListener('change', () => this.update({ xAxis: c.xAxis.value as XAxis }));
    c.log.addEventListener('change', () => this.update({ logScale: c.log.checked }));
    c.outliers.addEventListener('change', () => this.update({ ignoreOutliers: c.outliers.checked }));
    c.histMode.addEventListener('change', () => this.update({ histogramMode: c.histMode.value as HistogramMode }));
    c.runFilter.addEventListener('input', () => this.update({ runFilter: c.runFilter.value }));
    c.tagFilter.addEventListener('input', () => this.update({ tagFilter: c.tagFilter.value }));

    this.runFilterError = h('div', { class: 'tp-filter-error tp-run-filter-error', role: 'alert' });
    this.tagFilterError = h('div', { class: 'tp-filter-error tp-tag-filter-error', role: 'alert' });
    const toggleAll = h('input', { type: 'checkbox', class: 'tp-toggle-all', checked: true, title: 'Show or hide every run' });
    toggleAll.addEventListener('change', () => {
      for (const run of this.runRows.keys()) {
        if (!this.runFilter.test(run)) continue;
        if (toggleAll.checked) this.hidden.delete(run);
        else this.hidden.add(run);
      }
      this.syncRunRows();
      this.touchAll();
    });
    this.runList = h('div', { class: 'tp-runs' });
    this.status = h('span', { class: 'tp-status', 'aria-live': 'polite' });
    this.graphRunSelect = h('select', { class: 'tp-graph-run', 'aria-label': 'Run' });
    this.graphRunSelect.addEventListener('change', () => this.showGraph());

    // Tabs as the ARIA pattern has them: a tablist, arrow keys between tabs, one Tab stop.
    const uid = `tp-dash-${++dashboardCount}`;
    const tablist = h('div', { class: 'tp-tabs', role: 'tablist', 'aria-label': 'Dashboard' });
    for (const t of TABS) {
      const b = h(
        'button',
        { class: 'tp-tab', role: 'tab', id: `${uid}-tab-${t.id}`, 'aria-controls': `${uid}-panel-${t.id}`, 'data-tab': t.id, 'aria-selected': String(t.id === tab), tabindex: t.id === tab ? 0 : -1, onclick: () => this.selectTab(t.id) },
        t.label,
      );
      b.addEventListener('keydown', (e) => {
        const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
        if (!step) return;
        e.preventDefault();
        const next = TABS[(TABS.findIndex((x) => x.id === t.id) + step + TABS.length) % TABS.length]!.id;
        this.selectTab(next);
        this.tabButtons.get(next)!.focus();
      });
      this.tabButtons.set(t.id, b);
      tablist.append(b);
    }
    const header = h('div', { class: 'tp-head' }, tablist, this.status);
    if (!isLive(source)) {
      header.append(h('button', { class: 'tp-action tp-reload', title: 'Read new data now', onclick: () => void this.refresh() }, 'Reload'));
      if (typeof document !== 'undefined')
        header.append(
          h('button', { class: 'tp-action tp-download-zip', title: 'Download the logdir as a zip for tensorboard --logdir', onclick: () => void downloadLogdir(source, logdir, `${logdir.split('/').filter(Boolean).pop() ?? 'logdir'}.zip`) }, 'Download .zip'),
        );
    }

    const aside = h(
      'div',
      { class: 'tp-side' },
      h('div', {}, h('h2', {}, 'Runs'), c.runFilter, this.runFilterError, h('label', {}, toggleAll, 'all runs'), this.runList),
      h('div', {}, h('h2', {}, 'Smoothing'), h('div', { class: 'tp-smoothing' }, c.smoothing, c.smoothingNumber)),
      h('div', {}, h('h2', {}, 'Horizontal axis'), c.xAxis),
      h('div', {}, h('h2', {}, 'Scalars'), h('label', {}, c.log, 'Log scale (y)'), h('label', {}, c.outliers, 'Ignore outliers in chart scaling')),
      h('div', {}, h('h2', {}, 'Histograms'), c.histMode),
    );

    // Not <main> or <aside>: a dashboard sits inside pages (a notebook cell) that have their own.
    const main = h('div', { class: 'tp-main' }, h('div', { class: 'tp-toolbar' }, c.tagFilter, this.tagFilterError));
    for (const t of TABS) {
      const grid = h('div', { class: 'tp-grid' });
      const empty = h('div', { class: 'tp-empty' }, `No ${t.label.toLowerCase()} yet.`);
      const panel =
        t.id === 'graphs'
          ? h('div', { class: 'tp-panel', 'data-panel': t.id }, h('div', { class: 'tp-toolbar' }, 'Run ', this.graphRunSelect), this.graphView.element)
          : h('div', { class: 'tp-panel', 'data-panel': t.id }, empty, grid);
      panel.id = `${uid}-panel-${t.id}`;
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', `${uid}-tab-${t.id}`);
      panel.hidden = t.id !== tab;
      this.panels.set(t.id, panel);
      this.grids.set(t.id, grid);
      main.append(panel);
    }

    this.element = h('div', { class: 'tp-dash' }, header, aside, main);
    container.append(this.element);

    this.io =
      typeof IntersectionObserver === 'undefined'
        ? null
        : new IntersectionObserver(
            (entries) => {
              let any = false;
              for (const e of entries) {
                if (e.isIntersecting) {
                  this.onScreen.add(e.target);
                  any = true;
                } else this.onScreen.delete(e.target);
              }
              if (any) this.schedule();
            },
            { rootMargin: '200px' },
          );

    this.applyFilters();
    this.updateStatus();
    this.start(pollMillis);
  }

  // ----- CardContext
  runVisible(run: string): boolean {
    return this.runFilter.test(run) && !this.hidden.has(run);
  }

  colorOf(run: string): string {
    return this.colors.of(run);
  }

  chartCreated(): void {
    this.created++;
  }

  // ----- Sources
  private start(pollMillis: number | undefined): void {
    const src = this.source;
    if (isLive(src)) {
      this.stops.push(
        src.subscribe((batch) => {
          this.inbox.push(batch);
          this.lastUpdate = Date.now();
          this.schedule();
        }),
      );
      this.schedule();
      return;
    }
    void this.refresh();
    const stopWatch = src.watch?.(this.watcher!.logdir, () => void this.refresh());
    if (stopWatch) this.stops.push(stopWatch);
    const every = pollMillis ?? (stopWatch ? 30_000 : 5_000);
    if (every > 0 && every < Infinity) {
      const id = setInterval(() => void this.refresh(), every);
      this.stops.push(() => clearInterval(id));
    }
  }

  private refreshing: Promise<void> | null = null;
  private refreshAgain = false;

  refresh(): Promise<void> {
    if (!this.watcher) return Promise.resolve();
    // Coalesce: one read at a time, and at most one more queued behind it.
    if (this.refreshing) {
      this.refreshAgain = true;
      return this.refreshing;
    }
    this.refreshing = (async () => {
      do {
        this.refreshAgain = false;
        try {
          this.merge(await this.watcher!.update());
          this.error = null;
          this.lastUpdate = Date.now();
        } catch (e) {
          this.error = e instanceof Error ? e.message : String(e);
        }
        this.schedule();
      } while (this.refreshAgain);
      this.refreshing = null;
    })();
    return this.refreshing;
  }

  // ----- Rendering
  private destroyed = false;

  private schedule(): void {
    if (this.frame || this.destroyed) return;
    const raf = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: FrameRequestCallback) => setTimeout(() => f(0), 16) as unknown as number;
    this.frame = raf(() => {
      this.frame = 0;
      this.flush();
      const waiters = this.frameWaiters;
      this.frameWaiters = [];
      waiters.forEach((w) => w());
    });
  }

  rendered(): Promise<void> {
    if (this.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.frameWaiters.push(resolve);
      this.schedule();
    });
  }

  async idle(): Promise<void> {
    do await this.rendered();
    while (this.busy());
  }

  private busy(): boolean {
    if (this.destroyed) return false;
    if (this.inboxPos < this.inbox.length || this.pending.size > 0 || this.refreshing) return true;
    const cards: { element: HTMLElement; isDirty: boolean }[] =
      this.tab === 'scalars' ? [...this.scalarCards.values()]
      : this.tab === 'histograms' ? [...this.histCards.values()]
      : this.tab === 'distributions' ? [...this.distCards.values()]
      : this.tab === 'text' ? [...this.textCards.values()]
      : [];
    return cards.some((c) => c.isDirty && this.visibleCard(c.element));
  }

  // Live batches wait here and are added to the accumulator within a time budget per frame, so a
  // burst of data (a fast worker, a big backlog) is spread over frames instead of freezing one.
  private inbox: LiveBatch[] = [];
  private inboxPos = 0;

  private drainInbox(): void {
    const start = performance.now();
    while (this.inboxPos < this.inbox.length) {
      const b = this.inbox[this.inboxPos++]!;
      this.accumulator.addAll(b.run, b.events);
      for (const cols of b.scalars ?? []) this.accumulator.addScalars(b.run, cols);
      if (performance.now() - start > INTAKE_BUDGET_MS) break;
    }
    if (this.inboxPos >= this.inbox.length) {
      this.inbox = [];
      this.inboxPos = 0;
    } else {
      if (this.inboxPos > 1024) {
        this.inbox = this.inbox.slice(this.inboxPos);
        this.inboxPos = 0;
      }
      this.schedule();
    }
  }

  // Changes the watcher's updates returned, not yet drawn.
  private pending = new Map<string, RunChanges>();

  private merge(changes: Map<string, RunChanges>): void {
    for (const [run, c] of changes) {
      const p = this.pending.get(run);
      if (!p) {
        this.pending.set(run, c);
        continue;
      }
      for (const k of ['scalars', 'histograms', 'texts', 'reset'] as const) for (const tag of c[k]) p[k].add(tag);
      p.graph ||= c.graph;
    }
  }

  private flush(): void {
    this.renders++;
    this.drainInbox();
    this.merge(this.accumulator.takeChanges());
    const changes = this.pending;
    this.pending = new Map();
    for (const [run, c] of changes) this.applyChanges(run, c);
    this.renderTab();
    // Text in the header changes layout: refresh it twice a second, not every frame.
    const now = Date.now();
    if (now - this.statusAt > 500) {
      this.statusAt = now;
      this.updateStatus();
    } else if (!this.statusTimer) {
      this.statusTimer = setTimeout(() => {
        this.statusTimer = null;
        this.statusAt = Date.now();
        this.updateStatus();
      }, 500);
    }
  }

  private statusAt = 0;
  private statusTimer: ReturnType<typeof setTimeout> | null = null;

  private applyChanges(run: string, c: RunChanges): void {
    const data = this.accumulator.data.runs[run]!;
    if (!this.runRows.has(run)) this.addRunRow(run);
    for (const tag of c.scalars) {
      let card = this.scalarCards.get(tag);
      if (!card) {
        card = new ScalarCard(tag, this, data.tags[tag]?.description);
        this.scalarCards.set(tag, card);
        this.insertCard('scalars', card.element, tag);
      }
      card.setRun(run, data.scalars[tag]!);
      if (c.reset.has(tag)) card.resetRun(run);
      card.touch();
    }
    for (const tag of c.histograms) {
      const key = `${tag}\u0000${run}`;
      let hc = this.histCards.get(key);
      let dc = this.distCards.get(key);
      if (!hc) {
        hc = new HistogramCard(tag, run, this);
        this.histCards.set(key, hc);
        this.insertCard('histograms', hc.element, key);
      }
      if (!dc) {
        dc = new DistributionCard(tag, run, this);
        this.distCards.set(key, dc);
        this.insertCard('distributions', dc.element, key);
      }
      hc.setPoints(data.histograms[tag]!);
      dc.setPoints(data.histograms[tag]!);
    }
    for (const tag of c.texts) {
      let tc = this.textCards.get(tag);
      if (!tc) {
        tc = new TextCard(tag, this);
        this.textCards.set(tag, tc);
        this.insertCard('text', tc.element, tag);
      }
      tc.setRun(run, data.texts[tag]!);
    }
    if (c.graph) {
      if (!Array.from(this.graphRunSelect.options).some((o) => o.value === run)) {
        this.graphRunSelect.append(h('option', { value: run }, run));
        const opts = sorted(Array.from(this.graphRunSelect.options), (o) => o.value);
        const current = this.graphRunSelect.value;
        this.graphRunSelect.replaceChildren(...opts);
        this.graphRunSelect.value = current || run;
      }
      if (this.graphRunSelect.value === run) this.showGraph();
    }
  }

  /** Inserts a card keeping the grid sorted by key (tag, then run). */
  private insertCard(tab: DashboardTab, el: HTMLElement, key: string): void {
    const grid = this.grids.get(tab)!;
    el.dataset.key = key;
    const next = Array.from(grid.children).find((c) => ((c as HTMLElement).dataset.key ?? '') > key);
    grid.insertBefore(el, next ?? null);
    this.io?.observe(el);
    this.panels.get(tab)!.querySelector('.tp-empty')?.remove();
    this.filterCard(el);
  }

  private addRunRow(run: string): void {
    const box = h('input', { type: 'checkbox', checked: !this.hidden.has(run) });
    box.addEventListener('change', () => {
      if (box.checked) this.hidden.delete(run);
      else this.hidden.add(run);
      this.touchAll();
    });
    const swatch = h('span', { class: 'tp-swatch' });
    swatch.style.background = this.colorOf(run);
    const row = h('label', { class: 'tp-run', 'data-run': run, title: run }, box, swatch, breakable(run, 'tp-run-text'));
    const next = sorted(this.runRows.keys(), (r) => r).find((r) => r > run);
    this.runList.insertBefore(row, next ? this.runRows.get(next)! : null);
    this.runRows.set(run, row);
    this.syncRunRows();
  }

  private syncRunRows(): void {
    for (const [run, row] of this.runRows) {
      row.classList.toggle('tp-filtered', !this.runFilter.test(run));
      (row.querySelector('input') as HTMLInputElement).checked = !this.hidden.has(run);
    }
  }

  private filterCard(el: HTMLElement): void {
    const tag = el.dataset.tag ?? '';
    const run = el.dataset.run;
    el.classList.toggle('tp-filtered', !this.tagFilter.test(tag) || (run !== undefined && !this.runVisible(run)));
  }

  private applyFilters(): void {
    this.runFilterError.textContent = this.runFilter.error ? `Invalid regex: ${this.runFilter.error}` : '';
    this.tagFilterError.textContent = this.tagFilter.error ? `Invalid regex: ${this.tagFilter.error}` : '';
    this.syncRunRows();
    for (const grid of this.grids.values()) for (const el of Array.from(grid.children)) this.filterCard(el as HTMLElement);
  }

  private touchAll(): void {
    for (const c of this.scalarCards.values()) c.touch(true);
    for (const c of this.histCards.values()) c.touch();
    for (const c of this.distCards.values()) c.touch();
    for (const c of this.textCards.values()) c.touch();
    this.applyFilters();
    this.schedule();
  }

  private visibleCard(el: HTMLElement): boolean {
    return !el.classList.contains('tp-filtered') && (this.io === null || this.onScreen.has(el));
  }

  // Cards of the shown tab are drawn round-robin within a time budget per frame, so a frame with
  // many changed charts is spread over several frames instead of stalling one.
  private nextCard = 0;

  private renderTab(): void {
    let cards: { element: HTMLElement; isDirty: boolean; render(): void }[];
    switch (this.tab) {
      case 'scalars': cards = [...this.scalarCards.values()]; break;
      case 'histograms': cards = [...this.histCards.values()]; break;
      case 'distributions': cards = [...this.distCards.values()]; break;
      case 'text': cards = [...this.textCards.values()]; break;
      case 'graphs': this.graphView.shown(); return;
    }
    const n = cards.length;
    const start = performance.now();
    for (let k = 0; k < n; k++) {
      const i = (this.nextCard + k) % n;
      const card = cards[i]!;
      if (!card.isDirty || !this.visibleCard(card.element)) continue;
      card.render();
      if (performance.now() - start > FRAME_BUDGET_MS) {
        this.nextCard = (i + 1) % n;
        this.schedule(); // the rest next frame
        return;
      }
    }
    // A card may defer a redraw (live data arriving faster than it redraws): come back for it.
    if (cards.some((c) => c.isDirty && this.visibleCard(c.element))) this.schedule();
  }

  private showGraph(): void {
    const run = this.graphRunSelect.value;
    this.graphView.setGraph(this.accumulator.data.runs[run]?.graph ?? null);
  }

  private updateStatus(): void {
    const runs = Object.keys(this.accumulator.data.runs).length;
    const problems = Object.values(this.accumulator.data.runs).flatMap((r) => r.problems);
    const parts = [`${runs} run${runs === 1 ? '' : 's'}`, `${this.scalarCards.size} scalar tag${this.scalarCards.size === 1 ? '' : 's'}`];
    if (this.lastUpdate) parts.push(`updated ${new Date(this.lastUpdate).toLocaleTimeString()}`);
    this.status.replaceChildren(parts.join(' · '));
    if (problems.length) {
      const p = h('span', { class: 'tp-problems', title: problems.slice(0, 10).map((x) => `${x.path}: ${x.message}`).join('\n') }, ` · ${problems.length} read problem${problems.length === 1 ? '' : 's'}`);
      this.status.append(p);
    }
    if (this.error) this.status.append(h('span', { class: 'tp-filter-error' }, ` · ${this.error}`));
  }

  // ----- Public API
  get data(): LogdirData {
    return this.accumulator.data;
  }

  update(patch: Partial<DashboardSettings>): void {
    const s = this.settings;
    const before = { ...s };
    for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof DashboardSettings)[])
      if (patch[key] !== undefined) (s as unknown as Record<string, unknown>)[key] = patch[key];
    s.smoothing = Math.min(0.999, Math.max(0, Number.isFinite(s.smoothing) ? s.smoothing : 0));
    const c = this.controls;
    if (c.smoothing.value !== String(s.smoothing)) c.smoothing.value = String(s.smoothing);
    if (c.smoothingNumber.value !== String(s.smoothing)) c.smoothingNumber.value = String(s.smoothing);
    c.xAxis.value = s.xAxis;
    c.log.checked = s.logScale;
    c.outliers.checked = s.ignoreOutliers;
    c.histMode.value = s.histogramMode;
    if (c.runFilter.value !== s.runFilter) c.runFilter.value = s.runFilter;
    if (c.tagFilter.value !== s.tagFilter) c.tagFilter.value = s.tagFilter;
    this.runFilter = compileFilter(s.runFilter);
    this.tagFilter = compileFilter(s.tagFilter);

    const axisChanged = before.xAxis !== s.xAxis;
    const recreate = axisChanged || before.logScale !== s.logScale;
    if (recreate || before.smoothing !== s.smoothing) for (const card of this.scalarCards.values()) card.rebuild(recreate);
    if (axisChanged) for (const card of this.distCards.values()) card.rebuild(true);
    this.touchAll();
  }

  selectTab(tab: DashboardTab): void {
    this.tab = tab;
    for (const [id, b] of this.tabButtons) {
      b.setAttribute('aria-selected', String(id === tab));
      b.tabIndex = id === tab ? 0 : -1;
    }
    for (const [id, p] of this.panels) p.hidden = id !== tab;
    this.schedule();
  }

  stats(): DashboardStats {
    let points = 0;
    for (const c of this.scalarCards.values()) for (const n of Object.values(c.pointCounts())) points += n;
    return { chartsCreated: this.created, scalarCards: this.scalarCards.size, scalarPoints: points, renders: this.renders };
  }

  destroy(): void {
    this.destroyed = true;
    if (this.statusTimer) clearTimeout(this.statusTimer);
    for (const stop of this.stops) stop();
    this.stops.length = 0;
    this.io?.disconnect();
    for (const c of this.scalarCards.values()) c.destroy();
    for (const c of this.histCards.values()) c.destroy();
    for (const c of this.distCards.values()) c.destroy();
    for (const c of this.textCards.values()) c.destroy();
    this.element.remove();
  }
}

/**
 * Mounts a TensorBoard-style dashboard in `element`: Scalars (smoothing, run and tag regex
 * filters, step/relative/wall-time axis, log scale, outlier-ignoring range, tooltips, CSV/JSON
 * downloads), Histograms, Distributions, Text and Graphs tabs. `source` is a storage backend
 * (its `options.logdir` folder is read, then followed as it grows) or a live feed with
 * `subscribe` (e.g. `tp.summary.createLiveFeed()`).
 *
 * @example
 * const storage = await tp.summary.getDefaultStorage();
 * const board = tp.vis.dashboard(document.querySelector('#tensorboard'), storage, { logdir: 'logs' });
 * board.update({ smoothing: 0.8, xAxis: 'relative' });
 */
export function dashboard(element: HTMLElement, source: DashboardSource, options: DashboardOptions = {}): Dashboard {
  if (!element || typeof (element as HTMLElement).append !== 'function') throw new Error('tp.vis.dashboard: element must be a DOM element');
  const live = typeof (source as LiveSource)?.subscribe === 'function';
  const storage = typeof (source as LogdirStorage)?.list === 'function' && typeof (source as LogdirStorage)?.read === 'function';
  if (!live && !storage) throw new Error('tp.vis.dashboard: source must be a logdir storage (list/read) or a live feed (subscribe)');
  return new DashboardImpl(element, source, options);
}
