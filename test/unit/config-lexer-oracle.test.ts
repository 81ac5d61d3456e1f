// The lexer against keepalived 2.2.7 itself. Each case writes a configuration made only of top-level lines that are
// not keywords, so `keepalived -t` reports every line that survives reading as "(FILE: Line N) Unknown keyword 'W'"
// (and "Unexpected '{'" / "Extra '}'" for lone braces). From our lines and diagnostics we predict that output and
// compare the two as sets: keepalived parses the file several times (parent and children), so messages repeat, and
// the parent writes "(Line N)" where the children write "(FILE: Line N)" for the -f file.
import t, { Test } from 'tap';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Diagnostics, formatDiagnostic } from '../../src/config/diagnostics';
import { checkBraceBalance, includeCheckSet, lexConfigResult, splitWords } from '../../src/config/lexer';

const haveKeepalived = spawnSync('keepalived', ['-v']).status === 0;
const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'ka-lexer-oracle-'));
t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Write files (name → content) under a fresh case directory; returns the directory. */
function write(name: string, files: Record<string, string | Buffer>): string {
  const base = path.join(dir, name);
  fs.mkdirSync(base, { recursive: true });
  for (const [f, content] of Object.entries(files)) {
    const p = path.join(base, f);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, content);
    if (f.endsWith('.exe')) fs.chmodSync(p, 0o755);
  }
  return base;
}

interface Run {
  readonly lines: string[];
  readonly status: number | null;
}

function keepalived(root: string, args: string[]): Run {
  const r = spawnSync('keepalived', ['-t', '-f', root, ...args], { cwd: path.dirname(root), encoding: 'utf8' });
  return { lines: (r.stderr ?? '').split('\n').filter((l) => l !== ''), status: r.status };
}

interface Prediction {
  readonly messages: Set<string>;
  readonly fileErrors: number;
  readonly rootOpened: boolean;
  /** Where the parent's "(Line N)" messages are (the -f file, or its single match when it is a glob). */
  readonly rootFile: string;
}

/**
 * What keepalived -t prints, from our lines, when no line but global_defs { include_check ... } is a keyword: the
 * messages of both the parent's reading and the children's (the copy), as they differ in a few cases.
 */
