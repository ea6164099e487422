// Executable docs: collects the @example blocks of web/src folders and runs them against the real
// engine. A line `expr.print(); // values` becomes a check that expr prints those values: the
// printed text must have the same layout, and its numbers must match to 1e-5 relative (1e-3 when
// the comment starts with "about"); a trailing "(remark)" in the comment is ignored.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect } from 'vitest';
import * as tp from '../../../web/src/index.js';

export const SRC = fileURLToPath(new URL('../../../web/src/', import.meta.url));

export interface Example {
  where: string;
  code: string;
}

function examplesIn(file: string): Example[] {
  const text = readFileSync(file, 'utf8');
  const out: Example[] = [];
  for (const m of text.matchAll(/\/\*\*([\s\S]*?)\*\//g)) {
    const body = m[1]!;
    const at = body.indexOf('@example');
    if (at < 0) continue;
    const line = text.slice(0, m.index).split('\n').length;
    const lines = body.slice(at + '@example'.length).split('\n').map((l) => l.replace(/^\s*\* ?/, ''));
    const end = lines.findIndex((l, i) => i > 0 && /^\s*@\w/.test(l));
    const code = (end < 0 ? lines : lines.slice(0, end)).join('\n').trim();
    out.push({ where: `${relative(SRC, file)}:${line}`, code });
  }
  return out;
}

/** The examples of every .ts file directly in the given folders of web/src ('' is web/src itself). */
export function collectExamples(folders: readonly string[]): Example[] {
  return folders.flatMap((folder) =>
    readdirSync(join(SRC, folder))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .flatMap((f) => examplesIn(join(SRC, folder, f))),
  );
}

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;

/** Throws (through expect) unless `t` prints `expected`; see the file comment for the rules. */
export function checkPrinted(t: tp.Tensor, expected: string): void {
  const approx = expected.startsWith('about');
  const want = (approx ? expected.slice('about'.length) : expected).replace(/\s*\([^()]*\)\s*$/, '');
  const printed = t.toString().split('\n').slice(1).join('');
  const layout = (s: string) => s.replace(/\s+/g, '').replace(NUMBER, '#');
  expect(layout(printed)).toBe(layout(want));
  const got = (printed.match(NUMBER) ?? []).map(Number);
  const exp = (want.match(NUMBER) ?? []).map(Number);
  const tol = approx ? 1e-3 : 1e-5;
  got.forEach((g, i) => {
    if (!(Math.abs(g - exp[i]!) <= tol * Math.max(1, Math.abs(exp[i]!)))) expect.fail(`value ${i}: printed ${g}, the example says ${exp[i]} (${expected})`);
  });
}

function withChecks(code: string): string {
  return code
    .split('\n')
    .map((l) => {
      const m = /^(\s*)(.*)\.print\(\);\s*\/\/\s*(.+)$/.exec(l);
      return m ? `${m[1]}__check((${m[2]}), ${JSON.stringify(m[3]!.trim())});` : l;
    })
    .join('\n');
}

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;

/** Runs one example with `tp` in scope and console output silenced. */
export async function runExample(code: string): Promise<void> {
  const js = ts.transpileModule(withChecks(code), { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const quiet = { log: () => undefined, info: () => undefined, warn: () => undefined };
  await new AsyncFunction('tp', 'console', '__check', js)(tp, quiet, checkPrinted);
}

/**
 * Names of the functions, constants and classes exported by the `roots` modules (paths under
 * web/src) that have no @example, and how many were checked. With `folders`, only exports
 * declared directly in those folders count.
 */
export function exportsWithoutExamples(roots: readonly string[], folders?: readonly string[]): { missing: string[]; checked: number } {
  const files = roots.map((r) => join(SRC, r));
  const program = ts.createProgram(files, { noLib: true, types: [], module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, noEmit: true });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  let checked = 0;
  for (const file of files) {
    const mod = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
    for (const exported of checker.getExportsOfModule(mod)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      if (!(symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Class))) continue;
      const decl = symbol.valueDeclaration;
      if (decl === undefined || ts.isSourceFile(decl)) continue;
      const folder = relative(SRC, decl.getSourceFile().fileName).split('/').slice(0, -1).join('/');
      if (folders && !folders.includes(folder)) continue;
      const owner = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl;
      checked++;
      if (!ts.getJSDocTags(owner).some((t) => t.tagName.text === 'example')) missing.push(`${relative(SRC, file)}: ${exported.name}`);
    }
  }
  return { missing, checked };
}
