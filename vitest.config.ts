import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// JS tests run in Node against the real WebAssembly build (web/src/wasm/), nothing mocked.
export default defineConfig({
  // The sources' '#platform' is Node's (package.json "imports" maps it for dist/ only).
  resolve: { alias: { '#platform': fileURLToPath(new URL('./web/src/platform/node.ts', import.meta.url)) } },
  test: {
    include: ['tests/js/**/*.test.ts'],
    environment: 'node',
    // Each test file gets its own worker thread and its own engine instance.
    pool: 'threads',
    maxWorkers: 2,
    reporters: ['default'],
    testTimeout: 30_000,
  },
});
