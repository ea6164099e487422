// Headless Debian Chromium driven by playwright-core (which never downloads a browser here).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { createServer, preview } from 'vite';

export const CHROMIUM = process.env.TP_CHROMIUM ?? '/usr/bin/chromium';

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Starts Chromium with a fresh profile directory, removed again on close; `args` are added to the defaults. */
export async function launchChromium(options: { args?: string[] } = {}): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: run scripts/setup.sh (Debian package chromium)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorpad-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(options.args ?? []),
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BUILD_ROOT = path.resolve(REPO, process.env.TP_BUILD_ROOT ?? 'build');
const CONFIG_FILE = path.join(REPO, 'vite.config.ts');

export interface Server {
  url: string;
  close(): Promise<void>;
}

/**
 * The built app ($TP_BUILD_ROOT/app) served by vite preview, as `npm start` serves it, on a port
 * the OS picks (tests never collide with a running `npm start`).
 */
export async function serveBuiltApp(): Promise<Server> {
  const index = path.join(BUILD_ROOT, 'app', 'index.html');
  if (!fs.existsSync(index)) throw new Error(`${index} is missing: run 'npm run build' (or 'bash scripts/build.sh app') first`);
  const s = await preview({ configFile: CONFIG_FILE, logLevel: 'warn', preview: { host: '127.0.0.1', port: 0 } });
  return { url: s.resolvedUrls!.local[0]!, close: () => s.close() };
}

/** The Vite dev server on the sources, on a port the OS picks. */
export async function serveDevApp(): Promise<Server> {
  const s = await createServer({ configFile: CONFIG_FILE, logLevel: 'warn', server: { host: '127.0.0.1', port: 0 } });
  await s.listen();
  return { url: s.resolvedUrls!.local[0]!, close: () => s.close() };
}
