// The PCRE2 → JavaScript translation used for HTTP_GET/SSL_GET `regex`, judged live by pcre2test (the PCRE2
// library keepalived links, called as keepalived calls it: JIT, PCRE2_PARTIAL_HARD, regex_options as compile
// options, regex_min_offset as start offset). For every case, ours and PCRE2's must agree on: refused or not
// (with PCRE2's message), complete match / partial match / no match, and the start offset of a complete match.
// A table of hand-written cases covers each construct and option; a seeded generator adds random ones.
import t from 'tap';
import { compilePcre, matchPcre, type PcreResult } from '../../src/check/checkers/http/pcre/compile';
import { havePcre2test, runPcre2test, type OracleCase, type OracleResult } from '../helpers/pcre2test';

type Row = [pattern: string, options: string, subject: string, offset?: number];

const TABLE: Row[] = [
  // anchors PCRE2 spells differently, and keepalived's partial matching at the end of the body
  ['\\Ahello', '', 'hello world'], ['\\Ahello', '', 'say hello'], ['world\\z', '', 'hello world'], ['world\\z', '', 'world!'],
  ['world\\Z', '', 'hello world\n'], ['world\\Z', '', 'world\nmore'], ['OK$', '', 'OK'], ['OK$', '', 'OK\n'], ['OK$', '', 'OK\nx'],
  ['OK$', 'multiline', 'OK\nx'], ['OK$', 'dollar_endonly', 'OK\n'], ['^b', '', 'a\nb'], ['^b', 'multiline', 'a\nb'],
  ['^', 'multiline', 'a\n'], ['^$', 'multiline', 'a\n\nb'], ['^', 'multiline,alt_circumflex', 'a\n', 2], ['x^', 'multiline,alt_circumflex', 'a\n'],
  ['\\Gab', '', 'xxab', 2], ['\\Gab', '', 'xxab', 1], ['ab\\Gc', '', 'abc', 2], ['\\bword\\b', '', 'a word here'], ['\\bword\\b', '', 'swordfish'],
  ['\\Bor\\B', '', 'word'], ['end\\b', '', 'the end'], ['end\\b', '', 'the end.'], ['x\\B', '', 'x'],
  // possessive quantifiers and atomic groups
  ['a++b', '', 'aaab'], ['a++a', '', 'aaaa'], ['a*+a', '', 'aaa'], ['a?+a', '', 'a'], ['a{1,3}+a', '', 'aaaa'], ['(?>a+)b', '', 'aaab'],
  ['(?>a+)a', '', 'aaab'], ['(?>ab|a)b', '', 'ab'], ['(?>ab|a)b', '', 'abb'], ['"[^"]*+"', '', 'say "hi" now'], ['\\d++\\.', '', 'v 123.4'],
  ['(?>x|xy)z', '', 'xyz'], ['[a-z]++[0-9]', '', 'abc1'],
  // inline options
  ['(?i)hello', '', 'HeLLo'], ['(?i:he)llo', '', 'HEllo'], ['(?i:he)llo', '', 'HELLO'], ['a(?i)b|c', '', 'C'], ['(a(?i)b|c)', '', 'aB'],
  ['(?i)a(?-i)b', '', 'Ab'], ['(?i)a(?-i)b', '', 'AB'], ['(?s).', '', '\n'], ['.', '', '\n'], ['(?m)^b', '', 'a\nb'], ['(?x) a b c # c', '', 'abc'],
  ['(?x)[ ]b', '', ' b'], ['(?xx)[a b]+', '', 'x b'], ['(?U)a+', '', 'aaa'], ['(?U)a+?', '', 'aaab'], ['(?^i)a', 'caseless', 'A'], ['(?i)(?^)a', '', 'A'],
  ['(?n)(a)(?<x>b)\\k<x>', '', 'abb'], ['(?-x)a b', 'extended', 'a b'], ['(?i)é', '', 'É'], ['(?i)[é]', '', 'é'], ['(?s:a.)b', '', 'a\nb'],
  ['(?m:$)a', '', 'x\na'],
  // regex_options
  ['HELLO', 'caseless', 'hello'], ['[^a]', 'caseless', 'A'], ['^x', 'multiline', 'a\nx'], ['a.b', 'dotall', 'a\nb'], ['a b', 'extended', 'ab'],
  ['a#x\nb', 'extended', 'ab'], ['a+', 'ungreedy', 'aaa'], ['a+?', 'ungreedy', 'aaa'], ['a$', 'dollar_endonly', 'a\n'], ['b', 'firstline', 'a\nb'],
  ['b', 'firstline', 'ab\nb'], ['\n', 'firstline', 'a\nb'], ['[]a', 'allow_empty_class', 'a'], ['[^]', 'allow_empty_class', '\n'], ['[]a]', '', ']'],
  ['\\u0041', 'alt_bsux', 'A'], ['\\x41', 'alt_bsux', 'A'], ['\\x{41}', 'alt_bsux', 'x{41}'], ['\\U', 'alt_bsux', 'U'], ['(a)|b\\1', 'match_unset_backref', 'b'],
  ['(a)(b)', 'no_auto_capture', 'ab'], ['a', 'auto_callout', 'ba'], ['a+b', 'no_auto_possess', 'aab'], ['.*b', 'no_dotstar_anchor', 'a\nb'],
  ['ab', 'no_start_optimize', 'xab'], ['a', 'never_ucp,never_utf', 'a'], ['\\C', 'never_backslash_c', 'a'], ['a', 'use_offset_limit,alt_verbnames', 'a'],
  ['(?<n>a)(?<n>b)', 'dupnames', 'ab'], ['(?<n>a)(?<n>b)', '', 'ab'], ['a', 'bogus_option', 'a'],
  // escapes
  ['\\Q.*\\E', '', 'a.*b'], ['\\Q.*', '', 'a.*'], ['a\\Qb\\E+', '', 'abbb'], ['[\\Q]\\E]', '', ']'], ['\\Qa\\E\\Qb\\E', '', 'ab'],
  ['\\x{41}', '', 'A'], ['\\x41', '', 'A'], ['\\x4', '', '\x04'], ['\\x{100}', '', 'a'], ['\\o{101}', '', 'A'], ['\\101', '', 'A'], ['\\0', '', '\x00'],
  ['\\012', '', '\n'], ['\\e\\cA', '', '\x1b\x01'], ['\\cz', '', '\x1a'], ['\\N+', '', 'ab\nc'], ['\\N{U+41}', '', 'A'], ['\\a\\f\\t\\r', '', '\x07\x0c\t\r'],
  ['\\h+', '', 'a \t\xa0b'], ['\\H', '', ' a'], ['\\v', '', 'a\x0bb'], ['\\V+', '', '\na b'], ['\\R', '', 'a\r\nb'], ['a\\R', '', 'a\r'],
  ['a\\Rb', '', 'a\rb'], ['\\s', '', '\x0b'], ['\\w+', '', 'é_a1'], ['\\d\\D', '', '1a'], ['\\i', '', 'i'], ['\\L', '', 'L'], ['\\8', '', '8'], ['(a)\\2', '', 'aa'],
  // POSIX classes
  ['[[:alpha:]]+', '', '12abC3'], ['[[:digit:][:space:]]+', '', 'a1 2b'], ['[[:^digit:]]', '', '1a'], ['[[:punct:]]', '', 'a!'], ['[[:xdigit:]]+', '', 'xfF0g'],
  ['[[:upper:]]', 'caseless', 'a'], ['[[:word:]]+', '', '-a_1-'], ['[[:blank:]]', '', '\t'], ['[[:cntrl:]]', '', 'a\x7f'], ['[[:bogus:]]', '', 'a'],
  ['[:alpha:]', '', 'a'], ['[[.a.]]', '', 'a'], ['[[=a=]]', '', 'a'], ['[a-[:digit:]]', '', 'a'],
  // named groups and back references
  ['(?P<n>a)(?P=n)', '', 'xaa'], ['(?<n>a)\\k<n>', '', 'aa'], ["(?'n'a)\\k'n'", '', 'aa'], ['(?<n>a)\\k{n}', '', 'aa'], ['(?<n>a)\\g{n}', '', 'aa'],
  ['(a)\\1', '', 'aa'], ['(a)\\g1', '', 'aa'], ['(a)\\g{-1}', '', 'aa'], ['(a)(b)\\g-2', '', 'aba'], ['(?P>n)(?<n>a)', '', 'aa'], ['(?P=n)', '', 'a'],
  ['(?<1n>a)', '', 'a'], ['(?<n>a', '', 'a'], ['(?<ab>a)(?<ab>b)', '', 'ab'], ['(a)?\\1', '', 'b'], ['(a)\\1', 'caseless', 'aA'], ['(?:(a)|b)\\1', '', 'b'],
  // comments, groups, lookarounds
  ['a(?#comment)b', '', 'ab'], ['a(?#comment', '', 'a'], ['(?=ab)a', '', 'ab'], ['a(?=b)', '', 'a'], ['a(?!b)', '', 'ab'], ['a(?!b)', '', 'a'],
  ['a(?!b)', '', 'ac'], ['(?<=a)b', '', 'ab'], ['(?<!a)b', '', 'ab'], ['(?<=ab|c)d', '', 'abd'], ['(?<=a+)b', '', 'ab'], ['(?<=a|bc)d', '', 'bcd'],
  ['(?<=(a|b))c', '', 'bc'], ['(?<=(ab|c))d', '', 'cd'], ['(?=a)*b', '', 'b'], ['(?=a){0}b', '', 'b'], ['(?|(a)|(b))', '', 'b'], ['(a)?(?(1)b|c)', '', 'c'],
  ['a(?R)?b', '', 'aabb'], ['(?1)(a)', '', 'aa'], ['a\\Kb', '', 'ab'], ['(*FAIL)|a', '', 'a'], ['(*F)', '', 'a'], ['(*UTF)a', '', 'a'], ['(*ACCEPT)a', '', 'b'],
  ['(?C1)a(?C"x")b', '', 'ab'], ['\\pL', '', 'a'],
  // syntax errors
  ['a(b', '', 'ab'], ['a)b', '', 'ab'], ['*a', '', 'a'], ['a**', '', 'a'], ['a{2}{3}', '', 'aaaaaa'], ['a{3,2}', '', 'a'], ['a{70000}', '', 'a'],
  ['[z-a]', '', 'a'], ['[a', '', 'a'], ['[\\d-z]', '', 'a'], ['(?z)', '', 'a'], ['^*', '', 'a'], ['a{,3}', '', 'a{,3}'], ['a{2', '', 'a{2'], ['x{2}', '', 'xx'],
  ['a{1,}b', '', 'aab'], ['(?<=a(?=b)|c)', '', 'ab'],
  // offsets and ordinary matching
  ['b', '', 'abab', 2], ['b', '', 'abab', 4], ['(?<=a)b', '', 'ab', 1], ['^a', '', 'aa', 1], ['a|ab', '', 'xab'], ['ab|a', '', 'xab'],
  ['a.*c', '', 'abc\nd'], ['a.*c', 'dotall', 'abc\nd'], ['a.*c', '', 'abc'], ['a.*?c', '', 'abcbc'], ['x*', '', 'abc'], ['x*', '', ''], ['abc', '', 'xyz'],
  ['Status: (OK|FAIL)', '', 'HTTP/1.0 200\r\n\r\nStatus: OK\n'], ['"status": *"up"', '', '{"status": "up"}'], ['up\\s*$', 'multiline', 'up  \nx'],
  ['[a-z]+@[a-z]+\\.com', 'caseless', 'mail: Ops@Example.COM!'], ['<title>([^<]*)</title>', '', '<html><title>ok</title>'],
];

