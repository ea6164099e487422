// The visual playground (web/app/playground.html, the built app) in real headless Chromium: the
// default network learns the spiral (test loss below 0.1, a boundary with both colours) with no
// long task on the page; a link reproduces the settings, data and initial weights, and a TF
// Playground link's settings open; "Open as notebook" runs and reaches a similar loss; points
// added on the canvas change the data; weights are editable; the run is logged for TensorBoard;
// the page works at 390 px wide and has no axe-core violations.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultState, serializeState, type PlaygroundState } from '../../web/app/playground_state.ts';
import { BUILD_ROOT, launchChromium, REPO, serveBuiltApp, type Browser } from './browser.ts';
import { axeViolations } from './axe.ts';
import { decodePng, type Image } from './png.ts';

const screenshots = path.join(REPO, 'test-results');

let base = '';
let closeServer: () => Promise<void> = async () => undefined;
let browser: Browser;
const problems: string[] = [];

beforeAll(async () => {
  const s = await serveBuiltApp();
  base = s.url;
  closeServer = s.close;
  browser = await launchChromium();
  fs.mkdirSync(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await closeServer();
});

type Visual = {
  state(): PlaygroundState;
  counts(): { train: number; test: number; edited: boolean };
  frames(): number;
  epoch(): number;
  losses(): { train: number; test: number };
  trainerPlaying(): boolean;
  drawMsMax(): number;
  weights(): { kernel: number[]; bias: number[]; nIn: number; nOut: number }[];
  notebookUrl(): string;
};
const visual = <T>(page: Page, fn: (v: Visual) => T): Promise<T> =>
  page.evaluate(`(${fn.toString()})(window.tpVisual)`) as Promise<T>;

async function open(hash: string, setup?: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
  await setup?.(page);
  await page.goto(`${base}playground.html${hash}`);
  await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
  return page;
}

const SEEDED = '#' + serializeState(defaultState('0.12345'));

/** Pixels of the output heatmap: how many lean orange, how many lean blue. */
async function heatmapColours(page: Page, name: string): Promise<{ orange: number; blue: number; total: number; img: Image }> {
  const img = decodePng(await page.locator('#heatmap canvas').screenshot({ path: path.join(screenshots, name) }));
  let orange = 0;
  let blue = 0;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const [r, , b] = img.pixel(x, y);
      if (r - b > 60) orange++;
      else if (b - r > 60) blue++;
    }
  return { orange, blue, total: img.width * img.height, img };
}

async function play(page: Page): Promise<void> {
  if ((await page.getAttribute('#play-pause-button', 'aria-pressed')) !== 'true') await page.click('#play-pause-button');
}
async function pause(page: Page): Promise<void> {
  if ((await page.getAttribute('#play-pause-button', 'aria-pressed')) === 'true') await page.click('#play-pause-button');
}
const number = async (page: Page, sel: string): Promise<number> => Number((await page.textContent(sel))!.replace(/,/g, ''));