function predict(root: string, args: string[], views: readonly ('parent' | 'child')[]): Prediction {
  const id = args.includes('-i') ? args[args.indexOf('-i') + 1] : os.hostname().split('.')[0];
  const messages = new Set<string>();
  let fileErrors = 0;
  let rootOpened = false;
  let rootFile = root;
  for (const view of views) {
    const diags = new Diagnostics();
    const opts = { configId: id, allConfig: args.includes('-e'), env: {} };
    const res = lexConfigResult(root, opts, diags, { cwd: path.dirname(root), view });
    const parser = new Diagnostics();
    const out: string[] = [];
    let globalDepth = 0; // inside global_defs { ... }
    let globalNext = false; // global_defs seen, its '{' next
    for (const l of res.lines) {
      const at = `(${l.pos.file}: Line ${l.pos.line}) `;
      const words = splitWords(l.text, l.pos, parser);
      if (globalNext && l.text === '{') {
        globalNext = false;
        globalDepth = 1;
      } else if (globalDepth > 0) {
        if (l.text === '{') globalDepth++;
        else if (l.text === '}') globalDepth--;
        else if (globalDepth === 1 && words[0] === 'include_check') includeCheckSet(0, words, parser, l.pos);
      } else if (words[0] === 'global_defs') globalNext = true;
      else if (l.text === '{') out.push(at + "Unexpected '{' - ignoring");
      else if (words.length) out.push(`${at}Unknown keyword '${words[0]}'`);
    }
    checkBraceBalance(res.lines, parser);
    for (const m of [...diags.list, ...parser.list].map(formatDiagnostic)) messages.add(m);
    for (const m of out) messages.add(m);
    fileErrors = res.fileErrors;
    rootOpened = res.rootOpened;
    if (/[*?[{]/.test(root) && res.lines.length) rootFile = res.lines[0].pos.file;
  }
  return { messages, fileErrors, rootOpened, rootFile };
}

function compare(
  t: Test,
  name: string,
  files: Record<string, string | Buffer>,
  args: string[] = [],
  rootName = 'keepalived.conf',
  childOnly = false,
): void {
  t.test(name, { skip: !haveKeepalived && 'keepalived not installed' }, async (t) => {
    const base = write(name.replace(/\W+/g, '_'), files);
    const root = path.join(base, rootName);
    const real = keepalived(root, args);
    const ours = predict(root, args, childOnly ? ['child'] : ['parent', 'child']);
    // childOnly: the parent's messages about the -f file ("(Line N)") are left out, as its line numbers differ.
    const kept = childOnly ? real.lines.filter((l) => !/^\(Line \d+\) /.test(l)) : real.lines;
    const theirs = new Set(kept.map((l) => l.replace(/^\(Line (\d+)\) /, `(${ours.rootFile}: Line $1) `)));
    t.same([...ours.messages].sort(), [...theirs].sort(), 'same messages');
    // keepalived -t exits 6 when an include problem was an error, 0 or 4 when the -f file itself is not usable.
    if (ours.fileErrors && ours.rootOpened) t.equal(real.status, 6, 'include error: exit 6');
    if (!ours.rootOpened) t.ok(real.status === 0 || real.status === 4, `root not opened: exit ${real.status}`);
  });
}

compare(t, 'comments, quotes, blanks and braces', {
  'keepalived.conf': [
    'c1 # comment',
    '   c2\t ! other comment',
    '# whole line',
    '',
    '   ',
    'c3 "quoted # not a comment" x',
    'c4 "a{b" { c4b }',
    '{ c5 }   c5b',
    'c6 #{',
    'c7 "a b" c"d e"f',
    'c8 \'a { b\' c',
    'c9 "abc',
    'c10 x"',
    'c11 \\"a { b',
    'c12 "a\\" { b',
    'c13}c14{c15',
    '}',
    '"c16 {" y',
    'c17\r',
    'c18 "#" x ! y',
    '',
  ].join('\n'),
});

compare(t, 'conditional lines', {
  'keepalived.conf': [
    '@me c1',
    '@^me c2',
    '@other c3',
    '@^other c4',
    '@me',
    '@me   c6 x',
    '@mex c7',
    '@ c8',
    '@^ c9',
    '@me @me c10',
    '@me $V=vv',
    'c12_$V',
    '$W=@me',
    '$W c14',
    '$X=@other',
    '$X c16',
    '  @me c17',
    '@me\tc18',
    '',
  ].join('\n'),
}, ['-i', 'me']);

compare(t, 'definitions and substitution', {
  'keepalived.conf': [
    '$A=hello',
    '$B=${A}_x',
    'k1_$A',
    'k2_${A}y',
    'k3_${B}',
    'k4${_HASH}z',
    'k5 "x${_HASH}z${_BANG}"',
    'k6_${_INSTANCE}',
    'k7_${_PWD}',
    'k9_${_RANDOM 5 5} ${_RANDOM 7}',
    'k10_${_ENV HOME}',
    'k11_$UNDEF ${UNDEF}',
    'k12_$A, $A) $Ax $A\tz',
    'k13${_RANDOM 5 5}xyz',
    'k14${_RANDOM 10 10}xyz',
    '$C = spaced',
    'k15_$C',
    '$D=  lead and trail  ',
    'k16_${D}|',
    '$E=',
    'k17_${E}_',
    '$_HASH=H',
    'k18_${_HASH}',
    '$1X=bad',
    '$Y=${A} { inner }',
    'k19 $Y',
    '$Z=x$',
    'k20_$Z',
    'k21_$',
    '',
  ].join('\n'),
}, ['-i', 'me']);

compare(t, 'multi-line definitions', {
  'keepalived.conf': [
    '$M= \\',
    '  m_a \\',
    '  m_b{ x } \\',
    '',
    '  m_c',
    'after_def',
    '$M',
    '$N=n_first \\',
    '   n_second',
    '$N tail',
    '${N}',
    'pre $N',
    '$E=\\',
    '$E',
    'e_after',
    '$F=  \\',
    '  \\',
    'f_after',
    '$F',
    '$G=g1 \\',
    '  # comment inside',
    '    ',
    '  g2',
    '$G',
    '$OUT= \\',
    '  o1_${IN} \\',
    '  $INNER \\',
    '  o2_${IN}',
    '$INNER= \\',
    '  i1_${IN} \\',
    '  i2',
    '$IN=5',
    '$OUT',
    '',
  ].join('\n'),
});

compare(t, '~SEQ and ~LST', {
  'keepalived.conf': [
    '~SEQ(i, 3) s1_$i',
    '~SEQ(i, 2, 4) s2_${i}',
    '~SEQ(i, 5, -2, 1) s3_$i',
    '~SEQx(h, 9, 3, 15) s4_$h',
    '~SEQ(a, 2) ~SEQ(b, 2) s5_${a}_$b',
    '~SEQ(i, -2) s6_$i',
    '~SEQ(i, 0) s7_$i',
    '~SEQ(i, 010, 0x0a) s8_$i',
    '~SEQ(i, 1, 0, 3) s9',
    '~SEQ(i, 3, 1, 1) s10',
    '~SEQx(i, -1, 1) s11',
    '~SEQ(i 5) s12_$i',
    '~SEQ(i) s13',
    '~SEQ(i, 1, 2 s14',
    '$N=2',
    '~SEQ(i, $N) s15_$i',
    '~SEQ (i,1) s16_$i',
    '~SEQ(i,1)s17_$i',
    '~LST(v, a, b, c) l1_$v',
    '~LST({x, y}, {1, 2}, {3}, {5,6}) l2_${x}_${y}',
    '~LST(p, 1, 2) ~LST(q, 7, 8) l3_${p}_$q',
    '~LST({x,y}, {1,2,3}) l4',
    '~LST(v) l5',
    '~LST(v, {a,b}) l6_$v',
    '~LST v, a) l7',
    '~SEQ(i, 1) { l8_$i }',
    '~LST(v,a,b)@me l9_$v',
    '~SEQxyz s20',
    '$T=~SEQ(i,1,2) t_x',
    '$T',
    '$S=~SEQ(j,1,2) s21_${j}',
    '$S',
    '$ML= \\',
    '  ml_a_${k} \\',
    '  ml_b_${k}',
    '~SEQ(k, 1, 2) $ML',
    '',
  ].join('\n'),
}, ['-i', 'me']);

compare(t, 'includes: relative paths, globs, braces and problems', {
  'keepalived.conf': [
    'r1',
    'include sub/a.conf',
    'r3',
    'include {c,b}.conf',
    'r5',
    'include d*/x.conf',
    'r7',
    'include emptydir/*.conf',
    'r9',
    'include nodir/*.conf',
    'r11',
    'include [bce]*.conf',
    'r13',
    'include e.exe',
    'r15',
    'include {b,zz}.conf',
    'r17',
    'include b.conf c.conf',
    'r19',
    'include "b.conf"',
    'r21',
    'include dirconf.conf',
    'r23',
    'include {zz,yy}.conf',
    'r25',
    'include\t  b.conf   ',
    'r27',
    'includer b.conf',
    'includex b.conf',
    'include',
    '~SEQ(i,1,2) include f${i}.conf',
    '$INC=include c.conf',
    '$INC',
    'r34',
    '',
  ].join('\n'),
  'sub/a.conf': 'sa1\ninclude ../d1/*.conf\nsa3 ${_PWD}\n',
  'd1/x.conf': 'd1x\n',
  'd2/y.conf': 'd2y\n',
  'b.conf': 'bb1\n',
  'c.conf': 'cc1\n',
  'e.exe': 'ex1\n',
  'f1.conf': 'f1x\n',
  'f2.conf': 'f2x\n',
  'emptydir/.keep': '',
  'dirconf.conf/.keep': '',
});

compare(t, 'include variants on a missing file', {
  'keepalived.conf': 'm1\ninclude nonexist.conf\nincluder nonexist.conf\nincludeb nonexist.conf\nincludeb {a,b}.conf\nm2\n',
});
for (const v of ['m', 'w', 'a']) {
  compare(t, `include${v} on a missing file`, { 'keepalived.conf': `m1\ninclude${v} nonexist.conf\nm2\n` });
}
compare(t, '-e makes a plain include of a missing file an error', { 'keepalived.conf': 'include nonexist.conf\n' }, ['-e']);

for (const check of ['', 'read', 'match', 'wildcard_match', 'brace_match', 'read +wildcard_match', 'match -match', 'bogus']) {
  compare(t, `include_check '${check}'`, {
    'keepalived.conf': [
      'global_defs {',
      `  include_check ${check}`,
      '}',
      'include nomatch.conf',
      'include emptydir/*.conf',
      'include {b,zz}.conf',
      'include dirconf.conf',
      '',
    ].join('\n'),
    'b.conf': 'bb1\n',
    'emptydir/.keep': '',
    'dirconf.conf/.keep': '',
  });
}

compare(t, 'include_check is scoped to the file that sets it', {
  'keepalived.conf': 'include inc.conf\ninclude {b,zz}.conf\n',
  'inc.conf': 'global_defs {\n include_check\n}\ninclude {b,zz}.conf\n',
  'b.conf': 'bb1\n',
});

compare(t, 'root file given as a glob with several matches', { 'b.conf': 'bb1\n', 'c.conf': 'cc1\n' }, [], '[bc].conf');
compare(t, 'root file missing', {}, [], 'missing.conf');
compare(t, 'root file missing with -e', {}, ['-e'], 'missing.conf');
compare(t, 'root file is a directory', { 'dir.conf/.keep': '' }, [], 'dir.conf');
compare(t, 'root glob with a missing brace alternative', { 'b.conf': 'bb1\n' }, [], '{b,zz}.conf');

// Where the children (reading keepalived's decommented copy) and the parent disagree, our lines are the children's.
compare(t, 'escaped comment characters are decommented twice', {
  'keepalived.conf': 'e1 \\#x\ne2_a\\!b c\ne3 "q\\#" r\ne4 a\\\\#b\ne5 "a#b" \\#c\n',
}, [], 'keepalived.conf', true);

compare(t, 'comment and blank lines end a multi-line definition', {
  'keepalived.conf': [
    '$G=g1 \\',
    '  # comment inside',
    '  g2 \\',
    '  g3',
    '$G',
    '$H=h1 \\',
    '   ',
    '  h2',
    '$H',
    '',
  ].join('\n'),
}, [], 'keepalived.conf', true);

compare(t, 'NUL bytes, CR LF and a last line without a line feed', {
  'keepalived.conf': Buffer.from('n1\nn2a\0n2b\nn3\r\nn4\r\r\n\rn5\nn6 noeol'),
}, [], 'keepalived.conf', true);

compare(t, 'templates: ~SEQ over multi-line definitions, their own ~SEQ, rechecks', {
  'keepalived.conf': [
    '$T= \\',
    '  t_a_${X}_${Y} { \\',
    '    t_b \\',
    '  }',
    '~SEQ(X,1,2) ~SEQ(Y,1,2) $T',
    '$U= \\',
    '  u_a_${P} \\',
    '  ~SEQ(Q,1,2) u_b_${P}_${Q}',
    '~SEQ(P,1,2) $U',
    '$W=@me',
    '$W w1',
    '$V=$',
    '${V}A v1',
    '$A=z',
    '$IF=@me $D=1',
    '$IF',
    'd$D',
    '~SEQ(i, 1, 2) $X=${i}',
    'k_$X',
    '$S=~SEQ(j,1,2) s${j}',
    '$S',
    'end',
    '',
  ].join('\n'),
}, ['-i', 'me']);
