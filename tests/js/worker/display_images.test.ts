// display.images / confusionMatrix / filters / activations: the outputs posted to the page (pixels,
// captions, text alternatives) computed from tensors built here.
import { afterEach, describe, expect, test, vi } from 'vitest';
import * as tp from '../../../web/src/index.js';
import { display, setOutputSink } from '../../../web/src/worker/display.js';
import type { Output } from '../../../web/src/worker/protocol.js';

await tp.ready();

function capture(f: () => void): Output[] {
  const outs: Output[] = [];
  setOutputSink((o) => outs.push(o));
  try {
    f();
  } finally {
    setOutputSink(null);
  }
  return outs;
}
afterEach(() => setOutputSink(null));

type Images = Extract<Output, { kind: 'images' }>;

describe('display.images', () => {
  test('[0, 1] grey images become bytes; captions from labels and predictions, wrong ones marked and described', () => {
    const x = tp.tensor([0, 0.5, 1, 0.25, 1, 1, 0, 0], [2, 2, 2, 1]);
    const [o] = capture(() => display.images(x, { labels: tp.tensor([3, 7], [2], 'int32'), predictions: [3, 1], classNames: ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven'] })) as [Images];
    expect(o).toMatchObject({ kind: 'images', count: 2, height: 2, width: 2, channels: 1, captions: ['three', 'one'], wrong: [false, true] });
    expect(o.pixels).toEqual([0, 128, 255, 64, 255, 255, 0, 0]);
    expect(o.alt).toBe('2 greyscale images of 2x2 pixels; predicted (true): three (three), one (seven); 1 wrong');
    x.dispose();
  });

  test('one-hot label rows, rank-2 and rank-3 input, 0..255 kept, other ranges stretched, max', () => {
    const onehot = tp.tensor([[0, 1], [1, 0]]);
    const [a] = capture(() => display.images(tp.tensor([[0, 255], [10, 20]]), {})) as [Images];
    expect([a.count, a.pixels]).toEqual([1, [0, 255, 10, 20]]);
    const [b] = capture(() => display.images(tp.tensor([-1, 1, 0, 3], [2, 2, 1]), { labels: onehot, max: 1 })) as [Images];
    // Values outside [0, 255] are stretched over all shown images: -1 -> 0, 1 -> 255.
    expect([b.count, b.height, b.width, b.pixels, b.captions]).toEqual([1, 2, 1, [0, 255], ['1']]);
    expect(b.alt).toBe('1 greyscale image of 2x1 pixels (first 1 of 2); labelled: 1');
    const [c] = capture(() => display.images(tp.tensor([1, 2, 3, 4], [1, 2, 2]), { normalize: 'each' })) as [Images];
    expect(c.pixels).toEqual([0, 85, 170, 255]);
    tp.dispose(onehot);
  });

  test('RGB images keep three channels; bad shapes and counts say what is wrong', () => {
    const [o] = capture(() => display.images(tp.tensor([1, 0, 0, 0, 1, 0], [1, 1, 2, 3]))) as [Images];
    expect([o.channels, o.pixels]).toEqual([3, [255, 0, 0, 0, 255, 0]]);
    expect(o.alt).toBe('1 colour image of 1x2 pixels');
    expect(() => display.images(tp.zeros([1, 2, 2, 2]))).toThrow('display.images: images need 1 (grey) or 3 (RGB) channels, got 2 in shape [1,2,2,2]');
    expect(() => display.images(tp.zeros([4]))).toThrow(/display.images: expected images \[n, height, width, channels\]/);
    expect(() => display.images(tp.zeros([3, 2, 2]), { labels: [1, 2] })).toThrow('display.images: 2 labels for 3 images');
  });
});

describe('display.confusionMatrix', () => {
  test('counts true x predicted from indices or probability rows; text form with recall and accuracy', () => {
    const probs = tp.tensor([[0.9, 0.1, 0], [0.2, 0.7, 0.1], [0.1, 0.2, 0.7], [0.3, 0.6, 0.1], [0, 0, 1]]);
    const [o] = capture(() => display.confusionMatrix([0, 1, 2, 2, 2], probs, { classNames: ['cat', 'dog', 'eel'] }));
    expect(o).toEqual({ kind: 'confusion', classNames: ['cat', 'dog', 'eel'], counts: [1, 0, 0, 0, 1, 0, 0, 1, 2] });
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    display.confusionMatrix([0, 1, 2, 2, 2], probs, { classNames: ['cat', 'dog', 'eel'] });
    expect(log.mock.calls[0]![0]).toBe(
      ['true \\ predicted  cat  dog  eel  recall', 'cat                 1    0    0  100.0%', 'dog                 0    1    0  100.0%', 'eel                 0    1    2   66.7%', 'accuracy 80.00% (4 of 5)'].join('\n'),
    );
    log.mockRestore();
    expect(() => display.confusionMatrix([0, 1], [0])).toThrow('display.confusionMatrix: 2 labels but 1 predictions');
    expect(() => display.confusionMatrix([0, -1], [0, 1])).toThrow(/classes must be indices/);
    probs.dispose();
  });
});

describe('display.filters and display.activations', () => {
  test('a [kh, kw, 1, out] kernel: one picture per filter, each stretched to its own range', () => {
    // Two 2x2 filters: filter 0 = [[0, 1], [2, 3]], filter 1 = [[-1, -1], [-1, 1]].
    const k = tp.tensor([0, -1, 1, -1, 2, -1, 3, 1], [2, 2, 1, 2]);
    const [o] = capture(() => display.filters(k, { title: 'conv1' })) as [Images];
    expect([o.count, o.height, o.width, o.channels, o.captions]).toEqual([2, 2, 2, 1, ['0', '1']]);
    expect(o.pixels).toEqual([0, 85, 170, 255, 0, 0, 0, 255]);
    expect(o.alt).toMatch(/^conv1: 2 filters of 2x2 \(2 filters over 1 input channel\)/);
    k.dispose();
  });

  test('several input channels: one picture per (filter, channel); RGB inputs as colour', () => {
    const k = tp.tensor(Array.from({ length: 1 * 1 * 2 * 3 }, (_, i) => i), [1, 1, 2, 3]);
    const [o] = capture(() => display.filters(k)) as [Images];
    expect([o.count, o.captions]).toEqual([6, ['0:0', '0:1', '1:0', '1:1', '2:0', '2:1']]);
    const rgb = tp.tensor([0, 1, 2, 3, 4, 5], [1, 1, 3, 2]);
    const [c] = capture(() => display.filters(rgb)) as [Images];
    // Filter 0 is (R, G, B) = (0, 2, 4), filter 1 = (1, 3, 5).
    expect([c.count, c.channels, c.pixels]).toEqual([2, 3, [0, 128, 255, 0, 128, 255]]);
    expect(() => display.filters(tp.zeros([3, 3]))).toThrow(/display.filters: expected a conv kernel/);
    tp.dispose([k, rgb]);
  });

  test('feature maps [1, h, w, c]: one picture per channel', () => {
    const maps = tp.tensor([0, 5, 1, 5, 2, 5, 4, 6], [1, 2, 2, 2]);
    const [o] = capture(() => display.activations(maps)) as [Images];
    expect([o.count, o.pixels]).toEqual([2, [0, 64, 128, 255, 0, 0, 0, 255]]);
    expect(o.alt).toBe('2 activation maps of 2x2, each scaled from its own minimum (black) to maximum (white)');
    expect(() => display.activations(tp.zeros([2, 2, 2, 2]))).toThrow(/display.activations: expected the feature maps of one image/);
    maps.dispose();
  });
});
