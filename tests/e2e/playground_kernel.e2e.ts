// The kernel's own process (web/app/kernel_host.ts, kernel_origin.ts) in real headless Chromium:
// the kernel frame comes from another site than the page, so a cell that exhausts JavaScript
// memory crashes only the kernel's process; the page stays responsive, says what happened,
// restarts the kernel and keeps the notebook, its other outputs and its autosave. Also: the
// development server does the same, the "inline" setting, and the placement rules themselves.
//
// Playwright marks the whole page "crashed" when any out-of-process frame of it crashes, and then
// refuses every call on it; after the kernel's crash this test therefore drives the page through a
// CDP session of its own, attached to the page's target, which only the page's own crash ends.
import fs from 'node:fs';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { kernelPlacement } from '../../web/app/kernel_origin.ts';
import { launchChromium, REPO, serveBuiltApp, serveDevApp, type Browser } from './browser.ts';

const screenshots = path.join(REPO, 'test-results');

let base = '';
let closeServer: () => Promise<void> = async () => undefined;
let browser: Browser;

beforeAll(async () => {
  const s = await serveBuiltApp();
  base = s.url;
  closeServer = s.close;
  // A small JavaScript heap, so the runaway cell reaches V8's limit in seconds rather than after
  // allocating 4 GB on a shared test machine; the failure is the same (the process dies).
  browser = await launchChromium({ args: ['--js-flags=--max-old-space-size=256'] });
});
afterAll(async () => {
  await browser?.close();
  await closeServer();
});

/**
 * Scheme and host: the site of the loopback names and IP addresses these servers use (they have
 * no registrable domain, so the whole host is the site; the port never counts).
 */
function site(url: string): string {
  const u = new URL(url);
  expect(u.hostname).toMatch(/^(localhost|127\.0\.0\.1|\[::1\])$/);
  return `${u.protocol}//${u.hostname}`;
}

async function open(b: Browser, url: string): Promise<Page> {
  const page = await b.context.newPage();
  await page.goto(url);
  await page.waitForSelector('body[data-state="ready"][data-kernel="ready"]', { timeout: 90_000 });
  return page;
}

type Frame = { url: string | null; isolated: boolean };
const kernelFrame = (page: Page): Promise<Frame> => page.evaluate(() => (window as any).tpPlayground.kernelFrame());

