// Module hooks (see engine_workload_hooks.mjs): engine.ts's '../wasm/' files come from another folder.
let engineDir = '';

export function initialize(dir) {
  engineDir = dir;
}

export async function load(url, context, next) {
  const out = await next(url, context);
  if (!/\/web\/src\/engine\/engine\.ts$/.test(url)) return out;
  const source = String(out.source).replace(/(['"])\.\.\/wasm\//g, `$1${engineDir}`);
  return { ...out, source };
}
