// ProcessScriptRunner with real processes: argv and exit codes, process groups and timeouts (a hung script and the
// children it started are killed), the script user, PATH search, shell mode for files that are not executable and
// for "<file" tests, the bounded wait used for notify_stop, and the parent-death signal.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';
import { LOG_ALERT, Logger, MemorySink } from '../../src/core/logging';
import { ProcessScriptRunner, shellCommand } from '../../src/core/process';

const dir = mkdtempSync(join(tmpdir(), 'kts-scripts-'));
chmodSync(dir, 0o777); // the `nobody` test writes here too
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string, mode = 0o755): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\n${body}\n`);
  chmodSync(p, mode);
  return p;
}

/** Running (a zombie waiting to be reaped by init counts as dead). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitFile(path: string, ms = 3000): Promise<string> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (existsSync(path)) {
      const s = readFileSync(path, 'utf8');
      if (s.endsWith('\n')) return s;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`${path} not written`);
}

const sink = new MemorySink();
const runner = new ProcessScriptRunner({ logger: new Logger({ sinks: [sink] }) });

t.test('argv, exit code, process group, stdio and environment', async (t) => {
  const out = join(dir, 'probe.out');
  const probe = script(
    'probe.sh',
    `fds="stdin=$(readlink /proc/$$/fd/0) stdout=$(readlink /proc/$$/fd/1) stderr=$(readlink /proc/$$/fd/2)"\n` +
      `{ printf '%s|' "$0" "$@"; echo; echo "pgid=$(ps -o pgid= -p $$ | tr -d ' ') pid=$$"; ` +
      `echo "$fds"; echo "marker=$KTS_MARKER"; } > ${out}\nexit 3`,
  );
  process.env.KTS_MARKER = 'from-daemon';
  t.teardown(() => delete process.env.KTS_MARKER);
  const h = runner.run({ args: [probe, 'extra1', 'two words', 'INSTANCE', 'VI_1', 'MASTER', '100'] });
  const r = await h.exited;
  t.equal(r.code, 3, 'exit code');
  t.equal(r.signal, null);
  t.equal(r.timedOut, false);
  const lines = readFileSync(out, 'utf8').split('\n');
  t.equal(lines[0], `${probe}|extra1|two words|INSTANCE|VI_1|MASTER|100|`, 'argv[0] is the program path, words kept whole');
  t.equal(lines[1], `pgid=${h.pid} pid=${h.pid}`, 'own process group');
  t.equal(lines[2], 'stdin=/dev/null stdout=/dev/null stderr=/dev/null');
  t.equal(lines[3], 'marker=from-daemon', "the daemon's environment");
});

t.test('a signal ends the script', async (t) => {
  const p = script('selfkill.sh', 'kill -USR1 $$');
  const r = await runner.run({ args: [p] }).exited;
  t.same([r.code, r.signal], [null, 'SIGUSR1']);
});

t.test('timeout: SIGTERM to the group; the script exits with its own code', async (t) => {
  const out = join(dir, 'hang.out');
  const p = script('hang.sh', `trap 'exit 7' TERM\nsleep 100 &\necho $! > ${out}\nwait`);
  const h = runner.run({ args: [p] }, { timeoutMs: 300 });
  const sleeper = Number((await waitFile(out)).trim());
  t.ok(alive(sleeper), 'the child of the script runs');
  const r = await h.exited;
  t.same([r.code, r.signal, r.timedOut], [7, null, true]);
  t.ok(r.durationMs >= 250 && r.durationMs < 2000, `ended after ${Math.round(r.durationMs)} ms`);
  await new Promise((res) => setTimeout(res, 100));
  t.notOk(alive(sleeper), "the script's child got the group's SIGTERM");
});

t.test('timeout: a script ignoring SIGTERM is killed with its children 2 s later', async (t) => {
  const out = join(dir, 'hang2.out');
  const p = script('hang2.sh', `trap '' TERM\nsleep 100 &\necho $! > ${out}\nwhile true; do wait; done`);
  const ticks: number[] = [];
  const tick = setInterval(() => ticks.push(Date.now()), 100);
  const h = runner.run({ args: [p] }, { timeoutMs: 200 });
  const sleeper = Number((await waitFile(out)).trim());
  const r = await h.exited;
  clearInterval(tick);
  t.same([r.code, r.signal, r.timedOut], [null, 'SIGKILL', true]);
  t.ok(r.durationMs >= 2150 && r.durationMs < 3500, `SIGKILL after ${Math.round(r.durationMs)} ms (timeout 200 + 2000)`);
  await new Promise((res) => setTimeout(res, 100));
  t.notOk(alive(sleeper), "the script's child was killed too");
  t.ok(ticks.length >= 18, `the event loop kept running (${ticks.length} ticks)`);
});

t.test('runs as another user (nobody)', { skip: process.getuid?.() !== 0 ? 'needs root' : false }, async (t) => {
  const uid = Number(execFileSync('id', ['-u', 'nobody']).toString());
  const gid = Number(execFileSync('id', ['-g', 'nobody']).toString());
  const out = join(dir, 'id.out');
  const p = script('id.sh', `echo "$(id -u) $(id -g) $(id -G)" > ${out}`);
  const r = await runner.run({ args: [p], uid, gid }).exited;
  t.equal(r.code, 0);
  t.equal(readFileSync(out, 'utf8').trim(), `${uid} ${gid} ${gid}`, 'uid, gid and no supplementary groups of root');
});

t.test('PATH search for a bare program name', async (t) => {
  const out = join(dir, 'path.out');
  script('kts-path-probe.sh', `echo "$0 $1" > ${out}`);
  const r = new ProcessScriptRunner({ env: { ...process.env, PATH: `/nonexistent:${dir}:/usr/bin:/bin` } });
  const res = await r.run({ args: ['kts-path-probe.sh', 'arg'] }).exited;
  t.equal(res.code, 0);
  t.equal(readFileSync(out, 'utf8').trim(), `${dir}/kts-path-probe.sh arg`, 'found in PATH, run by its full path');
});

t.test('not executable: run through /bin/sh -c like system()', async (t) => {
  const p = script('noexec.sh', 'exit 5', 0o644);
  sink.entries.length = 0;
  const r = await runner.run({ args: [p, 'a b'] }).exited;
  t.equal(shellCommand([p, 'a b']), `${p} 'a b'`, "keepalived's cmd_str");
  t.equal(r.code, 0, "sh's 126 is keepalived's exit 0");
  t.same(sink.entries.map((e) => [e.severity, e.message]), [[LOG_ALERT, `Couldn't execute command: ${p} 'a b'`]]);
});

