// Run colours: a hash of the run name into a fixed palette, so a run keeps its colour across
// reloads, dashboards and machines, whatever other runs exist.

/** The palette (Paul Tol's "bright" and "vibrant" schemes: distinct, colour-blind aware). */
export const PALETTE: readonly string[] = [
  // Ordered so that each colour is as far as possible from those before it: the first six differ
  // clearly even for colour-blind readers.
  '#0077bb',
  '#ee7733',
  '#66ccee',
  '#228833',
  '#aa3377',
  '#cc3311',
  '#ccbb44',
  '#4477aa',
  '#ee3377',
  '#009988',
  '#33bbee',
  '#bb5566',
];

/** 32-bit FNV-1a of the string's UTF-16 code units. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The colour of a run: PALETTE[fnv1a(run) mod PALETTE.length].
 *
 * @example
 * tp.vis.runColor('train'); // the same '#rrggbb' on every page load
 */
export function runColor(run: string): string {
  return PALETTE[fnv1a(run) % PALETTE.length]!;
}

/**
 * Colours of the runs of one dashboard: the palette in order of first sight, so the first eight
 * runs are all clearly different (a hash of the name, runColor, lets two runs share a colour or
 * get near-identical blues). The same runs seen in the same order get the same colours.
 *
 * @example
 * const colors = new tp.vis.RunColors();
 * colors.of('train'); // '#0077bb'
 * colors.of('validation'); // '#ee7733'
 */
export class RunColors {
  private readonly byRun = new Map<string, string>();

  of(run: string): string {
    let c = this.byRun.get(run);
    if (!c) this.byRun.set(run, (c = PALETTE[this.byRun.size % PALETTE.length]!));
    return c;
  }
}

/**
 * A '#rrggbb' colour as 'rgba(r, g, b, alpha)'.
 *
 * @example
 * tp.vis.withAlpha('#0077bb', 0.3); // 'rgba(0, 119, 187, 0.3)'
 */
export function withAlpha(hex: string, alpha: number): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/**
 * A '#rrggbb' colour mixed with white: `amount` 0 keeps it, 1 gives white. An opaque stand-in for
 * a transparent stroke (opaque lines rasterize faster).
 *
 * @example
 * tp.vis.lighten('#0077bb', 0.75); // '#bfddee'
 */
export function lighten(hex: string, amount: number): string {
  const n = parseInt(hex.slice(1), 16);
  const mix = (c: number) => Math.round(c + (255 - c) * amount);
  return `#${[(n >> 16) & 255, (n >> 8) & 255, n & 255].map((c) => mix(c).toString(16).padStart(2, '0')).join('')}`;
}
