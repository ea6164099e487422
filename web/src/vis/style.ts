// The dashboard's stylesheet, injected once per document so the widget needs no CSS import.
// It includes the positioning rules uPlot's canvases and overlay rely on.

const CSS = `
.tp-dash { --tp-fg: #1f2328; --tp-muted: #656d76; --tp-border: #d0d7de; --tp-bg: #fff; --tp-panel: #f6f8fa; --tp-accent: #ee7733;
  font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--tp-fg); background: var(--tp-bg);
  display: grid; grid-template-columns: 260px 1fr; grid-template-rows: auto 1fr; min-height: 400px; border: 1px solid var(--tp-border); border-radius: 6px; }
.tp-dash * { box-sizing: border-box; }
.tp-dash .tp-head { grid-column: 1 / 3; display: flex; align-items: center; gap: 4px; padding: 4px 8px; border-bottom: 1px solid var(--tp-border); background: var(--tp-panel); border-radius: 6px 6px 0 0; }
.tp-dash .tp-head .tp-tab { border: 0; background: none; padding: 6px 10px; font: inherit; color: var(--tp-muted); cursor: pointer; border-bottom: 2px solid transparent; }
.tp-dash .tp-head .tp-tab[aria-selected="true"] { color: var(--tp-fg); border-bottom-color: var(--tp-accent); font-weight: 600; }
.tp-dash .tp-head .tp-status { margin-left: auto; color: var(--tp-muted); font-size: 12px; }
.tp-dash .tp-head button.tp-action { font: inherit; font-size: 12px; padding: 2px 8px; border: 1px solid var(--tp-border); border-radius: 4px; background: var(--tp-bg); cursor: pointer; }
.tp-dash .tp-side { border-right: 1px solid var(--tp-border); padding: 8px; overflow: auto; display: flex; flex-direction: column; gap: 12px; }
.tp-dash .tp-side h2 { margin: 0 0 4px; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: var(--tp-muted); }
.tp-dash .tp-side label { display: flex; align-items: center; gap: 6px; }
.tp-dash input[type="text"], .tp-dash input[type="number"], .tp-dash select { font: inherit; padding: 3px 6px; border: 1px solid var(--tp-border); border-radius: 4px; width: 100%; background: var(--tp-bg); color: var(--tp-fg); }
.tp-dash .tp-smoothing { display: flex; gap: 6px; align-items: center; }
.tp-dash .tp-smoothing input[type="range"] { flex: 1; }
.tp-dash .tp-smoothing input[type="number"] { width: 72px; }
.tp-dash .tp-filter-error { color: #cf222e; font-size: 12px; }
.tp-dash .tp-runs { display: flex; flex-direction: column; gap: 2px; max-height: 320px; overflow: auto; }
.tp-dash .tp-run { display: flex; align-items: center; gap: 6px; overflow-wrap: anywhere; }
.tp-dash .tp-run-text { min-width: 0; }
.tp-dash .tp-run.tp-filtered { display: none; }
.tp-dash .tp-swatch { width: 12px; height: 12px; border-radius: 2px; flex: none; display: inline-block; }
.tp-dash .tp-main { padding: 8px; overflow: auto; min-width: 0; }
.tp-dash .tp-toolbar { display: flex; gap: 8px; align-items: center; margin-bottom: 8px; }
.tp-dash .tp-toolbar input { max-width: 320px; }
.tp-dash .tp-empty { color: var(--tp-muted); padding: 24px; text-align: center; }
.tp-dash .tp-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 380px), 1fr)); gap: 10px; }
.tp-dash .tp-card { border: 1px solid var(--tp-border); border-radius: 6px; padding: 6px 8px 8px; position: relative; min-width: 0; background: var(--tp-bg); }
.tp-dash .tp-card.tp-filtered { display: none; }
.tp-dash .tp-card h3 { margin: 0 0 4px; font-size: 13px; font-weight: 600; display: flex; flex-wrap: wrap; align-items: center; gap: 6px; overflow-wrap: anywhere; }
.tp-dash .tp-card h3 .tp-run-name { font-weight: 400; color: var(--tp-muted); }
.tp-dash .tp-card .tp-desc { color: var(--tp-muted); font-size: 12px; margin: -2px 0 4px; }
.tp-dash .tp-card-tools { margin-left: auto; display: flex; gap: 4px; align-items: center; font-weight: 400; }
.tp-dash .tp-card-tools select { width: auto; max-width: 140px; font-size: 12px; padding: 1px 4px; }
.tp-dash .tp-card-tools button { font: inherit; font-size: 11px; padding: 1px 6px; border: 1px solid var(--tp-border); border-radius: 4px; background: var(--tp-panel); cursor: pointer; }
.tp-dash .tp-chart { position: relative; }
.tp-dash .tp-tooltip { position: absolute; z-index: 10; pointer-events: none; background: rgba(255,255,255,.96); border: 1px solid var(--tp-border); border-radius: 4px; box-shadow: 0 2px 8px rgba(0,0,0,.15); padding: 4px 6px; font-size: 12px; white-space: nowrap; }
.tp-dash .tp-tooltip table { border-collapse: collapse; }
.tp-dash .tp-tooltip th { text-align: left; font-weight: 600; color: var(--tp-muted); padding: 1px 6px; }
.tp-dash .tp-tooltip td { padding: 1px 6px; font-variant-numeric: tabular-nums; }
.tp-dash .tp-dot { position: absolute; width: 8px; height: 8px; margin: -4px 0 0 -4px; border-radius: 50%; border: 2px solid #fff; pointer-events: none; z-index: 5; }
.tp-dash .tp-hist-canvas { width: 100%; height: 260px; display: block; }
.tp-dash .tp-text-entry { border-top: 1px solid var(--tp-border); padding: 4px 0; }
.tp-dash .tp-text-entry pre { margin: 2px 0 0; white-space: pre-wrap; word-break: break-word; font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace; }
.tp-dash .tp-text-entry table { border-collapse: collapse; font-size: 12px; }
.tp-dash .tp-text-entry td { border: 1px solid var(--tp-border); padding: 2px 6px; }
.tp-dash .tp-step { color: var(--tp-muted); font-size: 11px; }
.tp-dash .tp-graph { position: relative; height: 70vh; min-height: 360px; border: 1px solid var(--tp-border); border-radius: 6px; overflow: hidden; background: var(--tp-panel); cursor: grab; }
.tp-dash .tp-graph.tp-dragging { cursor: grabbing; }
.tp-dash .tp-graph svg { width: 100%; height: 100%; display: block; user-select: none; }
.tp-dash .tp-graph .tp-node rect { fill: #fff; stroke: #8c959f; stroke-width: 1; rx: 6; }
.tp-dash .tp-graph .tp-node.tp-selected rect { stroke: var(--tp-accent); stroke-width: 2; }
.tp-dash .tp-graph .tp-node text { font: 11px system-ui, sans-serif; fill: var(--tp-fg); text-anchor: middle; pointer-events: none; }
.tp-dash .tp-graph .tp-node text.tp-sub { fill: var(--tp-muted); font-size: 10px; }
.tp-dash .tp-graph .tp-edge { fill: none; stroke: #8c959f; stroke-width: 1.2; }
.tp-dash .tp-graph .tp-edge.tp-control { stroke-dasharray: 4 3; stroke: #afb8c1; }
.tp-dash .tp-graph-info { position: absolute; top: 8px; right: 8px; max-width: 320px; max-height: 60%; overflow: auto; background: #fff; border: 1px solid var(--tp-border); border-radius: 6px; padding: 6px 8px; font-size: 12px; }
.tp-dash .tp-graph-info:empty { display: none; }
.tp-dash .tp-graph-tools { position: absolute; left: 8px; top: 8px; display: flex; gap: 4px; }
.tp-dash .tp-graph-tools button { font: inherit; font-size: 12px; border: 1px solid var(--tp-border); border-radius: 4px; background: #fff; cursor: pointer; padding: 1px 8px; }
.tp-dash .tp-tabs { display: flex; flex-wrap: wrap; }
.tp-dash .tp-tab:focus-visible { outline: 2px solid #0969da; outline-offset: -2px; }
/* Narrow screens (a phone): the sidebar stacks above the cards. */
@media (max-width: 700px) {
  .tp-dash { grid-template-columns: minmax(0, 1fr); }
  .tp-dash .tp-head { grid-column: 1; flex-wrap: wrap; }
  .tp-dash .tp-side { border-right: 0; border-bottom: 1px solid var(--tp-border); }
  .tp-dash .tp-runs { max-height: 160px; }
}
.tp-dash .tp-data summary { font-size: 12px; color: var(--tp-muted); cursor: pointer; margin-top: 4px; }
.tp-dash .tp-data[open] { max-height: 260px; overflow: auto; }
.tp-dash .tp-data table { border-collapse: collapse; font-size: 12px; font-variant-numeric: tabular-nums; }
.tp-dash .tp-data td, .tp-dash .tp-data th { border: 1px solid var(--tp-border); padding: 1px 6px; text-align: right; }
.tp-dash .tp-visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.tp-dash .tp-problems { color: #9a6700; font-size: 12px; }
.tp-dash .uplot, .tp-dash .uplot * { box-sizing: border-box; }
.tp-dash .uplot { width: min-content; font-size: 11px; line-height: 1.5; }
.tp-dash .u-wrap { position: relative; user-select: none; }
.tp-dash .u-over, .tp-dash .u-under { position: absolute; }
.tp-dash .u-under { overflow: hidden; }
.tp-dash .uplot canvas { display: block; position: relative; width: 100%; height: 100%; }
.tp-dash .u-axis { position: absolute; }
.tp-dash .u-select { background: rgba(0,0,0,.07); position: absolute; pointer-events: none; }
.tp-dash .u-cursor-x, .tp-dash .u-cursor-y { position: absolute; left: 0; top: 0; pointer-events: none; will-change: transform; }
.tp-dash .u-hz .u-cursor-x, .tp-dash .u-vt .u-cursor-y { height: 100%; border-right: 1px dashed #8c959f; }
.tp-dash .u-hz .u-cursor-y, .tp-dash .u-vt .u-cursor-x { width: 100%; border-bottom: 1px dashed #8c959f; }
.tp-dash .u-cursor-pt { position: absolute; top: 0; left: 0; border-radius: 50%; border: 0 solid; pointer-events: none; }
.tp-dash .u-axis.u-off, .tp-dash .u-select.u-off, .tp-dash .u-cursor-x.u-off, .tp-dash .u-cursor-y.u-off, .tp-dash .u-cursor-pt.u-off { display: none; }
`;

/** Adds the dashboard stylesheet to `doc` once. */
export function injectStyles(doc: Document = document): void {
  if (doc.getElementById('tp-dashboard-styles')) return;
  const style = doc.createElement('style');
  style.id = 'tp-dashboard-styles';
  style.textContent = CSS;
  doc.head.appendChild(style);
}
