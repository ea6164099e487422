// Rewrites a notebook cell so that its top-level declarations outlive it, as in a Jupyter kernel.
//
// The cell runs as the body of an async function inside `with (scope) { ... }`, where `scope` is
// one null-prototype object kept for the life of the runtime. Top-level `const/let/var` become
// assignments to names pre-declared on `scope`, `class C {}` becomes `C = class C {}`, a function
// declaration stays (so it is hoisted) and is copied onto `scope` at the start of the block, and a
// final expression statement becomes the cell's return value. Every edit stays on its line, so an
// error's line in the generated code is its line in the cell plus a fixed offset.
import { parse, type Node, type Pattern, type Program, type Statement } from 'acorn';

/** A cell ready to run: the function body, and the names it declares at top level. */
export interface TransformedCell {
  /** Body for `new AsyncFunction(scopeName, ...params, body)`; line 1 is the cell's line 1. */
  body: string;
  /** Top-level names the cell declares (to pre-declare on the scope object). */
  declared: string[];
  /** True when the cell ends with an expression whose value is the cell's result. */
  hasResult: boolean;
}

/** A syntax error of a cell, with its 1-based line and column in the cell. */
export class CellSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

interface Edit {
  at: number;
  /** Characters of the source replaced (0 for an insertion). */
  remove: number;
  text: string;
}

function patternNames(p: Pattern | null | undefined, out: string[]): void {
  if (!p) return;
  switch (p.type) {
    case 'Identifier':
      out.push(p.name);
      break;
    case 'ObjectPattern':
      for (const prop of p.properties) patternNames(prop.type === 'RestElement' ? prop.argument : (prop.value as Pattern), out);
      break;
    case 'ArrayPattern':
      for (const el of p.elements) patternNames(el, out);
      break;
    case 'RestElement':
      patternNames(p.argument, out);
      break;
    case 'AssignmentPattern':
      patternNames(p.left, out);
      break;
    default:
      break;
  }
}

function apply(source: string, edits: Edit[]): string {
  edits.sort((a, b) => a.at - b.at);
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += source.slice(pos, e.at) + e.text;
    pos = e.at + e.remove;
  }
  return out + source.slice(pos);
}

/**
 * Transforms cell source for the kernel; throws CellSyntaxError (with the cell line) when the
 * cell does not parse.
 *
 * @param scopeName identifier of the persistent scope object in the generated function
 *
 * @example
 * const cell = transformCell('const x = 1;\nx + 1', '__scope');
 * // cell.declared: ['x']; cell.body runs `x = 1` on the scope and returns x + 1
 */
export function transformCell(source: string, scopeName: string): TransformedCell {
  let program: Program;
  try {
    program = parse(source, {
      ecmaVersion: 'latest',
      sourceType: 'script',
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
      allowHashBang: true,
      locations: true,
    });
  } catch (e) {
    const loc = (e as { loc?: { line: number; column: number } }).loc;
    const message = (e instanceof Error ? e.message : String(e)).replace(/\s*\(\d+:\d+\)$/, '');
    throw new CellSyntaxError(message, loc?.line ?? 1, (loc?.column ?? 0) + 1);
  }

  const edits: Edit[] = [];
  const declared: string[] = [];
  const hoisted: string[] = [];
  const body = program.body as (Statement | Node)[];
  body.forEach((stmt, index) => {
    switch (stmt.type) {
      case 'VariableDeclaration': {
        const decl = stmt as import('acorn').VariableDeclaration;
        // `;` in place of the keyword keeps a previous line without semicolon from swallowing '('.
        edits.push({ at: decl.start, remove: decl.kind.length, text: ';' });
        for (const d of decl.declarations) {
          patternNames(d.id, declared);
          edits.push({ at: d.id.start, remove: 0, text: '(' });
          if (d.init) edits.push({ at: d.init.end, remove: 0, text: ')' });
          else edits.push({ at: d.id.end, remove: 0, text: ' = undefined)' });
        }
        break;
      }
      case 'FunctionDeclaration': {
        const name = (stmt as import('acorn').FunctionDeclaration).id?.name;
        if (name) {
          declared.push(name);
          hoisted.push(name);
        }
        break;
      }
      case 'ClassDeclaration': {
        const cls = stmt as import('acorn').ClassDeclaration;
        const name = cls.id?.name;
        if (name) {
          declared.push(name);
          edits.push({ at: cls.start, remove: 0, text: `;${name} = ` });
          edits.push({ at: cls.end, remove: 0, text: ';' });
        }
        break;
      }
      case 'ImportDeclaration':
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        break; // sourceType 'script' already rejects these
      case 'ExpressionStatement':
        if (index === body.length - 1 && !(stmt as { directive?: string }).directive) {
          // The statement's range includes parentheses around the expression, and its ';'.
          const end = source[stmt.end - 1] === ';' ? stmt.end - 1 : stmt.end;
          edits.push({ at: stmt.start, remove: 0, text: 'return (' });
          edits.push({ at: end, remove: 0, text: ')' });
        }
        break;
      default:
        break;
    }
  });
  const last = body[body.length - 1];
  const hasResult = last?.type === 'ExpressionStatement' && !(last as { directive?: string }).directive;
  // Function declarations are hoisted to the block's start, so the copies can run first.
  const prefix = hoisted.map((n) => `${scopeName}.${n} = ${n};`).join(' ');
  const code = apply(source, edits);
  return {
    body: `with (${scopeName}) { ${prefix}${code}\n}`,
    declared: [...new Set(declared)],
    hasResult,
  };
}
