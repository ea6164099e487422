// The built playground in headless Chromium: it works offline after the first visit (a service
// worker precaches the app, the kernel and the engine; the page hands the sandboxed kernel its
// code), markdown math is typeset as MathML and stays sanitized, Keras progress bars and
// model.summary() render as monospace lines updated in place, and the TensorBoard lesson draws
// its dashboard inside the notebook.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BUILD_ROOT, launchChromium, REPO, serveBuiltApp, type Browser } from './browser.ts';

const screenshots = path.join(REPO, 'test-results');

let base = '';
let closeServer: () => Promise<void> = async () => undefined;
let browser: Browser;

beforeAll(async () => {
  if (!fs.existsSync(path.join(BUILD_ROOT, 'app', 'sw.js'))) throw new Error('build/app/sw.js is missing: the service worker plugin of vite.config.ts did not run');
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

type Api = { outputText(i: number): string; sources(): { type: string; source: string }[]; runCell(i: number): Promise<{ ok: boolean } | null>; setSource(i: number, t: string): void };
const call = <T>(page: Page, f: (api: Api, arg: any) => T | Promise<T>, arg?: unknown): Promise<T> =>
  page.evaluate(({ src, arg }) => new Function('api', 'arg', `return (${src})(api, arg)`)((window as any).tpPlayground, arg), { src: f.toString(), arg }) as Promise<T>;

async function open(hash: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(base + hash);
  await page.waitForSelector('body[data-state="ready"][data-kernel="ready"]', { timeout: 60_000 });
  return page;
}

async function codeCells(page: Page): Promise<number[]> {
  return (await call(page, (api) => api.sources())).map((c, i) => [c.type, i] as const).filter(([t]) => t === 'code').map(([, i]) => i);
}

describe('playground (built app)', () => {
  test('works offline after the first visit: reload without network, run a cell in the kernel', { timeout: 120_000 }, async () => {
    const page = await open('#example=tensors');
    await page.waitForSelector('body[data-offline="ready"]', { timeout: 30_000 });
    // The page is controlled once the worker has claimed it.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const c = await caches.open(keys.find((k) => k.startsWith('tensorpad-app-'))!);
      return (await c.keys()).map((r) => new URL(r.url).pathname);
    });
    expect(cached.some((p) => p.endsWith('.wasm'))).toBe(true);
    expect(cached.some((p) => /\/assets\/kernel-.*\.js$/.test(p))).toBe(true);
    expect(await page.getAttribute('body', 'data-kernel-isolation')).toBe('process');

    await browser.context.setOffline(true);
    try {
      const failed: string[] = [];
      page.on('requestfailed', (r) => failed.push(r.url()));
      await page.reload();
      await page.waitForSelector('body[data-state="ready"][data-kernel="ready"]', { timeout: 60_000 });
      // The kernel's site (sandbox.html) cannot be reached offline and no service worker may serve
      // a sandboxed frame: the kernel runs in a srcdoc frame, fed by the page, as README says.
      expect(await page.getAttribute('body', 'data-kernel-isolation')).toBe('inline');
      const first = (await codeCells(page))[0]!;
      const r = await call(page, (api, i) => api.runCell(i), first);
      expect(r?.ok).toBe(true);
      expect(await call(page, (api, i) => api.outputText(i), first)).toContain('[2, 3] float32');
      // Everything came from the cache: nothing the page needed failed to load.
      expect(failed.filter((u) => u.startsWith(base))).toEqual([]);
      await page.screenshot({ path: path.join(screenshots, 'playground-offline.png') });
    } finally {
      await browser.context.setOffline(false);
      await page.close();
    }
  });

  test('markdown math is typeset as MathML; code and HTML stay safe', async () => {
    const page = await open('#example=custom_loss');
    const first = page.locator('.cell[data-type="markdown"] .md-view').first();
    // $$ L_\delta(e) = \begin{cases} ... $$ is a display formula, $\delta$ inline math.
    expect(await first.locator('math[display="block"]').count()).toBeGreaterThan(0);
    expect(await first.locator('math:not([display="block"])').count()).toBeGreaterThan(0);
    expect(await first.locator('mfrac, mtable').count()).toBeGreaterThan(0);
    const box = await first.locator('math[display="block"]').first().boundingBox();
    expect(box!.height).toBeGreaterThan(30); // two rows of cases: drawn as a formula, not a line of text
    await first.screenshot({ path: path.join(screenshots, 'playground-math.png') });

    // Math inside code is left alone; scripts and handlers in markdown are removed.
    const md = await page.evaluate(async () => {
      const { renderMarkdown } = (window as any).tpPlayground.markdown;
      return renderMarkdown('Inline `$x$` code, $a^2$ math, <img src=x onerror="alert(1)"> and $\\href{javascript:alert(1)}{x}$.\n\n```js\nconst s = `${a}$`;\n```');
    });
    expect(md).toContain('<code>$x$</code>');
    expect(md).toContain('<math');
    expect(md).toContain('const s = `${a}$`;');
    expect(md).not.toMatch(/onerror|href="javascript/);
    await page.close();
  });

  test('fit progress bars and model.summary() are monospace lines updated in place', { timeout: 60_000 }, async () => {
    const page = await open('#example=fit_callbacks');
    const code = await codeCells(page);
    for (const i of code.slice(0, 2)) expect((await call(page, (api, i) => api.runCell(i), i))?.ok).toBe(true);
    const cell = page.locator('.cell').nth(code[1]!);
    const lines = await cell.locator('pre.out-progress').allTextContents();
    // One line per epoch header and one per epoch's bar: 3 epochs, no line per batch.
    expect(lines.filter((l) => /^Epoch \d\/3$/.test(l))).toHaveLength(3);
    const bars = lines.filter((l) => l.startsWith('4/4 ['));
    expect(bars).toHaveLength(3);
    expect(bars[0]).toMatch(/^4\/4 \[=+\] - \d+s \d+m?s\/step - loss: \d+\.\d{4} - val_loss: \d+\.\d{4}/);
    expect(await cell.locator('pre.out-progress').first().evaluate((e) => getComputedStyle(e).fontFamily)).toMatch(/mono/i);

    // model.summary() in a cell of the layers lesson: the table's lines in one monospace block.
    const layers = await open('#example=custom_layers_models');
    const lc = await codeCells(layers);
    for (const i of lc.slice(0, 3)) expect((await call(layers, (api, i) => api.runCell(i), i))?.ok).toBe(true);
    const summary = layers.locator('.cell').nth(lc[2]!).locator('pre.out-stream').first();
    const text = (await summary.textContent()) ?? '';
    expect(text).toContain('Model: "sequential');
    expect(text).toMatch(/my_dense\S* \(MyDense\)\s+\(None, 16\)\s+96/);
    expect(await summary.evaluate((e) => getComputedStyle(e).fontFamily)).toMatch(/mono/i);
    await layers.locator('.cell').nth(lc[2]!).screenshot({ path: path.join(screenshots, 'playground-summary.png') });
    await layers.close();
    await page.close();
  });

  test('the TensorBoard lesson draws a dashboard of its fit runs inside the notebook', { timeout: 90_000 }, async () => {
    const page = await open('#example=tensorboard');
    const code = await codeCells(page);
    for (const i of code) expect((await call(page, (api, i) => api.runCell(i), i))?.ok).toBe(true);
    const board = page.locator('.cell').nth(code[code.length - 1]!).locator('.out-dashboard');
    await expect.poll(() => board.locator('canvas').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await board.textContent()).toContain('epoch_loss');
    await board.screenshot({ path: path.join(screenshots, 'playground-inline-tensorboard.png') });
    await page.close();
  });
});
