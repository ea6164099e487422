// The course's print_status_bar for custom training loops.
import type { Tensor } from '../tensor.js';
import { Variable } from '../variable.js';

/** Anything with a name and a scalar result: Keras metrics (tp.metrics.Mean, MeanAbsoluteError, ...). */
export interface NamedResult {
  readonly name: string;
  result(): Tensor;
}

/**
 * The status line of a custom training loop, as the course's `print_status_bar`:
 * "\r3200/11610 - mean: 0.4321 - mean_absolute_error: 0.5678", ending the line once
 * `iteration >= total`. Writes it in place on a terminal (or to `printFn`) and returns the text.
 *
 * @example
 * const meanLoss = new tp.metrics.Mean({ name: 'loss' });
 * const mae = new tp.metrics.MeanAbsoluteError();
 * meanLoss.apply(tp.scalar(0.4321));
 * mae.apply(tp.tensor([[1], [2]]), tp.tensor([[1.5], [1.5]]));
 * tp.training.printStatusBar(320, 1000, meanLoss, [mae]); // prints "\r320/1000 - loss: 0.4321 - mean_absolute_error: 0.5000"
 */
export function printStatusBar(
  iteration: number,
  total: number,
  loss: NamedResult,
  metrics: NamedResult[] = [],
  printFn?: (text: string) => void,
): string {
  const parts = [loss, ...metrics].map((m) => {
    const r = m.result();
    const v = r.dataSync()[0]!;
    if (!(r instanceof Variable)) r.dispose();
    return `${m.name}: ${v.toFixed(4)}`;
  });
  const text = `${iteration}/${total} - ${parts.join(' - ')}`;
  const end = iteration < total ? '' : '\n';
  if (printFn) printFn(text);
  else {
    const out = (globalThis as { process?: { stdout?: { write(s: string): boolean } } }).process?.stdout;
    if (out) out.write(`\r${text}${end}`);
    else if (end) console.log(text);
  }
  return text;
}
