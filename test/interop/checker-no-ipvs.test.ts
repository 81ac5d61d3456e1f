// The checker process on a kernel without IPVS (this host's): keepalived -C and keepalived-ts -C run on the same
// configuration in a namespace; both must log the same lines (the checker's "IPVS: Can't initialize ipvs: …", the
// services it shuts down, the parent's "exited with permanent error FATAL") and exit with the same code, leaving
// no pid file behind. keepalived runs live in the same test: its answer is never written down here.
import t from 'tap';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLab, spawnInNs } from '../helpers/netns';

const REPO = resolve(__dirname, '..', '..');
const STAMP = /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}: /;

const CONFIG = `virtual_server 10.66.0.100 80 {
    delay_loop 1
    lb_algo rr
    lb_kind NAT
    protocol TCP
    real_server 10.66.0.2 8080 {
        weight 1
        TCP_CHECK {
            connect_timeout 1
        }
    }
    real_server 10.66.0.3 8080 {
        weight 2
        inhibit_on_failure
        TCP_CHECK {
            connect_timeout 1
        }
    }
}
`;

/** The log lines that are the same for any run: no time stamps, pids, CPU times, kernel or command line. */
function normalise(out: string): string[] {
  return out
    .split('\n')
    .filter((l) => STAMP.test(l))
    .map((l) => l.replace(STAMP, ''))
    .filter((l) => !/^(Running on|Command line|\s|Opening file|NOTICE|Starting Keepalived)/.test(l))
    .map((l) => l.replace(/\d+/g, 'N'))
    .map((l) => l.replace(/^Stopped - used .*/, 'Stopped - used …').replace(/^CPU usage .*/, 'CPU usage …'));
}

async function runBoth(ns: string, dir: string, conf: string, flags: string[], stopAfter?: RegExp): Promise<Record<'ka' | 'ours', { code: number | null; lines: string[]; pidFiles: string[] }>> {
  const run = async (who: 'ka' | 'ours'): Promise<{ code: number | null; lines: string[]; pidFiles: string[] }> => {
    const pids = ['p', 'r', 'c'].map((x) => join(dir, `${who}.${x}`));
    const args = ['-n', '-l', '-D', ...flags, '-f', conf, '-p', pids[0], '-r', pids[1], '-c', pids[2]];
    const p = who === 'ka' ? spawnInNs(ns, 'keepalived', args) : spawnInNs(ns, process.execPath, [join(REPO, 'bin', 'keepalived-ts.js'), ...args]);
    const timer = setTimeout(() => void p.stop('SIGKILL'), 45_000);
    if (stopAfter) await p.waitFor(stopAfter, 30_000).then(() => p.stop('SIGTERM'), () => undefined);
    const code = await p.exited;
    clearTimeout(timer);
    return { code, lines: normalise(p.stderr() + p.stdout().toString()), pidFiles: pids.filter((f) => existsSync(f)) };
  };
  return { ka: await run('ka'), ours: await run('ours') };
}

t.test('no IPVS in the kernel: keepalived-ts -C logs and exits as keepalived -C does', async (t) => {
  const lab = createLab([{ addrs: ['10.66.0.1/24'] }]);
  t.teardown(() => lab.dispose());
  const dir = mkdtempSync(join(tmpdir(), 'kts-noipvs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const conf = join(dir, 'keepalived.conf');
  writeFileSync(conf, CONFIG);
  const ns = lab.nodes[0].ns;

  const { ka, ours } = await runBoth(ns, dir, conf, ['-C']);
  t.equal(ours.code, ka.code, `exit code ${ka.code}`);
  t.ok(ka.lines.some((l) => l.startsWith("IPVS: Can't initialize ipvs")), "keepalived could not open IPVS here (the premise)");
  // The two processes write concurrently: each one's lines are compared in order.
  const PARENT = /^(Configuration file|Starting Healthcheck child|pid N exited|CPU usage|Stopped Keepalived)/;
  t.same(ours.lines.filter((l) => PARENT.test(l)), ka.lines.filter((l) => PARENT.test(l)), "the parent's log lines");
  t.same(ours.lines.filter((l) => !PARENT.test(l)), ka.lines.filter((l) => !PARENT.test(l)), "the checker process's log lines");
  t.same(ours.pidFiles, [], 'no pid file left');
  t.same(ka.pidFiles, [], 'keepalived left none either');
});

t.test('no IPVS, VRRP and checker processes both: the checker\'s FATAL exit ends the daemon, as keepalived', async (t) => {
  const lab = createLab([{ addrs: ['10.66.0.1/24'] }]);
  t.teardown(() => lab.dispose());
  const dir = mkdtempSync(join(tmpdir(), 'kts-noipvs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const conf = join(dir, 'keepalived.conf');
  const node = lab.nodes[0];
  writeFileSync(conf, `vrrp_instance VI_1 {\n    state BACKUP\n    interface ${node.ifname}\n    virtual_router_id 66\n    priority 100\n` +
    `    advert_int 1\n    virtual_ipaddress {\n        10.66.0.100/24\n    }\n}\n${CONFIG}`);
  const { ka, ours } = await runBoth(node.ns, dir, conf, []);
  t.equal(ours.code, ka.code, `exit code ${ka.code}`);
  const PARENT = /^(Configuration file|Starting (Healthcheck|VRRP) child|pid N exited|CPU usage|Stopped Keepalived)/;
  t.same(ours.lines.filter((l) => PARENT.test(l)), ka.lines.filter((l) => PARENT.test(l)), "the parent's log lines");
  const CHECKER = /^(Initializing ipvs|IPVS: |Shutting down)/;
  t.same(ours.lines.filter((l) => CHECKER.test(l)), ka.lines.filter((l) => CHECKER.test(l)), "the checker process's log lines");
  t.same(ours.pidFiles, [], 'no pid file left');
});

t.test('-C with no virtual server: nothing to run, keepalived\'s warning, and a parent that waits for its signal', async (t) => {
  const lab = createLab([{ addrs: ['10.66.0.1/24'] }]);
  t.teardown(() => lab.dispose());
  const dir = mkdtempSync(join(tmpdir(), 'kts-noipvs-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const conf = join(dir, 'keepalived.conf');
  const node = lab.nodes[0];
  writeFileSync(conf, `vrrp_instance VI_1 {\n    state BACKUP\n    interface ${node.ifname}\n    virtual_router_id 66\n    priority 100\n` +
    `    virtual_ipaddress {\n        10.66.0.100/24\n    }\n}\n`);
  const { ka, ours } = await runBoth(node.ns, dir, conf, ['-C'], /no configuration to run/);
  t.ok(ka.lines.includes('Warning - keepalived has no configuration to run'), 'keepalived warns (the premise)');
  t.equal(ours.code, ka.code, `exit code ${ka.code} after SIGTERM`);
  t.same(ours.lines, ka.lines, 'the same log lines');
});
