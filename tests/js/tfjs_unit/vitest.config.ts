// The TF.js unit-test project: runs the jasmine spec files shipped with @tensorflow/tfjs-core against
// tensorpad. Their imports of the TF.js namespace and of the ops modules are redirected to an
// adapter over tensorpad's exports, jasmine_util to a stand-in; test_util's assertions stay TF.js's.
import { fileURLToPath } from 'node:url';
import { defineProject, type Plugin } from 'vitest/config';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Spec-file imports that create or name tensors: they must be tensorpad's.
const toAdapter = /^(\.\.?\/)+(index|ops|ops\/ops|scalar|tensor[1-6]d|tensor|gather_nd)$/;

function redirectSpecImports(): Plugin {
  return {
    name: 'tfjs-unit-redirect',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !/@tensorflow\/tfjs-core\/dist\/.*_test\.js$/.test(importer)) return null;
      if (toAdapter.test(source)) return here('./adapter.ts');
      if (/^(\.\.?\/)+jasmine_util$/.test(source)) return here('./jasmine_util.ts');
      return null;
    },
  };
}

export default defineProject({
  plugins: [redirectSpecImports()],
  resolve: { alias: { '#platform': here('../../../web/src/platform/node.ts') } },
  test: {
    name: 'tfjs-unit',
    include: [here('./shard_*.test.ts')],
    environment: 'node',
    setupFiles: [here('./setup.ts')],
    globalSetup: [here('./global_setup.ts')],
    // tfjs-core's dist modules use extensionless imports: Vite must load them, not Node.
    server: { deps: { inline: [/@tensorflow\/tfjs-core/] } },
    testTimeout: 30_000,
  },
});
