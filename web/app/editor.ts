// CodeMirror 6 editors of the cells: JavaScript highlighting, completion of `tp.` names (from the
// kernel's own namespace), Shift+Enter / Ctrl+Enter to run, and a highlight for a failing line.
import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState, Prec, StateEffect, StateField, type Extension } from '@codemirror/state';
import { tags } from '@lezer/highlight';
import { Decoration, EditorView, keymap, type DecorationSet } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import type { NamespaceIndex } from '../src/worker/protocol.ts';

let names: NamespaceIndex = {};

/** Names offered after `tp.`, `tp.layers.`, `display.`: set when the kernel is ready. */
export function setCompletionNames(index: NamespaceIndex): void {
  names = index;
}

function tpCompletions(context: CompletionContext): CompletionResult | null {
  const word = context.matchBefore(/[A-Za-z_$][\w$]*(?:\.[\w$]*)+$/);
  if (!word) return null;
  const dot = word.text.lastIndexOf('.');
  const path = word.text.slice(0, dot);
  const options = names[path];
  if (!options) return null;
  return {
    from: word.from + dot + 1,
    options: options.map((label) => ({ label, type: /^[A-Z]/.test(label) ? 'class' : path === 'tp' && names[`tp.${label}`] ? 'namespace' : 'function' })),
    validFor: /^[\w$]*$/,
  };
}

const setErrorLine = StateEffect.define<number | null>();
const errorLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    for (const e of tr.effects)
      if (e.is(setErrorLine)) {
        if (e.value === null || e.value < 1 || e.value > tr.state.doc.lines) return Decoration.none;
        return Decoration.set([Decoration.line({ class: 'cm-error-line' }).range(tr.state.doc.line(e.value).from)]);
      }
    return tr.docChanged ? Decoration.none : deco.map(tr.changes);
  },
  provide: (f) => EditorView.decorations.from(f),
});

// The default highlight's colours that read below 4.5:1 on the cells' backgrounds (#e40 regexps
// and template parts at 3.8:1, #085 types, #f00 errors), darkened; the others are kept.
const readableHighlight = HighlightStyle.define([
  { tag: [tags.regexp, tags.escape, tags.special(tags.string)], color: '#b83000' },
  { tag: [tags.typeName, tags.namespace], color: '#06603a' },
  { tag: tags.invalid, color: '#c00000' },
]);

export interface EditorOptions {
  doc: string;
  language: 'javascript' | 'markdown';
  onChange(text: string): void;
  /** Shift+Enter (advance) or Ctrl/Cmd+Enter (stay). */
  onRun(advance: boolean): void;
  onBlur?(): void;
  /** The editor's accessible name. */
  label: string;
  /** Escape, when no completion or search panel took it. */
  onEscape?(): void;
}

export function createEditor(parent: HTMLElement, options: EditorOptions): EditorView {
  const run = (advance: boolean) => () => {
    options.onRun(advance);
    return true;
  };
  const escape = options.onEscape;
  const extensions: Extension[] = [
    Prec.highest(keymap.of([{ key: 'Shift-Enter', run: run(true) }, { key: 'Mod-Enter', run: run(false) }])),
    // Below the completion's own Escape (which closes its list), above nothing else.
    ...(escape ? [Prec.low(keymap.of([{ key: 'Escape', run: () => (escape(), true) }]))] : []),
    EditorView.contentAttributes.of({ 'aria-label': options.label }),
    syntaxHighlighting(readableHighlight),
    basicSetup,
    errorLine,
    EditorView.lineWrapping,
    EditorView.updateListener.of((u) => {
      if (u.docChanged) options.onChange(u.state.doc.toString());
      if (u.focusChanged && !u.view.hasFocus) options.onBlur?.();
    }),
  ];
  if (options.language === 'javascript') {
    extensions.push(javascript(), javascriptLanguage.data.of({ autocomplete: tpCompletions }), autocompletion({ activateOnTyping: true }));
  }
  return new EditorView({ parent, state: EditorState.create({ doc: options.doc, extensions }) });
}

/** Highlights line `line` (1-based) as the failing one, or clears the highlight. */
export function markErrorLine(view: EditorView, line: number | null): void {
  view.dispatch({ effects: setErrorLine.of(line) });
  if (line !== null && line >= 1 && line <= view.state.doc.lines)
    view.dispatch({ effects: EditorView.scrollIntoView(view.state.doc.line(line).from, { y: 'nearest' }) });
}

export function setText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}
