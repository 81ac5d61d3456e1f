// keepalived reads numbers with C's strtol/strtoul/strtod and rejects leftovers; these are the edge cases where a
// JavaScript parseInt/Number would disagree with it (and so with `keepalived -t`).
import t from 'tap';
import { strtod, strtol, strtoul } from '../../src/config/values/c-numbers';
import { formatG } from '../../src/config/values/read-number';

t.test('strtol takes leading blanks and a sign, stops at the first non-digit', async (t) => {
  t.same(strtol('42'), { value: 42, rest: '', overflow: false });
  t.same(strtol('  -7x'), { value: -7, rest: 'x', overflow: false });
  t.same(strtol('+3'), { value: 3, rest: '', overflow: false });
  t.same(strtol('1.5'), { value: 1, rest: '.5', overflow: false });
  t.equal(strtol('abc').rest, 'abc', 'no digits: nothing consumed');
  t.same(strtol(''), { value: 0, rest: '', overflow: false }, 'empty word is 0 with nothing left, as in C');
  t.equal(strtol('99999999999999999999').overflow, true);
});

t.test('strtoul reads hex and octal when asked', async (t) => {
  t.equal(strtoul('ff', 16).value, 255);
  t.equal(strtoul('0x1F', 16).value, 31);
  t.equal(strtoul('17', 8).value, 15);
  t.equal(strtoul('18', 8).rest, '8');
  t.equal(strtoul('18446744073709551616').overflow, true);
});

t.test('strtod: decimals, exponents, hex floats, inf and nan', async (t) => {
  t.equal(strtod('2.71828').value, 2.71828);
  t.equal(strtod('.5').value, 0.5);
  t.equal(strtod('5.').value, 5);
  t.equal(strtod('1e3').value, 1000);
  t.equal(strtod('1e').rest, 'e', 'a dangling exponent is left over');
  t.equal(strtod('0x1p3').value, 8);
  t.equal(strtod('-inf').value, -Infinity);
  t.equal(strtod('infinity').rest, '');
  t.ok(Number.isNaN(strtod('nan').value));
  t.equal(strtod('1.5s').rest, 's');
  t.equal(strtod('1e400').overflow, true);
});

t.test('formatG prints ranges as C printf("%g") does', async (t) => {
  t.equal(formatG(0), '0');
  t.equal(formatG(1), '1');
  t.equal(formatG(0.01), '0.01');
  t.equal(formatG(255), '255');
  t.equal(formatG(1e-6), '1e-06');
  t.equal(formatG(1844674407370.9552), '1.84467e+12');
  t.equal(formatG(123456), '123456');
  t.equal(formatG(1234567), '1.23457e+06');
});
