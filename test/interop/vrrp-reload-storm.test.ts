// The HUP storm: 100 SIGHUPs (50–100 ms apart, every tenth followed by two more at once) to a daemon whose
// configuration does not change, while a client pings the VIP 100 times a second. A reload must lose nothing:
// every ping answered, no state change in either node's log, the master's adverts continuous at its priority
// (never priority 0, no gap near the master-down interval), no gratuitous ARP beyond what keepalived itself sends
// on reload, and the VIP never deleted from the master's interface (`ip monitor address`).
//
// Two segments side by side: keepalived 2.2.7 MASTER + keepalived-ts BACKUP, both stormed at once (keepalived's
// figures are the reference for what a reload may put on the wire; ours as backup must stay quiet), and
// keepalived-ts MASTER + keepalived BACKUP, ours stormed. The figures are printed for the issue note.
import { writeFileSync } from 'node:fs';
import t from 'tap';
import { createVrrpCluster, type VrrpCluster, type VrrpDaemon } from '../helpers/vrrp-cluster';
import { hupStorm, monitorAddresses, pingFlood, wireFigures, type PingResult, type WireFigures } from '../helpers/reload-storm';

const HUPS = 100;
/** More than the storm needs: ping is interrupted (and prints its summary) once the storm is over. */
const PING_LIMIT = 3000;
const MASTER_PRIO = 150;
const vipOf = (net: number): string => `10.${net}.0.100`;

function conf(routerId: string, priority: number, vip: string): string {
  return `global_defs {
  router_id ${routerId}
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 71
  priority ${priority}
  advert_int 1
  garp_master_delay 1
  authentication {
    auth_type PASS
    auth_pass storm1
  }
  virtual_ipaddress {
    ${vip}/24
  }
}
`;
}

const ENTERING = /\(VI_1\) Entering \w+ STATE/;

function transitionsIn(d: VrrpDaemon, fromMs: number, toMs: number): string[] {
  return d.lines.filter((l) => l.atMs >= fromMs && l.atMs <= toMs && ENTERING.test(l.text)).map((l) => l.text);
}

interface StormRun {
  pings: PingResult;
  hups: number;
  master: WireFigures;
  backup: WireFigures;
  masterTransitions: string[];
  backupTransitions: string[];
  vipDeletions: string[];
  reloadLines: number;
}

type Impl = 'keepalived' | 'keepalived-ts';

/**
 * On a segment of its own: node 0 master, node 1 backup, the given daemons stormed; the figures of the storm.
 * Removes the segment whatever happens.
 */
async function stormRun(net: number, impls: [Impl, Impl], stormed: number[]): Promise<StormRun> {
  const VIP = vipOf(net);
  const c = await createVrrpCluster({
    instance: { version: 2, family: 4, advertInt: 1, vips: [`${VIP}/24`] },
    nodes: [{ priority: MASTER_PRIO }, { priority: 100 }],
    clients: 1,
    net,
    notify: false,
  });
  try {
    return await storm(c, VIP, impls, stormed);
  } finally {
    await c.cleanup();
  }
}