/** Evaluates `expression` in the page through a CDP session; fails if the page does not answer in 10 s. */
async function cdpEval<T>(cdp: CDPSession, expression: string): Promise<T> {
  const answer = cdp.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
  const r = await Promise.race([answer, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the page did not answer: ${expression}`)), 10_000))]);
  if (r.exceptionDetails) throw new Error(`${expression}: ${r.exceptionDetails.exception?.description ?? r.exceptionDetails.text}`);
  return r.result.value as T;
}

async function cdpWaitFor(cdp: CDPSession, expression: string, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cdpEval<boolean>(cdp, expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the kernel runs in a process of its own', () => {
  test('the kernel frame is served from another site than the page (built app)', async () => {
    const page = await open(browser, base);
    const frame = await kernelFrame(page);
    expect(frame.isolated).toBe(true);
    expect(frame.url).toMatch(/\/sandbox\.html$/);
    expect(site(frame.url!)).not.toBe(site(page.url()));
    expect(await page.getAttribute('body', 'data-kernel-isolation')).toBe('process');
    // The page is cross-origin isolated (COOP/COEP), and the frame from the other site may sit in
    // it (its sandbox.html sends COEP and CORP).
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    // Chromium runs it out of process: it is a target of its own, of type "iframe" (in-process
    // frames are not targets).
    const cdp = await browser.context.newCDPSession(page);
    const { targetInfos } = await cdp.send('Target.getTargets');
    expect(targetInfos.filter((t) => t.type === 'iframe').map((t) => t.url)).toContain(frame.url);
    await cdp.detach();
    // Still sandboxed: its origin is opaque, so the kernel has no storage.
    expect(await page.getAttribute('iframe.kernel-frame', 'sandbox')).toBe('allow-scripts');
    await page.close();
  });

  test('the kernel is cross-origin isolated too: cells run on the threaded engine with every core', async () => {
    const page = await open(browser, base);
    expect(await page.getAttribute('iframe.kernel-frame', 'allow')).toBe('cross-origin-isolated');
    await page.click('#add-code');
    // A 512 x 512 product is large enough for the GEMM to split across the pool's threads; float64
    // atanh of 2^20 values too, and its code is in the engine's second module, which each pool
    // thread loads for itself (bindings/engine_rest.js).
    await page.keyboard.insertText(
      'const ones = tp.ones([512, 512]);\nconst p = tp.matMul(ones, ones);\n' +
        'const xs = Float64Array.from({ length: 1 << 20 }, (_, i) => ((i % 1999) - 999) / 1000);\n' +
        "const at = tp.atanh(tp.tensor(xs, [1 << 20], 'float64')).dataSync();\n" +
        'let atanhError = 0;\nfor (let i = 0; i < xs.length; i++) atanhError = Math.max(atanhError, Math.abs(at[i] - Math.atanh(xs[i])));\n' +
        'JSON.stringify({ info: tp.engineInfo(), isolated: crossOriginIsolated, min: p.min().arraySync(), max: p.max().arraySync(), atanhError })',
    );
    const n = (await page.evaluate(() => (window as any).tpPlayground.sources().length)) - 1;
    expect((await page.evaluate((i) => (window as any).tpPlayground.runCell(i), n))?.ok).toBe(true);
    const text = await page.evaluate((i) => (window as any).tpPlayground.outputText(i), n);
    const r = JSON.parse(/\{.*\}/s.exec(text)![0].replace(/^'|'$/g, '')) as { info: { build: string; threads: number }; isolated: boolean; min: number; max: number; atanhError: number };
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    expect(r.isolated).toBe(true);
    expect(r.info.build).toBe('threaded');
    expect(r.info.threads).toBe(Math.min(cores, 8));
    expect(r.min).toBe(512);
    expect(r.max).toBe(512);
    expect(r.atanhError).toBeLessThan(1e-12);
    await page.close();
  });

  test('a cell that exhausts memory crashes only the kernel: the page reports it, restarts the kernel and keeps the notebook', async () => {
    const page = await open(browser, `${base}#example=tensors`);
    const code = (await page.evaluate(() => (window as any).tpPlayground.sources() as { type: string }[]))
      .map((c, i) => [c.type, i] as const)
      .filter(([t]) => t === 'code')
      .map(([, i]) => i);
    const first = code[0]!;
    // Edited, so it is one of the user's notebooks and autosaved.
    await page.evaluate((i) => (window as any).tpPlayground.setSource(i, 'const kept = tp.tensor([[1, 2, 3], [4, 5, 6]]);\nkept'), first);
    expect((await page.evaluate((i) => (window as any).tpPlayground.runCell(i), first))?.ok).toBe(true);
    const firstOutput = await page.evaluate((i) => (window as any).tpPlayground.outputText(i), first);
    expect(firstOutput).toContain('dtype: float32\n  rank: 2\n  shape: [2,3]');
    const before = await kernelFrame(page);

    await page.click('#add-code');
    await page.keyboard.insertText('const a = [];\nwhile (true) a.push(new Array(1e6).fill(1));');
    const sources = await page.evaluate(() => (window as any).tpPlayground.sources());
    const runaway = sources.length - 1;

    const cdp = await browser.context.newCDPSession(page);
    let pageCrashed = false;
    cdp.on('Inspector.targetCrashed', () => (pageCrashed = true));
    await cdp.send('Inspector.enable');
    await page.keyboard.press('Control+Enter');

    // The page answers all along, reports the crash, and the cell ends in an error.
    await cdpWaitFor(cdp, `document.body.dataset.crashes === '1'`, 90_000);
    await cdpWaitFor(cdp, `document.querySelectorAll('.cell')[${runaway}].dataset.status === 'error'`, 10_000);
    expect(pageCrashed).toBe(false);
    const bannerText = await cdpEval<string>(cdp, `document.querySelector('#banner').hidden ? '' : document.querySelector('#banner').textContent`);
    expect(bannerText).toMatch(/kernel crashed/);
    expect(bannerText).toMatch(/memory/);
    expect(bannerText).toMatch(/every variable is gone/);
    expect(await cdpEval<string>(cdp, `tpPlayground.outputText(${runaway})`)).toMatch(/crashed/);
    const shot = await cdp.send('Page.captureScreenshot', { format: 'png' });
    fs.mkdirSync(screenshots, { recursive: true });
    fs.writeFileSync(path.join(screenshots, 'playground-kernel-crash.png'), Buffer.from(shot.data, 'base64'));

    // The notebook is intact: the cells, the other cell's output, the autosaved copy.
    expect(await cdpEval(cdp, 'tpPlayground.sources()')).toEqual(sources);
    expect(await cdpEval<string>(cdp, `tpPlayground.outputText(${first})`)).toBe(firstOutput);
    await cdpEval(cdp, 'tpPlayground.flush()');
    const saved = await cdpEval<{ cells: { source: string }[] }[]>(cdp, 'tpPlayground.savedNotebooks()');
    expect(saved.some((n) => JSON.stringify(n.cells.map((c) => c.source)) === JSON.stringify(sources.map((c: { source: string }) => c.source)))).toBe(true);

    // The page still takes typing: a new cell, written with the keyboard.
    await cdpEval(cdp, `document.querySelector('#add-code').click()`);
    await cdp.send('Input.insertText', { text: 'kept.shape' });
    expect(await cdpEval<string>(cdp, `tpPlayground.sources().at(-1).source`)).toBe('kept.shape');

    // The new kernel, in a new frame on the other site again, runs cells (without the old state).
    await cdpWaitFor(cdp, `document.querySelector('#kernel').dataset.state === 'idle'`, 60_000);
    const after = await cdpEval<Frame>(cdp, 'tpPlayground.kernelFrame()');
    expect(after.isolated).toBe(true);
    expect(site(after.url!)).toBe(site(before.url!));
    const n = sources.length;
    const r = await cdpEval<{ ok: boolean; error?: { message: string } }>(cdp, `tpPlayground.runCell(${n})`);
    expect(r.ok).toBe(false);
    expect(r.error?.message).toMatch(/kept is not defined/);
    expect(await cdpEval<{ ok: boolean }>(cdp, `tpPlayground.runCell(${first})`)).toMatchObject({ ok: true });
    expect(await cdpEval<string>(cdp, `tpPlayground.outputText(${first})`)).toContain('dtype: float32\n  rank: 2\n  shape: [2,3]');
    expect((await cdpEval<{ ok: boolean }>(cdp, `tpPlayground.runCell(${n})`)).ok).toBe(true);
    expect(await cdpEval<string>(cdp, `tpPlayground.outputText(${n})`)).toMatch(/\[2, ?3\]/);
    expect(pageCrashed).toBe(false);
    await cdp.detach();
    await page.close().catch(() => undefined);
  });

  test('<meta name="tensorpad-kernel-url" content="inline"> runs the kernel in a srcdoc frame', async () => {
    // A fresh browser: Playwright's routes do not see requests that a service worker answers.
    const fresh = await launchChromium();
    try {
      const page = await fresh.context.newPage();
      await page.route(/\/(index\.html)?$/, async (route) => {
        const response = await route.fetch();
        const html = (await response.text()).replace(/(<meta name="tensorpad-kernel-url" content=")[^"]*"/, '$1inline"');
        await route.fulfill({ response, body: html });
      });
      await page.goto(base);
      await page.waitForSelector('body[data-state="ready"][data-kernel="ready"]', { timeout: 90_000 });
      expect(await kernelFrame(page)).toEqual({ url: 'about:srcdoc', isolated: false });
      expect(await page.getAttribute('body', 'data-kernel-isolation')).toBe('inline');
      await page.click('#add-code');
      await page.keyboard.insertText('tp.tensor([1, 2, 3]).sum().arraySync()');
      const n = (await page.evaluate(() => (window as any).tpPlayground.sources().length)) - 1;
      expect((await page.evaluate((i) => (window as any).tpPlayground.runCell(i), n))?.ok).toBe(true);
      expect(await page.evaluate((i) => (window as any).tpPlayground.outputText(i), n)).toContain('6');
    } finally {
      await fresh.close();
    }
  });

  test('the development server serves the kernel frame from another site too', async () => {
    const dev = await serveDevApp();
    try {
      const page = await open(browser, dev.url);
      const frame = await kernelFrame(page);
      expect(frame.isolated).toBe(true);
      expect(site(frame.url!)).not.toBe(site(page.url()));
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      await page.click('#add-code');
      await page.keyboard.insertText('[tp.tensor([1, 2, 3]).sum().arraySync(), tp.engineInfo().build]');
      const n = (await page.evaluate(() => (window as any).tpPlayground.sources().length)) - 1;
      expect((await page.evaluate((i) => (window as any).tpPlayground.runCell(i), n))?.ok).toBe(true);
      const text = await page.evaluate((i) => (window as any).tpPlayground.outputText(i), n);
      expect(text).toContain('6');
      expect(text).toContain('threaded');
      await page.close();
    } finally {
      await dev.close();
    }
  });
});

