// A reload that changes some instances and not others, done the same way on two segments side by side: node 1 is
// keepalived-ts on one and keepalived 2.2.7 on the other (node 2 is keepalived on both). Both nodes reload:
//   VI_1 (VRID 51) unchanged               → stays MASTER on node 1, its VIP never deleted, adverts continuous;
//   VI_2 (VRID 52) priority 150 → 50, VIP .111 replaced by .112
//                                          → node 2 takes over, with the new VIP set;
//   VI_3 (VRID 53) removed from node 1     → priority 0 sent, its VIP removed;
//   VI_4 (VRID 54) added on node 1         → starts BACKUP, becomes MASTER (no peer).
// The segment with keepalived-ts must end where keepalived's ends (states, VIP holders), and node 1 must log the
// same reload lines ("… no longer exist") as keepalived does.
import { writeFileSync } from 'node:fs';
import t from 'tap';
import { createVrrpCluster, type VrrpCluster, type VrrpDaemon } from '../helpers/vrrp-cluster';
import { monitorAddresses, wireFigures } from '../helpers/reload-storm';

type Impl = 'keepalived' | 'keepalived-ts';

interface Inst {
  name: string;
  vrid: number;
  priority: number;
  vips: number[];
}

function conf(routerId: string, net: number, list: Inst[]): string {
  const blocks = list.map((i) => `vrrp_instance ${i.name} {
  state BACKUP
  interface eth0
  virtual_router_id ${i.vrid}
  priority ${i.priority}
  advert_int 1
  garp_master_delay 1
  virtual_ipaddress {
${i.vips.map((h) => `    10.${net}.0.${h}/24\n`).join('')}  }
}
`);
  return `global_defs {\n  router_id ${routerId}\n}\n${blocks.join('')}`;
}

const NODE1_BEFORE: Inst[] = [
  { name: 'VI_1', vrid: 51, priority: 150, vips: [100] },
  { name: 'VI_2', vrid: 52, priority: 150, vips: [110, 111] },
  { name: 'VI_3', vrid: 53, priority: 150, vips: [120] },
];
const NODE1_AFTER: Inst[] = [
  { name: 'VI_1', vrid: 51, priority: 150, vips: [100] },
  { name: 'VI_2', vrid: 52, priority: 50, vips: [110, 112] },
  { name: 'VI_4', vrid: 54, priority: 150, vips: [130] },
];
const NODE2_BEFORE: Inst[] = [
  { name: 'VI_1', vrid: 51, priority: 100, vips: [100] },
  { name: 'VI_2', vrid: 52, priority: 100, vips: [110, 111] },
];
const NODE2_AFTER: Inst[] = [
  { name: 'VI_1', vrid: 51, priority: 100, vips: [100] },
  { name: 'VI_2', vrid: 52, priority: 100, vips: [110, 112] },
];

const INSTANCES = ['VI_1', 'VI_2', 'VI_4'];
const strip = (text: string): string => text.replace(/^(\S+ ){5}/, '');

interface Outcome {
  states: Record<string, Array<string | undefined>>;
  /** Host part of every 10.net.0.x VIP each node holds. */
  held: number[][];
  /** Node 1's lines from the reload on that name an address or an instance entering a state. */
  reloadLines: string[];
  vi1Transitions: string[];
  vi1Deletions: string[];
  vi1Adverts: { priorities: number[]; maxGapMs: number; adverts: number };
  vi3Priorities: number[];
}

async function held(c: VrrpCluster, net: number): Promise<number[][]> {
  const out: number[][] = [];
  for (const n of c.nodes) {
    const text = c.lab.exec(n.lab.ns, 'ip', ['-o', '-4', 'addr', 'show', 'dev', 'eth0']);
    out.push([...text.matchAll(new RegExp(`inet 10\\.${net}\\.0\\.(\\d+)/`, 'g'))].map((m) => Number(m[1])).filter((h) => h >= 100).sort());
  }
  return out;
}

