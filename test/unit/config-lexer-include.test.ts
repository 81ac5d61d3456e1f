// The configuration lexer, files: the -f file check, include / includer / includem / includew / includeb /
// includea with globs and csh braces relative to the including file, include_check and -e, include loops, and the
// glob(3) / fnmatch(3) behaviour underneath. Runs on an in-memory file system; messages and classes are keepalived
// 2.2.7's (config-lexer-oracle.test.ts checks the same situations against the binary).
import t from 'tap';
import { ConfigErr, Diagnostics, formatDiagnostic } from '../../src/config/diagnostics';
import { MemoryFs, lexConfigResult, type LexResult } from '../../src/config/lexer';
import { fnmatch, hasMagic } from '../../src/config/lexer/fnmatch';
import { globConfig } from '../../src/config/lexer/glob';

interface Run {
  readonly res: LexResult;
  /** "file:line:text" */
  readonly lines: string[];
  /** "severity/err: formatted" */
  readonly diags: string[];
}

function run(fs: MemoryFs, root: string, opts: { allConfig?: boolean; cwd?: string } = {}): Run {
  const diags = new Diagnostics();
  const res = lexConfigResult(root, { configId: 'me', allConfig: opts.allConfig ?? false, env: {} }, diags, {
    fs,
    cwd: opts.cwd ?? '/etc/keepalived',
  });
  return {
    res,
    lines: res.lines.map((l) => `${l.pos.file}:${l.pos.line}:${l.text}`),
    diags: diags.list.map((d) => `${d.severity}/${ConfigErr[d.err]}: ${formatDiagnostic(d)}`),
  };
}

const K = '/etc/keepalived/keepalived.conf';

function tree(files: Record<string, string>): MemoryFs {
  const fs = new MemoryFs();
  for (const [p, c] of Object.entries(files)) {
    if (p.endsWith('/')) fs.addDir(p);
    else fs.addFile(p, c, p.endsWith('.exe') ? 0o755 : 0o644, !p.endsWith('.noread'));
  }
  return fs;
}

t.test('relative includes follow the including file; names as keepalived prints them', async (t) => {
  const fs = tree({
    [K]: 'r1\ninclude conf.d/a.conf\nr3 ${_PWD}\n',
    '/etc/keepalived/conf.d/a.conf': 'a1 ${_PWD}\ninclude ../sub/*.conf\na3\n',
    '/etc/keepalived/sub/x.conf': 'x1\n',
  });
  const r = run(fs, K);
  t.same(r.lines, [
    `${K}:1:r1`,
    'conf.d/a.conf:1:a1 /etc/keepalived/conf.d',
    '../sub/x.conf:1:x1',
    'conf.d/a.conf:3:a3',
    `${K}:3:r3 /etc/keepalived`,
  ]);
  t.same(r.diags, []);
  t.same([r.res.rootOpened, r.res.fileErrors], [true, 0]);
});

t.test('glob order: braces in the order written, each alternative sorted; hidden files need a dot', async (t) => {
  const fs = tree({
    [K]: 'include {c,a*}.conf\ninclude *.x\ninclude .*.x\n',
    '/etc/keepalived/a2.conf': 'a2\n',
    '/etc/keepalived/a1.conf': 'a1\n',
    '/etc/keepalived/c.conf': 'c\n',
    '/etc/keepalived/b.x': 'bx\n',
    '/etc/keepalived/.h.x': 'hx\n',
  });
  t.same(run(fs, K).lines.map((l) => l.split(':').pop()), ['c', 'a1', 'a2', 'bx', 'hx']);
});

