// The engines' download size: a budget the build must stay under (bench/size.mjs prints the
// sizes). Measured (gzip -9): tensorpad_core.wasm 290 KiB (it was 524, then 354-361, 335, 343 KiB;
// then float64 and the xsimd kernels at -O1, dispatch compiled once: docs/toolchain.md),
// tensorpad_core_mt.wasm 299 KiB (it was 531, then 364, 346, 353 KiB). A new op costs a few KiB;
// crossing a budget means finding where the bytes went (docs/toolchain.md, "Engine size") before
// raising it.
import { expect, test } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { engineFiles, filesSize } from '../../bench/size.mjs';

const ENGINE_GZIP_BUDGET = 293 * 1024;
const THREADED_GZIP_BUDGET = 302 * 1024;

test('the single-thread engine (.wasm, gzip) stays within its budget', () => {
  const { wasm } = engineFiles() as { wasm: string };
  const size = filesSize([wasm]) as { raw: number; gzip: number };
  expect(size.gzip).toBeGreaterThan(50 * 1024); // an empty or truncated file would pass the budget: the engine itself was measured
  expect(size.gzip).toBeLessThan(ENGINE_GZIP_BUDGET);
});

test('the threaded engine (.wasm, gzip) stays within its budget', () => {
  const { wasm } = engineFiles() as { wasm: string };
  const size = filesSize([wasm.replace('tensorpad_core.wasm', 'tensorpad_core_mt.wasm')]) as { raw: number; gzip: number };
  expect(size.gzip).toBeGreaterThan(50 * 1024);
  expect(size.gzip).toBeLessThan(THREADED_GZIP_BUDGET);
});
