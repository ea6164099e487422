// The playground's heatmaps: the TF Playground's diverging orange/blue scale, painted into small
// canvases from grids of values in [-1, 1] (one pixel per grid point, scaled up by CSS).
import { DOMAIN } from './playground_data.ts';
import { featureValue, type FeatureKey } from './playground_state.ts';

/** Points per side of every heatmap grid (the worker evaluates the network on the same grid). */
export const GRID = 64;

// Orange (-1) to light grey (0) to blue (+1), the TF Playground's diverging scale.
export const NEG = [245, 147, 34];
export const MID = [232, 234, 235];
export const POS = [8, 119, 189];
export function colour(v: number): [number, number, number] {
  const t = Math.max(-1, Math.min(1, Number.isFinite(v) ? v : 0));
  const [a, b] = t < 0 ? [MID, NEG] : [MID, POS];
  const u = Math.abs(t);
  return [a[0]! + (b[0]! - a[0]!) * u, a[1]! + (b[1]! - a[1]!) * u, a[2]! + (b[2]! - a[2]!) * u];
}
export const css = ([r, g, b]: number[]): string => `rgb(${r! | 0},${g! | 0},${b! | 0})`;

// The colour scale as 256 RGBA words (little-endian ABGR), so painting a grid allocates nothing.
// The big output heatmap uses a paler copy, so that the points on it stand out.
function lut(pale: number): Uint32Array {
  const out = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    const [r, g, b] = colour((i / 255) * 2 - 1).map((c) => c + (255 - c) * pale) as [number, number, number];
    out[i] = (255 << 24) | ((b & 255) << 16) | ((g & 255) << 8) | (r & 255);
  }
  return out;
}
export const LUT = lut(0);
export const PALE_LUT = lut(0.3);
const lutIndex = (v: number): number => (Number.isFinite(v) ? Math.round((Math.max(-1, Math.min(1, v)) + 1) * 127.5) : 128);

const images = new WeakMap<HTMLCanvasElement, ImageData>();
export function paintGrid(canvas: HTMLCanvasElement, value: (i: number) => number, table = LUT): void {
  const ctx = canvas.getContext('2d')!;
  let img = images.get(canvas);
  if (!img) images.set(canvas, (img = ctx.createImageData(GRID, GRID)));
  const px = new Uint32Array(img.data.buffer);
  for (let i = 0; i < GRID * GRID; i++) px[i] = table[lutIndex(value(i))]!;
  ctx.putImageData(img, 0, 0);
}

export const gridX = (i: number): number => -DOMAIN + (((i % GRID) + 0.5) / GRID) * 2 * DOMAIN;
export const gridY = (i: number): number => DOMAIN - ((Math.floor(i / GRID) + 0.5) / GRID) * 2 * DOMAIN;

export function drawFeature(canvas: HTMLCanvasElement, key: FeatureKey): void {
  // Scaled to [-1, 1] by the feature's largest magnitude on the domain.
  const values = Array.from({ length: GRID * GRID }, (_, i) => featureValue(key, gridX(i), gridY(i)));
  const max = Math.max(...values.map(Math.abs)) || 1;
  paintGrid(canvas, (i) => values[i]! / max);
}