t.test('directories and executable files are skipped, with the position of the file read before', async (t) => {
  const fs = tree({
    [K]: 'include [a-d]*\nend\n',
    '/etc/keepalived/a.conf': 'a1\na2\n',
    '/etc/keepalived/b.dir/': '',
    '/etc/keepalived/c.exe': 'c\n',
  });
  const r = run(fs, K);
  t.same(r.lines, ['a.conf:1:a1', 'a.conf:2:a2', `${K}:2:end`]);
  t.same(r.diags, [
    "warning/Ok: (a.conf: Line 2) Configuration file 'b.dir/' is a directory - skipping",
    "warning/Ok: (a.conf: Line 2) Configuration file 'c.exe' is not a regular non-executable file - skipping",
  ]);
  const fs2 = tree({ [K]: 'includer [a-d]*\n', '/etc/keepalived/b.dir/': '', '/etc/keepalived/d.noread': 'x\n' });
  const r2 = run(fs2, K);
  t.same(r2.diags, [
    `error/FileNotFound: (${K}: Line 1) Configuration file 'b.dir/' is a directory - skipping`,
    `error/FileNotFound: (${K}: Line 1) Configuration file 'd.noread' open problem (Permission denied) - skipping`,
  ]);
  t.equal(r2.res.fileErrors, 2);
});

t.test('missing files: which include variant makes what an error', async (t) => {
  const fs = tree({
    [K]: '',
    '/etc/keepalived/b.conf': 'b\n',
    '/etc/keepalived/empty/': '',
  });
  const cases: [string, string, 'warning' | 'error' | null][] = [
    ['include missing.conf', "Config files missing 'missing.conf'.", 'warning'],
    ['includer missing.conf', "Config files missing 'missing.conf'.", 'warning'],
    ['includem missing.conf', "Config files missing 'missing.conf'.", 'error'],
    ['includew missing.conf', "Config files missing 'missing.conf'.", 'error'],
    ['includeb missing.conf', "Config files missing 'missing.conf'.", 'warning'],
    ['includea missing.conf', "Config files missing 'missing.conf'.", 'error'],
    ['includeb {x,y}.conf', "Config files missing '{x,y}.conf'.", 'error'],
    ['includem {x,y}.conf', "Config files missing '{x,y}.conf'.", 'warning'],
    ['include nodir/*.conf', "Config files missing 'nodir/*.conf'.", 'warning'],
    ['includem nodir/*.conf', "Config files missing 'nodir/*.conf'.", 'error'],
    ['include empty/*.conf', '', null],
    ['includem empty/*.conf', '', null],
    ['includew empty/*.conf', "No config files matched 'empty/*.conf'.", 'error'],
    ['include {b,zz}.conf', 'Some config files missing: "{b,zz}.conf".', 'warning'],
    ['includeb {b,zz}.conf', 'Some config files missing: "{b,zz}.conf".', 'error'],
  ];
  for (const [line, msg, sev] of cases) {
    fs.addFile(K, line + '\n');
    const r = run(fs, K);
    const want = sev ? [`${sev}/${sev === 'error' ? 'FileNotFound' : 'Ok'}: (${K}: Line 1) ${msg}`] : [];
    t.same(r.diags, want, line);
    t.equal(r.res.fileErrors, sev === 'error' ? 1 : 0, line);
    // a brace alternative that is missing keeps the others unless brace_match is checked
    if (line.endsWith('{b,zz}.conf')) t.same(r.lines, line.startsWith('includeb') ? [] : ['b.conf:1:b'], line);
  }
});

t.test('-e: every include check', async (t) => {
  const fs = tree({ [K]: 'include missing.conf\ninclude empty/*\n', '/etc/keepalived/empty/': '' });
  t.same(run(fs, K, { allConfig: true }).diags, [
    `error/FileNotFound: (${K}: Line 1) Config files missing 'missing.conf'.`,
    `error/FileNotFound: (${K}: Line 2) No config files matched 'empty/*'.`,
  ]);
});

t.test('include_check in global_defs applies to later includes, until the end of the file that sets it', async (t) => {
  const fs = tree({
    [K]: 'include inc.conf\ninclude missing.conf\nglobal_defs\n{\n  include_check match\n}\ninclude missing.conf\n',
    '/etc/keepalived/inc.conf': 'global_defs {\n  include_check\n}\ninclude missing.conf\n',
  });
  const r = run(fs, K);
  t.same(r.diags, [
    "error/FileNotFound: (inc.conf: Line 4) Config files missing 'missing.conf'.",
    `warning/Ok: (${K}: Line 2) Config files missing 'missing.conf'.`,
    `error/FileNotFound: (${K}: Line 7) Config files missing 'missing.conf'.`,
  ]);
  t.ok(r.lines.includes(`${K}:5:include_check match`), 'the include_check line is passed on to the parser');
});

