// What `npm install tensorpad` gives a user: pack the package as npm would publish it, install the
// tarball into a fresh project (fetching its runtime dependencies from the npm cache or registry),
// compute with it in Node, and type-check a TypeScript consumer.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, expect, test } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tsc = path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc');

let work: string;
let project: string;
let packed: { filename: string; files: { path: string }[] };

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function write(file: string, text: string) {
  fs.writeFileSync(path.join(project, file), text);
}

beforeAll(() => {
  if (!fs.existsSync(path.join(repo, 'dist', 'index.js'))) throw new Error("dist/ is missing: run 'npm run build' first");
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorpad-pack-'));
  [packed] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], repo));
  project = path.join(work, 'consumer');
  fs.mkdirSync(project);
  write('package.json', JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(work, packed.filename)], project);
});

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('the tarball holds the library, its typings and the engine, and nothing else', () => {
  const files = packed.files.map((f) => f.path);
  for (const f of ['package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/worker/worker_main.js', 'dist/platform/node.js', 'dist/platform/browser.js', 'dist/wasm/tensorpad_core.js', 'dist/wasm/tensorpad_core.wasm', 'dist/wasm/tensorpad_core.rest.wasm',
    'dist/wasm/tensorpad_core_mt.js', 'dist/wasm/tensorpad_core_mt.wasm', 'dist/wasm/tensorpad_core_mt.rest.wasm', 'dist/wasm/tensorpad_core_mt.worker.js', 'dist/wasm/tensorpad_core_mt.worker.cjs'])
    expect(files).toContain(f);
  const stray = files.filter((f) => !f.startsWith('dist/') && !/^(package\.json|README\.md|LICENSE)$/.test(f));
  expect(stray).toEqual([]);
});

test("the tarball's README is the package README (install, import, engine, workers), the repository's stays", () => {
  const shipped = fs.readFileSync(path.join(project, 'node_modules/tensorpad/README.md'), 'utf8');
  expect(shipped).toBe(fs.readFileSync(path.join(repo, 'docs/package/README.md'), 'utf8'));
  for (const topic of ['npm install tensorpad', 'tp.worker.run', 'tensorpad_core.wasm', 'Vite', 'webpack']) expect(shipped).toContain(topic);
  expect(shipped).not.toContain('Debian');
  // postpack put the repository's README back.
  expect(fs.readFileSync(path.join(repo, 'README.md'), 'utf8')).toContain('Debian');
});