describe('visual playground', () => {
  let trained: Page;

  test('opens at the default: the spiral and a network that learns it; the settings are in the hash', async () => {
    const page = await open('');
    const s = await visual(page, (v) => v.state());
    expect(s).toMatchObject({ dataset: 'spiral', networkShape: [8, 8, 6], problem: 'classification' });
    expect(await page.evaluate(() => location.hash)).toContain('dataset=spiral');
    expect(await page.evaluate(() => location.hash)).toContain('networkShape=8,8,6');
    expect(await page.locator('#heatmap canvas').count()).toBe(1);
    for (const id of ['play-pause-button', 'reset-button', 'next-step-button', 'iter-number', 'loss-train', 'loss-test'])
      expect(await page.locator(`#${id}`).count(), id).toBe(1);
    await page.close();
  });

  test('trains the spiral below 0.1 test loss, the boundary in both colours, with no long task on the page', { timeout: 300_000 }, async () => {
    const page = await open(SEEDED);
    await page.evaluate(() => {
      const w = window as unknown as { longTasks: number[] };
      w.longTasks = [];
      new PerformanceObserver((list) => list.getEntries().forEach((e) => w.longTasks.push(e.duration))).observe({ type: 'longtask' });
    });
    const before = await heatmapColours(page, 'visual-untrained.png');
    expect(await number(page, '#iter-number')).toBe(0);
    const firstLoss = await number(page, '#loss-test');
    await play(page);
    await page.waitForFunction(() => Number(document.getElementById('loss-test')!.textContent) < 0.1, null, { timeout: 240_000, polling: 200 });
    await pause(page);
    const epoch = await number(page, '#iter-number');
    expect(epoch).toBeGreaterThan(0);
    expect(await number(page, '#loss-test')).toBeLessThan(firstLoss);
    expect(await number(page, '#loss-train')).toBeLessThan(0.1);
    // Frames kept coming while training (the boundary updates as it learns).
    expect(await visual(page, (v) => v.frames())).toBeGreaterThan(3);
    const after = await heatmapColours(page, 'visual-trained.png');
    expect(after.orange).toBeGreaterThan(after.total * 0.15);
    expect(after.blue).toBeGreaterThan(after.total * 0.15);
    expect(Math.abs(after.orange - before.orange) + Math.abs(after.blue - before.blue)).toBeGreaterThan(after.total * 0.05);

    const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
    // Long tasks are wall time: on a machine with far more runnable processes than cores the OS
    // preempts the page mid-task (see playground.e2e.ts); there the bound still tells a blocked page.
    const load = os.loadavg()[0]! / os.cpus().length;
    const bound = load > 2 ? 250 : 50;
    if (bound !== 50) console.warn(`machine load ${load.toFixed(1)} per core: long-task bound relaxed to ${bound} ms; tasks seen: ${longTasks.map(Math.round).join(', ')}; longest frame drawing ${(await visual(page, (v) => v.drawMsMax())).toFixed(1)} ms`);
    expect(longTasks.filter((d) => d > bound)).toEqual([]);
    trained = page;
  });

  test('"Open as notebook" writes the experiment as code that runs and reaches a similar loss', { timeout: 300_000 }, async () => {
    const page = trained;
    expect(page, 'needs the trained page of the previous test').toBeDefined();
    const epoch = await number(page, '#iter-number');
    const [nb] = await Promise.all([browser.context.waitForEvent('page'), page.click('#open-notebook')]);
    nb.on('pageerror', (e) => problems.push(`notebook page error: ${e.message}`));
    await nb.waitForSelector('body[data-state="ready"][data-kernel="ready"]', { timeout: 60_000 });
    const sources = await nb.evaluate(() => (window as unknown as { tpPlayground: { sources(): { type: string; source: string }[] } }).tpPlayground.sources());
    const code = sources.filter((c) => c.type === 'code').map((c) => c.source).join('\n');
    expect(code).toContain('tp.datasets.spiral({ numSamples: 500, noise: 0, seed:');
    expect(code).toContain("model.add(tp.layers.dense({ units: 8, activation: 'tanh', inputShape: [7] }));");
    expect(code).toContain('tp.train.adam(0.01)');
    expect(code).toContain(`epochs: ${epoch},`);
    await nb.click('#run-all');
    const n = sources.filter((c) => c.type === 'code').length;
    await nb.waitForFunction(
      (n) => document.querySelectorAll('.cell[data-type="code"][data-status="done"]').length === n || document.querySelector('.cell[data-status="error"]') !== null,
      n,
      { timeout: 240_000, polling: 500 },
    );
    expect(await nb.locator('.cell[data-status="error"]').count()).toBe(0);
    const fitCell = sources.findIndex((c) => c.type === 'code' && c.source.includes('model.fit('));
    const text = await nb.evaluate((i) => (window as unknown as { tpPlayground: { outputText(i: number): string } }).tpPlayground.outputText(i), fitCell);
    const testLoss = Number(/testLoss:\s*([0-9.e-]+)/.exec(text)?.[1]);
    const trainLoss = Number(/trainLoss:\s*([0-9.e-]+)/.exec(text)?.[1]);
    // Same data, layers, initial weights, settings and shuffled batches as the playground.
    expect(trainLoss).toBeLessThan(0.1);
    expect(testLoss).toBeLessThan(0.2);
    // The last cell draws what the network learned.
    expect(await nb.locator('.cell').last().locator('.out-heatmap canvas').count()).toBe(1);
    await nb.screenshot({ path: path.join(screenshots, 'visual-notebook.png'), fullPage: true });
    await nb.close();
  });

  test('a link reproduces the settings, the data and the initial weights', async () => {
    const page = await open(SEEDED);
    await page.selectOption('#activation', 'relu');
    await page.click('#add-layer');
    await page.click('[data-node="add-3"]');
    await page.click('[data-node="input-sinY"]');
    await page.selectOption('#optimizer', 'momentum');
    await page.check('#showTestData');
    await page.waitForFunction(() => (window as unknown as { tpVisual: Visual }).tpVisual.frames() > 0);
    const url = page.url();
    const s = await visual(page, (v) => v.state());
    expect(s).toMatchObject({ activation: 'relu', networkShape: [8, 8, 6, 3], optimizer: 'momentum', showTestData: true });
    expect(s.features.sinY).toBe(false);
    await page.waitForFunction(() => (window as unknown as { tpVisual: Visual }).tpVisual.weights().length === 5);
    const weights = await visual(page, (v) => v.weights());
    const losses = await visual(page, (v) => v.losses());

    const again = await open(url.slice(url.indexOf('#')));
    expect(await visual(again, (v) => v.state())).toEqual(s);
    expect(await again.inputValue('#activation')).toBe('relu');
    expect(await again.inputValue('#optimizer')).toBe('momentum');
    expect(await again.isChecked('#showTestData')).toBe(true);
    expect(await again.getAttribute('[data-node="input-sinY"]', 'aria-pressed')).toBe('false');
    expect(await again.textContent('#layer-count')).toBe('4');
    await again.waitForFunction(() => (window as unknown as { tpVisual: Visual }).tpVisual.weights().length === 5);
    expect(await visual(again, (v) => v.weights())).toEqual(weights);
    expect(await visual(again, (v) => v.losses())).toEqual(losses);
    // Reset after training starts again from the same initial weights.
    const frames = await visual(again, (v) => v.frames());
    await again.click('#next-step-button');
    await again.waitForFunction((f) => (window as unknown as { tpVisual: Visual }).tpVisual.frames() > f && (window as unknown as { tpVisual: Visual }).tpVisual.epoch() === 1, frames);
    expect(await visual(again, (v) => v.weights())).not.toEqual(weights);
    await again.click('#reset-button');
    await again.waitForFunction(() => (window as unknown as { tpVisual: Visual }).tpVisual.epoch() === 0 && (window as unknown as { tpVisual: Visual }).tpVisual.weights().length === 5);
    expect(await again.textContent('#iter-number')).toBe('000,000');
    expect(await visual(again, (v) => v.weights())).toEqual(weights);
    await again.close();
    await page.close();
  });

  test("a TF Playground link's settings open here", async () => {
    const page = await open(
      '#activation=sigmoid&batchSize=20&dataset=xor&regDataset=reg-plane&learningRate=0.3&regularizationRate=0.01&noise=25&networkShape=5,2&seed=0.83921&showTestData=false&discretize=true&percTrainData=70&x=true&y=true&xTimesY=true&xSquared=false&ySquared=false&cosX=false&sinX=false&cosY=false&sinY=false&collectStats=false&problem=classification&initZero=false&hideText=false&regularization=L2',
    );
    expect(await page.inputValue('#activation')).toBe('sigmoid');
    expect(await page.inputValue('#dataset')).toBe('xor');
    expect(await page.inputValue('#learningRate')).toBe('0.3');
    expect(await page.inputValue('#regularization')).toBe('L2');
    expect(await page.inputValue('#regularizationRate')).toBe('0.01');
    expect(await page.inputValue('#noise')).toBe('25');
    expect(await page.inputValue('#batchSize')).toBe('20');
    expect(await page.inputValue('#percTrainData')).toBe('70');
    expect(await page.inputValue('#optimizer')).toBe('sgd');
    expect(await page.isChecked('#discretize')).toBe(true);
    expect(await page.textContent('#layer-count')).toBe('2');
    expect(await page.getAttribute('[data-node="input-xTimesY"]', 'aria-pressed')).toBe('true');
    expect(await visual(page, (v) => v.counts())).toEqual({ train: 350, test: 150, edited: false });
    await page.close();
  });

  test('"Discretize output" shows only the two classes', async () => {
    const page = await open(SEEDED);
    // Untrained, the output is near 0.5 everywhere: mostly the neutral middle of the scale.
    const soft = await heatmapColours(page, 'visual-soft.png');
    expect(soft.orange + soft.blue).toBeLessThan(soft.total * 0.5);
    await page.check('#discretize');
    expect(await page.evaluate(() => location.hash)).toContain('discretize=true');
    const hard = await heatmapColours(page, 'visual-discrete.png');
    expect(hard.orange + hard.blue).toBeGreaterThan(hard.total * 0.85);
    await page.close();
  });

  test('regression with batch norm: the multi-Gaussian data, and the loss falls', { timeout: 120_000 }, async () => {
    const page = await open('#problem=regression&regDataset=reg-gauss&networkShape=6,6&activation=relu&batchNorm=true&optimizer=adam&learningRate=0.03&seed=0.4');
    expect(await page.inputValue('#problem')).toBe('regression');
    expect(await page.inputValue('#dataset')).toBe('reg-gauss');
    expect(await page.isChecked('#batchNorm')).toBe(true);
    expect(await page.isDisabled('#discretize')).toBe(true);
    expect(await visual(page, (v) => v.counts())).toEqual({ train: 600, test: 600, edited: false });
    const first = await visual(page, (v) => v.losses());
    for (let i = 1; i <= 5; i++) {
      await page.click('#next-step-button');
      await page.waitForFunction((i) => (window as unknown as { tpVisual: Visual }).tpVisual.epoch() === i, i, { timeout: 30_000 });
    }
    const after = await visual(page, (v) => v.losses());
    expect(after.train).toBeLessThan(first.train * 0.8);
    expect(after.test).toBeLessThan(first.test);
    await page.close();
  });

  test('points added on the canvas change the data the network trains on', async () => {
    const page = await open(SEEDED);
    // A network that has learned something, so that it is sure of its colours.
    await play(page);
    await page.waitForFunction(() => Number(document.getElementById('loss-train')!.textContent) < 0.3, null, { timeout: 120_000, polling: 200 });
    await pause(page);
    await page.waitForFunction(() => !(window as unknown as { tpVisual: Visual }).tpVisual.trainerPlaying());
    const { img } = await heatmapColours(page, 'visual-before-points.png');
    // A spot the untrained network calls orange: blue points there must raise the training loss.
    let spot: [number, number] | null = null;
    for (let y = 20; y < img.height - 20 && !spot; y += 7)
      for (let x = 20; x < img.width - 20 && !spot; x += 7) {
        const [r, , b] = img.pixel(x, y);
        if (r - b > 100) spot = [x, y];
      }
    const counts = await visual(page, (v) => v.counts());
    const loss = (await visual(page, (v) => v.losses())).train;
    await page.check('input[name="click-mode"][value="positive"]');
    const canvas = page.locator('#heatmap canvas');
    const frames = await visual(page, (v) => v.frames());
    expect(spot, 'an orange region on the trained heatmap').not.toBeNull();
    for (let k = 0; k < 5; k++) await canvas.click({ position: { x: spot![0] + k, y: spot![1] } });
    expect(await visual(page, (v) => v.counts())).toEqual({ train: counts.train + 5, test: counts.test, edited: true });
    expect(await page.textContent('#data-count')).toContain('(edited)');
    await page.waitForFunction((f) => (window as unknown as { tpVisual: Visual }).tpVisual.frames() > f, frames);
    await page.waitForFunction((l) => (window as unknown as { tpVisual: Visual }).tpVisual.losses().train !== l, loss);
    expect((await visual(page, (v) => v.losses())).train).toBeGreaterThan(loss);
    // With the keyboard: the canvas takes focus, arrows move the cursor, Enter adds a point.
    await page.check('input[name="click-mode"][value="negative"]');
    await canvas.focus();
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    expect((await visual(page, (v) => v.counts())).train).toBe(counts.train + 6);
    // Removing takes the point nearest the click.
    await page.check('input[name="click-mode"][value="remove"]');
    await canvas.focus();
    await page.keyboard.press('Enter');
    expect((await visual(page, (v) => v.counts())).train).toBe(counts.train + 5);
    // The notebook then carries the edited points.
    expect(decodeURIComponent(await visual(page, (v) => v.notebookUrl()))).toContain('#nb=v1.');
    await page.close();
  });

  test('a weight edited in the weight panel reaches the network', async () => {
    const page = await open(SEEDED);
    await page.waitForFunction(() => (window as unknown as { tpVisual: Visual }).tpVisual.weights().length === 4);
    await page.click('[data-node="n-3-0"]');
    expect(await page.textContent('#weight-editor-title')).toContain('the output');
    const bias = page.locator('#weight-fields input').first();
    await bias.fill('4');
    await bias.press('Enter');
    await page.waitForFunction(() => (window as unknown as { tpVisual: Visual }).tpVisual.weights()[3]!.bias[0] === 4);
    // Output bias 4: the sigmoid leans blue nearly everywhere.
    const { blue, total } = await heatmapColours(page, 'visual-bias.png');
    expect(blue).toBeGreaterThan(total * 0.5);
    // A link's title shows its weight when the pointer is on it.
    const w = (await visual(page, (v) => v.weights()))[0]!.kernel[0]!;
    await page.locator('#links path').first().dispatchEvent('pointerenter');
    expect(await page.locator('#links path title').first().textContent()).toBe(`weight ${w.toFixed(3)}`);
    await page.close();
  });

  test('"Log to TensorBoard" writes the run into the logdirs the dashboard reads', { timeout: 120_000 }, async () => {
    const page = await open(SEEDED);
    await page.click('#log-tensorboard');
    await page.click('#next-step-button');
    await page.click('#next-step-button');
    await page.waitForFunction(() => Number(document.getElementById('iter-number')!.textContent!.replace(/,/g, '')) >= 2);
    await page.click('#log-tensorboard'); // stops logging: the writers close and flush
    await page.waitForFunction(
      async () => {
        const db = await new Promise<IDBDatabase>((res, rej) => {
          const r = indexedDB.open('tensorpad-logdirs');
          r.onsuccess = () => res(r.result);
          r.onerror = () => rej(r.error);
        });
        if (!db.objectStoreNames.contains('files')) return false;
        const keys = await new Promise<IDBValidKey[]>((res) => {
          const r = db.transaction('files').objectStore('files').getAllKeys();
          r.onsuccess = () => res(r.result);
        });
        db.close();
        const k = keys.map(String);
        return k.some((p) => /^playground\/spiral_[^/]+\/train\/events\.out\.tfevents\./.test(p)) && k.some((p) => /^playground\/spiral_[^/]+\/test\/events\.out\.tfevents\./.test(p));
      },
      null,
      { timeout: 30_000, polling: 500 },
    );
    const board = await browser.context.newPage();
    await board.goto(`${base}dashboard.html?logdir=playground`);
    await board.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
    await board.waitForFunction(() => document.body.textContent!.includes('loss'), null, { timeout: 30_000 });
    await board.close();
    await page.close();
  });

  test('at 390 px wide the controls stack above the output, and nothing scrolls sideways', async () => {
    const page = await open(SEEDED, (p) => p.setViewportSize({ width: 390, height: 844 }));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const play = (await page.locator('#play-pause-button').boundingBox())!;
    const data = (await page.locator('#dataset').boundingBox())!;
    const heat = (await page.locator('#heatmap canvas').boundingBox())!;
    expect(play.y + play.height).toBeLessThan(heat.y);
    expect(data.y + data.height).toBeLessThan(heat.y);
    expect(heat.x + heat.width).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(screenshots, 'visual-390.png'), fullPage: true });
    await page.close();
  });

  test('keyboard: play/pause with Space, a neuron with Enter opens its weights, Escape closes it', async () => {
    const page = await open(SEEDED);
    await page.focus('#play-pause-button');
    await page.keyboard.press('Space');
    expect(await page.getAttribute('#play-pause-button', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('#play-pause-button', 'aria-label')).toBe('Pause');
    await page.keyboard.press('Space');
    expect(await page.getAttribute('#play-pause-button', 'aria-pressed')).toBe('false');
    await page.focus('[data-node="n-0-1"]');
    await page.keyboard.press('Enter');
    expect(await page.isVisible('#weight-editor')).toBe(true);
    expect(await page.textContent('#weight-editor-title')).toBe('Weights into neuron 2 of layer 1');
    // The first field (the bias) has the focus; one field per input feature follows it.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).dataset.from)).toBe('-1');
    expect(await page.locator('#weight-fields input').count()).toBe(8);
    await page.keyboard.press('Escape');
    expect(await page.isVisible('#weight-editor')).toBe(false);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.node)).toBe('n-0-1');
    // A feature toggles with the keyboard and keeps the focus.
    await page.focus('[data-node="input-sinX"]');
    await page.keyboard.press('Enter');
    expect(await page.getAttribute('[data-node="input-sinX"]', 'aria-pressed')).toBe('false');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.node)).toBe('input-sinX');
    await page.close();
  });

  test('the served page is cross-origin isolated, trains on the threaded engine with every core, and says so', { timeout: 120_000 }, async () => {
    const page = await open(SEEDED);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.waitForSelector('#engine[data-build]', { timeout: 60_000 });
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(await page.getAttribute('#engine', 'data-build')).toBe('threaded');
    const threads = Number(await page.getAttribute('#engine', 'data-threads'));
    expect(threads).toBe(Math.min(cores, 8));
    expect(threads).toBeGreaterThan(1);
    expect(await page.textContent('#engine')).toBe(`Engine: WebAssembly, ${threads} threads, SIMD`);
    // It computes: one epoch of the seeded spiral changes the training loss.
    const before = await visual(page, (v) => v.losses().train);
    await page.click('#next-step-button');
    await page.waitForFunction(() => (window as unknown as { tpVisual: Visual }).tpVisual.epoch() === 1, null, { timeout: 30_000 });
    await page.waitForFunction((b) => (window as unknown as { tpVisual: Visual }).tpVisual.losses().train !== b, before, { timeout: 30_000 });
    await page.close();
  });

  test('every control is reachable and labelled: zero axe-core violations', async () => {
    const page = await open(SEEDED);
    await page.waitForSelector('#engine[data-build]', { timeout: 60_000 });
    expect(await axeViolations(page)).toEqual([]);
    await page.close();
  });

  test('works offline after the first visit', { timeout: 120_000 }, async () => {
    const page = await open(SEEDED);
    await page.waitForSelector('body[data-offline="ready"]', { timeout: 30_000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await browser.context.setOffline(true);
    try {
      await page.reload();
      await page.waitForSelector('body[data-state="ready"]', { timeout: 60_000 });
      await page.click('#next-step-button');
      await page.waitForFunction(() => (window as unknown as { tpVisual: Visual }).tpVisual.epoch() === 1, null, { timeout: 30_000 });
      // The service worker answers the page with the isolation headers: still the threaded engine.
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await page.waitForSelector('#engine[data-build="threaded"]', { timeout: 30_000 });
    } finally {
      await browser.context.setOffline(false);
      await page.close();
    }
  });

  test('on a static host without isolation headers: the single engine first, the threaded one once the service worker serves the page', { timeout: 120_000 }, async () => {
    const root = path.join(BUILD_ROOT, 'app');
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml' };
    const server = http.createServer((req, res) => {
      const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = path.join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
      if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' }).end(fs.readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const page = await browser.context.newPage();
    try {
      await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/playground.html${SEEDED}`);
      await page.waitForSelector('#engine[data-build]', { timeout: 60_000 });
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
      expect(await page.getAttribute('#engine', 'data-build')).toBe('single');
      expect(await page.textContent('#engine')).toBe('Engine: WebAssembly, single thread, SIMD');
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
      await page.reload();
      await page.waitForSelector('#engine[data-build]', { timeout: 60_000 });
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(await page.getAttribute('#engine', 'data-build')).toBe('threaded');
      await page.click('#next-step-button');
      await page.waitForFunction(() => (window as unknown as { tpVisual: Visual }).tpVisual.epoch() === 1, null, { timeout: 30_000 });
    } finally {
      await page.close();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('no page errors or failed requests', async () => {
    await trained?.close();
    expect(problems).toEqual([]);
  });
});
