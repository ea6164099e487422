// tp.vis: the client-side TensorBoard dashboard and the pieces it is made of.
export { dashboard, type Dashboard, type DashboardOptions, type DashboardSource, type DashboardStats, type DashboardTab } from './dashboard.js';
export { DEFAULT_SETTINGS, type DashboardSettings, type XAxis, type HistogramMode } from './context.js';
export { classicSmoothing, IncrementalSmoother } from './smoothing.js';
export { runColor, RunColors, withAlpha, lighten, PALETTE } from './colors.js';
export { DecimatedSeries } from './decimate.js';
export { valueExtent, chartExtent, quantileSorted, compressHistogram, rebin, NORMAL_HISTOGRAM_BPS } from './stats.js';
export {
  pyFloatRepr,
  scalarsCsv,
  scalarsJson,
  downloadName,
  formatNumber,
  formatDuration,
  formatWallTime,
  compileFilter,
  type Filter,
} from './format.js';
export { layoutGraph, parseInput, type GraphLayout, type LaidOutNode, type LaidOutEdge } from './graph_layout.js';
export { INTEGER_INCRS, allIntegers, axisWidth } from './axes.js';
