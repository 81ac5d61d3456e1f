// The configuration lexer on 100 000+ random and mutated inputs (fixed seed): nothing may throw, every diagnostic
// must carry the position of its line, and every line must be a non-blank line of at most 1023 characters with no
// line feed in it. Includes resolve in an in-memory tree (which has a loop in it); ~SEQ and runaway definitions
// are bounded by small line and step limits.
import t from 'tap';
import { Diagnostics } from '../../src/config/diagnostics';
import { MemoryFs, lexText, splitScriptWords, splitWords } from '../../src/config/lexer';
import { mulberry32 } from '../helpers/prng';

const rnd = mulberry32(0x6b61_6c76);
const int = (n: number): number => Math.floor(rnd() * n);
const pick = <T>(a: readonly T[]): T => a[int(a.length)];

const fs = new MemoryFs()
  .addFile('/fz/a.conf', 'a1 {\n  include b.conf\n}\n$A=from_a\n')
  .addFile('/fz/b.conf', 'b1 ${A}\ninclude a.conf\n~SEQ(i,1,2) b_$i\n')
  .addFile('/fz/sub/c.conf', '$M=m1 \\\n m2\n@me c1\ninclude ../a.conf\n')
  .addFile('/fz/x.exe', 'x\n', 0o755)
  .addDir('/fz/dir.conf');

const FRAGMENTS = [
  'vrrp_instance VI_1', 'virtual_ipaddress', 'state MASTER', 'priority 100', 'global_defs', 'include_check',
  'include_check match', '{', '}', '{ ', ' }', '"', '"quoted { text}"', "'", '#', '!', '\\#', '\\!', '\\', ' \\',
  '$A', '${A}', '$A=1', '$M', '${M}', '$M= \\', '$B=${A}_b', '$C=$C', '$D=@me', '${_RANDOM}', '${_RANDOM 1 9}',
  '${_RANDOM 9 1}', '${_RANDOM }', '${_PWD}', '${_INSTANCE}', '${_HASH}', '${_BANG}', '${_ENV HOME}', '$', '${',
  '@me ', '@^me ', '@other ', '@', '~SEQ(i, 3) ', '~SEQ(i,1,2) ', '~SEQx(h, 9, 3, 15) ', '~SEQ(i, 1, 0, 3) ',
  '~SEQ(i, $N) ', '~SEQ(', '~LST(v, a, b) ', '~LST({x,y},{1,2},{3}) ', '~LST(', '~', 'include a.conf',
  'include sub/c.conf', 'include *.conf', 'include {a,zz}.conf', 'includem nope.conf', 'includea *.nope',
  'includeb {q,r}.conf', 'includer dir.conf', 'include x.exe', 'include ', ' ', '  ', '\t', '\f', '\v', '\r', '\0',
  '\n', '\n', '\n', '\r\n', 'é', '\u00ff', 'x'.repeat(700), ',', ')', '(', '=', '$N=3', 'notify "/bin/x \\"a\\""',
];

function soup(): string {
  let s = '';
  const n = 1 + int(40);
  for (let i = 0; i < n; i++) s += pick(FRAGMENTS) + (rnd() < 0.3 ? ' ' : '');
  return s;
}

function bytes(): string {
  let s = '';
  const n = int(300);
  for (let i = 0; i < n; i++) s += String.fromCharCode(rnd() < 0.8 ? 32 + int(95) : int(256));
  return s;
}

const SEED = [
  'global_defs {',
  '  router_id ${_INSTANCE}',
  '  include_check match',
  '}',
  '$IF=eth0',
  '$VI= \\',
  'vrrp_instance VI_${N} { \\',
  '  interface ${IF} \\',
  '  @me priority 150 \\',
  '  @^me priority 100 \\',
  '  virtual_ipaddress { \\',
  '    10.0.${N}.1/24 \\',
  '  } \\',
  '}',
  '',
  '~SEQ(N, 1, 3) $VI',
  '~LST({a,b}, {1,2}, {3,4}) x_${a}_${b} # comment',
  'include sub/c.conf',
  'notify "/bin/echo \\"${_HASH}\\"" ! trailing',
  '',
].join('\n');

function mutate(s: string): string {
  let out = s;
  const n = 1 + int(6);
  for (let i = 0; i < n; i++) {
    const at = int(out.length + 1);
    const r = rnd();
    if (r < 0.3) out = out.slice(0, at) + pick(FRAGMENTS) + out.slice(at);
    else if (r < 0.55) out = out.slice(0, at) + out.slice(at + 1 + int(20));
    else if (r < 0.75) out = out.slice(0, at) + String.fromCharCode(int(256)) + out.slice(at + 1);
    else if (r < 0.9) {
      const from = int(out.length);
      out = out.slice(0, at) + out.slice(from, from + int(80)) + out.slice(at);
    } else out = out.slice(0, at) + '\n' + out.slice(at);
  }
  return out;
}

const COUNT = 100_000;

t.test(`lexText on ${COUNT} random and mutated inputs`, async (t) => {
  let lines = 0;
  let diagCount = 0;
  let failures = 0;
  for (let i = 0; i < COUNT && failures < 5; i++) {
    const kind = i % 3;
    const text = kind === 0 ? soup() : kind === 1 ? mutate(SEED) : rnd() < 0.5 ? bytes() : mutate(soup());
    const diags = new Diagnostics();
    try {
      const out = lexText(text, '/fz/keepalived.conf', { configId: 'me', allConfig: rnd() < 0.2, env: {}, randomSeed: i }, diags, {
        fs,
        cwd: '/',
        maxLines: 200,
        maxSteps: 3000,
      });
      lines += out.length;
      diagCount += diags.list.length;
      const badLine = out.find(
        (l) => /^[ \t\f\v\r\n]*$/.test(l.text) || l.text.includes('\n') || l.text.length > 1023 || !l.pos.file,
      );
      const badDiag = diags.list.find((d) => !d.pos || !d.pos.file);
      if (badLine || badDiag) {
        failures++;
        t.fail('bad output', { input: JSON.stringify(text), line: badLine, diag: badDiag });
      }
    } catch (e) {
      failures++;
      t.fail(`threw: ${String(e)}`, { input: JSON.stringify(text), stack: (e as Error).stack });
    }
  }
  t.equal(failures, 0);
  t.ok(lines > COUNT, `${lines} lines`);
  t.ok(diagCount > 1000, `${diagCount} diagnostics`);
});

t.test('splitWords and splitScriptWords on random lines', async (t) => {
  const pos = { file: 'f', line: 1 };
  let failures = 0;
  for (let i = 0; i < 50_000 && failures < 5; i++) {
    const s = i % 2 ? bytes() : soup();
    const d = new Diagnostics();
    try {
      const w = splitWords(s, pos, d);
      const sw = splitScriptWords(s, pos, d);
      if (!w.every((x) => typeof x === 'string') || !sw.every((x) => typeof x === 'string') || d.list.some((x) => !x.pos)) {
        failures++;
        t.fail('bad split', { input: JSON.stringify(s) });
      }
    } catch (e) {
      failures++;
      t.fail(`threw: ${String(e)}`, { input: JSON.stringify(s) });
    }
  }
  t.equal(failures, 0);
});
