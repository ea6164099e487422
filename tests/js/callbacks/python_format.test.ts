import { describe, expect, test } from 'vitest';
import { pythonFloatRepr, pythonFormat } from '../../../web/src/callbacks/python_format.js';

// Expected strings are what CPython 3 prints for the same format calls.
describe('pythonFormat', () => {
  test("Keras's checkpoint names", () => {
    expect(pythonFormat('weights.{epoch:02d}-{val_loss:.2f}.hdf5', { epoch: 3n, val_loss: 0.4567 })).toBe('weights.03-0.46.hdf5');
    expect(pythonFormat('ckpt-{epoch}', { epoch: 12n })).toBe('ckpt-12');
    expect(pythonFormat('{epoch:03d}_{loss:.4f}', { epoch: 7n, loss: 1 / 3 })).toBe('007_0.3333');
    expect(pythonFormat('{{epoch}}-{epoch}', { epoch: 1n })).toBe('{epoch}-1');
  });

  test('fixed point rounds half to even on the exact binary value, as Python', () => {
    // 0.125 and 0.375 are exact binary ties: Python gives '0.12' and '0.38'.
    expect(pythonFormat('{x:.2f}', { x: 0.125 })).toBe('0.12');
    expect(pythonFormat('{x:.2f}', { x: 0.375 })).toBe('0.38');
    // 2.675 is stored just below 2.675, so it rounds down in Python too.
    expect(pythonFormat('{x:.2f}', { x: 2.675 })).toBe('2.67');
    expect(pythonFormat('{x:.0f}', { x: 2.5 })).toBe('2');
    expect(pythonFormat('{x:.3f}', { x: -1.0005 })).toBe('-1.000');
  });

  test('exponent, general, percent, width and alignment', () => {
    expect(pythonFormat('{x:.2e}', { x: 0.000123456 })).toBe('1.23e-04');
    expect(pythonFormat('{x:e}', { x: 12345.678 })).toBe('1.234568e+04');
    expect(pythonFormat('{x:g}', { x: 0.0001 })).toBe('0.0001');
    expect(pythonFormat('{x:g}', { x: 0.00001 })).toBe('1e-05');
    expect(pythonFormat('{x:.3g}', { x: 1234.5 })).toBe('1.23e+03');
    expect(pythonFormat('{x:.1%}', { x: 0.256 })).toBe('25.6%');
    expect(pythonFormat('{x:8.3f}|', { x: 3.14159 })).toBe('   3.142|');
    expect(pythonFormat('{x:<6d}|', { x: 42n })).toBe('42    |');
    expect(pythonFormat('{x:^7d}|', { x: 42n })).toBe('  42   |');
    expect(pythonFormat('{x:+.1f}', { x: 2 })).toBe('+2.0');
    expect(pythonFormat('{x:05.1f}', { x: -2.25 })).toBe('-02.2');
    expect(pythonFormat('{x:,d}', { x: 1234567n })).toBe('1,234,567');
    expect(pythonFormat('{x}', { x: 0.5 })).toBe('0.5');
    expect(pythonFormat('{x:.3}', { x: 1 })).toBe('1.0');
  });

  test('errors name the template and the field', () => {
    expect(() => pythonFormat('w-{val_acc:.2f}', { loss: 1 })).toThrow(/needs 'val_acc'.*'loss'/);
    expect(() => pythonFormat('w-{loss:d}', { loss: 1.5 })).toThrow(/'d' needs an integer.*'loss'/);
    expect(() => pythonFormat('w-{loss', { loss: 1 })).toThrow(/unclosed/);
  });
});

describe('pythonFloatRepr', () => {
  test("matches Python's repr()", () => {
    expect(pythonFloatRepr(1)).toBe('1.0');
    expect(pythonFloatRepr(0.1)).toBe('0.1');
    expect(pythonFloatRepr(Math.fround(0.1))).toBe('0.10000000149011612');
    expect(pythonFloatRepr(1.5e-5)).toBe('1.5e-05');
    expect(pythonFloatRepr(0.0001)).toBe('0.0001');
    expect(pythonFloatRepr(1e16)).toBe('1e+16');
    expect(pythonFloatRepr(123456789012345.6)).toBe('123456789012345.6');
    expect(pythonFloatRepr(-2.5)).toBe('-2.5');
    expect(pythonFloatRepr(NaN)).toBe('nan');
    expect(pythonFloatRepr(-Infinity)).toBe('-inf');
  });
});
