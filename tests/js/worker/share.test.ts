// The playground's notebook formats: share links (#nb=v1.…) and .ipynb, with hostile input.
import { deflateSync, strToU8 } from 'fflate';
import { describe, expect, test } from 'vitest';
import { fromIpynb, newCell, newNotebook, toIpynb } from '../../../web/app/notebook.ts';
import { decodeNotebook, encodeNotebook, MAX_JSON_BYTES, ShareLinkError } from '../../../web/app/share.ts';

const cells = [newCell('markdown', '# Title\n\nsome *text* $x^2$'), newCell('code', 'const x = 1;\n\n  x + "ü✓\\n"\n'), newCell('code', '')];

describe('share links', () => {
  test('round-trip every cell exactly, in a short base64url payload', () => {
    const payload = encodeNotebook({ title: 'T', cells });
    expect(payload).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    const back = decodeNotebook(payload);
    expect(back.title).toBe('T');
    expect(back.cells.map((c) => [c.type, c.source])).toEqual(cells.map((c) => [c.type, c.source]));
  });

  const bad = (payload: string, message: RegExp) => {
    expect(() => decodeNotebook(payload)).toThrow(ShareLinkError);
    expect(() => decodeNotebook(payload)).toThrow(message);
  };
  const pack = (json: string) => `v1.${Buffer.from(deflateSync(strToU8(json))).toString('base64url')}`;

  test('corrupt, truncated, wrong-version and non-notebook links are refused with a reason', () => {
    const good = encodeNotebook({ title: 'T', cells });
    bad('garbage', /no version/);
    bad('v2.AAAA', /newer tensorpad/);
    bad('v1.a+b/c', /damaged/);
    bad(good.slice(0, good.length - 6), /damaged/);
    bad(pack('not json'), /not valid JSON/);
    bad(pack('{"cells": 3}'), /no notebook/);
    bad(pack('{"cells": [["x", "y"]]}'), /unknown cell type/);
    bad(pack('{"cells": [["c", 5]]}'), /not text/);
  });

  test('a decompression bomb stops at the cap', () => {
    const bomb = pack(`{"cells":[["c","${'a'.repeat(MAX_JSON_BYTES * 3)}"]]}`);
    expect(bomb.length).toBeLessThan(40_000);
    bad(bomb, /too large/);
  });
});

describe('.ipynb', () => {
  test('nbformat 4, language javascript, round trip', () => {
    const nb = newNotebook('My notebook', cells);
    const text = toIpynb(nb, new Map([[cells[1]!.id, [{ name: 'stdout', text: 'hi' }]]]));
    const json = JSON.parse(text);
    expect(json).toMatchObject({ nbformat: 4, metadata: { kernelspec: { language: 'javascript' }, language_info: { name: 'javascript' } } });
    expect(json.cells[1]).toMatchObject({ cell_type: 'code', outputs: [{ output_type: 'stream', name: 'stdout', text: ['hi'] }] });
    const back = fromIpynb(text);
    expect(back.warnings).toEqual([]);
    expect(back.notebook.title).toBe('My notebook');
    expect(back.notebook.cells.map((c) => [c.type, c.source])).toEqual(cells.map((c) => [c.type, c.source]));
  });

  test('other languages open with a warning; broken files are refused', () => {
    const py = JSON.stringify({ nbformat: 4, metadata: { kernelspec: { language: 'python' } }, cells: [{ cell_type: 'code', source: ['x = 1'] }] });
    expect(fromIpynb(py).warnings[0]).toMatch(/python/);
    expect(() => fromIpynb('{')).toThrow(/not JSON/);
    expect(() => fromIpynb('{"nbformat": 3, "cells": []}')).toThrow(/nbformat 4/);
  });
});

describe('a Python .ipynb', () => {
  const py = JSON.stringify({
    nbformat: 4,
    metadata: { kernelspec: { language: 'python', name: 'python3' } },
    cells: [
      { cell_type: 'markdown', source: ['# Keras'] },
      {
        cell_type: 'code',
        source: ['import tensorflow as tf\n', 'print(tf.__version__)\n', 'model.summary()'],
        outputs: [
          { output_type: 'stream', name: 'stdout', text: ['2.15.0\n'] },
          { output_type: 'execute_result', data: { 'text/plain': ['<keras.src.callbacks.History at 0x7f>'], 'text/html': ['<script>x()</script>'] } },
          { output_type: 'display_data', data: { 'image/png': 'iVBORw0KGgo=\n', 'text/plain': ['<Figure>'] } },
          { output_type: 'error', ename: 'NameError', evalue: "name 'model' is not defined", traceback: ['\u001b[0;31mNameError\u001b[0m: name'] },
        ],
      },
    ],
  });

  test('is known as Python and keeps its saved outputs (text, images; never HTML)', () => {
    const { notebook, warnings } = fromIpynb(py);
    expect(notebook.foreignLanguage).toBe('python');
    expect(warnings[0]).toMatch(/python/);
    expect(notebook.cells[0]!.saved).toBeUndefined();
    expect(notebook.cells[1]!.saved).toEqual([
      { kind: 'text', text: '2.15.0\n', stream: 'stdout' },
      { kind: 'text', text: '<keras.src.callbacks.History at 0x7f>' },
      { kind: 'image', png: 'iVBORw0KGgo=' },
      { kind: 'text', text: 'NameError: name', stream: 'stderr' },
    ]);
  });

  test('a JavaScript notebook is not foreign', () => {
    const js = toIpynb(newNotebook('x', [newCell('code', '1')]));
    expect(fromIpynb(js).notebook.foreignLanguage).toBeUndefined();
  });
});
