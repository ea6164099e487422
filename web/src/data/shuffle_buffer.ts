// tf.data's shuffle buffer: fill a buffer of `bufferSize` elements, then repeatedly emit a
// uniformly chosen one and refill its place from the input. A buffer at least as large as the
// data set gives a uniform permutation; a smaller one only mixes nearby elements.
import { disposeElement } from './element.js';
import type { Prng } from './prng.js';

/** @internal The elements of `source` in shuffle-buffer order. Disposes buffered elements if stopped early. */
export async function* shuffleBuffer<T>(source: AsyncIterator<T>, bufferSize: number, rng: Prng): AsyncGenerator<T, void, undefined> {
  const buffer: T[] = [];
  let exhausted = false;
  try {
    for (;;) {
      while (!exhausted && buffer.length < bufferSize) {
        const r = await source.next();
        if (r.done) exhausted = true;
        else buffer.push(r.value);
      }
      if (buffer.length === 0) return;
      const i = rng.int(buffer.length);
      const chosen = buffer[i]!;
      buffer[i] = buffer[buffer.length - 1]!;
      buffer.pop();
      yield chosen;
    }
  } finally {
    for (const x of buffer) disposeElement(x);
    buffer.length = 0;
    if (!exhausted) await source.return?.();
  }
}