async function storm(c: VrrpCluster, VIP: string, impls: [Impl, Impl], stormed: number[]): Promise<StormRun> {
  const [m, b] = c.nodes;
  writeFileSync(m.conf, conf('node1', MASTER_PRIO, VIP));
  writeFileSync(b.conf, conf('node2', 100, VIP));
  const backup = c.start(1, impls[1]);
  const master = c.start(0, impls[0]);
  if (!(await c.waitStable(0, 30000))) throw new Error(`no stable master:\n${c.describe()}`);
  await new Promise((r) => setTimeout(r, 1500)); // the delayed GARP burst (garp_master_delay 1) is over
  if (!c.lab.ping(c.clients[0], VIP)) throw new Error('the client cannot reach the VIP before the storm');

  const monitor = await monitorAddresses(m.lab.ns);
  const daemons = [master, backup];
  const ping = pingFlood(c.clients[0].ns, VIP, PING_LIMIT);
  await new Promise((r) => setTimeout(r, 300));
  const linesBefore = daemons.map((d) => d.lines.length);
  const storm = await hupStorm(stormed.map((i) => daemons[i].pid), HUPS);
  // every stormed daemon has finished its reloads: its parent's last line about them is "Reload complete"
  await c.waitUntil(() => stormed.every((i) => {
    const last = daemons[i].lines.slice(linesBefore[i]).filter((l) => /^(\S+ ){5}(Reloading \.\.\.|Reload complete)$/.test(l.text)).at(-1);
    return last !== undefined && last.text.endsWith('Reload complete');
  }), 20000);
  const endMs = Date.now();
  await new Promise((r) => setTimeout(r, 300)); // the capture has the last frames, the last pings came back
  ping.child.kill('SIGINT'); // ping's own summary of what it sent and received
  const pings = await ping.done;
  await monitor.stop();
  const events = c.events();
  return {
    pings,
    hups: storm.sent,
    master: wireFigures(events, m.lab.mac, storm.startMs, endMs),
    backup: wireFigures(events, b.lab.mac, storm.startMs, endMs),
    masterTransitions: transitionsIn(master, storm.startMs, endMs),
    backupTransitions: transitionsIn(backup, storm.startMs, endMs),
    vipDeletions: monitor.deletions(VIP),
    reloadLines: stormed.reduce((n, i) => n + daemons[i].lines.slice(linesBefore[i]).filter((l) => / Reloading$/.test(l.text)).length, 0),
  };
}

function figures(name: string, r: StormRun): string {
  return `${name}: ${r.hups} HUPs, pings ${r.pings.received}/${r.pings.sent} answered (${r.pings.lost.length} lost), transitions master ${r.masterTransitions.length}` +
    ` backup ${r.backupTransitions.length}, master adverts ${r.master.adverts} at priority ${r.master.priorities.join(',')}` +
    ` (longest gap ${r.master.maxGapMs} ms), master GARPs ${r.master.garps}, backup adverts ${r.backup.adverts},` +
    ` VIP deletions ${r.vipDeletions.length}, child "Reloading" lines ${r.reloadLines}`;
}

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('100 SIGHUPs lose nothing', async (t) => {
    // Two segments at once: keepalived master (its reload behaviour is the reference) with ours as backup, both
    // stormed; and ours master with keepalived as backup, ours stormed.
    const [ref, ours] = await Promise.all([
      stormRun(71, ['keepalived', 'keepalived-ts'], [0, 1]),
      stormRun(72, ['keepalived-ts', 'keepalived'], [0]),
    ]);
    t.comment(figures('keepalived MASTER + keepalived-ts BACKUP, both stormed', ref));
    t.comment(figures('keepalived-ts MASTER + keepalived BACKUP, keepalived-ts stormed', ours));

    t.same(ref.pings.lost, [], 'keepalived master: no ping lost');
    t.same(ref.masterTransitions, [], 'keepalived master: no state change');
    t.same(ref.backupTransitions, [], 'keepalived-ts backup: no state change');
    t.equal(ref.backup.adverts, 0, 'keepalived-ts backup: never advertised');

    t.equal(ours.hups, HUPS, `${HUPS} SIGHUPs sent`);
    t.ok(ours.pings.sent >= 200, `${ours.pings.sent} pings sent during the storm`);
    t.same(ours.pings.lost, [], `zero lost replies (${ours.pings.received} of ${ours.pings.sent} answered before ping was stopped)`);
    t.ok(ours.pings.sent - ours.pings.received <= 2, 'at most the requests in flight when ping was stopped are unanswered');
    t.same(ours.masterTransitions, [], 'keepalived-ts master: no state change in its log');
    t.same(ours.backupTransitions, [], 'keepalived backup: no state change in its log');
    t.same(ours.master.priorities, [MASTER_PRIO], 'every advert at the master priority (no priority 0)');
    t.ok(ours.master.maxGapMs < 2000, `adverts continuous: longest gap ${ours.master.maxGapMs} ms (interval 1 s, master down 3.6 s)`);
    t.equal(ours.backup.adverts, 0, 'the backup never advertised (it never timed out)');
    t.ok(ours.master.garps <= ref.master.garps, `GARPs during the storm: ours ${ours.master.garps}, keepalived ${ref.master.garps}`);
    t.same(ours.vipDeletions, [], 'the VIP never left the interface');
    t.ok(ours.reloadLines >= 1, 'the VRRP process reloaded');
  });
}
