// The configuration lexer, text generation: @id conditional lines, $NAME= definitions (single and multi-line) and
// their substitution, the predefined ${_PWD} ${_INSTANCE} ${_RANDOM} ${_HASH} ${_BANG}, and ~SEQ / ~SEQx / ~LST
// blocks. Expected values are keepalived 2.2.7's (quirks included; config-lexer-oracle.test.ts checks many against it).
import t from 'tap';
import { ConfigErr, Diagnostics, formatDiagnostic } from '../../src/config/diagnostics';
import { MemoryFs, lexText, type LexInternals } from '../../src/config/lexer';

const FILE = '/etc/keepalived/keepalived.conf';

function lex(text: string, configId = 'me', internals: LexInternals = {}) {
  const diags = new Diagnostics();
  const fs = new MemoryFs().addDir('/etc/keepalived');
  const lines = lexText(text, FILE, { configId, allConfig: false, env: {}, randomSeed: 1 }, diags, {
    fs,
    cwd: '/',
    ...internals,
  });
  return {
    lines: lines.map((l) => `${l.pos.line}:${l.text}`),
    texts: lines.map((l) => l.text),
    diags: diags.list.map(formatDiagnostic),
    errs: diags.list.map((d) => d.err),
  };
}

const at = (n: number, m: string): string => `(${FILE}: Line ${n}) ${m}`;

t.test('@id and @^id', async (t) => {
  const text = ['@me a', '@^me b', '@other c', '@^other d', '@me', '@mex e', '@ f', '@^ g', '@me @me h', '  @me\ti'].join('\n');
  t.same(lex(text).lines, ['1:a', '4:d', '8:g', '9:@me h', '10:i']);
  t.same(lex(text, 'other').lines, ['2:b', '3:c', '8:g']);
});

t.test('definitions and substitution', async (t) => {
  const r = lex(
    [
      '$A=hello',
      '$B=${A}_x',
      'k $A ${A}y $A, $A) $Ax $A\tz',
      'k ${B}',
      '$C =x', // a blank before '=': not a definition
      '$1=x',
      '$D=  lead  ',
      'k [${D}]',
      '$E=',
      'k [${E}] [$E]',
      'k $UNDEF ${UNDEF} $ ${',
      '$A=again',
      'k ${B}',
    ].join('\n'),
  );
  t.same(r.texts, [
    'k hello helloy hello, hello) $Ax hello\tz',
    'k hello_x',
    '$C =x',
    '$1=x',
    'k [lead]',
    'k [] [$E]', // "$E]": a bare name must be followed by blank , ) or the end
    'k $UNDEF $',
    '{',
    'UNDEF',
    '}',
    '$ $',
    '{',
    'k again_x',
  ]);
});

t.test('substitution happens where the line is read, recursively, and is checked again for @ and $', async (t) => {
  const r = lex(['$W=@me', '$W a', '$X=@other', '$X b', '$V=$', '${V}A c', '$A=z', '$IF=@me $D=1', '$IF', 'd$D'].join('\n'));
  // keepalived does not re-measure the line after substituting, so removing "@me " from a line that grew keeps old
  // bytes ("$W a" -> "@me a" -> "ame a"), or nothing at all when the count went below zero.
  t.same(r.lines, ['2:ame a', '6:$A c', '9:@me $D=1', '10:d$D']);
  t.same(lex('$IF_MAIN=@me\n$IF_MAIN priority 240\n').lines, ['2:priority 240'], 'the man page example works');
});

t.test('comment characters from ${_HASH} and ${_BANG}', async (t) => {
  t.same(lex('a${_HASH}b\nc "${_HASH}${_BANG}"\n').texts, ['a', 'c "#!"'], 'a substituted line is decommented again');
});