test('installing it brings its runtime dependencies only, none of its devDependencies', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
  const lock = JSON.parse(fs.readFileSync(path.join(project, 'package-lock.json'), 'utf8'));
  const installed = Object.keys(lock.packages).map((p) => p.replace(/^.*node_modules\//, ''));
  for (const dep of Object.keys(manifest.dependencies ?? {})) expect(installed).toContain(dep);
  expect(installed.filter((name) => name in (manifest.devDependencies ?? {}))).toEqual([]);
});

test("computes in Node with import * as tp from 'tensorpad'", () => {
  write(
    'main.mjs',
    `import * as tp from 'tensorpad';
await tp.ready();
const t = tp.tensor([[1, 2, 3], [4, 5, 6]]);
const c = tp.matMul(t, t, false, true);
console.log(JSON.stringify({ shape: c.shape, value: c.arraySync() }));
`,
  );
  const out = JSON.parse(run(process.execPath, ['main.mjs'], project));
  expect(out).toEqual({
    shape: [2, 2],
    value: [
      [14, 32],
      [32, 77],
    ],
  });
});

// Node always has shared memory, so the package runs the threaded engine there by default; its
// pool's worker_threads must not keep the process alive: the script ends, and so does Node.
test('in Node the threaded engine runs by default, and the process exits by itself', () => {
  write(
    'threads.mjs',
    `import os from 'node:os';
import * as tp from 'tensorpad';
await tp.ready();
const n = 192;
const a = Float32Array.from({ length: n * n }, (_, i) => ((i * 7) % 13) - 6);
const b = Float32Array.from({ length: n * n }, (_, i) => ((i * 5) % 11) - 5);
const c = tp.matMul(tp.tensor(a, [n, n]), tp.tensor(b, [n, n])).dataSync();
let wrong = 0;
for (let i = 0; i < n; i++)
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
    if (c[i * n + j] !== s) wrong++;
  }
console.log(JSON.stringify({ info: tp.engineInfo(), wrong, cores: os.availableParallelism() }));
`,
  );
  const runChild = (engine: string | undefined) => {
    const env = { ...process.env };
    if (engine === undefined) delete env.TENSORPAD_ENGINE;
    else env.TENSORPAD_ENGINE = engine;
    const child = spawnSync(process.execPath, ['threads.mjs'], { cwd: project, encoding: 'utf8', timeout: 60_000, env });
    return { status: child.status, signal: child.signal, stderr: child.stderr, out: child.status === 0 ? JSON.parse(child.stdout) : null };
  };
  const threaded = runChild(undefined);
  // Exit code 0 and no signal: Node ended on its own, not killed by the timeout.
  expect({ status: threaded.status, signal: threaded.signal, stderr: threaded.stderr }).toEqual({ status: 0, signal: null, stderr: '' });
  const cores = threaded.out.cores as number;
  expect(threaded.out.info).toEqual({ build: 'threaded', threads: Math.min(cores, 8), simd: true });
  expect(threaded.out.wrong).toBe(0);
  const single = runChild('single');
  expect({ status: single.status, signal: single.signal }).toEqual({ status: 0, signal: null });
  expect(single.out).toEqual({ info: { build: 'single', threads: 1, simd: true }, wrong: 0, cores });
});

test('TypeScript consumers get real typings', () => {
  expect(fs.existsSync(path.join(project, 'node_modules/tensorpad/dist/index.d.ts'))).toBe(true);
  write(
    'main.ts',
    `import * as tp from 'tensorpad';
await tp.ready();
const t: tp.Tensor = tp.matMul(tp.tensor([[1, 2], [3, 4]]), tp.tensor([[5], [6]]));
const shape: number[] = t.shape;
console.log(shape);
// @ts-expect-error: the typings list the exports, so an unknown name is an error (not 'any')
tp.noSuchFunction();
// tp.worker.run's function gets the package's own types for (tp, display).
const sum: tp.worker.CellFunction = (wtp, display) => {
  display.text('summing');
  return wtp.tensor([1, 2]).sum().dataSync()[0];
};
void tp.worker.run(sum);
// @ts-expect-error: the worker's tp is typed too (it was 'any')
void tp.worker.run((wtp) => wtp.noSuchFunction());
`,
  );
  // Typed results used without casts: each assignment fails if its type became unknown, each
  // @ts-expect-error line fails (as an unused directive) if it became any.
  write(
    'typed.ts',
    `import * as tp from 'tensorpad';
// Ranked tensors, as TF.js: arraySync/array follow the rank.
const m: tp.Tensor2D = tp.tensor2d([[1, 2], [3, 4]]);
const row: number[] = m.arraySync()[0];
const cell: number = m.arraySync()[1][0];
// @ts-expect-error: a matrix's rows are arrays
const notARow: number = m.arraySync()[0];
const rows: number[][] = await m.array();
const s: number = tp.scalar(3).arraySync();
const v: number[] = tp.tensor1d([1, 2]).arraySync();
const cube: number[][][] = tp.tensor3d([[[1]]]).arraySync();
const flat: number[] = m.as1D().arraySync();
// @ts-expect-error: a Tensor2D is not a Tensor1D
const wrongRank: tp.Tensor1D = m;
const anyRank: tp.Tensor = m;
// An op's rank is not known: nested arrays of any depth, narrowed before indexing.
const nested: tp.NestedArray = tp.matMul(m, m).arraySync();
// @ts-expect-error: unknown rank
const unknownRow = tp.matMul(m, m).arraySync()[0];
// A chained or binary op takes its type from the variable, as TF.js's; elementwise ops keep the rank.
let acc = tp.scalar(0);
acc = acc.add(1);
acc = tp.mul(acc, 2);
acc = tp.relu(acc);
const keptRank: number[][] = tp.exp(m).arraySync();
// @ts-expect-error: neg of a variable is a tensor, not a variable
const notAVariable: tp.Variable = tp.neg(tp.variable(m));
// Layers and models: a tensor for tensors, a symbolic tensor for symbolic inputs.
const model = tp.sequential({ layers: [tp.layers.dense({ units: 2, inputShape: [3] })] });
const y: tp.Tensor = model.apply(tp.ones([4, 3]));
const yShape: number[] = y.shape;
// @ts-expect-error: apply gives tensors
const notAString: string = model.apply(tp.ones([4, 3]));
const sym: tp.SymbolicTensor = tp.layers.dense({ units: 2 }).apply(tp.input({ shape: [3] }));
const symShape: (number | null)[] = sym.shape;
// @ts-expect-error: symbolic inputs give symbolic tensors
const notATensor: tp.Tensor = tp.layers.dense({ units: 2 }).apply(tp.input({ shape: [3] }));
const twoOutputs: tp.Tensor[] = model.apply<tp.Tensor[]>(tp.ones([4, 3]));
// Compiled state: null before compile.
model.compile({ optimizer: 'adam', loss: 'meanSquaredError', metrics: ['mae'] });
const opt: tp.optimizers.Optimizer | null = model.optimizer;
const steps: tp.Variable | undefined = model.optimizer?.iterations;
// @ts-expect-error: possibly null
void model.optimizer.iterations;
// @ts-expect-error: an optimizer is not a number
const optNumber: number = model.optimizer;
const loss = model.loss;
// @ts-expect-error: a loss identifier is not a number
const lossNumber: number = model.loss;
const metrics = model.compiledMetrics;
// @ts-expect-error: metric identifiers are not a number
const metricsNumber: number = model.compiledMetrics;
// customGrad: inputs from f's parameters, the result and dy of the value's type.
const square = tp.customGrad((x: tp.Tensor, save: tp.GradSaveFunc) => {
  save([x]);
  return { value: x.square(), gradFunc: (dy, saved) => dy.mul(saved[0]!.mul(2)) };
});
const sq: tp.Tensor = square(tp.tensor([3]));
// @ts-expect-error: square takes one input
square(tp.tensor([3]), tp.tensor([4]));
// @ts-expect-error: the result is a tensor
const sqString: string = square(tp.tensor([3]));
// tp.worker.run: typed (tp, display) and result.
const result: tp.worker.CellFunction = (wtp, display) => {
  display.text('rows');
  const r: number[] = wtp.tensor2d([[1, 2]]).arraySync()[0];
  return r;
};
const cellResult = await tp.worker.run(result);
// @ts-expect-error: the cell result is not a number
const resultNumber: number = cellResult;
console.log(row, cell, notARow, rows, s, v, cube, flat, wrongRank, anyRank, nested, unknownRow, acc, keptRank, notAVariable, yShape, notAString, symShape, notATensor,
  twoOutputs, opt, steps, optNumber, loss, lossNumber, metrics, metricsNumber, sq, sqString, resultNumber);
`,
  );
  write(
    'tsconfig.json',
    JSON.stringify({
      compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, types: [] },
      files: ['main.ts', 'typed.ts'],
    }),
  );
  let output = '';
  try {
    run(process.execPath, [tsc, '-p', 'tsconfig.json'], project);
  } catch (e) {
    output = String((e as { stdout?: string }).stdout ?? e);
  }
  expect(output.split('\n').slice(0, 30).join('\n')).toBe('');
});