t.test('include_check outside global_defs, or in a nested block, does nothing', async (t) => {
  const fs = tree({
    [K]: 'include_check\ninclude a.conf\nglobal_defs {\n  notification_email {\n    include_check\n  }\n}\ninclude b.conf\n',
  });
  t.same(run(fs, K).diags.map((d) => d.split(':')[0]), ['warning/Ok', 'warning/Ok']);
});

t.test('global_defs without its brace is still global_defs', async (t) => {
  const fs = tree({ [K]: 'global_defs\ninclude_check\n}\ninclude a.conf\n' });
  t.same(run(fs, K).diags, [`error/FileNotFound: (${K}: Line 4) Config files missing 'a.conf'.`]);
});

t.test('what an include line is', async (t) => {
  const fs = tree({ [K]: 'include\t  b.conf   \ninclude b.conf c.conf\ninclude "b.conf"\nincludex b.conf\ninclude\n', '/etc/keepalived/b.conf': 'b\n' });
  const r = run(fs, K);
  t.same(r.lines, ['b.conf:1:b', `${K}:4:includex b.conf`, `${K}:5:include`]);
  t.same(r.diags, [
    `warning/Ok: (${K}: Line 2) Config files missing 'b.conf c.conf'.`,
    `warning/Ok: (${K}: Line 3) Config files missing '"b.conf"'.`,
  ]);
});

t.test('includes made by ~SEQ or by substitution', async (t) => {
  const fs = tree({
    [K]: '~SEQ(i,1,2) include f${i}.conf\n$INC=include f1.conf\n$INC\n@me include f2.conf\n',
    '/etc/keepalived/f1.conf': 'f1\n',
    '/etc/keepalived/f2.conf': 'f2\n',
  });
  t.same(run(fs, K).lines, ['f2.conf:1:f2', 'f1.conf:1:f1', 'f1.conf:1:f1', 'f2.conf:1:f2'], '~SEQ includes come out last first');
});

t.test('an include loop is read twice, then "Too many open files"', async (t) => {
  const fs = tree({ [K]: 'la\ninclude b.conf\nla3\n', '/etc/keepalived/b.conf': 'lb\ninclude keepalived.conf\n' });
  const r = run(fs, K);
  t.same(r.lines, [
    `${K}:1:la`,
    'b.conf:1:lb',
    'keepalived.conf:1:la',
    'b.conf:1:lb',
    'keepalived.conf:3:la3',
    `${K}:3:la3`,
  ]);
  t.same(r.diags, ["warning/Ok: (b.conf: Line 2) Configuration file 'keepalived.conf' open problem (Too many open files) - skipping"]);
  const self = tree({ [K]: 'include *.conf\n', '/etc/keepalived/a.conf': 'include *.conf\n' });
  const s = run(self, K);
  t.ok(s.diags.length > 0 && s.diags.every((d) => d.includes('Too many open files')));
});

t.test('the -f file: checked before reading', async (t) => {
  const fs = tree({
    '/etc/keepalived/b.conf': 'b\n',
    '/etc/keepalived/c.conf': 'c\n',
    '/etc/keepalived/dir.conf/': '',
    '/etc/keepalived/x.exe': 'x\n',
    '/etc/keepalived/n.noread': 'n\n',
  });
  const missing = run(fs, '/etc/keepalived/missing.conf');
  t.same(missing.diags, ["warning/Ok: Config files missing '/etc/keepalived/missing.conf'."]);
  t.same([missing.res.rootOpened, missing.lines], [false, []]);
  t.same(run(fs, '/etc/keepalived/missing.conf', { allConfig: true }).diags, [
    "error/FileNotFound: Config files missing '/etc/keepalived/missing.conf'.",
  ]);
  t.same(run(fs, 'dir.conf').diags, ["warning/Ok: Configuration file 'dir.conf/' is a directory - skipping"]);
  t.same(run(fs, 'x.exe').diags, ["warning/Ok: Configuration file 'x.exe' is not a regular non-executable file - skipping"]);
  t.same(run(fs, 'n.noread').diags, ['error/FileNotFound: Unable to read configuration file n.noread']);
  t.same(run(fs, 'empty*.conf').diags, [], 'a wildcard matching nothing is silent');
  const multi = run(fs, '[bc].conf');
  t.same(multi.diags, ['error/MultipleFiles: WARNING, multiple configuration file matches of [bc].conf, starting with b.conf']);
  t.same(multi.lines, ['b.conf:1:b', 'c.conf:1:c'], 'every match is read');
  const brace = run(fs, '{b,zz}.conf');
  const twice = 'warning/Ok: Some config files missing: "{b,zz}.conf".';
  t.same(brace.diags, [twice, twice], 'said when checking and again when opening, as keepalived does');
  t.same(brace.lines, ['b.conf:1:b']);
});