t.test('predefined: _INSTANCE, _PWD, _RANDOM; no _ENV in 2.2.7', async (t) => {
  const r = lex('i ${_INSTANCE}\np ${_PWD}\ne ${_ENV HOME}\n', 'node-a');
  t.same(r.texts, ['i node-a', 'p /etc/keepalived', 'e $', '{', '_ENV HOME', '}']);
  // glibc random() seeded with 1: 1804289383, 846930886, 1681692777, 1714636915
  t.same(lex('r ${_RANDOM}\nr ${_RANDOM 10 20}\nr ${_RANDOM 100}\nr ${_RANDOM 3 3}\n').texts, [
    `r ${1804289383 % 32768}`,
    `r ${(846930886 % 11) + 10}`,
    `r ${(1681692777 % 32668) + 100}`,
    'r 3',
  ]);
});

t.test('${_RANDOM MIN MAX} quirks of 2.2.7', async (t) => {
  // text after a parameterised use is mangled by keepalived's in-place edit
  t.same(lex('k${_RANDOM 5 5}xyz\n').texts, ['k5x_RANDOM 5 5', '}', 'xyz']);
  t.same(lex('k${_RANDOM 10 10}xyz\n').texts, ['k10xRANDOM 10 10', '}', 'xyz']);
  // a space without parameters: "${_RANDOM " is replaced, the '}' stays
  t.same(lex('k${_RANDOM }x\n').texts, [`k${1804289383 % 32768}`, '}', 'x']);
  // MIN > MAX: unsigned arithmetic, the value is cut to the digits of MAX
  t.same(lex('k${_RANDOM 5 3}\n').texts, [`k${String(1804289383 + 5)[0]}`]);
  t.same(lex('k${_RANDOM 1 2 3}\n').texts, ['k2'], 'extra parameters are only logged');
  t.same(lex('k${A 1}\n$A=x\nk${A 1}\n').texts, ['k$', '{', 'A 1', '}', 'k$', '{', 'A 1', '}'], 'only _RANDOM takes parameters');
});

t.test('a redefined predefined name', async (t) => {
  t.same(lex('$_HASH=H\na${_HASH}\n$_RANDOM=R\nb${_RANDOM}\n').texts, ['aH', 'bR']);
});

t.test('a substitution that would make the line 1024 bytes or more stops there', async (t) => {
  const big = 'v'.repeat(600);
  const r = lex(`$B=${big}\nk $B $B $B\n`);
  t.same(r.texts, [`k ${big} $B $B`], 'the first replacement stays, keepalived only logs the rest');
  t.same(r.diags, []);
});

t.test('a definition that refers to itself does not hang', async (t) => {
  const r = lex('$A=$A\nk $A\nafter\n');
  t.same(r.texts, ['after']);
  t.same(r.errs, [ConfigErr.GeneralError]);
  t.match(r.diags[0], /Line 2\) Parameter substitution on line 'k \$A' does not terminate/);
});

t.test('multi-line definitions', async (t) => {
  const r = lex(
    [
      '$M= \\',
      '  m_a \\',
      '  m_b { x } \\',
      '',
      '  m_c',
      '$M',
      'pre $M',
      '$M post',
      '${M}',
      '$N=n1 \\',
      '  n2',
      '$N',
    ].join('\n'),
  );
  t.same(r.lines, [
    '5:m_c',
    '6:m_a',
    '6:m_b',
    '6:{',
    '6:x',
    '6:}',
    '7:pre m_a',
    '7:m_b',
    '7:{',
    '7:x',
    '7:}',
    '8:$M post',
    '9:m_a',
    '9:m_b',
    '9:{',
    '9:x',
    '9:}',
    '12:n1',
    '12:n2',
  ]);
});

t.test('multi-line definitions: empty starts, lone backslashes, what ends them', async (t) => {
  // "$E=\" then "$E": the second line is E's whole value
  t.same(lex('$E=\\\n$E\ne_after\n').lines, ['3:e_after']);
  // a lone '\' adds nothing; the next line without '\' is the last
  t.same(lex('$F=  \\\n  \\\nf_after\n$F\n').lines, ['4:f_after']);
  // child view: comment-only and blank lines end it (they are empty lines in keepalived's copy)
  t.same(lex('$G=g1 \\\n # c\n  g2\n$G\n').lines, ['3:g2', '4:g1']);
  t.same(lex('$G=g1 \\\n   \n  g2\n$G\n').lines, ['3:g2', '4:g1']);
  // parent view: only a truly empty line does
  t.same(lex('$G=g1 \\\n # c\n   \n  g2\n$G\n', 'me', { view: 'parent' }).lines, ['5:g1', '5:g2']);
  t.same(lex('$G=g1 \\\n\n  g2\n$G\n', 'me', { view: 'parent' }).lines, ['3:g2', '4:g1']);
});

