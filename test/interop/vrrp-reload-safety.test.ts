// Reloads at awkward moments and with bad files, keepalived-ts and keepalived 2.2.7 on two segments side by side
// with the same sequence:
//   1. SIGHUPs during vrrp_startup_delay: start-up goes on, the instance becomes MASTER;
//   2. a SIGHUP while the MASTER notify script is still running (it sleeps 2 s);
//   3. a file with an unknown keyword and missing braces: both apply what they could read — the instance stays
//      MASTER with its VIP (keepalived's leniency, measured);
//   4. the file deleted: keepalived 2.2.7 drops every instance (priority 0, VIPs removed); keepalived-ts keeps the
//      running configuration and says so (DESIGN principle 6) — the one intended difference, printed;
//   5. the file back: MASTER, VIP held.
// No step may crash either daemon.
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { createVrrpCluster, type VrrpCluster, type VrrpDaemon } from '../helpers/vrrp-cluster';

type Impl = 'keepalived' | 'keepalived-ts';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function conf(net: number, notify: string, broken = false): string {
  const text = `global_defs {
  router_id safety
  vrrp_startup_delay 2
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 81
  priority 150
  advert_int 1
  notify_master "${notify}"
  virtual_ipaddress {
    10.${net}.0.100/24
  }
}
`;
  // an unknown keyword, and the two closing braces missing
  return broken ? text.replace('  advert_int 1\n', '  advert_int 1\n  no_such_keyword 1\n').replace(/\}\n\}\n$/, '\n') : text;
}

interface Step {
  name: string;
  state: string | undefined;
  vip: boolean;
  running: boolean;
  lines: string[];
}

async function holdsVip(c: VrrpCluster, net: number): Promise<boolean> {
  return c.lab.hasAddress(c.nodes[0].lab, `10.${net}.0.100`);
}

async function sequence(net: number, impl: Impl): Promise<Step[]> {
  const c = await createVrrpCluster({ instance: { version: 2, family: 4, advertInt: 1 }, nodes: [{ priority: 150 }], net, notify: false, capture: false });
  try {
    const n = c.nodes[0];
    const notify = join(n.dir, 'slow-notify.sh');
    writeFileSync(notify, '#!/bin/sh\nsleep 2\n');
    chmodSync(notify, 0o755);
    writeFileSync(n.conf, conf(net, notify));
    const steps: Step[] = [];
    const d: VrrpDaemon = c.start(0, impl);
    let from = 0;
    const record = async (name: string): Promise<void> => {
      steps.push({
        name, state: d.state('VI_1'), vip: await holdsVip(c, net), running: d.running(),
        lines: d.lines.slice(from).map((l) => l.text.replace(/^(\S+ ){5}/, '')),
      });
      from = d.lines.length;
    };
    const reloaded = async (): Promise<void> => {
      const at = d.lines.length;
      process.kill(d.pid, 'SIGHUP');
      await d.waitForLine(/Reload complete/, 15000, at);
      await sleep(1000); // what the reload does to the instance has happened
    };

    await d.waitForLine(/Delaying startup for 2 seconds/, 20000);
    process.kill(d.pid, 'SIGHUP');
    await sleep(100);
    process.kill(d.pid, 'SIGHUP');
    await d.waitForLine(/\(VI_1\) Entering MASTER STATE/, 20000);
    await record('HUPs during the start-up delay');

    await reloaded(); // the notify_master script is still sleeping
    await record('HUP while the notify script runs');

    writeFileSync(n.conf, conf(net, notify, true));
    await reloaded();
    await record('unknown keyword, missing braces');

    rmSync(n.conf);
    await reloaded();
    await record('configuration file missing');

    writeFileSync(n.conf, conf(net, notify));
    await reloaded();
    await c.waitUntil(async () => d.state('VI_1') === 'MASTER' && await holdsVip(c, net), 8000);
    await record('file back');
    return steps;
  } finally {
    await c.cleanup();
  }
}

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('reloads during start-up, during a notify script, and with bad files', async (t) => {
    const [theirs, ours] = await Promise.all([sequence(77, 'keepalived'), sequence(78, 'keepalived-ts')]);
    for (const [k, s] of ours.entries()) {
      const ref = theirs[k];
      t.comment(`${s.name}: keepalived ${ref.state} VIP ${ref.vip}; keepalived-ts ${s.state} VIP ${s.vip}`);
      t.ok(s.running && ref.running, `${s.name}: both still running`);
      if (s.name === 'configuration file missing') {
        t.comment(`keepalived 2.2.7 on a missing file: ${JSON.stringify(ref.lines.filter((l) => !/gratuitous ARP/.test(l)))}`);
        t.equal(s.state, 'MASTER', `${s.name}: keepalived-ts keeps the running configuration (still MASTER)`);
        t.ok(s.vip, `${s.name}: and its VIP`);
        t.ok(s.lines.some((l) => l.startsWith('Reload failed - keeping the running configuration')), `${s.name}: and says why`);
        continue;
      }
      t.equal(s.state, ref.state, `${s.name}: state as keepalived's (${ref.state})`);
      t.equal(s.vip, ref.vip, `${s.name}: VIP held as with keepalived (${ref.vip})`);
    }
    const unknown = (steps: Step[]): boolean => steps[2].lines.some((l) => /Unknown keyword 'no_such_keyword'/.test(l));
    t.ok(unknown(ours) && unknown(theirs), 'both named the unknown keyword');
    t.notOk(ours.some((s) => s.lines.some((l) => /uncaught|TypeError|RangeError/.test(l))), 'no exception in our log');
  });
}