async function scenario(net: number, node1: Impl): Promise<Outcome> {
  const c = await createVrrpCluster({
    instance: { version: 2, family: 4, advertInt: 1 },
    nodes: [{ priority: 150 }, { priority: 100 }],
    net,
    notify: false,
  });
  try {
    const [n1, n2] = c.nodes;
    writeFileSync(n1.conf, conf('node1', net, NODE1_BEFORE));
    writeFileSync(n2.conf, conf('node2', net, NODE2_BEFORE));
    const d2 = c.start(1, 'keepalived');
    const d1 = c.start(0, node1);
    const ready = await c.waitUntil(async () => {
      const h = await held(c, net);
      return ['VI_1', 'VI_2', 'VI_3'].every((i) => d1.state(i) === 'MASTER') && h[0].length === 4 && h[1].length === 0 &&
        ['VI_1', 'VI_2'].every((i) => d2.state(i) === 'BACKUP');
    }, 30000);
    if (!ready) throw new Error(`node 1 did not become master of everything:\n${c.describe()}`);
    await new Promise((r) => setTimeout(r, 1500)); // the delayed GARPs are over

    const monitor = await monitorAddresses(n1.lab.ns);
    const from = [d1.lines.length, d2.lines.length];
    const t0 = Date.now();
    writeFileSync(n1.conf, conf('node1', net, NODE1_AFTER));
    writeFileSync(n2.conf, conf('node2', net, NODE2_AFTER));
    process.kill(d2.pid, 'SIGHUP');
    process.kill(d1.pid, 'SIGHUP');
    const done = (d: VrrpDaemon, k: number): boolean => d.lines.slice(from[k]).some((l) => l.text.endsWith('Reload complete'));
    const converged = await c.waitUntil(async () => {
      if (!done(d1, 0) || !done(d2, 1)) return false;
      const h = await held(c, net);
      return d1.state('VI_2') === 'BACKUP' && d2.state('VI_2') === 'MASTER' && d1.state('VI_4') === 'MASTER' &&
        JSON.stringify(h) === JSON.stringify([[100, 130], [110, 112]]);
    }, 20000);
    const t1 = Date.now();
    await new Promise((r) => setTimeout(r, 300));
    await monitor.stop();
    const events = c.events();
    const vi1 = wireFigures(events.filter((e) => e.kind !== 'advert' || e.vrid === 51), n1.lab.mac, t0, t1);
    const vi3 = events.filter((e) => e.kind === 'advert' && e.vrid === 53 && e.srcMac === n1.lab.mac && e.timeUs >= t0 * 1000);
    const outcome: Outcome = {
      states: Object.fromEntries(INSTANCES.map((i) => [i, [d1.state(i), d2.state(i)]])),
      held: await held(c, net),
      reloadLines: d1.lines.slice(from[0]).map((l) => strip(l.text).replace(`10.${net}.`, '10.NET.'))
        .filter((l) => /no longer exist|Entering \w+ STATE/.test(l)),
      vi1Transitions: [...d1.lines.slice(from[0]), ...d2.lines.slice(from[1])].map((l) => strip(l.text)).filter((l) => l.startsWith('(VI_1) Entering')),
      vi1Deletions: monitor.deletions(`10.${net}.0.100`),
      vi1Adverts: { priorities: vi1.priorities, maxGapMs: vi1.maxGapMs, adverts: vi1.adverts },
      vi3Priorities: vi3.map((e) => (e.kind === 'advert' ? e.priority : -1)),
    };
    if (!converged) throw new Error(`no convergence (${JSON.stringify(outcome)}):\n${c.describe()}`);
    return outcome;
  } finally {
    await c.cleanup();
  }
}

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('a reload that changes, removes and adds instances converges as keepalived does', async (t) => {
    const [theirs, ours] = await Promise.all([scenario(73, 'keepalived'), scenario(74, 'keepalived-ts')]);
    t.comment(`keepalived node 1 reload lines: ${JSON.stringify(theirs.reloadLines)}`);
    t.comment(`keepalived-ts node 1 reload lines: ${JSON.stringify(ours.reloadLines)}`);
    t.same(ours.states, theirs.states, `states after the reload as with keepalived: ${JSON.stringify(ours.states)}`);
    t.same(ours.held, theirs.held, `VIP holders as with keepalived: ${JSON.stringify(ours.held)}`);
    t.same(ours.reloadLines.filter((l) => l.includes('no longer exist')), theirs.reloadLines.filter((l) => l.includes('no longer exist')),
      'the removed VIP is named as keepalived names it');
    t.same([...ours.reloadLines].sort(), [...theirs.reloadLines].sort(), 'the same state lines after the reload');
    for (const [who, o] of [['keepalived', theirs], ['keepalived-ts', ours]] as const) {
      t.same(o.vi1Transitions, [], `${who}: VI_1 (unchanged) never changed state`);
      t.same(o.vi1Deletions, [], `${who}: VI_1's VIP never left the interface`);
      t.same(o.vi1Adverts.priorities, [150], `${who}: VI_1 advertised at 150 throughout`);
      t.ok(o.vi1Adverts.maxGapMs < 2000, `${who}: VI_1's adverts continuous (longest gap ${o.vi1Adverts.maxGapMs} ms)`);
      // (a periodic advert may still fall between the SIGHUP and the reload)
      t.same(o.vi3Priorities.filter((p) => p !== 150), [0], `${who}: the removed VI_3 resigned with one priority-0 advert`);
      t.equal(o.vi3Priorities.at(-1), 0, `${who}: and said nothing after it`);
    }
  });
}
