// Python's str.format and float repr, for what Keras writes with them: ModelCheckpoint file
// names ("weights.{epoch:02d}-{val_loss:.2f}") and CSVLogger cells (str() of each figure).

/**
 * Python's repr of a float: the shortest digits that round-trip (as JS), positional for
 * 1e-4 <= |x| < 1e16 with '.0' on integral values, else 'd.ddde-05' style; 'nan', 'inf'.
 *
 * @example
 * tp.callbacks.pythonFloatRepr(1);       // '1.0'
 * tp.callbacks.pythonFloatRepr(1.5e-5);  // '1.5e-05'
 * tp.callbacks.pythonFloatRepr(0.1);     // '0.1'
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mant, expPart] = x.toExponential().split('e') as [string, string];
  const exp = Number(expPart);
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  const sign = neg ? '-' : '';
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    const intLen = exp + 1;
    if (digits.length <= intLen) return `${sign}${digits}${'0'.repeat(intLen - digits.length)}.0`;
    return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  }
  const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

// |x| = m / 2^k exactly (k may be negative), from the IEEE bits.
function exactRatio(a: number): { m: bigint; k: number } {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, a);
  const hi = dv.getUint32(0);
  const lo = dv.getUint32(4);
  const e = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  if (e !== 0) m |= 1n << 52n;
  const k = 1075 - (e === 0 ? 1 : e);
  return { m, k };
}

/** Fixed-point digits of |a| with `p` decimals, rounded half-to-even on the exact binary value, as Python. */
function fixedDigits(a: number, p: number): string {
  const { m, k } = exactRatio(a);
  let n = m * 10n ** BigInt(p);
  let q: bigint;
  if (k <= 0) q = n << BigInt(-k);
  else {
    const kk = BigInt(k);
    q = n >> kk;
    const r = n - (q << kk);
    const half = 1n << (kk - 1n);
    if (r > half || (r === half && (q & 1n) === 1n)) q += 1n;
  }
  n = q;
  let s = n.toString();
  if (p === 0) return s;
  s = s.padStart(p + 1, '0');
  return `${s.slice(0, -p)}.${s.slice(-p)}`;
}

