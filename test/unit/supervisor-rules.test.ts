// The supervisor's pure rules, with the values measured on keepalived 2.2.7: respawn back-off, the line for each
// kind of child exit, pid file names and parsing.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { describeChildExit, parsePid, pidFilePaths, RespawnBackoff, strsignal, writePidFile } from '../../src/core/supervisor';

t.test('respawn back-off: 0, 1, 2, 4 … 60 s; reset after 60 s of uptime', async (t) => {
  const b = new RespawnBackoff();
  const seq = Array.from({ length: 10 }, () => b.onDeath(2000).delaySeconds);
  t.same(seq, [0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
  t.same(b.onDeath(66_000), { delaySeconds: 0, announce: false }, 'a child that ran over 60 s: at once, silently');
  t.same(b.onDeath(2000), { delaySeconds: 0, announce: true }, 'and the sequence starts again');
  t.same(b.onDeath(2000), { delaySeconds: 1, announce: true });
});

t.test('child exit lines', async (t) => {
  t.same(describeChildExit(12, 0, null), { segfault: false });
  t.same(describeChildExit(12, 3, null), { line: 'pid 12 exited with status 3', segfault: false });
  t.same(describeChildExit(12, 1, null), { line: 'pid 12 exited with permanent error FATAL. Terminating', permanentCode: 1, segfault: false });
  t.same(describeChildExit(12, 2, null).line, 'pid 12 exited with permanent error CONFIG. Terminating');
  t.same(describeChildExit(12, 4, null).line, 'pid 12 exited with permanent error missing permission. Terminating');
  t.same(describeChildExit(12, null, 'SIGKILL').line, 'pid 12 exited due to signal 9 (Killed) - has rlimit_rttime been exceeded?');
  t.same(describeChildExit(12, null, 'SIGBUS').line, 'pid 12 exited due to signal 7 (Bus error)');
  t.same(describeChildExit(12, null, 'SIGFPE').line, 'pid 12 exited due to signal 8 (Floating point exception)');
  t.same(describeChildExit(12, null, 'SIGSEGV'), { line: 'pid 12 exited due to segmentation fault (SIGSEGV).', segfault: true });
  t.equal(strsignal(36), 'Real-time signal 2');
});

t.test('pid file paths', async (t) => {
  t.same(pidFilePaths(), { parent: '/run/keepalived.pid', vrrp: '/run/vrrp.pid', checker: '/run/checkers.pid', bfd: '/run/bfd.pid' });
  t.same(pidFilePaths({ overrides: { vrrp: '/tmp/v.pid' } }).vrrp, '/tmp/v.pid');
  t.same(pidFilePaths({ usePidDir: true }).checker, '/run/keepalived/checkers.pid');
  t.same(pidFilePaths({ instance: 'i1' }).parent, '/run/keepalived/keepalived_i1.pid');
});

t.test('pid file content: fscanf("%d") reading, "<pid>\\n" writing, 0644, no symlinks', async (t) => {
  t.equal(parsePid('123\n'), 123);
  t.equal(parsePid('  42 7'), 42);
  t.equal(parsePid('12abc'), 12);
  t.equal(parsePid('+5'), 5);
  t.equal(parsePid(''), undefined);
  t.equal(parsePid('garbage'), undefined);

  const dir = mkdtempSync(join(tmpdir(), 'kts-pidfile-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const old = process.umask(0o177);
  t.teardown(() => process.umask(old));
  const p = join(dir, 'k.pid');
  writePidFile(p, 4321);
  t.equal(readFileSync(p, 'utf8'), '4321\n');
  t.equal(statSync(p).mode & 0o777, 0o644, 'a new file is 0644 under umask 0177');
  chmodSync(p, 0o600);
  writePidFile(p, 99);
  t.equal(readFileSync(p, 'utf8'), '99\n', 'rewritten (truncated)');
  t.equal(statSync(p).mode & 0o777, 0o600, 'an existing file keeps its mode');
  writeFileSync(join(dir, 'target'), 'x');
  symlinkSync(join(dir, 'target'), join(dir, 'link.pid'));
  t.throws(() => writePidFile(join(dir, 'link.pid'), 1), { code: 'ELOOP' }, 'O_NOFOLLOW');
  t.equal(readFileSync(join(dir, 'target'), 'utf8'), 'x');
});
