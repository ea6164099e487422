// Cooperative interruption of the running cell. The kernel raises the flag when the page presses
// Stop; long-running library code (fit between batches, dataset iteration) and user loops poll it.
// In Node, and in cross-origin-isolated pages, the flag is also a SharedArrayBuffer word that the
// host sets directly, so it is seen even by code that never yields to the event loop.

let requested = false;
let shared: Int32Array | null = null;
let controller = new AbortController();

/** Raised by `throwIfStopped()` (and by library code that stops early) when Stop was pressed. */
export class InterruptedError extends Error {
  constructor(message = 'interrupted') {
    super(message);
    this.name = 'InterruptedError';
  }
}

/**
 * True once Stop was pressed for the running cell. Code that loops for long should check it and
 * return (or `await tp.worker.pause()` now and then, so the stop message can arrive). Always
 * false outside a worker runtime.
 *
 * @example
 * for (let step = 0; step < 1e6 && !tp.worker.shouldStop(); step++) {
 *   trainStep();
 *   if (step % 100 === 0) await tp.worker.pause();
 * }
 */
export function shouldStop(): boolean {
  if (!requested && shared !== null && Atomics.load(shared, 0) !== 0) requestStop();
  return requested;
}

/**
 * An AbortSignal that aborts when Stop is pressed for the running cell (a fresh one per cell).
 *
 * @example
 * const res = await fetch(url, { signal: tp.worker.stopSignal() });
 */
export function stopSignal(): AbortSignal {
  shouldStop();
  return controller.signal;
}

/**
 * Throws InterruptedError if Stop was pressed.
 *
 * @example
 * for (const batch of batches) { tp.worker.throwIfStopped(); step(batch); }
 */
export function throwIfStopped(): void {
  if (shouldStop()) throw new InterruptedError();
}

/**
 * Yields to the event loop (a macrotask), so messages such as Stop are received and the host sees
 * streamed output; resolves to `shouldStop()`.
 *
 * @example
 * while (!(await tp.worker.pause())) step();
 */
export function pause(): Promise<boolean> {
  return new Promise((resolve) => setTimeout(() => resolve(shouldStop()), 0));
}

/** @internal The kernel: Stop was pressed. */
export function requestStop(): void {
  if (requested) return;
  requested = true;
  controller.abort(new InterruptedError());
}

/** @internal The kernel: a new cell starts. */
export function resetStop(): void {
  requested = false;
  if (shared) Atomics.store(shared, 0, 0);
  if (controller.signal.aborted) controller = new AbortController();
}

/** @internal The kernel: the host's shared flag word. */
export function setSharedFlag(flag: Int32Array | null): void {
  shared = flag;
}