t.test('multi-line definitions nest', async (t) => {
  const text = ['$IN= \\', '  i1_${X} \\', '  i2', '$OUT= \\', '  o1 \\', '  $IN \\', '  o2', '$X=5', '$OUT', 'end'].join('\n');
  t.same(lex(text).lines, ['9:o1', '9:i1_5', '9:i2', '9:o2', '10:end']);
});

t.test('~SEQ', async (t) => {
  const r = lex(
    [
      '~SEQ(i, 3) a$i',
      '~SEQ(i, 2, 4) b${i}',
      '~SEQ(i, 5, -2, 1) c$i',
      '~SEQx(h, 9, 3, 15) d$h',
      '~SEQ(i, -2) e$i',
      '~SEQ(i, 0) f$i',
      '~SEQ(i, 010, 0x0a) g$i',
      '$N=2',
      '~SEQ(i, $N) h$i',
      '~SEQ (i,1)j$i',
      '~SEQ(i 5) k$i',
    ].join('\n'),
  );
  t.same(r.texts, [
    ...['a1', 'a2', 'a3', 'b2', 'b3', 'b4', 'c5', 'c3', 'c1', 'd9', 'dc', 'df', 'e-1', 'e-2', 'f1', 'f0'],
    ...['g8', 'g9', 'g10', 'h1', 'h2', 'j1', 'k1', 'k0'],
  ]);
  t.same(r.diags, []);
});

t.test('~SEQ errors', async (t) => {
  const cases: [string, string][] = [
    ['~SEQ(i, 1, 0, 3) x', "Invalid ~SEQ values '~SEQ(i, 1, 0, 3) x'"],
    ['~SEQ(i, 3, 1, 1) x', "Invalid ~SEQ values '~SEQ(i, 3, 1, 1) x'"],
    ['~SEQx(i, -1, 1) x', "~SEQx is only valid for positive numbers '~SEQx(i, -1, 1) x'"],
    ['~SEQ(i) x', "Invalid ~SEQ definition '~SEQ(i) x'"],
    ['~SEQ(i, 1, 2 x', "~SEQ parameter strings too long '~SEQ(i, 1, 2 x'"],
    ['~SEQ(i, 1 2) x', "Invalid ~SEQ definition '~SEQ(i, 1 2) x'"],
    [`~SEQ(i, 1, ${'9'.repeat(70)}) x`, `~SEQ parameter strings too long '~SEQ(i, 1, ${'9'.repeat(70)}) x'`],
  ];
  for (const [line, msg] of cases) {
    const r = lex(line + '\n');
    t.same(r.texts, [], line);
    t.same(r.diags, [at(1, msg), at(1, `Invalid ~SEQ specification '${line}'`)], line);
    t.same(r.errs, [ConfigErr.GeneralError, ConfigErr.GeneralError]);
  }
  // a multi-line definition is only used at the end of a line, and the numbers part ends with ')'
  const m = lex('$M=a \\\nb\n~SEQ(i, $M) x\n');
  t.same(m.diags[0], at(3, "Invalid ~SEQ definition '~SEQ(i, $M) x'"));
  t.same(lex('~SEQxyz x\n').diags, [at(1, "Invalid ~SEQ specification '~SEQxyz x'")], 'no opening bracket: one message');
});