describe('where the kernel frame comes from (kernelPlacement)', () => {
  const where = (page: string, setting: string | null) => kernelPlacement(page, setting).url?.href ?? null;

  test('by default the other loopback name, same scheme, port and folder', () => {
    expect(where('http://localhost:5173/', '')).toBe('http://127.0.0.1:5173/sandbox.html');
    expect(where('http://127.0.0.1:41234/app/index.html#nb=v1.x', null)).toBe('http://localhost:41234/app/sandbox.html');
    expect(where('http://[::1]:5173/', '  ')).toBe('http://localhost:5173/sandbox.html');
  });

  test('a static deployment that configures nothing gets the srcdoc frame', () => {
    expect(kernelPlacement('https://example.org/tensorpad/', '')).toMatchObject({ url: null, why: expect.stringContaining('not a loopback host') });
    expect(where('file:///home/me/app/index.html', '')).toBeNull();
  });

  test('a configured kernel site: the app folder there, or a page named directly', () => {
    expect(where('https://app.example.org/', 'https://kernel.example.net/app/')).toBe('https://kernel.example.net/app/sandbox.html');
    expect(where('https://app.example.org/', 'https://kernel.example.net/app')).toBe('https://kernel.example.net/app/sandbox.html');
    expect(where('https://app.example.org/', 'https://kernel.example.net/k/frame.html')).toBe('https://kernel.example.net/k/frame.html');
    // Configured wins over the loopback default.
    expect(where('http://localhost:5173/', 'http://127.0.0.2:5173/')).toBe('http://127.0.0.2:5173/sandbox.html');
  });

  test('"inline" and settings that are not http(s) URLs mean the srcdoc frame, with the reason', () => {
    expect(kernelPlacement('http://localhost:5173/', 'inline')).toMatchObject({ url: null, why: expect.stringContaining('"inline"') });
    expect(kernelPlacement('https://app.example.org/', 'javascript:alert(1)')).toMatchObject({ url: null, why: expect.stringContaining('not an http(s) URL') });
    expect(kernelPlacement('https://app.example.org/', 'http://[bad')).toMatchObject({ url: null, why: expect.stringContaining('not a URL') });
  });
});
