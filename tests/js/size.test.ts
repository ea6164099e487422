// The engine's download size: a budget the build must stay under (bench/size.mjs prints the
// sizes). Measured 298 KB gzip (-9) for tensorpad_core.wasm after the size work (it was 537 KB):
// a new op costs a few KB; crossing the budget means finding where the bytes went
// (emcc --profiling-funcs, then the per-function sizes) before raising it.
import { expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { engineFiles, filesSize } from '../../bench/size.mjs';

const ENGINE_GZIP_BUDGET = 320 * 1024;
const THREADED_GZIP_BUDGET = 330 * 1024;

test('the single-thread engine (.wasm, gzip) stays within its budget', () => {
  const { wasm } = engineFiles() as { wasm: string };
  const size = filesSize([wasm]) as { raw: number; gzip: number };
  expect(size.gzip).toBeGreaterThan(50 * 1024); // a real engine, not a stub
  expect(size.gzip).toBeLessThan(ENGINE_GZIP_BUDGET);
});

test('the threaded engine (.wasm, gzip) stays within its budget', () => {
  const { wasm } = engineFiles() as { wasm: string };
  const size = filesSize([wasm.replace('tensorpad_core.wasm', 'tensorpad_core_mt.wasm')]) as { raw: number; gzip: number };
  expect(size.gzip).toBeGreaterThan(50 * 1024);
  expect(size.gzip).toBeLessThan(THREADED_GZIP_BUDGET);
});
