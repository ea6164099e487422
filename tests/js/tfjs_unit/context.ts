// What the jasmine globals and describeWithFlags share while a spec file is being collected.
export const ctx = {
  /** The spec file being imported, relative to tfjs-core/dist. */
  spec: '',
  /** The describe blocks open around the current collection point. */
  path: [] as string[],
  /** Test ids seen so far, to number repeated names. */
  seen: new Set<string>(),
};

export function testId(name: string): string {
  const base = [ctx.spec, ...ctx.path, name].join(' › ');
  let id = base;
  for (let n = 2; ctx.seen.has(id); n++) id = `${base} #${n}`;
  ctx.seen.add(id);
  return id;
}
