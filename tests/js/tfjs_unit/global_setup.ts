// Collects every shard's results and prints the pass rate over TF.js's own unit tests, with the
// expected failures counted per category. In record mode also writes record.json (every failure and
// its message) to review when updating expected_failures.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { categories } from './categories.js';
import type { Result } from './expectations.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export default function setup(): () => void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-tfjs-unit-'));
  process.env.TP_TFJS_UNIT_DIR = dir;
  return () => {
    const results: Result[] = [];
    for (const f of fs.readdirSync(dir)) results.push(...(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Result[]));
    fs.rmSync(dir, { recursive: true, force: true });
    if (results.length === 0) return;
    const expected: Record<string, string> = JSON.parse(fs.readFileSync(path.join(here, 'expected_failures.json'), 'utf8'));
    const perCat = new Map<string, number>();
    let failed = 0;
    let deliberate = 0;
    let unlisted = 0;
    for (const r of results) {
      if (r.error === undefined) continue;
      failed++;
      const cat = expected[r.id] ?? '(not listed)';
      if (cat === '(not listed)') unlisted++;
      perCat.set(cat, (perCat.get(cat) ?? 0) + 1);
      if (categories[cat]?.deliberate) deliberate++;
    }
    const counted = results.length - deliberate;
    const passed = results.length - failed;
    const lines = [
      `TF.js unit tests on tensorpad: ${passed}/${counted} pass (${((100 * passed) / counted).toFixed(1)}%), ` +
        `${results.length} tests run, ${deliberate} left out as deliberate differences`,
      ...[...perCat].sort((a, b) => b[1] - a[1]).map(([cat, n]) =>
        `  ${String(n).padStart(5)}  ${cat}${categories[cat]?.deliberate ? ' (deliberate, not counted)' : ''}`),
    ];
    if (unlisted > 0) lines.push(`  ${unlisted} failures are not in expected_failures.json`);
    console.log(`\n${lines.join('\n')}\n`);
    if (process.env.TP_TFJS_UNIT_RECORD === '1') {
      const rec = Object.fromEntries(results.filter((r) => r.error !== undefined).map((r) => [r.id, r.error]));
      fs.writeFileSync(path.join(here, 'record.json'), JSON.stringify(rec, null, 1));
    }
  };
}