function expDigits(a: number, p: number, upper: boolean): string {
  const [m, e] = a.toExponential(p).split('e') as [string, string];
  const n = Number(e);
  return `${m}${upper ? 'E' : 'e'}${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
}

function stripZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function generalDigits(a: number, p: number, upper: boolean, alt: boolean): string {
  const prec = p === 0 ? 1 : p;
  if (a === 0) return alt ? `0.${'0'.repeat(prec - 1)}` : '0';
  const exp = Number(a.toExponential(prec - 1).split('e')[1]);
  const s = exp >= -4 && exp < prec ? fixedDigits(a, prec - 1 - exp) : expDigits(a, prec - 1, upper);
  if (alt) return s;
  const [mant, tail] = s.split(/(?=[eE])/) as [string, string | undefined];
  return stripZeros(mant) + (tail ?? '');
}

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s;

function group(intPart: string, sep: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/** @internal Formats one value with a Python format spec ('02d', '.2f', '>8.3e', ...). */
export function formatValue(value: unknown, spec: string, field: string): string {
  const m = SPEC.exec(spec);
  if (!m) throw new Error(`format: invalid format spec '${spec}' for field '${field}'`);
  const [, fillOpt, alignOpt, signOpt, alt, zero, widthStr, sep, precStr, typeOpt] = m;
  let fill = fillOpt ?? ' ';
  let align = alignOpt;
  const width = widthStr ? Number(widthStr) : 0;
  const prec = precStr === undefined ? undefined : Number(precStr);
  const type = typeOpt;
  let body: string;
  let sign = '';
  if (typeof value === 'string') {
    if (type && type !== 's') throw new Error(`format: unknown format code '${type}' for a string field '${field}'`);
    body = prec === undefined ? value : value.slice(0, prec);
    align ??= '<';
  } else if (typeof value === 'number' || typeof value === 'bigint') {
    // bigint stands for a Python int (epoch, batch), number for a Python float (the logs).
    const isInt = typeof value === 'bigint';
    if ((type === 'd' || type === 'n') && !isInt) throw new Error(`format: format code '${type}' needs an integer, but field '${field}' is the float ${value}`);
    if (type === 's') throw new Error(`format: format code 's' is for strings, but field '${field}' is a number`);
    if (zero && !alignOpt) {
      fill = '0';
      align = '=';
    }
    align ??= '>';
    const num = Number(value);
    const neg = num < 0 || Object.is(num, -0);
    const a = Math.abs(num);
    sign = neg ? '-' : signOpt === '+' ? '+' : signOpt === ' ' ? ' ' : '';
    if (isInt && (type === undefined || type === 'd' || type === 'n')) {
      if (prec !== undefined) throw new Error(`format: precision is not allowed in an integer format (field '${field}')`);
      body = (typeof value === 'bigint' && value < 0n ? -value : value).toString();
    } else if (!Number.isFinite(num)) {
      body = Number.isNaN(num) ? 'nan' : 'inf';
      if (type === 'E' || type === 'F' || type === 'G') body = body.toUpperCase();
      if (type === '%') body += '%';
    } else {
      switch (type) {
        case 'f': case 'F': body = fixedDigits(a, prec ?? 6); if (alt && prec === 0) body += '.'; break;
        case 'e': case 'E': body = expDigits(a, prec ?? 6, type === 'E'); break;
        case 'g': case 'G': body = generalDigits(a, prec ?? 6, type === 'G', !!alt); break;
        case '%': body = `${fixedDigits(a * 100, prec ?? 6)}%`; break;
        case undefined:
          if (prec === undefined) body = pythonFloatRepr(a);
          else {
            // Like 'g', but fixed-point results keep a digit after the point.
            body = generalDigits(a, prec, false, false);
            if (!/[.eE]/.test(body)) body += '.0';
          }
          break;
        default:
          throw new Error(`format: format code '${type}' is not supported (field '${field}')`);
      }
    }
    if (sep) {
      const i = /^\d+/.exec(body)?.[0] ?? '';
      body = group(i, sep) + body.slice(i.length);
    }
  } else {
    throw new Error(`format: field '${field}' is ${value === undefined ? 'missing' : typeof value}`);
  }
  const len = sign.length + body.length;
  if (width <= len) return sign + body;
  const pad = width - len;
  switch (align) {
    case '<': return sign + body + fill.repeat(pad);
    case '^': return fill.repeat(Math.floor(pad / 2)) + sign + body + fill.repeat(pad - Math.floor(pad / 2));
    case '=': return sign + fill.repeat(pad) + body;
    default: return fill.repeat(pad) + sign + body;
  }
}

/**
 * Python's `template.format(**values)`: `{name}`, `{name:spec}`, `{{`/`}}` for braces. Python
 * ints are passed as bigint, floats as number. A name missing from `values` throws, naming the
 * template and the keys there are.
 *
 * @example
 * tp.callbacks.pythonFormat('weights.{epoch:02d}-{val_loss:.2f}.json', { epoch: 3n, val_loss: 0.4567 });
 * // 'weights.03-0.46.json'
 */
export function pythonFormat(template: string, values: { [k: string]: unknown }): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i]!;
    if (c === '{' && template[i + 1] === '{') { out += '{'; i += 2; continue; }
    if (c === '}' && template[i + 1] === '}') { out += '}'; i += 2; continue; }
    if (c === '}') throw new Error(`format: single '}' in '${template}'`);
    if (c !== '{') { out += c; i++; continue; }
    const end = template.indexOf('}', i);
    if (end < 0) throw new Error(`format: unclosed '{' in '${template}'`);
    const inner = template.slice(i + 1, end);
    const colon = inner.indexOf(':');
    let name = colon < 0 ? inner : inner.slice(0, colon);
    const spec = colon < 0 ? '' : inner.slice(colon + 1);
    const bang = name.indexOf('!');
    if (bang >= 0) name = name.slice(0, bang); // !r/!s conversions: the value's own text
    if (!(name in values))
      throw new Error(`format: '${template}' needs '${name}', which is not among ${Object.keys(values).map((k) => `'${k}'`).join(', ')}`);
    out += formatValue(values[name], spec, name);
    i = end + 1;
  }
  return out;
}
