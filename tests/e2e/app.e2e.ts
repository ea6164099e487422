// The playground page loads and computes in its sandboxed kernel, served both ways a user meets
// it: the built app (vite preview, what `npm start` serves) and the dev server (source files, wasm
// served as-is). tests/e2e/playground.e2e.ts covers the playground in depth on the built app.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { launchChromium, REPO, serveBuiltApp, serveDevApp, type Browser, type Server } from './browser.ts';

const screenshots = path.join(REPO, 'test-results');

const servers: Record<string, () => Promise<Server>> = {
  'built app (vite preview)': serveBuiltApp,
  'dev server (vite)': serveDevApp,
};

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(Object.keys(servers))('playground, %s', (kind) => {
  let server: Server;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    server = await servers[kind]();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`));
    await page.goto(`${server.url}#example=tensors`);
    await page.waitForSelector('body[data-state="ready"][data-kernel="ready"]', { timeout: 110_000 });
  });
  afterAll(async () => {
    await page?.close();
    await server?.close();
  });

  test('shows the example, unrun, with its kernel ready', async () => {
    expect(await page.inputValue('#title')).toBe('Tensors and variables');
    expect(await page.locator('.cell').count()).toBeGreaterThan(5);
    expect(await page.locator('.cell[data-status="done"]').count()).toBe(0);
    expect(await page.getAttribute('#kernel', 'data-state')).toBe('idle');
  });

  test('computes t @ t.T in the sandboxed WASM kernel', async () => {
    await page.click('#run-all');
    await page.waitForFunction(() => [...document.querySelectorAll('.cell[data-type="code"]')].every((c) => c.getAttribute('data-status') === 'done'), null, { timeout: 60_000 });
    const text = await page.locator('.cell[data-type="code"]').nth(2).locator('.outputs').textContent();
    expect(text).toContain('values:\n    [[14, 32],\n     [32, 77]]');
    expect(problems).toEqual([]);
  });

  test('takes a screenshot', async () => {
    fs.mkdirSync(screenshots, { recursive: true });
    const file = path.join(screenshots, `app-${kind.startsWith('dev') ? 'dev' : 'preview'}.png`);
    await page.screenshot({ path: file, fullPage: true });
    expect(fs.statSync(file).size).toBeGreaterThan(1000);
  });
});
