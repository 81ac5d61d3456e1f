// The syslog priority of keepalived's ipvs_start() lines, which the console does not show: keepalived and
// keepalived-ts run on this host's kernel (no IPVS, so the start fails) in a namespace, each in a private mount
// namespace whose /dev/log is a socket of ours, once with the VRRP process needing IPVS (lvs_sync_daemon) and once
// with the checker process (-C, a virtual server). "Initializing ipvs" and "IPVS: Can't initialize ipvs: …" must
// come with the same <PRI> from both. (keepalived's VRRP process then crashes and is respawned again and again;
// ours stops FATAL: only the lines of its first start are compared.)
import t from 'tap';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { canListen, listenDgram, type DgramListener } from '../helpers/dgram-listener';
import { WITH_DEV_LOG } from '../helpers/dev-log';
import { createLab, spawnInNs } from '../helpers/netns';

const REPO = resolve(__dirname, '..', '..');


const ABOUT = /nitializing ipvs|Can't initialize ipvs/;

/** The datagrams from `from` on that are about opening IPVS, as "<PRI> message". */
function ipvsLines(l: DgramListener, from: number): string[] {
  return l.received.slice(from).map((d) => /^<(\d+)>.*?\[\d+\]: (.*)$/s.exec(d.toString())).filter((m) => m !== null)
    .filter((m) => ABOUT.test(m[2])).map((m) => `<${m[1]}> ${m[2]}`);
}

if (process.getuid?.() !== 0) t.plan(0, 'needs root (namespaces)');
else if (!canListen()) t.plan(0, 'needs /usr/bin/python3 for the datagram listener');
else {
  t.test('ipvs_start lines: the same syslog priorities as keepalived, VRRP and checker processes', async (t) => {
    const lab = createLab([{ addrs: ['10.67.0.1/24'] }]);
    t.teardown(() => lab.dispose());
    const node = lab.nodes[0];
    const dir = mkdtempSync(join(tmpdir(), 'kts-ipvslvl-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'dev'));
    const sock = join(dir, 'log.sock');
    const listener = await listenDgram(sock);
    t.teardown(() => listener.stop());

    const configs = {
      vrrp: `global_defs {\n    lvs_sync_daemon ${node.ifname} VI_1\n}\nvrrp_instance VI_1 {\n    state BACKUP\n    interface ${node.ifname}\n` +
        `    virtual_router_id 67\n    priority 100\n    advert_int 1\n    virtual_ipaddress {\n        10.67.0.100/24\n    }\n}\n`,
      checker: 'virtual_server 10.67.0.100 80 {\n    delay_loop 1\n    lb_algo rr\n    lb_kind NAT\n    protocol TCP\n' +
        '    real_server 10.67.0.2 8080 {\n        weight 1\n        TCP_CHECK {\n            connect_timeout 1\n        }\n    }\n}\n',
    };
    for (const [name, text] of Object.entries(configs)) {
      const conf = join(dir, `${name}.conf`);
      writeFileSync(conf, text);
      const run = async (who: 'ka' | 'ours'): Promise<{ code: number | null; lines: string[] }> => {
        const from = listener.received.length;
        const pids = ['p', 'r', 'c'].flatMap((x) => [`-${x}`, join(dir, `${name}.${who}.${x}`)]);
        const args = ['-n', '-D', ...(name === 'checker' ? ['-C'] : ['-P']), '-f', conf, ...pids];
        const cmd = who === 'ka' ? ['keepalived', ...args] : ['env', '-u', 'NODE_OPTIONS', process.execPath, join(REPO, 'bin', 'keepalived-ts.js'), ...args];
        const p = spawnInNs(node.ns, 'unshare', ['-m', 'sh', '-c', WITH_DEV_LOG, 'sh', join(dir, 'dev'), sock, ...cmd]);
        const timer = setTimeout(() => void p.stop('SIGKILL'), 45_000);
        let exited = false;
        void p.exited.then(() => (exited = true));
        const end = Date.now() + 30_000;
        while (ipvsLines(listener, from).length < 2 && !exited && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
        // keepalived 2.2.7's VRRP process crashes (SIGSEGV) after this failure and is respawned for ever: it is stopped
        // once it has said it once.
        // The checker process stops by itself (FATAL): its exit code is compared.
        if (!exited && name === 'vrrp') void p.stop('SIGTERM');
        const code = await p.exited;
        clearTimeout(timer);
        return { code, lines: ipvsLines(listener, from).slice(0, 2) };
      };
      const ka = await run('ka');
      const ours = await run('ours');
      t.ok(ka.lines.some((l) => l.includes("IPVS: Can't initialize ipvs")), `${name}: keepalived could not open IPVS here (the premise)`);
      t.same(ours.lines, ka.lines, `${name}: ${ka.lines.join(' | ')}`);
      if (name === 'checker') t.equal(ours.code, ka.code, `${name}: exit code ${ka.code}`);
    }
  });
}
