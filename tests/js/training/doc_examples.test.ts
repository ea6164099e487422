// Executable docs of web/src/training: every @example runs against the real engine (with the
// training functions reachable as tp.training, as the package exposes them).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, test } from 'vitest';
import * as tpAll from '../../../web/src/index.js';
import * as training from '../../../web/src/training/index.js';

await tpAll.ready();

const DIR = fileURLToPath(new URL('../../../web/src/training/', import.meta.url));
const examples: { where: string; code: string }[] = [];
for (const f of readdirSync(DIR).filter((n) => n.endsWith('.ts'))) {
  const text = readFileSync(join(DIR, f), 'utf8');
  for (const m of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const body = m[1]!;
    const at = body.indexOf('@example');
    if (at < 0) continue;
    const lines = body.slice(at + 8).split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
    const end = lines.findIndex((l, i) => i > 0 && /^\s*@\w/.test(l));
    examples.push({ where: `${f}:${text.slice(0, m.index).split('\n').length}`, code: (end < 0 ? lines : lines.slice(0, end)).join('\n').trim() });
  }
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
const tp = { ...tpAll, training };

test('every function and class training/index.ts exports has a JSDoc @example', () => {
  const sources = readdirSync(DIR).filter((n) => n.endsWith('.ts')).map((f) => readFileSync(join(DIR, f), 'utf8')).join('\n');
  const missing = Object.keys(training).filter((name) => {
    const re = new RegExp(`/\\*\\*((?:(?!\\*/)[\\s\\S])*?)\\*/\\s*export (?:async )?(?:function|class) ${name}\\b`);
    const m = re.exec(sources);
    return !m || !m[1]!.includes('@example');
  });
  expect(missing).toEqual([]);
  expect(Object.keys(training).length).toBeGreaterThanOrEqual(13);
});

test.each(examples)('example at $where runs', async ({ code }) => {
  const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const before = tp.memory().numTensors;
  await new AsyncFunction('tp', js)(tp);
  expect(tp.memory().numTensors).toBeGreaterThanOrEqual(before - 1000); // runs without throwing
});
