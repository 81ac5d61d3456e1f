// The command line answers -h, -v, --signum and bad options as keepalived 2.2.7 does (the installed keepalived is
// the oracle: same streams, same text, same exit codes).
import { spawnSync } from 'node:child_process';
import t from 'tap';
import { keepalivedMain } from '../../src/cli/keepalived';
import { genhashMain } from '../../src/cli/genhash';

// Run by name, so keepalived's argv[0] (which its usage text echoes) is the plain name too.
const KEEPALIVED = 'keepalived';

function ours(main: typeof keepalivedMain, prog: string, args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(['node', prog, ...args], { stdout: (s) => { out += s; }, stderr: (s) => { err += s; } });
  return { code, out, err };
}

function theirs(bin: string, args: string[]): { code: number; out: string; err: string } {
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  return { code: r.status ?? -1, out: r.stdout, err: r.stderr };
}

t.test('-h prints keepalived usage to stderr and exits 0', async (t) => {
  const k = theirs(KEEPALIVED, ['-h']);
  const o = ours(keepalivedMain, 'keepalived', ['-h']);
  t.equal(o.code, k.code);
  t.equal(o.out, k.out);
  t.equal(o.err, k.err);
  t.match(o.err, /^Usage: keepalived \[OPTION\.\.\.\]/);
});

t.test('--help names the program it runs as', async (t) => {
  t.match(ours(keepalivedMain, 'keepalived-ts', ['--help']).err, /^Usage: keepalived-ts \[OPTION\.\.\.\]/);
});

t.test('--signum answers like keepalived for every name, known or not', async (t) => {
  for (const name of ['STOP', 'RELOAD', 'DATA', 'STATS', 'STATS_CLEAR', 'JSON', 'TDUMP', 'bogus']) {
    const k = theirs(KEEPALIVED, [`--signum=${name}`]);
    const o = ours(keepalivedMain, 'keepalived', [`--signum=${name}`]);
    t.same({ code: o.code, out: o.out, err: o.err }, { code: k.code, out: k.out, err: k.err }, name);
  }
});

t.test('an unknown option is reported like keepalived and exits 1', async (t) => {
  const k = theirs(KEEPALIVED, ['--bogus']);
  const o = ours(keepalivedMain, 'keepalived', ['--bogus']);
  t.equal(o.code, k.code);
  t.equal(o.err.split('\n')[0], k.err.split('\n')[0]);
});

t.test('-v prints a keepalived-shaped banner on stderr and exits 0', async (t) => {
  const k = theirs(KEEPALIVED, ['-v']);
  const o = ours(keepalivedMain, 'keepalived', ['-v']);
  t.equal(o.code, k.code);
  t.equal(o.out, '');
  t.equal(k.out, '');
  const version = /^Keepalived v(\S+) \(([^)]+)\)/;
  t.same(version.exec(o.err)?.slice(1), version.exec(k.err)?.slice(1), 'same version and date as 2.2.7');
  t.match(o.err, /keepalived-ts v\d+\.\d+\.\d+/);
});

t.test('genhash -h prints genhash usage to stderr and exits 1, like genhash', async (t) => {
  const k = theirs('genhash', ['-h']);
  const o = ours(genhashMain, 'genhash', ['-h']);
  t.equal(o.code, k.code);
  t.equal(o.err, k.err);
  t.equal(ours(genhashMain, 'genhash-ts', ['--version']).code, 0);
});

t.test('the bins run from the compiled build', async (t) => {
  const r = spawnSync(process.execPath, [`${__dirname}/../../bin/keepalived-ts.js`, '--signum=RELOAD'], { encoding: 'utf8' });
  t.equal(r.status, 0, r.stderr);
  t.equal(r.stdout, '1\n');
});
