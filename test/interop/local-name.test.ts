// The default router_id, SMTP HELO name and sender come from the host's canonical name, as keepalived's
// get_local_name() finds it (getaddrinfo with AI_CANONNAME on uname's node name), and are "[unknown]" / unset when
// the node name does not resolve. Each run is in its own mount, UTS and network namespaces (unshare): a private
// /etc/hosts bind-mounted over the real one, a host name set there, and no route anywhere, so a name that is not
// in the hosts file fails without a packet leaving. keepalived 2.2.7 and keepalived-ts run in turn; their
// SIGUSR1 global definitions (keepalived_parent.data) must be identical.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';

const REPO = resolve(__dirname, '..', '..');
const OURS = `env -u NODE_OPTIONS ${process.execPath} ${join(REPO, 'bin', 'keepalived-ts.js')}`;

const CONF = `global_defs {
  smtp_server 10.0.0.25
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

// $1 work dir, $2 host name, $3.. the daemon's command. Started, dumped with SIGUSR1, stopped by its pid file.
const SCRIPT = `set -e
dir=$1; name=$2; shift 2
mount --bind "$dir/hosts" /etc/hosts
hostname "$name"
ip link add veth0 type veth peer name veth1
ip link set veth0 up; ip link set veth1 up; ip addr add 10.211.0.1/24 dev veth0
TMPDIR="$dir" "$@" -n -l -f "$dir/k.conf" -p "$dir/p1" -r "$dir/p2" -c "$dir/p3" >"$dir/log" 2>&1 &
for i in $(seq 100); do [ -s "$dir/p2" ] && break; sleep 0.1; done
sleep 0.5
kill -USR1 "$(cat "$dir/p1")"
for i in $(seq 50); do [ -s "$dir/keepalived_parent.data" ] && break; sleep 0.1; done
sleep 0.2
kill -TERM "$(cat "$dir/p1")"
for i in $(seq 100); do kill -0 "$(cat "$dir/p1")" 2>/dev/null || break; sleep 0.1; done
`;

function globalDump(command: string, hostName: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'kts-localname-'));
  try {
    writeFileSync(join(dir, 'hosts'), '127.0.0.1 localhost\n10.0.0.9 kts-node.example.test kts-node\n');
    writeFileSync(join(dir, 'k.conf'), CONF);
    writeFileSync(join(dir, 'run.sh'), SCRIPT);
    const r = spawnSync('unshare', ['--mount', '--uts', '--net', 'bash', join(dir, 'run.sh'), dir, hostName, ...command.split(' ')], {
      encoding: 'utf8', timeout: 40_000,
    });
    const file = join(dir, 'keepalived_parent.data');
    if (!existsSync(file)) throw new Error(`no dump (exit ${r.status}): ${r.stderr}\n${readFileSync(join(dir, 'log'), 'utf8')}`);
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lineOf = (dump: string, label: string): string | undefined => dump.split('\n').find((l) => l.startsWith(` ${label} = `));

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for namespaces');
} else {
  t.test('a node name with a canonical name in the hosts file', async (t) => {
    const theirs = globalDump('keepalived', 'kts-node');
    t.equal(lineOf(theirs, 'Router ID'), ' Router ID = kts-node.example.test', "keepalived's router_id is the canonical name");
    t.equal(globalDump(OURS, 'kts-node'), theirs, 'global definitions identical');
  });

  t.test('a node name that does not resolve', async (t) => {
    const theirs = globalDump('keepalived', 'kts-unresolvable-9');
    t.equal(lineOf(theirs, 'Router ID'), ' Router ID = [unknown]');
    t.equal(lineOf(theirs, 'Smtp HELO name'), undefined, 'keepalived sets no HELO name');
    t.equal(globalDump(OURS, 'kts-unresolvable-9'), theirs, 'global definitions identical');
  });
}
