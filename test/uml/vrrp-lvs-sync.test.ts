// global_defs lvs_sync_daemon in the VRRP process, inside user-mode Linux (IPVS): keepalived and then
// keepalived-ts run the same lone instance, which becomes MASTER; the kernel's sync daemons (`ipvsadm -L
// --daemon`) must be the same once it is master and after SIGTERM. They run one after the other, since the sync
// daemon is the kernel's, one per role. keepalived-ts runs from dist/ (`npx tsc -p tsconfig.build.json` first).
import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daemonLine, UmlShell, umlAvailable } from '../helpers/uml-shell';


const CONFIG = `global_defs {
    lvs_sync_daemon dummy0 VI_1
}
vrrp_instance VI_1 {
    state MASTER
    interface dummy0
    virtual_router_id 51
    priority 200
    advert_int 1
    virtual_ipaddress {
        10.68.0.100/24
    }
}
`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

t.test('lvs_sync_daemon: the sync daemon follows the instance as keepalived\'s does', { skip: umlAvailable() ? undefined : 'no user-mode Linux' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-lvssync-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const uml = await UmlShell.boot(join(dir, 'uml'));
  t.teardown(() => uml.close());
  const f = (name: string): string => join(dir, name);
  await uml.run('ip link add dummy0 type dummy && ip link set dummy0 multicast on && ip link set dummy0 up && ip addr add 10.68.0.1/24 dev dummy0');
  writeFileSync(f('k.conf'), CONFIG);

  const story = async (who: 'ka' | 'ours'): Promise<{ master: string; stopped: string; rc: string }> => {
    await uml.run(daemonLine(who, '-P', f('k.conf'), f));
    const end = Date.now() + 40_000;
    let master = '';
    while (Date.now() < end) {
      master = await uml.run('ipvsadm -L --daemon');
      if (/master sync daemon/.test(master) && readFileSync(f(`${who}.log`), 'utf8').includes('Entering MASTER STATE')) break;
      await sleep(300);
    }
    await sleep(500);
    master = await uml.run('ipvsadm -L --daemon');
    await uml.run(`kill -TERM $(cat ${f(`${who}.p`)})`);
    const stopEnd = Date.now() + 30_000;
    while (!existsSync(f(`${who}.rc`)) && Date.now() < stopEnd) await sleep(300);
    return { master, stopped: await uml.run('ipvsadm -L --daemon'), rc: existsSync(f(`${who}.rc`)) ? readFileSync(f(`${who}.rc`), 'utf8').trim() : 'none' };
  };
  const ka = await story('ka');
  const ours = await story('ours');
  t.match(ka.master, /master sync daemon \(mcast=dummy0, syncid=51/, 'keepalived runs the master sync daemon (the premise)');
  t.equal(ours.master, ka.master, `as master: ${ka.master.trim()}`);
  t.equal(ours.stopped, ka.stopped, `after SIGTERM: '${ka.stopped.trim()}'`);
  t.equal(ours.rc, ka.rc, 'same exit code');
});
