// higher_prio_send_advert on the wire: a MASTER hearing a higher-priority advert. keepalived 2.2.7 sends one
// advert of its own before it goes BACKUP when higher_prio_send_advert is set, and none without. In each pair the
// node under test (priority 100) is MASTER alone; a keepalived at priority 200 then starts, preempts and
// advertises. tcpdump on the bridge counts the adverts of the node under test from the new MASTER's first advert
// on, with and without the keyword, for keepalived and keepalived-ts side by side; the states are compared too.
import t from 'tap';
import type { Implementation, VrrpDaemon } from '../../src/lab/vrrp-daemon';
import { runConf } from '../helpers/conf-node';
import { advertsOf, instanceConf, prioLab, sleep, type PrioLab, type PrioSlot } from '../helpers/prio-pairs';

const NET = 92;

interface Seen {
  /** The node's adverts after the higher-priority MASTER's first one: their priorities in order. */
  after: number[];
  states: string[];
}

async function observe(pl: PrioLab, s: PrioSlot, extra: string, tag: string): Promise<Seen> {
  const since = Date.now() * 1000; // the capture holds the earlier cases too
  const d = runConf(s.node, s.impl, pl.dir, `${tag}-node`, instanceConf(NET, s.vrid, 100, 'MASTER', extra));
  let peer: VrrpDaemon | undefined;
  try {
    await d.waitForLine(/\(VI_1\) Entering MASTER STATE/, 20_000);
    const from = d.lines.length;
    peer = runConf(s.peer, 'keepalived', pl.dir, `${tag}-peer`, instanceConf(NET, s.vrid, 200, 'BACKUP'));
    await peer.waitForLine(/\(VI_1\) Entering MASTER STATE/, 20_000);
    await d.waitForLine(/\(VI_1\) Entering BACKUP STATE/, 20_000, from);
    await sleep(1500); // anything the node still sends is on the wire
    const first = advertsOf(pl.capture, s.peer, s.vrid).find((e) => e.priority === 200 && e.timeUs >= since);
    const after = first ? advertsOf(pl.capture, s.node, s.vrid).filter((e) => e.timeUs >= first.timeUs).map((e) => e.priority) : [];
    const states = d.lines.slice(from).map((l) => /Entering (\w+) STATE/.exec(l.text)?.[1]).filter((x): x is string => x !== undefined);
    return { after, states };
  } finally {
    await peer?.stop('SIGTERM');
    await d.stop('SIGTERM');
  }
}

t.test('a MASTER hearing a higher priority answers as keepalived does', async (t) => {
  const pl = await prioLab(NET);
  t.teardown(pl.dispose);
  for (const [i, extra] of ['', '  higher_prio_send_advert'].entries()) {
    await t.test(extra.trim() || 'default', async (t) => {
      const seen = new Map<Implementation, Seen>();
      await Promise.all(pl.slots.map(async (s) => seen.set(s.impl, await observe(pl, s, extra, `c${i}-${s.impl}`))));
      const k = seen.get('keepalived')!;
      const o = seen.get('keepalived-ts')!;
      t.comment(`keepalived sent ${JSON.stringify(k.after)} after the new MASTER's first advert, states ${k.states.join(" > ")}; keepalived-ts ${JSON.stringify(o.after)}, ${o.states.join(" > ")}`);
      t.equal(k.after.length > 0, extra !== '', 'keepalived answers only with the keyword (test sanity)');
      // The window runs 1.5 s past the change to BACKUP: a BACKUP hearing the higher priority sends nothing.
      t.same(o.after, k.after, 'adverts after hearing the higher priority, as MASTER then as BACKUP (count, priority)');
      t.same(o.states, k.states, 'state changes');
    });
  }
});
