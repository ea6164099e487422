// CSV: RFC 4180 parsing edge cases, and tp.data.csv's typing, labels, missing values and errors.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import * as tp from '../../../web/src/index.js';

await tp.ready();

describe('parseCsv (RFC 4180)', () => {
  test('quoted fields hold delimiters, doubled quotes and line breaks; CRLF, LF and CR end records', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\n1,,3\r4,5,6';
    expect(tp.data.parseCsv(text)).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'two\r\nlines'],
      ['1', '', '3'],
      ['4', '5', '6'],
    ]);
  });

  test('empty fields, a trailing delimiter, a quoted empty field, no final line break, BOM', () => {
    expect(tp.data.parseCsv('\ufeffa,b,\n,"",x')).toEqual([['a', 'b', ''], ['', '', 'x']]);
    expect(tp.data.parseCsv('""')).toEqual([['']]);
    expect(tp.data.parseCsv('a,')).toEqual([['a', '']]);
  });

  test('empty lines are skipped unless skipEmptyLines is false; other delimiters; literal quotes inside unquoted fields', () => {
    expect(tp.data.parseCsv('a\n\nb\n')).toEqual([['a'], ['b']]);
    expect(tp.data.parseCsv('a\n\nb\n', { skipEmptyLines: false })).toEqual([['a'], [''], ['b']]);
    expect(tp.data.parseCsv('a\tb,c\n"1\t2"\t3', { delimiter: '\t' })).toEqual([['a', 'b,c'], ['1\t2', '3']]);
    expect(tp.data.parseCsv('5" disk,ok')).toEqual([['5" disk', 'ok']]);
  });

  test('errors name the line and column', () => {
    expect(() => tp.data.parseCsv('a,b\n1,"open\nstill open')).toThrow('parseCsv: line 2, column 3: the quoted field is never closed');
    // The quoted field spans lines 2-3; the stray character is on line 3, column 3.
    expect(() => tp.data.parseCsv('a,b\n1,"x\ny"z\n')).toThrow(/line 3, column 3: unexpected "z" after a closing quote/);
    expect(() => tp.data.parseCsv('a', { delimiter: ';;' })).toThrow(/delimiter must be one character/);
  });
});

async function rows(ds: tp.data.Dataset<unknown>): Promise<unknown[]> {
  return ds.toArray();
}

describe('tp.data.csv', () => {
  const text = 'mpg,cylinders,origin,turbo\n18,8,USA,0\n"26.5",4,Japan,1\n,6,"Europe, West",0\n';

  test('columns are numbers when every present value is one; missing numbers are NaN', async () => {
    const ds = tp.data.csv(text);
    expect(await ds.columnNames()).toEqual(['mpg', 'cylinders', 'origin', 'turbo']);
    expect(await rows(ds)).toEqual([
      { mpg: 18, cylinders: 8, origin: 'USA', turbo: 0 },
      { mpg: 26.5, cylinders: 4, origin: 'Japan', turbo: 0 + 1 },
      { mpg: NaN, cylinders: 6, origin: 'Europe, West', turbo: 0 },
    ]);
  });

  test('label columns give {xs, ys} (TF.js), and batch makes tensors per column', async () => {
    const ds = tp.data.csv(text, { columnConfigs: { mpg: { isLabel: true, default: 0 }, turbo: { dtype: 'bool' } } });
    const all = await rows(ds);
    expect(all[2]).toEqual({ xs: { cylinders: 6, origin: 'Europe, West', turbo: 0 }, ys: { mpg: 0 } });
    const [b] = (await ds.batch(3).toArray()) as { xs: { cylinders: tp.Tensor; origin: string[] }; ys: { mpg: tp.Tensor } }[];
    expect(b!.xs.cylinders.arraySync()).toEqual([8, 4, 6]);
    expect(b!.xs.origin).toEqual(['USA', 'Japan', 'Europe, West']);
    expect(b!.ys.mpg.arraySync()).toEqual([18, 26.5, 0]);
    tp.dispose(b as never);
  });

  test('configuredColumnsOnly, no header with columnNames, naValues, delimiter', async () => {
    const ds = tp.data.csv(text, { configuredColumnsOnly: true, columnConfigs: { cylinders: {}, origin: { dtype: 'string' } } });
    expect(await ds.columnNames()).toEqual(['cylinders', 'origin']);
    expect((await rows(ds))[0]).toEqual({ cylinders: 8, origin: 'USA' });
    const noHeader = tp.data.csv('1;?\n2;3\n', { hasHeader: false, columnNames: ['a', 'b'], delimiter: ';', naValues: ['?'] });
    expect(await rows(noHeader)).toEqual([{ a: 1, b: NaN }, { a: 2, b: 3 }]);
  });

  test('errors name the line and the column', async () => {
    await expect(rows(tp.data.csv('a,b\n1,2\n3\n'))).rejects.toThrow('csv: line 3 has 1 fields, expected 2 (a, b)');
    await expect(rows(tp.data.csv(text, { columnConfigs: { mpg: { required: true } } }))).rejects.toThrow(
      "csv: line 4, column 'mpg' (field 1): the value is missing and the column is required",
    );
    await expect(rows(tp.data.csv(text, { columnConfigs: { origin: { dtype: 'float32' } } }))).rejects.toThrow(
      `csv: line 2, column 'origin' (field 3): cannot read "USA" as float32`,
    );
    await expect(rows(tp.data.csv('a\n1.5\n', { columnConfigs: { a: { dtype: 'int32' } } }))).rejects.toThrow(/line 2.*not an integer/);
    await expect(rows(tp.data.csv(text, { columnConfigs: { nope: {} } }))).rejects.toThrow(/columnConfigs names column 'nope'/);
    await expect(rows(tp.data.csv('a,a\n1,2\n'))).rejects.toThrow(/'a' appears twice/);
    await expect(rows(tp.data.csv('1,2\n', { hasHeader: false }))).rejects.toThrow(/columnNames are required/);
  });

  test('sources: bytes, a file path, a file: URL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-csv-'));
    const path = join(dir, 'cars.csv');
    writeFileSync(path, text);
    const expected = await rows(tp.data.csv(text));
    expect(await rows(tp.data.csv(new TextEncoder().encode(text)))).toEqual(expected);
    expect(await rows(tp.data.csv(path))).toEqual(expected);
    expect(await rows(tp.data.csv(pathToFileURL(path)))).toEqual(expected);
    await expect(rows(tp.data.csv(join(dir, 'missing.csv')))).rejects.toThrow(/csv: cannot read '.*missing\.csv'/);
  });

  test('re-iterable, and the elements are fresh objects each time', async () => {
    const ds = tp.data.csv(text);
    const a = (await rows(ds)) as Record<string, unknown>[];
    a[0]!.mpg = -1;
    expect(((await rows(ds))[0] as Record<string, unknown>).mpg).toBe(18);
  });
});
