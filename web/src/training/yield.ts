// Giving the event loop a turn during fit, so a page or worker keeps handling messages (a stop
// button, progress updates) while training runs.
import type { YieldEvery } from './types.js';

/** @internal Resolves after the event loop has run pending tasks (macrotask, not microtask). */
export function nextTask(): Promise<void> {
  const g = globalThis as { setImmediate?: (f: () => void) => void };
  if (typeof g.setImmediate === 'function') return new Promise((r) => g.setImmediate!(r));
  return new Promise((r) => setTimeout(r, 0));
}

const AUTO_MS = 50;

/** @internal Decides when fit yields: after batches, epochs, or every N milliseconds. */
export class Yielder {
  private last = now();
  constructor(private readonly every: YieldEvery = 'auto') {
    if (typeof every === 'number' ? !(every >= 0) : !['auto', 'batch', 'epoch', 'never'].includes(every))
      throw new Error(`fit: yieldEvery must be 'auto', 'batch', 'epoch', 'never' or milliseconds >= 0, got ${String(every)}`);
  }

  /** Whether to yield now, at the end of a batch (or of an epoch when `epochEnd`). */
  due(epochEnd: boolean): boolean {
    const e = this.every;
    if (e === 'never') return false;
    if (e === 'batch') return true;
    if (e === 'epoch') return epochEnd;
    const ms = e === 'auto' ? AUTO_MS : e;
    const t = now();
    if (t - this.last < ms) return false;
    this.last = t;
    return true;
  }
}

/** @internal Milliseconds, high resolution where available. */
export function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}
