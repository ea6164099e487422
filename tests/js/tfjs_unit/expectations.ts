// The expected-failures list and the per-test results a worker collects for the run's summary.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { categories } from './categories.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** Test id → category (a key of categories). */
export const expectedFailures: Record<string, string> = JSON.parse(fs.readFileSync(path.join(here, 'expected_failures.json'), 'utf8'));
for (const [id, cat] of Object.entries(expectedFailures))
  if (!(cat in categories)) throw new Error(`expected_failures.json: unknown category ${JSON.stringify(cat)} for ${id}`);

/** TP_TFJS_UNIT_RECORD=1: run without failing and write every failure to record.json for review. */
export const recording = process.env.TP_TFJS_UNIT_RECORD === '1';

export interface Result {
  id: string;
  error?: string;
}
export const results: Result[] = [];

export function recordResult(id: string, error: unknown): void {
  results.push(error === undefined ? { id } : { id, error: error instanceof Error ? error.message : String(error) });
}

/** Writes this file's results where the global teardown collects them. */
export function flushResults(shard: string): void {
  const dir = process.env.TP_TFJS_UNIT_DIR;
  if (dir) fs.writeFileSync(path.join(dir, `${shard}.json`), JSON.stringify(results));
}