/** Each `any` type written in a declaration file's text, as 'file:line: source line'. */
function anyTypes(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      found.push(`${file}:${line + 1}: ${text.split('\n')[line]!.trim()}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

test("the shipped declaration files have no 'any' (every public type is checked)", () => {
  // The finder sees any where a type can be written (and not the word in comments or names).
  expect(anyTypes('probe.d.ts', '/** any */ export declare function any(x: any[]): Promise<{ a: any }>;').length).toBe(2);
  const dist = path.join(project, 'node_modules/tensorpad/dist');
  const files = fs.readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.d.ts'));
  // Every entry point's typings are among them (package.json "exports").
  for (const f of ['index.d.ts', 'worker/worker_main.d.ts']) expect(files).toContain(f);
  expect(files.length).toBeGreaterThan(100);
  const found = files.flatMap((f) => anyTypes(f, fs.readFileSync(path.join(dist, f), 'utf8')));
  expect(found).toEqual([]);
});

// Each `console.log(expr); // expected` line of a README js block becomes a check of expr against
// the comment (compared without spaces and quotes).
const DOC_CHECK = `const __norm = (s) => s.replace(/\\s+/g, '').replace(/['"]/g, '');
const __check = (line, value, expected) => {
  const got = typeof value === 'string' ? value : JSON.stringify(value);
  if (__norm(got) !== __norm(expected)) {
    console.error(\`README: \${line}\\n  prints \${got}, the README says \${expected}\`);
    process.exitCode = 1;
  }
};
`;

test('the README code blocks run against the package and print what their comments say', () => {
  const readme = fs.readFileSync(path.join(repo, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/^```js\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
  expect(blocks.length).toBeGreaterThan(0);
  const failures: string[] = [];
  blocks.forEach((code, i) => {
    const checked = code.replace(
      /^(\s*)console\.log\((.*)\);\s*\/\/ (.*)$/gm,
      (line, indent: string, expr: string, expected: string) =>
        `${indent}__check(${JSON.stringify(line.trim())}, ${expr}, ${JSON.stringify(expected)});`,
    );
    write(`readme-${i}.mjs`, DOC_CHECK + checked);
    try {
      run(process.execPath, [`readme-${i}.mjs`], project);
    } catch (e) {
      failures.push(`README js block ${i + 1}:\n${(e as { stderr?: string }).stderr ?? e}`);
    }
  });
  expect(failures.join('\n')).toBe('');
});