function ours(c: OracleCase): OracleResult | { kind: 'untranslatable'; reason: string } {
  const compiled = compilePcre(c.pattern, c.options, c.offset ?? 0);
  if (compiled.kind === 'invalid') return { kind: 'invalid', message: compiled.message, offset: compiled.offset };
  if (compiled.kind === 'untranslatable') return { kind: 'untranslatable', reason: compiled.reason };
  const r: PcreResult = matchPcre(compiled, c.subject, c.offset ?? 0);
  return r.kind === 'partial' ? { kind: 'partial' } : r;
}

function verdict(r: OracleResult): string {
  return r.kind === 'match' ? `match at ${r.index}` : 'no match';
}

/** A small seeded generator (mulberry32) so a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const ATOMS = ['a', 'b', 'A', '.', '\\d', '\\w', '\\s', '\\W', '[ab]', '[^a]', '[a-c]', '[[:alpha:]]', '\\h', '\\R', '\\N', '\\x61', ' ', '\\n', 'é',
  '\\Qa.\\E', '[[:^space:]]', '[\\w-]', '\\x{41}', '\\101', '\\r', '(?i)', '(?-i)', '(?x)', '(?#c)', '\\v', '\\C', '[^\\n]', '\\cA', '\\e'];
const ZERO = ['^', '$', '\\A', '\\z', '\\Z', '\\b', '\\B', '\\G'];
const QUANTS = ['*', '+', '?', '{1,2}', '{2}', '{0,}', '*?', '+?', '??', '*+', '++', '?+', '{1,2}+', '{1,2}?'];
const OPTIONS = ['caseless', 'multiline', 'dotall', 'ungreedy', 'dollar_endonly', 'alt_circumflex', 'extended', 'no_auto_capture', 'ucp'];

function randomPattern(r: () => number, depth: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const n = 1 + Math.floor(r() * 3);
  let out = '';
  for (let i = 0; i < n; i++) {
    const k = r();
    let item: string;
    if (k < 0.12) item = pick(ZERO);
    else if (k < 0.4 && depth > 0) {
      const inner = randomPattern(r, depth - 1) + (r() < 0.3 ? `|${randomPattern(r, depth - 1)}` : '');
      item = `${pick(['(', '(?:', '(?>', '(?=', '(?!', '(?i:', '(?s:', '(?m:'])}${inner})`;
    } else if (k < 0.45) item = pick(['(?<=a)', '(?<!b)', '(?<=ab|b)', '(?<![a-z])']);
    else if (k < 0.5 && depth > 0) {
      // A group and a later reference to it, in the same sequence.
      const g = randomPattern(r, depth - 1);
      item = `(?<n${depth}>${g})${pick(['', 'a', '.'])}${pick([`\\k<n${depth}>`, `(?P=n${depth})`, `\\g{-1}`])}`;
    } else item = pick(ATOMS);
    if (!ZERO.includes(item) && !item.startsWith('(?<') && r() < 0.35) item += pick(QUANTS);
    out += item;
  }
  return out;
}

function randomCases(count: number, seed: number): OracleCase[] {
  const r = rng(seed);
  const cases: OracleCase[] = [];
  for (let i = 0; i < count; i++) {
    const options = OPTIONS.filter(() => r() < 0.12);
    const len = Math.floor(r() * 9);
    let subject = '';
    for (let j = 0; j < len; j++) subject += 'aAbB 1\n\xe9_\r\x01\xc9\xa0\xb2'[Math.floor(r() * 14)];
    const offset = r() < 0.15 ? Math.floor(r() * (len + 1)) : 0;
    cases.push({ pattern: randomPattern(r, 2), options, subject, offset });
  }
  return cases;
}

/** Strings of pattern metacharacters: mostly invalid, to compare what PCRE2 refuses with what we refuse. */
function garbageCases(count: number, seed: number): OracleCase[] {
  const r = rng(seed);
  const tokens = ['(', ')', '[', ']', '{', '}', '*', '+', '?', '|', '\\', 'a', '1', '2', ',', '^', '$', '-', ':', '<', '>', '=', '!', "'", 'P', 'i', 'x', '#', '.', '&', 'k', 'g', 'Q', 'E', 'x{', 'c', 'o{', '0', '8', 'N', 'C'];
  const cases: OracleCase[] = [];
  while (cases.length < count) {
    let p = '';
    const n = 1 + Math.floor(r() * 8);
    for (let i = 0; i < n; i++) p += tokens[Math.floor(r() * tokens.length)];
    // pcre2test cannot take a pattern ending in an odd run of backslashes (it escapes the delimiter).
    if (/(^|[^\\])(\\\\)*\\$/.test(p)) continue;
    cases.push({ pattern: p, options: [], subject: 'a1(' });
  }
  return cases;
}

