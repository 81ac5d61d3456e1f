// The supervisor side by side with keepalived 2.2.7: the same story is played on both — start, SIGHUP, SIGKILL
// the VRRP child twice, SIGTERM the parent — and the parent's log lines (pids replaced by N), the pid files' content and
// mode, and the clean-up must be the same. keepalived runs in a throw-away network namespace with its own pid files.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';
import { alive, runLogged, runTs, type LoggedProcess } from '../helpers/logged-process';
import { createLab } from '../helpers/netns';

const KEEPALIVED = '/usr/sbin/keepalived';
const PARENT = resolve(__dirname, 'fixtures', 'supervisor-parent.ts');

// The parent's lines this story produces (children's own lines are left out).
const PARENT_LINES = [
  /^Starting VRRP child process, pid=\d+$/,
  /^Startup complete$/,
  /^Reloading \.\.\.$/,
  /^Reload complete$/,
  /^pid \d+ exited /,
  /^VRRP child process\(\d+\) died: /,
  /^  Please log an issue at /,
  /^  and include a full copy /,
  /^  copies of the keepalived system log /,
  /^Restart of VRRP process delayed /,
  /^read eventfd count /,
  /^Stopping$/,
  /^Stopped Keepalived /,
];

interface Story {
  lines: string[];
  pidFile: { parent: string; child: string; parentMode: number; childMode: number };
  killGapMs: number;
  removed: boolean;
  code: number | null;
}

async function play(proc: LoggedProcess, dir: string): Promise<Story> {
  const p = join(dir, 'keepalived.pid');
  const r = join(dir, 'vrrp.pid');
  await proc.waitFor(/^Startup complete$/);
  const child1 = Number(readFileSync(r, 'utf8'));
  const pidFile = {
    parent: readFileSync(p, 'utf8').replace(String(proc.pid), 'N'),
    child: readFileSync(r, 'utf8').replace(String(child1), 'N'),
    parentMode: statSync(p).mode & 0o777,
    childMode: statSync(r).mode & 0o777,
  };
  await new Promise((res) => setTimeout(res, 500)); // let the child settle
  process.kill(proc.pid, 'SIGHUP');
  await proc.waitFor(/^Reload complete$/);
  process.kill(child1, 'SIGKILL');
  await proc.waitFor(/^read eventfd count/);
  const child2 = Number(readFileSync(r, 'utf8'));
  const t0 = Date.now();
  process.kill(child2, 'SIGKILL');
  const second = await proc.waitFor(/^Restart of VRRP process delayed 1 seconds/);
  const started = await proc.waitFor(/^Starting VRRP child process/, second);
  const killGapMs = Date.now() - t0;
  await proc.waitFor(/^read eventfd count/, started);
  await new Promise((res) => setTimeout(res, 500));
  const child3 = Number(readFileSync(r, 'utf8'));
  process.kill(proc.pid, 'SIGTERM');
  const code = await proc.exited;
  const lines = proc
    .messages()
    .filter((m) => PARENT_LINES.some((re) => re.test(m)))
    .map((m) => m.replace(/\b\d{2,}\b/g, 'N'));
  return { lines, pidFile, killGapMs, removed: !existsSync(p) && !existsSync(r) && !alive(child3), code };
}

if (process.getuid?.() !== 0) t.plan(0, 'needs root for network namespaces');
else if (!existsSync(KEEPALIVED)) t.plan(0, `${KEEPALIVED} is not installed`);
else {
  t.test('respawn and stop: same lines, pid files and clean-up as keepalived 2.2.7', async (t) => {
    const lab = createLab([{ addrs: ['10.77.0.1/24'] }]);
    t.teardown(() => lab.cleanup());
    const kdir = mkdtempSync(join(tmpdir(), 'kts-supk-'));
    const odir = mkdtempSync(join(tmpdir(), 'kts-supo-'));
    t.teardown(() => rmSync(kdir, { recursive: true, force: true }));
    t.teardown(() => rmSync(odir, { recursive: true, force: true }));
    const conf = join(kdir, 'keepalived.conf');
    writeFileSync(
      conf,
      ['vrrp_instance VI_1 {', '  state BACKUP', '  interface eth0', '  virtual_router_id 77', '  priority 100', '  advert_int 1',
        '  virtual_ipaddress {', '    10.77.0.100/24', '  }', '}', ''].join('\n'),
    );
    const pidArgs = (d: string): string[] => ['-p', join(d, 'keepalived.pid'), '-r', join(d, 'vrrp.pid'), '-c', join(d, 'checkers.pid')];

    const ka = runLogged('ip', ['netns', 'exec', lab.nodes[0].ns, KEEPALIVED, '-n', '-l', '-f', conf, ...pidArgs(kdir)]);
    t.teardown(async () => {
      const kid = existsSync(join(kdir, 'vrrp.pid')) ? Number(readFileSync(join(kdir, 'vrrp.pid'), 'utf8')) : 0;
      if (kid > 0 && alive(kid)) process.kill(kid, 'SIGKILL');
      ka.kill();
      await ka.exited;
    });
    const theirs = await play(ka, kdir);

    const ours = runTs(PARENT, pidArgs(odir));
    t.teardown(async () => {
      const kid = existsSync(join(odir, 'vrrp.pid')) ? Number(readFileSync(join(odir, 'vrrp.pid'), 'utf8')) : 0;
      if (kid > 0 && alive(kid)) process.kill(kid, 'SIGKILL');
      ours.kill();
      await ours.exited;
    });
    const mine = await play(ours, odir);

    t.same(mine.lines, theirs.lines, 'the parent logs the same lines');
    t.same(mine.pidFile, theirs.pidFile, 'pid files: same content and mode');
    t.same(mine.pidFile, { parent: 'N\n', child: 'N\n', parentMode: 0o644, childMode: 0o644 });
    t.ok(theirs.killGapMs >= 1000 && mine.killGapMs >= 1000, `second restart after 1 s (${theirs.killGapMs} / ${mine.killGapMs} ms)`);
    t.equal(mine.code, theirs.code, 'exit code');
    t.ok(theirs.removed && mine.removed, 'pid files removed, children gone');
  });
}
