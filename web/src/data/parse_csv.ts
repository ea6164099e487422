// RFC 4180 CSV parsing: fields separated by a delimiter, records by CRLF, LF or CR; a field in
// double quotes may hold delimiters, line breaks and doubled quotes (""). Leniencies, as Python's
// csv module: a quote inside an unquoted field is kept literally, and a missing final line break
// is fine. Errors name the 1-based line and column.

/** Options of parseCsv. */
export interface ParseCsvOptions {
  /** Field separator, one character (default ','; '\t' for TSV). */
  delimiter?: string;
  /** Leave out lines with nothing on them (default true, as TF.js's csv). */
  skipEmptyLines?: boolean;
}

/** @internal A parsed record and the line it starts on (1-based). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** @internal Records with their line numbers, for callers that report errors by line. */
export function parseCsvRecords(text: string, options: ParseCsvOptions = {}): CsvRecord[] {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r')
    throw new Error(`parseCsv: delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`);
  const skipEmpty = options.skipEmptyLines ?? true;
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // byte order mark
  let line = 1;
  let lineStart = i;
  let fields: string[] = [];
  let recordLine = 1;
  let field = '';
  let open = false; // the current record has begun
  let quoted = false; // it has a quoted field (so a lone "" is not an empty line)
  const n = text.length;

  const endRecord = (): void => {
    fields.push(field);
    field = '';
    if (!(skipEmpty && !quoted && fields.length === 1 && fields[0] === '')) records.push({ fields, line: recordLine });
    fields = [];
    open = false;
    quoted = false;
  };
  // Consumes a line break at i (CRLF, LF or CR); returns false if there is none.
  const lineBreak = (): boolean => {
    const c = text[i];
    if (c !== '\n' && c !== '\r') return false;
    i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    line++;
    lineStart = i;
    return true;
  };

  while (i < n) {
    // At the start of a field.
    if (!open) recordLine = line;
    open = true;
    if (text[i] === '"') {
      quoted = true;
      const openLine = line;
      const openCol = i - lineStart + 1;
      i++;
      for (;;) {
        if (i >= n) throw new Error(`parseCsv: line ${openLine}, column ${openCol}: the quoted field is never closed`);
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === '\n' || c === '\r') {
          const start = i;
          lineBreak();
          field += text.slice(start, i);
          continue;
        }
        field += c;
        i++;
      }
      if (i >= n) break;
      if (text[i] === delimiter) {
        fields.push(field);
        field = '';
        i++;
        continue;
      }
      if (lineBreak()) {
        endRecord();
        continue;
      }
      throw new Error(
        `parseCsv: line ${line}, column ${i - lineStart + 1}: unexpected ${JSON.stringify(text[i])} after a closing quote ` +
          `(a quote inside a quoted field is written "")`,
      );
    }
    // An unquoted field runs to the next delimiter or line break.
    let j = i;
    while (j < n && text[j] !== delimiter && text[j] !== '\n' && text[j] !== '\r') j++;
    field = text.slice(i, j);
    i = j;
    if (i >= n) break;
    if (text[i] === delimiter) {
      fields.push(field);
      field = '';
      i++;
      // A delimiter at the very end still ends a (last, empty) field.
      if (i >= n) break;
      continue;
    }
    lineBreak();
    endRecord();
  }
  if (open) endRecord();
  return records;
}

/**
 * Parses CSV text into rows of string fields (header included, if any); see csv() for typed,
 * labelled datasets.
 *
 * @example
 * const rows = tp.data.parseCsv('name,note\r\n"Smith, J.","said ""hi"""\n');
 * console.log(rows); // [['name', 'note'], ['Smith, J.', 'said "hi"']]
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): string[][] {
  if (typeof text !== 'string') throw new Error(`parseCsv: expected CSV text (a string), got ${typeof text}`);
  return parseCsvRecords(text, options).map((r) => r.fields);
}
