// Node module hooks that let a worker_threads Worker load the TypeScript sources (web/src) as the
// tests do: '.js' specifiers that name a '.ts' file resolve to it, '#platform' to the Node side, and
// '.ts' is transpiled.
import fs from 'node:fs';
// rolldown's oxc transform (Vite's own): type stripping in milliseconds, unlike tsc.
import { transformSync } from 'rolldown/experimental';

export async function resolve(specifier, context, next) {
  // The sources' '#platform' is Node's (package.json "imports" maps it for dist/ only).
  if (specifier === '#platform') return { url: new URL('../../../web/src/platform/node.ts', import.meta.url).href, shortCircuit: true };
  try {
    return await next(specifier, context);
  } catch (e) {
    if (specifier.endsWith('.js') && (specifier.startsWith('.') || specifier.startsWith('file:'))) {
      const url = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
      if (fs.existsSync(url)) return { url: url.href, shortCircuit: true };
    }
    throw e;
  }
}

export async function load(url, context, next) {
  if (!url.endsWith('.ts')) return next(url, context);
  const source = fs.readFileSync(new URL(url), 'utf8');
  const out = transformSync(new URL(url).pathname, source, { lang: 'ts' });
  if (out.errors.length > 0) throw new Error(`${url}: ${out.errors.map((e) => e.message).join('; ')}`);
  return { format: 'module', source: out.code, shortCircuit: true };
}