/**
 * Every byte value against every class escape and POSIX class, and every letter's caseless partners, with and
 * without ucp: membership decided by pcre2test, compared in one assertion.
 */
const CLASSES = ['\\d', '\\D', '\\s', '\\S', '\\w', '\\W', '\\h', '\\H', '\\v', '\\V', '.', '\\N', '\\R',
  ...['alpha', 'digit', 'alnum', 'upper', 'lower', 'word', 'space', 'blank', 'cntrl', 'graph', 'print', 'punct', 'xdigit', 'ascii'].map((n) => `[[:${n}:]]`),
  '[[:^alpha:]]', '\\b', '\\B'];
const ALL_BYTES = Array.from({ length: 256 }, (_v, i) => String.fromCharCode(i)).join('');

function classCases(): OracleCase[] {
  const cases: OracleCase[] = [];
  for (const options of [[], ['ucp'], ['caseless'], ['ucp', 'caseless']]) {
    for (const cls of CLASSES) {
      // The first byte at or after each offset that the class accepts.
      for (let c = 0; c < 256; c++) cases.push({ pattern: cls, options, subject: ALL_BYTES, offset: c });
    }
    for (let c = 0; c < 256; c++) {
      const hex = c.toString(16).padStart(2, '0');
      cases.push({ pattern: `(?i)\\x{${hex}}`, options, subject: ALL_BYTES });
      cases.push({ pattern: `(?i)\\x{${hex}}`, options, subject: ALL_BYTES, offset: c + 1 });
    }
  }
  return cases;
}

