// Stands in for tfjs-core's jasmine_util in the spec files: describeWithFlags runs each block once,
// in the environment TF.js's own CPU run uses (a synchronous float32 backend named 'cpu', under
// Node), and frees the tensors and variables a test made afterwards as TF.js's engine scope does.
import { endScope, startScope } from '../../../web/src/memory.js';
import { liveVariableList } from '../../../web/src/variable.js';

interface TestEnv {
  name: string;
  backendName: string;
  flags: Record<string, unknown>;
  isDataSync: boolean;
}
interface Constraints {
  flags?: Record<string, unknown>;
  predicate?: (env: TestEnv) => boolean;
}

export const TEST_ENVS: TestEnv[] = [{ name: 'cpu', backendName: 'cpu', flags: {}, isDataSync: true }];
export const ALL_ENVS: Constraints = {};
export const NODE_ENVS: Constraints = { predicate: () => true };
export const CHROME_ENVS: Constraints = { flags: { IS_CHROME: true } };
export const BROWSER_ENVS: Constraints = { predicate: () => false };
export const SYNC_BACKEND_ENVS: Constraints = { predicate: (e) => e.isDataSync };
export const HAS_WORKER: Constraints = { predicate: () => false };
export const HAS_NODE_WORKER: Constraints = { predicate: () => true };

export function envSatisfiesConstraints(_env: unknown, testEnv: TestEnv, constraints: Constraints): boolean {
  if (constraints == null) return true;
  // The flags TF.js filters on (WEBGL_VERSION, IS_CHROME...) are all unset under Node's CPU backend.
  if (constraints.flags != null) {
    for (const [k, v] of Object.entries(constraints.flags)) if (testEnv.flags[k] !== v) return false;
  }
  return constraints.predicate == null || constraints.predicate(testEnv);
}

export function registerTestEnv(): void {}
export function setTestEnvs(): void {}

// The jasmine globals setup.ts installs (so that hooks and tests get its bookkeeping).
const jasmineGlobals = globalThis as unknown as {
  describe: (name: string, body: () => void) => void;
  beforeEach: (hook: () => void) => void;
  afterEach: (hook: () => void) => void;
};

export function describeWithFlags(name: string, constraints: Constraints, tests: (env: TestEnv) => void): void {
  for (const testEnv of TEST_ENVS) {
    if (!envSatisfiesConstraints(null, testEnv, constraints)) continue;
    jasmineGlobals.describe(`${name} ${testEnv.name}`, () => {
      // As TF.js's engine scope around each test: the tensors a test makes are disposed after it.
      jasmineGlobals.beforeEach(() => startScope('test'));
      jasmineGlobals.afterEach(() => {
        endScope(undefined);
        for (const v of liveVariableList()) v.dispose();
      });
      tests(testEnv);
    });
  }
}
