import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { smallModel } from './helpers.js';

await tp.ready();

async function run(cb: tp.callbacks.CSVLogger, logs: tp.callbacks.Logs[]): Promise<void> {
  cb.setModel(smallModel());
  await cb.onTrainBegin();
  for (const [e, l] of logs.entries()) await cb.onEpochEnd(e, l);
  await cb.onTrainEnd();
}

const text = async (s: tp.summary.LogdirStorage, path: string) => new TextDecoder().decode(await s.read(path));

describe('CSVLogger', () => {
  test("writes Keras's layout: epoch, sorted keys, Python float text, CRLF rows", async () => {
    const storage = new tp.summary.MemoryStorage();
    const loss = Math.fround(0.6931471805599453);
    await run(tp.callbacks.csvLogger('run/log.csv', { storage }), [
      { val_loss: 0.75, loss, accuracy: 0.5 },
      { val_loss: 0.5, loss: 0.25, accuracy: 1 },
    ]);
    // What Python's csv.DictWriter writes for these rows (str(float) of each value).
    expect(await text(storage, 'run/log.csv')).toBe(
      'epoch,accuracy,loss,val_loss\r\n' + '0,0.5,0.6931471824645996,0.75\r\n' + '1,1.0,0.25,0.5\r\n',
    );
  });

  test("separator, 'NA' for a missing figure, append without a second header, overwrite", async () => {
    const storage = new tp.summary.MemoryStorage();
    await run(tp.callbacks.csvLogger('log.csv', { storage, separator: ';' }), [{ loss: 2, mae: 1e-5 }, { loss: 1 }]);
    expect(await text(storage, 'log.csv')).toBe('epoch;loss;mae\r\n0;2.0;1e-05\r\n1;1.0;NA\r\n');
    await run(tp.callbacks.csvLogger('log.csv', { storage, separator: ';', append: true }), [{ loss: 0.5, mae: 0.25 }]);
    expect(await text(storage, 'log.csv')).toBe('epoch;loss;mae\r\n0;2.0;1e-05\r\n1;1.0;NA\r\n0;0.5;0.25\r\n');
    await run(tp.callbacks.csvLogger('log.csv', { storage }), [{ loss: 3 }]);
    expect(await text(storage, 'log.csv')).toBe('epoch,loss\r\n0,3.0\r\n');
  });

  test('writes a file in Node; append to an empty file writes the header', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-csv-'));
    const path = join(dir, 'training.log');
    await run(tp.callbacks.csvLogger(path), [{ loss: 0.125 }]);
    expect(readFileSync(path, 'utf8')).toBe('epoch,loss\r\n0,0.125\r\n');
    writeFileSync(path, '');
    await run(new tp.callbacks.CSVLogger(`file://${path}`, { append: true }), [{ loss: 4 }]);
    expect(readFileSync(path, 'utf8')).toBe('epoch,loss\r\n0,4.0\r\n');
    await run(new tp.callbacks.CSVLogger(path, '\t', true), [{ loss: 5 }]); // Keras's positional form
    expect(readFileSync(path, 'utf8')).toBe('epoch,loss\r\n0,4.0\r\n0\t5.0\r\n');
  });
});