const describe = (c: OracleCase): string => `${JSON.stringify(c.pattern)} [${c.options.join(',')}] on ${JSON.stringify(c.subject)}${c.offset ? ` @${c.offset}` : ''}`;

t.test('byte classes and case folding, with and without ucp, agree with pcre2test', { skip: havePcre2test ? false : 'pcre2test not installed (pcre2-utils)' }, async (t) => {
  const cases = classCases();
  const oracle = runPcre2test(cases);
  const differing: string[] = [];
  cases.forEach((c, i) => {
    const want = oracle[i];
    const got = ours(c);
    const w = want.kind === 'match' ? want.index : want.kind;
    const g = got.kind === 'match' ? got.index : got.kind;
    if (w !== g && !(w === 'partial' && g === 'nomatch') && !(w === 'nomatch' && g === 'partial')) differing.push(`${c.pattern} [${c.options.join(',')}] @${c.offset ?? 0}: ours ${g}, PCRE2 ${w}`);
  });
  t.same([...new Set(differing.map((d) => d.replace(/ @.*/, "")))], [], `${cases.length} probes over the 256 byte values (${differing.length} differ)`);
});

t.test('PCRE2 translation agrees with pcre2test', { skip: havePcre2test ? false : 'pcre2test not installed (pcre2-utils)' }, async (t) => {
  const table: OracleCase[] = TABLE.map(([pattern, opts, subject, offset]) => ({ pattern, options: opts === '' ? [] : opts.split(','), subject, offset }));
  const random = randomCases(1500, 0x6b61);
  const garbage = garbageCases(1500, 0x70637265);
  const all = [...table, ...random, ...garbage];
  const oracle = runPcre2test(all);
  const tally = { agree: 0, samePartial: 0, untranslatable: 0, refused: 0, sameOffset: 0 };
  const offsets: string[] = [];
  const untranslatable: string[] = [];
  const garbageFrom = table.length + random.length;
  const garbageText = { same: 0, differing: [] as string[] };
  all.forEach((c, i) => {
    let want = oracle[i];
    const got = ours(c);
    // A matching error (JIT stack exhausted by recursion…) is no match to keepalived ("Unknown regex error").
    if (want.kind === 'other' && /Failed: error -\d+/.test(want.text)) want = { kind: 'nomatch' };
    if (want.kind === 'other') return t.fail(`pcre2test gave an unexpected answer for ${describe(c)}: ${want.text}`);
    if (got.kind === 'untranslatable') {
      // Only valid patterns may be reported as untranslatable, and never silently.
      t.not(want.kind, 'invalid', `${describe(c)}: PCRE2 refuses it (${want.kind === 'invalid' ? want.message : ''}); ours must too`);
      tally.untranslatable++;
      untranslatable.push(`${describe(c)}: ${got.reason}`);
      return;
    }
    if (want.kind === 'invalid') {
      tally.refused++;
      t.equal(got.kind, 'invalid', `${describe(c)} is refused by PCRE2: ${want.message}`);
      if (got.kind === 'invalid' && i >= garbageFrom) {
        // Random metacharacter soup: the refusal must agree; the wording is counted (it only shows in a log line).
        if (got.message === want.message && got.offset === want.offset) garbageText.same++;
        else garbageText.differing.push(`${describe(c)}: ${got.offset} ${got.message} (PCRE2 ${want.offset} ${want.message})`);
      } else if (got.kind === 'invalid') {
        t.equal(got.message, want.message, `${describe(c)}: PCRE2's message`);
        if (got.offset === want.offset) tally.sameOffset++;
        else offsets.push(`${describe(c)}: ${got.offset} (PCRE2 ${want.offset})`);
      }
      return;
    }
    // keepalived only asks whether there was a complete match (and where): a partial one is no match to it.
    t.same(verdict(got), verdict(want), describe(c));
    tally.agree++;
    if (got.kind === want.kind) tally.samePartial++;
  });
  t.ok(table.length >= 150, `${table.length} table cases`);
  t.ok(tally.agree >= 150 + 400, `agreed on ${tally.agree} cases, ${tally.refused} refused by both, ${tally.untranslatable} reported untranslatable`);
  t.comment(`partial/no-match distinction also equal in ${tally.samePartial} of ${tally.agree}`);
  t.comment(`metacharacter soup refused by both: PCRE2's message and offset in ${garbageText.same}, differing in ${garbageText.differing.length}:\n  ${garbageText.differing.join('\n  ')}`);
  t.same(offsets, [], `error offset (in keepalived's "Invalid regex" line) as PCRE2's in ${tally.sameOffset} of ${tally.refused}`);
  t.comment(`untranslatable (reported, never guessed):\n  ${untranslatable.slice(0, 40).join('\n  ')}`);
});