t.test('fnmatch() and hasMagic()', async (t) => {
  const yes: [string, string][] = [
    ['*', 'abc'],
    ['a*c', 'abbbc'],
    ['a?c', 'abc'],
    ['[abc]x', 'bx'],
    ['[!abc]x', 'dx'],
    ['[^abc]x', 'dx'],
    ['[a-c]', 'b'],
    ['[]]', ']'],
    ['[!]]', 'a'],
    ['[[:digit:]]', '7'],
    ['[[:alpha:][:digit:]]*', 'x1'],
    ['\\*', '*'],
    ['[', '['],
    ['.*', '.hidden'],
    ['\\.h', '.h'],
    ['*a*b*c*', 'xxaxxbxxcxx'],
  ];
  const no: [string, string][] = [
    ['*', '.hidden'],
    ['?h', '.h'],
    ['[.]h', '.h'],
    ['a*c', 'abcd'],
    ['[!a]', 'a'],
    ['[[:digit:]]', 'x'],
    ['[[:constructor:]]', 'c'],
    ['\\*', 'a'],
  ];
  for (const [p, s] of yes) t.ok(fnmatch(p, s), `${p} ~ ${s}`);
  for (const [p, s] of no) t.notOk(fnmatch(p, s), `${p} !~ ${s}`);
  t.same(['a*', 'a?', '[ab]', 'a\\*', '[ab', 'plain', 'a]'].map(hasMagic), [true, true, true, false, false, false, false]);
});

t.test('glob: nested braces, escapes, wildcard directories, missing counts', async (t) => {
  const fs = tree({
    '/c/a/x.conf': '',
    '/c/b/x.conf': '',
    '/c/b/y.conf': '',
    '/c/d/': '',
    '/c/f.txt': '',
    '/c/{lit}.conf': '',
  });
  const g = (p: string) => globConfig(p, '/c', fs);
  t.same(g('{a,{b,d}}/x.conf').paths, ['a/x.conf', 'b/x.conf']);
  t.same(g('{a,{b,d}}/x.conf').missingFiles, 1);
  t.same(
    g('*/x.conf'),
    { paths: ['a/x.conf', 'b/x.conf'], noSpace: false, missingFiles: 1, missingDirs: 0, haveWildcards: true },
    'f.txt is not a directory',
  );
  t.same(g('*').paths, ['a/', 'b/', 'd/', 'f.txt', '{lit}.conf'], 'directories marked, sorted');
  t.same(g('\\{lit}.conf').paths, ['{lit}.conf'], 'an escaped brace is literal');
  t.same(g('{lit.conf').paths, [], 'an unbalanced brace is literal');
  t.same(g('/c/b/*.conf').paths, ['/c/b/x.conf', '/c/b/y.conf']);
  t.same(g('nodir/*').missingDirs, 1);
  t.same(g('a/').paths, ['a/']);
  const huge = g('{a,b}'.repeat(13));
  t.same([huge.noSpace, huge.paths], [true, []], '8192 alternatives: glob gives up as glibc would run out of memory');
});

t.test('an include whose braces expand too far', async (t) => {
  const fs = tree({ [K]: `include ${'{a,b}'.repeat(13)}
` });
  const r = run(fs, K);
  t.same(r.diags, [`warning/Ok: (${K}: Line 1) Error reading config file(s): glob("${'{a,b}'.repeat(13)}") returned 1, skipping.`]);
});
