// global_defs startup_script / shutdown_script: the parent runs the startup script before it starts a child and
// the shutdown script after the children have stopped, bounded by their timeouts, with keepalived's lines. Each
// daemon runs in its own network namespace (unshare; a veth pair for the instance), keepalived 2.2.7 then ours, and
// the script-related lines, their order around the child's start and stop, and what the scripts were run with
// must be the same.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';

const REPO = resolve(__dirname, '..', '..');
const OURS = ['env', '-u', 'NODE_OPTIONS', process.execPath, join(REPO, 'bin', 'keepalived-ts.js')];

// $1 work dir, $2.. the daemon's command: started with -D, stopped with SIGTERM once its VRRP child runs.
const RUN = `dir=$1; shift
ip link add veth0 type veth peer name veth1
ip link set veth0 up; ip link set veth1 up; ip addr add 10.211.0.1/24 dev veth0
"$@" -n -l -D -f "$dir/k.conf" -p "$dir/p1" -r "$dir/p2" -c "$dir/p3" >"$dir/log" 2>&1 &
for i in $(seq 150); do [ -s "$dir/p2" ] && break; sleep 0.1; done
sleep 1
kill -TERM "$(cat "$dir/p1")"
for i in $(seq 150); do kill -0 "$(cat "$dir/p1")" 2>/dev/null || break; sleep 0.1; done
`;

function conf(dir: string, globals: string): string {
  return `global_defs {
  script_user root
${globals.replaceAll('DIR', dir)}
}
vrrp_instance VI_1 {
  state BACKUP
  interface veth0
  virtual_router_id 51
  priority 100
  virtual_ipaddress {
    10.211.0.100/24
  }
}
`;
}

interface Run {
  lines: string[];
  ran: string;
}

function run(command: string[], globals: string): Run {
  const dir = mkdtempSync(join(tmpdir(), 'kts-startstop-'));
  try {
    writeFileSync(join(dir, 's.sh'), `#!/bin/sh\necho "$*" >> ${dir}/ran\n[ "$1" = sleep ] && exec sleep 30\nexit $1\n`);
    chmodSync(join(dir, 's.sh'), 0o755);
    writeFileSync(join(dir, 'k.conf'), conf(dir, globals));
    writeFileSync(join(dir, 'run.sh'), RUN);
    spawnSync('unshare', ['--net', 'bash', join(dir, 'run.sh'), dir, ...command], { timeout: 60_000 });
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
    const lines = log.split('\n').map((l) => l.replace(/^\w{3} \w{3} +\d+ [\d:]+ \d+: /, ''))
      .filter((l) => /script|Starting VRRP child|Stopping$|^Stopped Keepalived/.test(l))
      .map((l) => l.replaceAll(dir, 'DIR').replace(/pid=\d+/, 'pid=N'));
    return { lines, ran: existsSync(join(dir, 'ran')) ? readFileSync(join(dir, 'ran'), 'utf8') : '' };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CASES: Array<[string, string]> = [
  ['a failing startup script, a succeeding shutdown script', 'startup_script "DIR/s.sh 3"\n  shutdown_script "DIR/s.sh 0"'],
  ['a startup script past its timeout', 'startup_script "DIR/s.sh sleep"\n  startup_script_timeout 1'],
  ['a failing shutdown script only', 'shutdown_script "DIR/s.sh 7"'],
];

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for namespaces');
} else {
  for (const [name, globals] of CASES) {
    t.test(name, async (t) => {
      const theirs = run(['keepalived'], globals);
      t.ok(theirs.lines.some((l) => l.startsWith('Starting VRRP child')), 'keepalived ran its VRRP child');
      t.ok(theirs.lines.some((l) => l.includes('script')), `keepalived logged script lines:\n${theirs.lines.join('\n')}`);
      const ours = run(OURS, globals);
      t.same(ours.lines, theirs.lines, 'the same lines in the same order');
      t.equal(ours.ran, theirs.ran, 'the scripts ran with the same arguments');
    });
  }
}
