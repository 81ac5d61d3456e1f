// The legacy per-instance `lvs_sync_daemon_interface` inside user-mode Linux (IPVS): keepalived 2.2.7 reports it
// as deprecated and turns it into the global lvs_sync_daemon tied to that instance. keepalived and then
// keepalived-ts run the same lone instance, which becomes MASTER, is reloaded (SIGHUP) with the same file and with
// the sync interface changed, and stopped; the kernel's
// sync daemons (`ipvsadm -L --daemon`), the lines about IPVS and the deprecation, and the exit code must be the
// same. They run one after the other, since the sync daemon is the kernel's, one per role. keepalived-ts runs
// from dist/ (`npx tsc -p tsconfig.build.json` first).
import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemonLine, UmlShell, umlAvailable } from '../helpers/uml-shell';


const config = (syncIf: string): string => `vrrp_instance VI_1 {
    state MASTER
    interface dummy0
    virtual_router_id 51
    priority 200
    advert_int 1
    lvs_sync_daemon_interface ${syncIf}
    virtual_ipaddress {
        10.68.0.100/24
    }
}
`;

const STAMP = /^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}: /;
/** The lines this test is about: IPVS, the sync daemon, the deprecation, reload and stop. */
const ABOUT = /ipvs|IPVS|lvs_sync|sync daemon|Please use|^Reloading$|^\(VI_1\) Entering MASTER/;

function lines(path: string): string[] {
  return (existsSync(path) ? readFileSync(path, 'utf8') : '').split('\n').filter((l) => STAMP.test(l))
    .map((l) => l.replace(STAMP, '')).filter((l) => ABOUT.test(l) && !l.startsWith('Command line'));
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface Story { master: string; reloaded: string; moved: string; stopped: string; rc: string; log: string[] }

t.test('lvs_sync_daemon_interface in a vrrp_instance drives the sync daemon as keepalived\'s does', { skip: umlAvailable() ? undefined : 'no user-mode Linux' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-lvssync-legacy-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const uml = await UmlShell.boot(join(dir, 'uml'));
  t.teardown(() => uml.close());
  const f = (name: string): string => join(dir, name);
  await uml.run('ip link add dummy0 type dummy && ip link set dummy0 multicast on && ip link set dummy0 up && ip addr add 10.68.0.1/24 dev dummy0');
  await uml.run('ip link add dummy1 type dummy && ip link set dummy1 multicast on && ip link set dummy1 up');

  const waitLog = async (who: string, what: RegExp, count: number): Promise<void> => {
    const end = Date.now() + 40_000;
    while (Date.now() < end && lines(f(`${who}.log`)).filter((l) => what.test(l)).length < count) await sleep(300);
  };
  const story = async (who: 'ka' | 'ours'): Promise<Story> => {
    writeFileSync(f('k.conf'), config('dummy0'));
    await uml.run(daemonLine(who, '-P', f('k.conf'), f));
    const end = Date.now() + 40_000;
    while (Date.now() < end) {
      const d = await uml.run('ipvsadm -L --daemon');
      if (/master sync daemon/.test(d) && lines(f(`${who}.log`)).some((l) => l.includes('Entering MASTER STATE'))) break;
      await sleep(300);
    }
    await sleep(500);
    const master = await uml.run('ipvsadm -L --daemon');
    const hup = async (n: number): Promise<string> => {
      await uml.run(`kill -HUP $(cat ${f(`${who}.p`)})`);
      await waitLog(who, /^Reloading$/, n);
      await sleep(1500); // what the reload still has to do
      return uml.run('ipvsadm -L --daemon');
    };
    const reloaded = await hup(1);
    // The sync daemon's interface changes: keepalived restarts it without settings, which the kernel refuses.
    writeFileSync(f('k.conf'), config('dummy1'));
    const moved = await hup(2);
    await uml.run(`kill -TERM $(cat ${f(`${who}.p`)})`);
    const stopEnd = Date.now() + 30_000;
    while (!existsSync(f(`${who}.rc`)) && Date.now() < stopEnd) await sleep(300);
    return {
      master, reloaded, moved, stopped: await uml.run('ipvsadm -L --daemon'), log: lines(f(`${who}.log`)),
      rc: existsSync(f(`${who}.rc`)) ? readFileSync(f(`${who}.rc`), 'utf8').trim() : 'none',
    };
  };
  const ka = await story('ka');
  const ours = await story('ours');
  t.match(ka.master, /master sync daemon \(mcast=dummy0, syncid=/, 'keepalived runs the master sync daemon (the premise)');
  t.equal(ours.master, ka.master, `as master: ${ka.master.trim()}`);
  t.equal(ours.reloaded, ka.reloaded, `after SIGHUP: ${ka.reloaded.trim()}`);
  t.equal(ours.moved, ka.moved, `after SIGHUP moving it to dummy1: '${ka.moved.trim()}'`);
  t.equal(ours.stopped, ka.stopped, `after SIGTERM: '${ka.stopped.trim()}'`);
  t.equal(ours.rc, ka.rc, 'same exit code');
  t.same(ours.log, ka.log, `the lines about IPVS and the deprecation (${ka.log.length})`);
});