t.test('~LST', async (t) => {
  const r = lex(
    [
      '~LST(v, a, b, c) a_$v',
      '~LST({x, y}, {1, 2}, {3}, {5,6}) b_${x}_${y}',
      '~LST(p, 1, 2) ~LST(q, 7, 8) c_${p}_$q',
      '~LST({IP,IP1}, {10,1},{20,4}) ~SEQ(IP2,168,2,170) 192.${IP2}.${IP}.${IP1}',
      '~LST(v,a,b)@me d_$v',
    ].join('\n'),
  );
  t.same(r.texts, [
    ...['a_a', 'a_b', 'a_c', 'b_1_2', 'b_3_', 'b_5_6', 'c_1_7', 'c_1_8', 'c_2_7', 'c_2_8'],
    ...['192.168.10.1', '192.170.10.1', '192.168.20.4', '192.170.20.4', 'd_a', 'd_b'],
  ]);
  const bad: [string, string[]][] = [
    ['~LST({x,y}, {1,2,3}) z', ["~LST specification has too many values '~LST({x,y}, {1,2,3}) z'"]],
    ['~LST(v) z', []],
    ['~LST(v, {a,b}) z', ["~LST specification has too many values '~LST(v, {a,b}) z'"]],
    ['~LST v, a) z', []],
  ];
  for (const [line, msgs] of bad) {
    const e = lex(line + '\n');
    t.same(e.texts, [], line);
    t.same(e.diags, [...msgs, `Invalid ~LST specification '${line}'`].map((m) => at(1, m)), line);
  }
});

t.test('~SEQ repeats the rest of the line, which may be anything', async (t) => {
  t.same(lex('~SEQ(i, 1) { x$i }\n').texts, ['{', 'x1', '}']);
  t.same(lex('~SEQ(i,1,2)~SEQ(j,1,1)s_$i$j\n').texts, ['s_$i1', 's_$i1'], '$i followed by $ is not a use');
  t.same(lex('~SEQ(i, 1, 2) $X=${i}\nk $X\n').texts, ['k 2'], 'definitions');
  t.same(lex('$T=~SEQ(i,1,2) t_x\n$T\n').texts, ['~SEQ(i,1,2) t_x'], 'a substituted ~SEQ line without $ is a line');
  t.same(lex('$S=~SEQ(j,1,2) s${j}\n$S\n').texts, ['s1', 's2'], '...with $ it is rechecked and opens the block');
});

t.test('~SEQ over a multi-line template, nested, with positions', async (t) => {
  const text = ['$T= \\', '  t_a_${X}_${Y} { \\', '    t_b \\', '  }', '~SEQ(X,1,2) ~SEQ(Y,1,2) $T', 'end'].join('\n');
  const r = lex(text);
  const one = (x: number, y: number): string[] => [`5:t_a_${x}_${y}`, '5:{', '5:t_b', '5:}'];
  t.same(r.lines, [...one(1, 1), ...one(1, 2), ...one(2, 1), ...one(2, 2), '6:end']);
});

t.test('blocks and templates containing their own ~SEQ', async (t) => {
  const text = ['$T= \\', '  a_${X} \\', '  ~SEQ(Y,1,2) b_${X}_${Y}', '~SEQ(X,1,2) $T'].join('\n');
  t.same(lex(text).texts, ['a_1', 'b_1_1', 'b_1_2', 'a_2', 'b_2_1', 'b_2_2']);
});

t.test('a self-expanding template stops at the step limit with an error', async (t) => {
  const r = lex('$M=x \\\n$M\n\n$M\n', 'me', { maxSteps: 10_000, maxLines: 1_000_000 });
  t.ok(r.texts.length > 10 && r.texts.every((s) => s === 'x'));
  t.match(r.diags.at(-1), /Configuration reading does not terminate/);
  const q = lex('$M=@nomatch x \\\n$M\n\n$M\n', 'me', { maxSteps: 10_000 });
  t.same(q.texts, []);
  t.match(q.diags.at(-1), /does not terminate/);
});

t.test('the line limit', async (t) => {
  const r = lex('~SEQ(i, 100000) x$i\n', 'me', { maxLines: 50 });
  t.equal(r.texts.length, 50);
  t.match(r.diags, [at(1, 'Configuration has more than 50 lines - ignoring the rest')]);
});
