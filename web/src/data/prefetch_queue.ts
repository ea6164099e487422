// Read-ahead for a dataset: keeps up to `n` requests to the input in flight, so an input that
// waits on I/O (fetch, file reads, a generator awaiting something) overlaps with the consumer's
// work. JS runs one thing at a time, so pure computation gains nothing from it.
import { disposeElement } from './element.js';

/** @internal The elements of `source`, requested up to `n` ahead. Disposes read-ahead elements if stopped early. */
export async function* prefetchQueue<T>(source: AsyncIterator<T>, n: number): AsyncGenerator<T, void, undefined> {
  const queue: Promise<IteratorResult<T>>[] = [];
  let exhausted = false;
  try {
    for (;;) {
      while (queue.length < Math.max(1, n)) queue.push(source.next());
      const r = await queue.shift()!;
      if (r.done) {
        exhausted = true;
        return;
      }
      yield r.value;
    }
  } finally {
    for (const p of queue.splice(0)) {
      const r = await p.catch(() => ({ done: true as const, value: undefined }));
      if (!r.done) disposeElement(r.value);
    }
    if (!exhausted) await source.return?.();
  }
}
