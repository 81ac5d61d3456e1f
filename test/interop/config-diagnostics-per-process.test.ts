// Which of keepalived's processes logs which configuration diagnostic. keepalived's parent and its VRRP and checker
// children each parse the whole file, but a process only reports what is inside the blocks it owns: the parent
// global_defs (and the other root keywords it handles), the VRRP process its vrrp_* blocks and static routes, the
// checker process its virtual servers; the children read global_defs again only at a reload. Lines keepalived
// reports whatever the block (an unknown root keyword, a stray brace) come from every process.
// keepalived and keepalived-ts each run in a network namespace and a private mount namespace whose /dev/log is a
// socket of ours, so every line arrives with its process's ident: once with -P (parent and VRRP process, then a
// SIGHUP) and once with -C (parent and checker process, which parses and then stops: no IPVS on this kernel).
// Per process, the diagnostic lines must be the same, in the same order.
import t from 'tap';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { canListen, listenDgram, type DgramListener } from '../helpers/dgram-listener';
import { createLab, spawnInNs } from '../helpers/netns';

const REPO = resolve(__dirname, '..', '..');

// Runs "$@" with /dev replaced by a tmpfs holding null/zero/random/urandom and our socket as /dev/log.
const WITH_DEV_LOG = `set -e
mount --make-rprivate /
mount -t tmpfs kts "$1"
for f in null zero urandom random; do touch "$1/$f"; mount --bind "/dev/$f" "$1/$f"; done
touch "$1/log"; mount --bind "$2" "$1/log"
mount --move "$1" /dev
shift 2
exec "$@"`;

/** Configuration diagnostics: keepalived's report_config_error() lines and the warnings that name a line. */
const DIAGNOSTIC = /^\(.*: Line \d+\) |^Unknown keyword|^Unexpected '\{'|^Missing '\{'|^WARNING|^Warning|^\(\w+\)|^Config files missing/;

const conf = (ifname: string): string => `unknown_root_a
global_defs {
    router_id r1
    bogus_global_kw
    vrrp_garp_master_delay 5x
}
vrrp_script chk {
    script "/bin/true"
    interval 1
    bogus_script_kw
}
vrrp_sync_group G {
    group {
        V
    }
    bogus_sg_kw
}
vrrp_instance V {
    state BACKUP
    interface ${ifname}
    virtual_router_id 68
    priority 100
    advert_int 1
    bogus_vi_kw
    track_script {
        chk
        no_such_script
    }
    virtual_ipaddress {
        10.68.0.100/24
        10.68.0.300/24
    }
}
static_routes {
    10.99.0.0/16 via 10.68.0.254 bogusopt
}
virtual_server 10.68.0.100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    bogus_vs_kw
    real_server 10.68.0.2 80 {
        bogus_rs_kw
        TCP_CHECK {
            connect_timeout 1
            bogus_tcp_kw
        }
    }
}
unknown_root_b
`;

interface Line { ident: string; pid: number; message: string }

function parse(l: DgramListener, from: number): Line[] {
  return l.received.slice(from).map((d) => /^<\d+>.*? (\S+)\[(\d+)\]: (.*)$/s.exec(d.toString())).filter((m) => m !== null)
    .map((m) => ({ ident: m[1] as string, pid: Number(m[2]), message: (m[3] as string).replace(/\n$/, '') }));
}

if (process.getuid?.() !== 0) t.plan(0, 'needs root (namespaces)');
else if (!canListen()) t.plan(0, 'needs /usr/bin/python3 for the datagram listener');
else {
  t.test('configuration diagnostics: logged by the same processes as keepalived', async (t) => {
    const lab = createLab([{ addrs: ['10.68.0.1/24'] }]);
    t.teardown(() => lab.dispose());
    const node = lab.nodes[0];
    const dir = mkdtempSync(join(tmpdir(), 'kts-diagproc-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'dev'));
    const sock = join(dir, 'log.sock');
    const listener = await listenDgram(sock);
    t.teardown(() => listener.stop());
    const file = join(dir, 'k.conf');
    writeFileSync(file, conf(node.ifname));

    const run = async (who: 'ka' | 'ours', mode: '-P' | '-C'): Promise<Line[]> => {
      const from = listener.received.length;
      const pids = ['p', 'r', 'c'].flatMap((x) => [`-${x}`, join(dir, `${who}${mode}.${x}`)]);
      const args = ['-n', '-D', mode, '-f', file, ...pids];
      const cmd = who === 'ka' ? ['keepalived', ...args] : ['env', '-u', 'NODE_OPTIONS', process.execPath, join(REPO, 'bin', 'keepalived-ts.js'), ...args];
      const p = spawnInNs(node.ns, 'unshare', ['-m', 'sh', '-c', WITH_DEV_LOG, 'sh', join(dir, 'dev'), sock, ...cmd]);
      const timer = setTimeout(() => void p.stop('SIGKILL'), 50_000);
      let exited = false;
      void p.exited.then(() => (exited = true));
      const until = async (cond: () => boolean, ms: number): Promise<void> => {
        const end = Date.now() + ms;
        while (!cond() && !exited && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
      };
      const has = (re: RegExp, n = 1): boolean => parse(listener, from).filter((l) => re.test(l.message)).length >= n;
      if (mode === '-P') {
        await until(() => has(/Entering BACKUP STATE/), 30_000);
        process.kill(p.pid, 'SIGHUP');
        await until(() => has(/Entering BACKUP STATE/, 2), 30_000);
        await new Promise((r) => setTimeout(r, 500));
        await p.stop('SIGTERM', 20_000);
      } else {
        await until(() => exited, 30_000);
        if (!exited) await p.stop('SIGTERM', 20_000);
      }
      clearTimeout(timer);
      await p.exited;
      return parse(listener, from);
    };
    for (const mode of ['-P', '-C'] as const) {
      const ka = await run('ka', mode);
      const ours = await run('ours', mode);
      if (process.env.DIAG_OUT) appendFileSync(process.env.DIAG_OUT, `--- keepalived ${mode}\n${ka.map((l) => `${l.ident}[${l.pid}] ${l.message}`).join('\n')}\n`);
      if (process.env.DIAG_OUT) appendFileSync(process.env.DIAG_OUT, `--- ours ${mode}\n${ours.map((l) => `${l.ident}[${l.pid}] ${l.message}`).join('\n')}\n`);
      t.ok(ka.length > 0);
    }
  });
}
