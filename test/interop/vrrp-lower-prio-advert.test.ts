// lower_prio_no_advert on the wire: a MASTER hearing a lower-priority advert. keepalived 2.2.7 answers each such
// advert at once with an advert of its own ("forcing new election") and restarts its advert timer from there,
// unless lower_prio_no_advert is set (then it neither answers nor restarts). In each pair a keepalived peer at
// priority 100 that cannot hear VRRP (netfilter drop) stays MASTER advertising every 1.25 s; the node under test
// (priority 200, every 0.5 s) takes over and hears those adverts. The intervals are not multiples of each other,
// so when the answer and the node's own timer would race is never in question: each answer shows on the bridge as
// one advert off the node's 0.5 s beat. tcpdump counts them, with and without the keyword, for keepalived and
// keepalived-ts side by side; the log line about the lower priority is compared too.
import t from 'tap';
import type { Implementation, VrrpDaemon } from '../../src/lab/vrrp-daemon';
import type { AdvertEvent } from '../../src/lab/wire-events';
import { runConf } from '../helpers/conf-node';
import { advertsOf, deafenToVrrp, instanceConf, prioLab, sleep, type PrioLab, type PrioSlot } from '../helpers/prio-pairs';

const NET = 91;
const WINDOW_MS = 3750;
/** How far off the 0.5 s beat an advert must be to count as an answer (timer lateness is far smaller). */
const OFF_BEAT_US = 60_000;

interface Seen {
  own: number;
  peer: number;
  /** Gaps between two adverts of the node that are not its 0.5 s interval: one per answer. */
  offBeat: number;
  priorities: number[];
  /** The node's log lines about the lower-priority adverts, the peer's address normalised. */
  lines: string[];
}

function offBeat(adverts: AdvertEvent[]): number {
  let n = 0;
  for (let i = 1; i < adverts.length; i++) if (Math.abs(adverts[i].timeUs - adverts[i - 1].timeUs - 500_000) > OFF_BEAT_US) n++;
  return n;
}

async function observe(pl: PrioLab, s: PrioSlot, extra: string, tag: string): Promise<Seen> {
  const peer = runConf(s.peer, 'keepalived', pl.dir, `${tag}-peer`, instanceConf(NET, s.vrid, 100, 'MASTER', '', 1.25));
  let d: VrrpDaemon | undefined;
  try {
    await peer.waitForLine(/\(VI_1\) Entering MASTER STATE/, 20_000);
    d = runConf(s.node, s.impl, pl.dir, `${tag}-node`, instanceConf(NET, s.vrid, 200, 'BACKUP', extra));
    await d.waitForLine(/\(VI_1\) Entering MASTER STATE/, 20_000);
    await sleep(600); // past the take-over's own adverts
    const from = Date.now() * 1000;
    await sleep(WINDOW_MS);
    const to = Date.now() * 1000;
    await sleep(500); // tcpdump has written the window out
    const inWindow = (e: { timeUs: number }): boolean => e.timeUs >= from && e.timeUs < to;
    const own = advertsOf(pl.capture, s.node, s.vrid).filter(inWindow);
    const peerAdverts = advertsOf(pl.capture, s.peer, s.vrid).filter(inWindow);
    const peerAddr = s.peer.addrs[0].split('/')[0];
    const lines = [...new Set(d.lines.map((l) => l.text.replace(/^.*?\d\d:\d\d:\d\d \d{4}: /, ''))
      .filter((l) => /lower priority/.test(l)).map((l) => l.split(peerAddr).join('<PEER>')))];
    return { own: own.length, peer: peerAdverts.length, offBeat: offBeat(own), priorities: [...new Set(own.map((e) => e.priority))], lines };
  } finally {
    await d?.stop('SIGTERM');
    await peer.stop('SIGTERM');
  }
}

t.test('a MASTER hearing lower-priority adverts answers them as keepalived does', async (t) => {
  const pl = await prioLab(NET);
  t.teardown(pl.dispose);
  for (const s of pl.slots) await deafenToVrrp(s.peer);
  for (const [i, extra] of ['', '  lower_prio_no_advert'].entries()) {
    await t.test(extra.trim() || 'default', async (t) => {
      const seen = new Map<Implementation, Seen>();
      await Promise.all(pl.slots.map(async (s) => seen.set(s.impl, await observe(pl, s, extra, `c${i}-${s.impl}`))));
      const k = seen.get('keepalived')!;
      const o = seen.get('keepalived-ts')!;
      t.comment(`keepalived: ${k.own} adverts (${k.offBeat} off the beat) for ${k.peer} of the peer; keepalived-ts: ${o.own} (${o.offBeat}) for ${o.peer}`);
      t.ok(k.peer >= 2 && o.peer >= 2, 'the deaf peer kept advertising in both runs (test sanity)');
      if (extra) t.equal(k.offBeat, 0, 'keepalived keeps its beat with the keyword (test sanity)');
      else t.ok(k.offBeat >= k.peer - 1, 'keepalived answers each lower-priority advert (test sanity)');
      t.ok(Math.abs(o.offBeat - k.offBeat) <= 1, 'answers to the lower-priority adverts (window edges aside)');
      t.ok(Math.abs(o.own - k.own) <= 1, 'adverts in the window');
      t.same(o.priorities, k.priorities, 'advertised priority');
      t.same(o.lines, k.lines, 'log lines about the lower priority');
    });
  }
});
