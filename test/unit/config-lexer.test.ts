// The configuration lexer, line level: comments, blanks, line ends, the 1023-byte read size, brace splitting, and the
// two ways keepalived splits a line into words (alloc_strvec and alloc_strvec_quoted_escaped). Expected values come
// from keepalived 2.2.7 (see config-lexer-oracle.test.ts for the cases checked against the binary itself).
import t from 'tap';
import { ConfigErr, Diagnostics, formatDiagnostic } from '../../src/config/diagnostics';
import { MemoryFs, lexText, splitScriptWords, splitWords, type LexInternals } from '../../src/config/lexer';
import { decomment } from '../../src/config/lexer/decomment';
import { splitAtBrace } from '../../src/config/lexer/split-braces';

const OPTS = { configId: 'me', allConfig: false, env: {}, randomSeed: 1 };

/** Lex text as /etc/keepalived/keepalived.conf; lines as "LINE:text". */
function lex(text: string, internals: LexInternals = {}): { lines: string[]; diags: string[] } {
  const diags = new Diagnostics();
  const lines = lexText(text, '/etc/keepalived/keepalived.conf', OPTS, diags, { fs: new MemoryFs(), cwd: '/', ...internals });
  return {
    lines: lines.map((l) => `${l.pos.line}:${l.text}`),
    diags: diags.list.map(formatDiagnostic),
  };
}

t.test('decomment()', async (t) => {
  const cases: [string, string][] = [
    ['  \t key value  \t', 'key value'],
    ['key # comment', 'key'],
    ['key ! comment', 'key'],
    ['key#x', 'key'],
    ['# only', ''],
    ['key "a # b" # c', 'key "a # b"'],
    ['key "a ! b"', 'key "a ! b"'],
    ['key \\# \\! x', 'key # ! x'],
    ['key "\\#"', 'key "\\#"'],
    ['key \\\\# x', 'key \\\\'], // '\\' is a pair, so the '#' after it starts a comment
    ['key a\\', 'key a\\'],
    ['key a   \\', 'key a\\'],
    ['key # comment \\', 'key\\'], // a comment ending in '\' still continues a definition
    ['key \\"a # b', 'key \\"a'], // an escaped quote does not open a string
    ['key\f ', 'key\f'], // only blanks are trimmed
  ];
  for (const [input, want] of cases) t.equal(decomment(input).text, want, JSON.stringify(input));
  t.equal(decomment('key "abc').unterminatedQuote, 'key "abc');
  t.equal(decomment('key "abc" # "x').unterminatedQuote, null, 'quotes in a comment do not count');
  t.equal(decomment('a \\# "b').unterminatedQuote, 'a # "b', 'quoted as keepalived has it then');
});

t.test('splitAtBrace()', async (t) => {
  const cases: [string, string, string | null][] = [
    ['vrrp_instance VI_1 {', 'vrrp_instance VI_1', '{'],
    ['{', '{', null],
    ['{  \t', '{', null],
    ['{ a b }', '{', 'a b }'],
    ['} x', '}', 'x'],
    ['a } b', 'a', '} b'],
    ['x "a{b" { y', 'x "a{b"', '{ y'],
    ['x "a{b { y', 'x "a{b { y', null], // an unmatched quote hides the rest
    ["x 'a { b'", "x 'a", "{ b'"], // single quotes do not protect
    ['no braces  ', 'no braces', null],
  ];
  for (const [input, line, residue] of cases) t.same(splitAtBrace(input), { line, residue }, JSON.stringify(input));
});

t.test('splitWords() is alloc_strvec', async (t) => {
  const d = new Diagnostics();
  const pos = { file: 'k.conf', line: 3 };
  t.same(splitWords('  a\tb\fc\vd\re  ', pos, d), ['a', 'b', 'c', 'd', 'e']);
  t.same(splitWords('a "b c" d', pos, d), ['a', 'b c', 'd']);
  t.same(splitWords('c"d e"f', pos, d), ['c', 'd e', 'f'], 'a quote ends a bare word');
  t.same(splitWords('"" x', pos, d), ['', 'x']);
  t.same(splitWords("a 'b c'", pos, d), ['a', "'b", "c'"], 'single quotes are ordinary');
  t.same(splitWords('a{b} c', pos, d), ['a{b}', 'c'], 'braces are ordinary');
  t.same(splitWords('', pos, d), []);
  t.same(d.list, []);
  t.same(splitWords('key "abc d', pos, d), ['key'], 'an unmatched quote ends the split');
  t.equal(d.list.length, 1);
  t.equal(d.list[0].err, ConfigErr.UnmatchedQuote);
  t.equal(formatDiagnostic(d.list[0]), `(k.conf: Line 3) Unmatched quote: 'key "abc d'`);
  t.same(splitWords('key "abc d', pos, null), ['key'], 'silent without diags');
});

