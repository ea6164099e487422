import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// JS tests run in Node against the real WebAssembly build (web/src/wasm/), nothing mocked.
export default defineConfig({
  // The sources' '#platform' is Node's (package.json "imports" maps it for dist/ only).
  resolve: { alias: { '#platform': fileURLToPath(new URL('./web/src/platform/node.ts', import.meta.url)) } },
  test: {
    environment: 'node',
    // Each test file gets its own worker thread and its own engine instance.
    pool: 'threads',
    maxWorkers: 2,
    reporters: ['default'],
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: { name: 'js', include: ['tests/js/**/*.test.ts'], exclude: ['tests/js/tfjs_unit/**'] },
      },
      // TF.js's own unit tests run on tensorpad (its own config: it redirects the spec files' imports).
      'tests/js/tfjs_unit/vitest.config.ts',
    ],
  },
});
