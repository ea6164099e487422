// Axis details shared by the dashboard's cards and the notebook's charts: whole-number axes
// (steps, epochs) never get ticks between integers, and a y axis is as wide as its labels.

/** Tick spacings of a whole-number axis: 1, 2, 5, 10, 20, 50, ... (never 0.5). */
export const INTEGER_INCRS: readonly number[] = Array.from({ length: 16 }, (_, k) => [1, 2, 5].map((m) => m * 10 ** k)).flat();

/** True when every finite value is a whole number (an axis of steps or epochs). */
export function allIntegers(values: ArrayLike<number | null>): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && Number.isFinite(v) && !Number.isInteger(v)) return false;
  }
  return true;
}

/**
 * Pixels a y axis needs so that its widest label is not cut: the label, uPlot's tick (10) and gap
 * (5), and a margin of 3 (its axis title has room of its own).
 *
 * @example
 * axisWidth(['0.0001', '0.0002'], (s) => s.length * 7); // 42 + 18 = 60
 */
export function axisWidth(labels: readonly string[] | null, measure: (text: string) => number): number {
  let widest = 0;
  for (const l of labels ?? []) widest = Math.max(widest, measure(l));
  return Math.max(40, Math.ceil(widest) + 18);
}

let measureCtx: CanvasRenderingContext2D | null = null;

/** Width of `text` in the font uPlot draws axis labels with (12px system-ui), in CSS pixels. */
export function labelWidth(text: string, font = '12px system-ui, -apple-system, sans-serif'): number {
  if (!measureCtx && typeof document !== 'undefined') measureCtx = document.createElement('canvas').getContext('2d');
  if (!measureCtx) return text.length * 7;
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}
