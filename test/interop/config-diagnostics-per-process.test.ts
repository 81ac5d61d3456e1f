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
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { canListen, listenDgram, type DgramListener } from '../helpers/dgram-listener';
import { WITH_DEV_LOG } from '../helpers/dev-log';
import { createLab, spawnInNs } from '../helpers/netns';

const REPO = resolve(__dirname, '..', '..');


/**
 * The lines compared: configuration diagnostics (report_config_error(), the warnings that name a line, the checks
 * after parsing), and the start-up lines around them whose place relative to them is fixed.
 */
const ABOUT = new RegExp([
  String.raw`^\(.*Line \d+\) `, '^Unknown keyword', "^Unexpected '", "^Missing '", '^WARNING', '^Warning',
  '^SECURITY VIOLATION', '^Sync group', '^Script user', '^Assigned address', '^Registering', '^NOTICE: ', '^Reloading',
  '^Initializing ipvs', '^Configuration file', '^Opening file', '^Starting .* child process', '^Non-existent',
  '^Virtual server', '^Real server', '^Static',
].join('|'));

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

const conf2 = (ifname: string): string => `}
global_defs {
    router_id r2
    vrrp_garp_master_repeat 99999
    bogus_global_kw2
}
track_file tf {
    file /nonexistent/kts-track
    bogus_tf_kw
}
static_ipaddress {
    10.68.1.1/24 dev ${ifname} bogus_sa
}
vrrp_instance W {
    state BACKUP
    interface ${ifname}
    virtual_router_id 69
    priority 300
    advert_int 1
    track_file {
        tf
    }
    virtual_ipaddress {
        10.68.0.101/24
    }
}
virtual_server_group VSG {
    10.68.0.200 80
    bogus_vsg_kw
}
virtual_server 10.68.0.101 80 {
    delay_loop abc
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 10.68.0.3 80 {
        weight 99999999
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
{
`;

/** An included file: the parent names it in its diagnostics (not the root file), and says when it opens it (-D). */
const included = (ifname: string): string => `bogus_in_include
vrrp_instance X {
    state BACKUP
    interface ${ifname}
    virtual_router_id 70
    priority 100
    bogus_x
    virtual_ipaddress {
        10.68.0.102/24
    }
}
virtual_server 10.68.0.102 80 {
    lb_algo rr
    bogus_vs3
    real_server 10.68.0.4 80 {
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
`;
const conf3 = (dir: string) => (): string => `global_defs {
    bogus_global_kw3
}
include ${dir}/inc.conf
bogus_root_3
`;

/** The configuration diagnostics among them. */
const DIAG = /^\(.*Line \d+\) |^Unknown keyword|^Unexpected '|^SECURITY VIOLATION|^Sync group/;

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
    // Room for every line of a burst: the daemons under test drop (ours) or wait for (keepalived's glibc) a full
    // queue, and the queue length is the namespace's own.
    execFileSync('ip', ['netns', 'exec', node.ns, 'sysctl', '-qw', 'net.unix.max_dgram_qlen=4096']);
    const listener = await listenDgram(sock, node.ns);
    t.teardown(() => listener.stop());
    const run = async (file: string, who: 'ka' | 'ours', mode: '-P' | '-C'): Promise<Line[]> => {
      const from = listener.received.length;
      const pids = ['p', 'r', 'c', 'b'].flatMap((x) => [`-${x}`, join(dir, `${who}${mode}.${x}`)]);
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
        // The parent says so once its child has read the configuration (and again after a reload).
        await until(() => has(/^Startup complete$/), 30_000);
        process.kill(p.pid, 'SIGHUP');
        await until(() => has(/^Reload complete$/), 30_000);
        await p.stop('SIGTERM', 20_000);
      } else {
        await until(() => exited, 30_000);
        if (!exited) await p.stop('SIGTERM', 20_000);
      }
      clearTimeout(timer);
      await p.exited;
      return parse(listener, from);
    };
    writeFileSync(join(dir, 'inc.conf'), included(node.ifname));
    const configs = { 'corpus 1': conf, 'corpus 2': conf2, 'with an include': conf3(dir) };
    for (const [name, text] of Object.entries(configs)) {
      const file = join(dir, `${name.replace(/ /g, '')}.conf`);
      writeFileSync(file, text(node.ifname));
      for (const mode of ['-P', '-C'] as const) {
        const ka = await run(file, 'ka', mode);
        const ours = await run(file, 'ours', mode);
        if (process.env.DIAG_OUT) {
          const show = (l: Line[]): string => l.map((x) => `${x.ident}[${x.pid}] ${x.message}`).join('\n');
          appendFileSync(process.env.DIAG_OUT, `--- ${name} keepalived ${mode}\n${show(ka)}\n--- ${name} ours ${mode}\n${show(ours)}\n`);
        }
        const children = mode === '-P' ? ['Keepalived_vrrp'] : ['Keepalived_healthcheckers'];
        t.ok(ka.some((l) => children.includes(l.ident) && DIAG.test(l.message)), `${name} ${mode}: keepalived's child reports diagnostics (the premise)`);
        for (const ident of ['Keepalived', ...children]) {
          const pick = (l: Line[]): string[] => l.filter((x) => x.ident === ident && ABOUT.test(x.message)).map((x) => x.message.replace(/pid=\d+/, 'pid=N'));
          const mine = pick(ours);
          const theirs = pick(ka);
          t.same(mine, theirs, `${name} ${mode}: ${ident} logs the same diagnostics, in the same order (${theirs.filter((m) => DIAG.test(m)).length})`);
        }
      }
    }
  });
}