t.test('splitScriptWords() is alloc_strvec_quoted_escaped', async (t) => {
  t.same(splitScriptWords('/bin/x a  b'), ['/bin/x', 'a', 'b']);
  t.same(splitScriptWords('abcd" efg h jkl "mnop'), ['abcd efg h jkl mnop'], 'man page example 1');
  t.same(splitScriptWords('abcd "efg h jkl" mnop'), ['abcd', 'efg h jkl', 'mnop'], 'man page example 2');
  t.same(splitScriptWords(`'a b'"c d"e`), ['a bc de']);
  t.same(splitScriptWords(`"it's" 'say "hi"'`), ["it's", 'say "hi"']);
  t.same(splitScriptWords('"" \'\''), ['', '']);
  t.same(splitScriptWords('\\a\\b\\E\\f\\n\\r\\t\\v'), ['\x07\x08\x1b\x0c\x0a\x0d\x09\x0b']);
  t.same(splitScriptWords('\\101\\0\\7x \\777'), ['A\x00\x07x', '\xff'], 'octal, up to 3 digits, 8 bits');
  t.same(splitScriptWords('\\x41\\x4a4b \\xg'), ['AK', 'xg'], 'hex takes every digit, keeps 8 bits; \\x alone is x');
  t.same(splitScriptWords('\\cA\\c[ \\c'), ['\x01\x1b', 'c'], 'control characters; \\c at the end is c');
  t.same(splitScriptWords('a\\ b \\\\ \\" \\\''), ['a b', '\\', '"', "'"]);
  t.same(splitScriptWords('"a\\"b" \'c\\\'d\''), ['a"b', "c'd"], 'escapes work inside both quotes');
  t.same(splitScriptWords('  '), []);
  t.same(splitScriptWords('a \\'), [], 'a backslash at the end spoils the string');
  const d = new Diagnostics();
  t.same(splitScriptWords('x "abc', { file: 'k.conf', line: 2 }, d), []);
  t.equal(formatDiagnostic(d.list[0]), `(k.conf: Line 2) String 'x "abc': missing terminating "`);
  t.equal(d.list[0].err, ConfigErr.UnmatchedQuote);
  t.same(splitScriptWords("x 'abc"), [], 'no diags given: silent');
});

t.test('lines: comments, blanks, positions', async (t) => {
  const r = lex('a 1\n\n   \n# c\n! c\n  b  2 # c\n\tc\n');
  t.same(r.lines, ['1:a 1', '6:b  2', '7:c']);
  t.same(r.diags, []);
});

t.test('line ends: CR LF, stray CR, no final line feed, NUL', async (t) => {
  t.same(lex('a\r\nb\r\r\n\rc\nd').lines, ['1:a', '2:b', '3:\rc', '4:d']);
  t.same(lex('a\0junk\nb\n').lines, ['1:a', '2:b'], 'the rest of a line after a NUL is lost');
  t.same(lex('\0\nb\n').lines, ['2:b']);
});

t.test('white-space-only lines are not returned', async (t) => {
  t.same(lex('a\n\f\n \v \nb {\f\n').lines, ['1:a', '4:b', '4:{']);
});

t.test('lines are read 1023 bytes at a time', async (t) => {
  const long = 'x'.repeat(1500);
  const r = lex(`a\n${long} tail\nb\n`);
  t.same(r.lines, ['1:a', `2:${'x'.repeat(1023)}`, `2:${'x'.repeat(477)} tail`, '3:b']);
  const exact = 'y'.repeat(1022);
  t.same(lex(`${exact}\nb\n`).lines, [`1:${exact}`, '2:b'], '1022 bytes and the line feed fit');
  t.same(lex(`${exact}y\nb\n`).lines, [`1:${exact}y`, '2:b'], '1023 bytes: the line feed comes as an empty piece');
  // multi-byte characters count as bytes and may be cut
  const utf = 'é'.repeat(600); // 1200 bytes
  const pieces = lex(`${utf}\n`).lines;
  t.equal(pieces.length, 2);
  t.equal(Buffer.byteLength(pieces[0].slice(2)) >= 1021, true);
});

t.test('braces stand on lines of their own, with the position of their line', async (t) => {
  t.same(lex('vrrp_instance VI_1 {\n  state MASTER }\n} x { y }\n').lines, [
    '1:vrrp_instance VI_1',
    '1:{',
    '2:state MASTER',
    '2:}',
    '3:}',
    '3:x',
    '3:{',
    '3:y',
    '3:}',
  ]);
  t.same(lex('notify "/bin/x {a}" { b\n').lines, ['1:notify "/bin/x {a}"', '1:{', '1:b']);
  t.same(lex('{{}}\n').lines, ['1:{', '1:{', '1:}', '1:}']);
});

t.test('the rest of a line after a brace is read as a line: definitions, conditions, includes', async (t) => {
  const r = lex('a { $X=1\n${X}\nb } @me c\nd } @other e\n');
  t.same(r.lines, ['1:a', '1:{', '2:1', '3:b', '3:}', '3:c', '4:d', '4:}']);
});

t.test('child view (default): a line is decommented twice, as the VRRP/checker processes read it', async (t) => {
  t.same(lex('a \\#b c\nd "x\\#y"\n').lines, ['1:a', '2:d "x\\#y"']);
  t.same(lex('a \\#b c\nd "x\\#y"\n', { view: 'parent' }).lines, ['1:a #b c', '2:d "x\\#y"']);
});

t.test('unterminated quotes are reported with the line', async (t) => {
  const r = lex('k "abc\n');
  t.same(r.lines, ['1:k "abc']);
  t.same(r.diags, [`(/etc/keepalived/keepalived.conf: Line 1) Unterminated quote 'k "abc'`]);
});
