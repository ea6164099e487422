// The Keras progress bar (verbose 1 and 2), ProgressLogger in fit, and the custom-loop status bar.
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { formatProgressLine, printStatusBar, ProgressLogger } from '../../../web/src/training/index.js';
import { mlp } from './helpers.js';

await tp.ready();

describe('progress bar', () => {
  test("the final line of an epoch reads as Keras's (steps, bar, time, time per step, figures)", () => {
    expect(formatProgressLine({ current: 1719, target: 1719, elapsedSeconds: 3.4, values: { loss: 0.7218, accuracy: 0.766, val_loss: 0.4973, val_accuracy: 0.8366 }, final: true, verbose: 1 }))
      .toBe('1719/1719 [==============================] - 3s 2ms/step - loss: 0.7218 - accuracy: 0.7660 - val_loss: 0.4973 - val_accuracy: 0.8366');
  });

  test('during the epoch: right-aligned count, arrow head, ETA in s or m:ss; small figures in %.4e', () => {
    // 900/1719: floor(30 * 900 / 1719) = 15 cells, the last one the arrow head.
    expect(formatProgressLine({ current: 900, target: 1719, elapsedSeconds: 9, values: { loss: 0.5 }, final: false, verbose: 1 }))
      .toBe(' 900/1719 [==============>...............] - ETA: 8s - loss: 0.5000');
    expect(formatProgressLine({ current: 32, target: 1719, elapsedSeconds: 3.2, values: { loss: 0.00012345 }, final: false, verbose: 1 }))
      .toBe('  32/1719 [..............................] - ETA: 2:48 - loss: 1.2345e-04');
    expect(formatProgressLine({ current: 12, target: undefined, elapsedSeconds: 0.0012, values: {}, final: false, verbose: 1 }))
      .toBe('     12/Unknown - 0s 100us/step');
  });

  test('verbose 2: one summary line with time per epoch and per step', () => {
    expect(formatProgressLine({ current: 1719, target: 1719, elapsedSeconds: 3.4, values: { loss: 0.7218 }, final: true, verbose: 2 }))
      .toBe('1719/1719 - 3s - loss: 0.7218 - 3s/epoch - 2ms/step');
  });

  test('ProgressLogger in fit prints "Epoch i/n" and one final line per epoch, with val_ figures', async () => {
    const x = tp.randomNormal([32, 3], 0, 1, 'float32', 1);
    const y = tp.randomNormal([32, 1], 0, 1, 'float32', 2);
    const m = mlp([3, 2, 1], { seed: 1 });
    m.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    const lines: string[] = [];
    const updates: boolean[] = [];
    const h = await m.fit(x, y, {
      epochs: 2, batchSize: 8, verbose: 0, validationData: [x, y],
      callbacks: [new ProgressLogger({ printFn: (l) => lines.push(l), onProgress: (_t, info) => updates.push(info.final), interval: 0 })],
    });
    expect(lines.length).toBe(4);
    expect(lines[0]).toBe('Epoch 1/2');
    expect(lines[2]).toBe('Epoch 2/2');
    const f = (v: number) => v.toFixed(4);
    const re = /^4\/4 \[={30}\] - \d+s \d+(us|ms)\/step - loss: (.*) - mae: (.*) - val_loss: (.*) - val_mae: (.*)$/;
    const m1 = re.exec(lines[3]!);
    expect(m1).not.toBeNull();
    expect(m1!.slice(2)).toEqual([f(h.history.loss![1]!), f(h.history.mae![1]!), f(h.history.val_loss![1]!), f(h.history.val_mae![1]!)]);
    expect(updates.filter((u) => u).length).toBe(2);
    expect(updates.filter((u) => !u).length).toBe(6); // batches 1..3 of each epoch update in place
  });

  test('verbose 1 on a terminal updates the line in place with \\r', async () => {
    const out = process.stdout as unknown as { write: (s: string) => boolean; isTTY?: boolean };
    const write = out.write, tty = out.isTTY;
    const written: string[] = [];
    out.write = (s: string) => (written.push(s), true);
    out.isTTY = true;
    try {
      const m = mlp([3, 1], { seed: 1 });
      m.compile({ optimizer: 'sgd', loss: 'mse' });
      await m.fit(tp.ones([4, 3]), tp.ones([4, 1]), { epochs: 1, batchSize: 2, verbose: 1 });
    } finally {
      out.write = write;
      out.isTTY = tty;
    }
    const last = written[written.length - 1]!;
    expect(last).toMatch(/^\r2\/2 \[={30}\] - \d+s \d+(us|ms)\/step - loss: \d\.\d{4}\s*\n$/);
  });
});

describe('printStatusBar', () => {
  test("prints the course's status line: iteration/total - name: value - ...", () => {
    const lines: string[] = [];
    const r = (name: string, v: number) => ({ name, result: () => tp.scalar(v) });
    const text = printStatusBar(3200, 11610, r('mean', 0.43214), [r('mean_absolute_error', 0.56781)], (l) => lines.push(l));
    expect(text).toBe('3200/11610 - mean: 0.4321 - mean_absolute_error: 0.5678');
    expect(lines).toEqual([text]);
  });
});