t.test('"<file" tests go to the shell', async (t) => {
  const exists = join(dir, 'exists.txt');
  writeFileSync(exists, '');
  t.equal((await runner.run({ args: [`<${exists}`] }).exited).code, 0, 'readable file');
  t.equal((await runner.run({ args: [`<${dir}/missing.txt`] }).exited).code, 2, 'missing file: sh exits 2');
});

t.test('a program that cannot be started', async (t) => {
  sink.entries.length = 0;
  const r = await runner.run({ args: [`${dir}/missing.sh`], mode: 'exec' }).exited;
  t.equal(r.code, 0, "keepalived's script child exits 0");
  t.ok(r.error, 'the error is reported');
  t.equal(sink.messages()[0], `Error exec-ing command '${dir}/missing.sh', error 2: No such file or directory`);
});

t.test('bounded wait (notify_stop at shutdown) and kill', async (t) => {
  const h = runner.run({ args: ['/bin/sleep', '5'] });
  const t0 = Date.now();
  t.equal(await h.wait(300), undefined, 'still running after the deadline');
  t.ok(Date.now() - t0 < 1000);
  t.equal(runner.running, 1);
  runner.killAll('SIGTERM');
  const r = await h.wait(2000);
  t.same([r?.code, r?.signal], [null, 'SIGTERM']);
  t.equal(runner.running, 0);
  const quick = runner.run({ args: ['/bin/true'] });
  t.same((await quick.wait(2000))?.code, 0, 'a quick script returns its result');
});

t.test('the script dies with the process that started it (PR_SET_PDEATHSIG)', { skip: !existsSync('/usr/bin/setpriv') ? 'no setpriv' : false }, async (t) => {
  const register = require.resolve('@isaacs/ts-node-temp-fork-for-pr-2009/register');
  const code = `const { ProcessScriptRunner } = require('./src/core/process');
const h = new ProcessScriptRunner().run({ args: ['/bin/sleep', '100'] });
h.started.then((pid) => console.log(pid));`;
  const env: NodeJS.ProcessEnv = { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' };
  delete env.NODE_OPTIONS;
  const parent = spawn(process.execPath, ['-r', register, '-e', code], { cwd: resolve(__dirname, '..', '..'), env, stdio: ['ignore', 'pipe', 'inherit'] });
  const pid = await new Promise<number>((res) => parent.stdout?.once('data', (d: Buffer) => res(Number(d.toString().trim()))));
  t.ok(alive(pid), 'the script runs');
  t.equal(readFileSync(`/proc/${pid}/comm`, 'utf8').trim(), 'sleep', 'setpriv exec-ed the program in place');
  process.kill(parent.pid as number, 'SIGKILL');
  const end = Date.now() + 3000;
  while (alive(pid) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  t.notOk(alive(pid), 'SIGTERM on parent death');
  if (alive(pid)) process.kill(pid, 'SIGKILL');
});
