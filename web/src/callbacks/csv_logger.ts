// CSVLogger: Keras's keras.callbacks.CSVLogger. Rows go through a LogdirStorage: the file system
// in Node, IndexedDB (or any storage given) in browsers.
import { getDefaultStorage } from '../summary/default_storage.js';
import type { LogdirStorage } from '../summary/storage.js';
import { Callback, type Logs } from './callback.js';
import { pythonFloatRepr } from './python_format.js';

export interface CSVLoggerArgs {
  /** Column separator (default ','). */
  separator?: string;
  /** Append to an existing file (header only if it is empty) instead of replacing it. */
  append?: boolean;
  /** Where the file lives (default `tp.summary.getDefaultStorage()`: files in Node). */
  storage?: LogdirStorage | Promise<LogdirStorage>;
}

const encoder = new TextEncoder();

/**
 * Streams epoch results to a CSV file as Keras writes it: a header `epoch,<sorted log names>`,
 * then one row per epoch (values as Python prints floats, 'NA' when missing), '\r\n' line ends.
 *
 * @example
 * const csv = tp.callbacks.csvLogger('training.log');
 * await model.fit(x, y, { epochs: 5, callbacks: [csv] });
 */
export class CSVLogger extends Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private readonly storageArg: CSVLoggerArgs['storage'];
  private storage: LogdirStorage | null = null;
  private keys: string[] | null = null;
  private appendHeader = true;
  private wroteHeader = false;

  /** `new CSVLogger(filename, { separator, append, storage })`, or Keras's positional `(filename, separator, append)`. */
  constructor(filename: string, args: CSVLoggerArgs | string = {}, append?: boolean) {
    super();
    if (typeof filename !== 'string' || filename === '') throw new Error('CSVLogger: filename must be a non-empty string');
    const a: CSVLoggerArgs = typeof args === 'string' ? { separator: args, ...(append !== undefined ? { append } : {}) } : args;
    this.filename = filename.startsWith('file://') ? filename.slice('file://'.length) : filename;
    this.separator = a.separator ?? ',';
    this.append = a.append ?? false;
    this.storageArg = a.storage;
  }

  override async onTrainBegin(): Promise<void> {
    this.storage = await (this.storageArg ?? getDefaultStorage());
    this.appendHeader = true;
    if (this.append) {
      try {
        const head = await this.storage.read(this.filename, 0, 1);
        this.appendHeader = head.length === 0;
      } catch {
        this.appendHeader = true; // no such file yet
      }
    } else {
      await this.storage.remove(this.filename);
    }
    this.keys = null;
    this.wroteHeader = false;
  }

  private cell(v: string): string {
    return v.includes(this.separator) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (!this.storage) await this.onTrainBegin();
    if (this.keys === null) {
      this.keys = Object.keys(logs).sort();
      // Keras adds the validation figures the model will produce even if this epoch has none.
      const expected = (this.model?.metricsNames as string[] | undefined) ?? [];
      for (const name of expected) if (name.startsWith('val_') && !this.keys.includes(name)) this.keys.push(name);
    }
    let text = '';
    if (!this.wroteHeader) {
      if (this.appendHeader) text += ['epoch', ...this.keys].map((k) => this.cell(k)).join(this.separator) + '\r\n';
      this.wroteHeader = true;
    }
    const row = [String(epoch), ...this.keys.map((k) => (logs[k] === undefined ? 'NA' : pythonFloatRepr(logs[k]!)))];
    text += row.map((c) => this.cell(c)).join(this.separator) + '\r\n';
    await this.storage!.append(this.filename, encoder.encode(text));
  }

  override onTrainEnd(): void {
    this.keys = null;
    this.wroteHeader = false;
  }
}

/**
 * Factory of CSVLogger.
 *
 * @example
 * const csv = tp.callbacks.csvLogger('logs/run1.csv', { separator: ';', append: true });
 */
export function csvLogger(filename: string, args: CSVLoggerArgs | string = {}, append?: boolean): CSVLogger {
  return new CSVLogger(filename, args, append);
}
