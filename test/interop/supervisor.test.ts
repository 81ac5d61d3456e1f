// The supervisor as a real process tree: a parent (fixtures/supervisor-parent.ts) forking a trivial child
// (fixtures/supervisor-child.ts). Checked: pid files (content, mode, removal), respawn after SIGKILL with
// keepalived's lines and back-off, signal forwarding (HUP, USR1, USR2, and the real-time JSON/STATS_CLEAR), the
// orderly stop, -R, a child that will not die, a permanent error, and refusing to start over a live pid file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t, { type Test } from 'tap';
import { alive, runTs, type LoggedProcess } from '../helpers/logged-process';

const PARENT = resolve(__dirname, 'fixtures', 'supervisor-parent.ts');

function setup(t: Test): { dir: string; p: string; r: string; c: string; start(args?: string[], child?: string[]): LoggedProcess } {
  const dir = mkdtempSync(join(tmpdir(), 'kts-sup-'));
  const procs: LoggedProcess[] = [];
  const paths = { p: join(dir, 'keepalived.pid'), r: join(dir, 'vrrp.pid'), c: join(dir, 'checkers.pid') };
  t.teardown(async () => {
    for (const proc of procs) {
      // every process we started, by pid: the child first (from its pid file), then the parent
      const kid = existsSync(paths.r) ? Number(readFileSync(paths.r, 'utf8')) : 0;
      if (kid > 0 && alive(kid)) process.kill(kid, 'SIGKILL');
      proc.kill();
      await proc.exited;
    }
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    dir,
    ...paths,
    start(args = [], child = []) {
      const proc = runTs(PARENT, ['-p', paths.p, '-r', paths.r, '-c', paths.c, ...args, '--', ...child]);
      procs.push(proc);
      return proc;
    },
  };
}

const pidOf = (file: string): number => Number(readFileSync(file, 'utf8'));

t.test('pid files, respawn with back-off, forwarding, orderly stop', async (t) => {
  const s = setup(t);
  const ka = s.start(['-D']);
  await ka.waitFor(/^Startup complete$/);
  const child1 = pidOf(s.r);
  await ka.waitFor(new RegExp(`^test child ${child1} started$`));

  t.equal(readFileSync(s.p, 'utf8'), `${ka.pid}\n`, 'parent pid file: "<pid>\\n"');
  t.equal(readFileSync(s.r, 'utf8'), `${child1}\n`, 'child pid file');
  t.equal(statSync(s.p).mode & 0o777, 0o644, 'mode 0644 despite umask 0177');
  t.equal(statSync(s.r).mode & 0o777, 0o644);
  t.equal(readFileSync(`/proc/${ka.pid}/status`, 'utf8').match(/Umask:\s+(\d+)/)?.[1], '0177', "keepalived's umask");
  t.equal(readFileSync(`/proc/${ka.pid}/comm`, 'utf8').trim(), 'keepalived', 'process title');
  t.equal(readFileSync(`/proc/${child1}/comm`, 'utf8').trim(), 'keepalived');
  t.same(ka.messages().filter((m) => !m.startsWith('test child')), [`Starting VRRP child process, pid=${child1}`, 'Startup complete']);

  // Signals to the parent reach the child.
  let at = ka.messages().length;
  process.kill(ka.pid, 'SIGHUP');
  await ka.waitFor(new RegExp(`^test child ${child1} got SIGHUP$`), at);
  await ka.waitFor(/^Reload complete$/, at);
  t.equal(ka.messages()[at], 'Reloading ...');
  process.kill(ka.pid, 'SIGUSR1');
  await ka.waitFor(new RegExp(`^test child ${child1} got SIGUSR1$`), at);
  t.ok(ka.messages().includes(`Printing parent data for process(${ka.pid}) on signal`));
  process.kill(ka.pid, 'SIGUSR2');
  await ka.waitFor(new RegExp(`^test child ${child1} got SIGUSR2$`), at);
  process.kill(ka.pid, 36);
  await ka.waitFor(new RegExp(`^test child ${child1} got signal 36$`), at);
  process.kill(ka.pid, 63);
  await ka.waitFor(new RegExp(`^test child ${child1} got signal 63$`), at);
  t.notOk(ka.messages().includes('read eventfd count 1, num_reloading 0'), 'a reload the parent asked for is not logged');

  // SIGKILL the child: respawned at once, then after 1 s.
  at = ka.messages().length;
  process.kill(child1, 'SIGKILL');
  const started2 = await ka.waitFor(/^Starting VRRP child process, pid=\d+$/, at);
  const child2 = Number(/pid=(\d+)/.exec(ka.messages()[started2])?.[1]);
  await ka.waitFor(/^read eventfd count 1, num_reloading 0$/, at);
  t.same(ka.messages().slice(at, started2 + 1).filter((m) => !m.startsWith('test child')), [
    `pid ${child1} exited due to signal 9 (Killed) - has rlimit_rttime been exceeded?`,
    `VRRP child process(${child1}) died: Respawning`,
    '  Please log an issue at https://github.com/acassen/keepalived/issues/',
    '  and include a full copy of your keepalived configuration files, and',
    '  copies of the keepalived system log entries around the time this happened',
    'Restart of VRRP process delayed 0 seconds to limit respawn rate',
    `Starting VRRP child process, pid=${child2}`,
  ]);
  t.not(child2, child1);
  t.equal(pidOf(s.r), child2, 'the pid file names the new child');
  t.notOk(alive(child1));

  at = ka.messages().length;
  const killedAt = Date.now();
  process.kill(child2, 'SIGKILL');
  await ka.waitFor(/^Restart of VRRP process delayed 1 seconds to limit respawn rate$/, at);
  const started3 = await ka.waitFor(/^Starting VRRP child process, pid=\d+$/, at);
  t.ok(Date.now() - killedAt >= 1000, `second restart after ${Date.now() - killedAt} ms`);
  const child3 = Number(/pid=(\d+)/.exec(ka.messages()[started3])?.[1]);
  await ka.waitFor(new RegExp(`^test child ${child3} started$`), at);
  t.equal(pidOf(s.r), child3);
  const startReport = await ka.waitFor(/^read eventfd count 1, num_reloading 0$/, started3);

  // A HUP sent to the child directly: its reload report is logged by the parent.
  process.kill(child3, 'SIGHUP');
  await ka.waitFor(/^read eventfd count 1, num_reloading 0$/, startReport + 1);

  // Orderly stop.
  at = ka.messages().length;
  process.kill(ka.pid, 'SIGTERM');
  t.equal(await ka.exited, 0, 'exit code 0');
  const tail = ka.messages().slice(at);
  t.equal(tail[0], 'Stopping');
  t.ok(tail.includes('Stopped'), 'the child stopped on SIGTERM');
  t.match(tail[tail.length - 2], /^CPU usage \(self\/children\) user: \d+\.\d{6}\/\d+\.\d{6} system: \d+\.\d{6}\/\d+\.\d{6}$/, '-D: CPU usage');
  t.equal(tail[tail.length - 1], 'Stopped Keepalived v2.2.7 (01/16,2022)');
  t.notOk(existsSync(s.p), 'parent pid file removed');
  t.notOk(existsSync(s.r), 'child pid file removed');
  t.notOk(alive(child3), 'the child is gone');
});

t.test('-R: a child death ends the daemon', async (t) => {
  const s = setup(t);
  const ka = s.start(['-R']);
  await ka.waitFor(/^Startup complete$/);
  const child = pidOf(s.r);
  await ka.waitFor(/^test child \d+ started$/);
  const at = ka.messages().length;
  process.kill(child, 'SIGKILL');
  t.equal(await ka.exited, 0);
  t.same(ka.messages().slice(at), [
    `pid ${child} exited due to signal 9 (Killed) - has rlimit_rttime been exceeded?`,
    `VRRP child process(${child}) died: Exiting`,
    'Stopping',
    'Stopped Keepalived v2.2.7 (01/16,2022)',
  ]);
  t.notOk(existsSync(s.p));
  t.notOk(existsSync(s.r));
});

t.test('a child that ignores SIGTERM is killed after child_wait_time', async (t) => {
  const s = setup(t);
  const ka = s.start(['--child-wait', '500'], ['--ignore-term']);
  await ka.waitFor(/^test child \d+ started$/);
  const child = pidOf(s.r);
  const t0 = Date.now();
  process.kill(ka.pid, 'SIGTERM');
  t.equal(await ka.exited, 0);
  t.ok(Date.now() - t0 >= 500, 'waited child_wait_time');
  t.ok(ka.messages().includes('vrrp process failed to die - forcing termination'));
  t.notOk(alive(child));
});

t.test('exit 2 (CONFIG) is a permanent error: the daemon exits 2', async (t) => {
  const s = setup(t);
  const ka = s.start([], ['--exit', '300:2']);
  await ka.waitFor(/^test child \d+ started$/);
  const child = pidOf(s.r);
  t.equal(await ka.exited, 2);
  const m = ka.messages();
  t.same(m.slice(m.indexOf(`pid ${child} exited with permanent error CONFIG. Terminating`)), [
    `pid ${child} exited with permanent error CONFIG. Terminating`,
    'Stopped Keepalived v2.2.7 (01/16,2022)',
  ]);
  t.notOk(existsSync(s.p));
});

t.test('exit 3 is logged and respawned; SIGINT stops', async (t) => {
  const s = setup(t);
  const ka = s.start([], ['--exit', '200:3']);
  await ka.waitFor(/^test child \d+ started$/);
  const child = pidOf(s.r);
  await ka.waitFor(new RegExp(`^pid ${child} exited with status 3$`));
  await ka.waitFor(/^Restart of VRRP process delayed 0 seconds to limit respawn rate$/);
  process.kill(ka.pid, 'SIGINT');
  t.equal(await ka.exited, 0);
  t.ok(ka.messages().includes('Stopping'), 'SIGINT stops like SIGTERM');
});

t.test('pid files owned by a live process: "daemon is already running", exit 0', async (t) => {
  const s = setup(t);
  writeFileSync(s.r, `${process.pid}\n`);
  const gone = spawnSync('true').pid; // a pid that just ended and is not reused soon
  writeFileSync(s.p, `${gone}\n`);
  const ka = s.start();
  t.equal(await ka.exited, 0);
  t.same(ka.messages(), [`Remove a zombie pid file ${s.p}`, 'daemon is already running']);
  t.notOk(existsSync(s.p), 'the stale parent pid file was removed');
  t.equal(readFileSync(s.r, 'utf8'), `${process.pid}\n`, 'the live one is left alone');

  writeFileSync(s.r, 'garbage\n');
  const again = s.start();
  t.equal(await again.exited, 0);
  t.same(again.messages(), [`Error reading pid file ${s.r}`, 'daemon is already running'], 'unreadable content counts as running');
  t.notOk(existsSync(s.r), '… and the file is removed, so the next start works');
});

t.test('pid files that cannot be written', async (t) => {
  const s = setup(t);
  const missing = join(s.dir, 'no', 'such', 'dir');
  const parent = runTs(PARENT, ['-p', join(missing, 'k.pid'), '-r', s.r, '-c', s.c]);
  t.teardown(() => parent.kill());
  t.equal(await parent.exited, 0);
  t.same(parent.messages(), [`pidfile_write : Cannot open ${join(missing, 'k.pid')} pidfile`, 'Stopped Keepalived v2.2.7 (01/16,2022)']);

  const child = runTs(PARENT, ['-p', s.p, '-r', join(missing, 'v.pid'), '-c', s.c]);
  t.teardown(() => child.kill());
  const died = await child.waitFor(/died: Respawning$/);
  const m = child.messages();
  const start = m.findIndex((l) => l.startsWith('Starting VRRP child process'));
  const pid = Number(/pid=(\d+)/.exec(m[start])?.[1]);
  t.same(m.slice(start, died + 1).filter((l) => l !== 'Startup complete' && !l.startsWith('test child')), [
    `Starting VRRP child process, pid=${pid}`,
    `pidfile_write : Cannot open ${join(missing, 'v.pid')} pidfile`,
    'VRRP child process: cannot write pidfile',
    `VRRP child process(${pid}) died: Respawning`,
  ]);
  await child.waitFor(/^Restart of VRRP process delayed 1 seconds/);
  process.kill(child.pid, 'SIGTERM');
  t.equal(await child.exited, 0);
  t.notOk(existsSync(s.p));
});
