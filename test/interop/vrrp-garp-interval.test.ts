// GARP / unsolicited NA spacing (vrrp_garp_interval, vrrp_gna_interval, garp_group) on the wire: keepalived 2.2.7
// and keepalived-ts each run alone on node 1 of the same segment, the hub captures what they announce when they
// become MASTER, and the sequence of announcements (kind and address, in order) and their spacing are compared.
// keepalived queues a send that comes too early with one pending flag per address, so repeats collapse: 3 VIPs ×
// garp_master_repeat 3 under a limit is A, A, B, C on the wire, one interval apart (2 VIPs: A, A, B).
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCapture } from '../../src/lab/capture';
import { createLabAsync } from '../../src/lab/netns-lab';
import { IMPLEMENTATIONS, type Implementation } from '../../src/lab/vrrp-daemon';
import type { AnnounceEvent } from '../../src/lab/wire-events';
import { runConf, waitFor } from '../helpers/conf-node';

const NET = 83;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function instances(): string {
  return `vrrp_instance V4 {
  state BACKUP
  interface eth0
  virtual_router_id 61
  priority 100
  advert_int 0.5
  garp_master_repeat 3
  garp_master_delay 0
  virtual_ipaddress {
    10.${NET}.0.100/24
    10.${NET}.0.101/24
    10.${NET}.0.102/24
  }
}
vrrp_instance V6 {
  state BACKUP
  interface eth0
  virtual_router_id 62
  priority 100
  advert_int 0.5
  garp_master_repeat 3
  garp_master_delay 0
  virtual_ipaddress {
    fd00:${NET}::100/64
    fd00:${NET}::101/64
  }
}
`;
}

const SCENARIOS = [
  {
    name: 'vrrp_garp_interval 0.1, vrrp_gna_interval 0.15',
    conf: `global_defs {\n  vrrp_version 3\n  vrrp_garp_interval 0.1\n  vrrp_gna_interval 0.15\n}\n${instances()}`,
    garpUs: 100_000, gnaUs: 150_000,
  },
  {
    name: 'garp_group { garp_interval 0.2; interface eth0 } (NAs not limited)',
    conf: `global_defs {\n  vrrp_version 3\n}\ngarp_group {\n  garp_interval 0.2\n  interface eth0\n}\n${instances()}`,
    garpUs: 200_000, gnaUs: 0,
  },
];

interface Seen {
  sequence: string[];
  minGap: { garp: number; na: number };
}

function minGap(events: AnnounceEvent[]): number {
  let min = Infinity;
  for (let i = 1; i < events.length; i++) min = Math.min(min, events[i].timeUs - events[i - 1].timeUs);
  return min;
}

t.test('GARP / NA spacing matches keepalived', async (t) => {
  const lab = await createLabAsync([1, 2].map((k) => ({ addrs: [`10.${NET}.0.${k}/24`, `fd00:${NET}::${k}/64`] })));
  const dir = mkdtempSync(join(tmpdir(), 'kts-garp-'));
  t.teardown(async () => {
    await lab.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const n1 = lab.nodes[0];
  for (const [i, s] of SCENARIOS.entries()) {
    await t.test(s.name, async (t) => {
      const seen = new Map<Implementation, Seen>();
      for (const impl of IMPLEMENTATIONS) {
        const cap = await startCapture(lab.hub, 'br0', join(dir, `s${i}-${impl}.pcap`));
        const d = runConf(n1, impl, dir, `s${i}-${impl}`, s.conf);
        try {
          await d.waitForLine(/\(V4\) Entering MASTER STATE/, 20_000);
          await d.waitForLine(/\(V6\) Entering MASTER STATE/, 20_000);
          const mine = (): AnnounceEvent[] =>
            cap.events().filter((e): e is AnnounceEvent => e.kind !== 'advert' && e.srcMac === n1.mac && /(\.10[0-2]|::10[01])$/.test(e.address));
          // 4 GARPs and 3 NAs under limits (see above), 9 + 6 without; then nothing more for a while
          let last = -1;
          await waitFor(async () => {
            const n = mine().length;
            const quiet = n === last && n >= 7;
            last = n;
            await sleep(400);
            return quiet;
          }, 10_000);
          const ev = mine();
          seen.set(impl, {
            sequence: ev.map((e) => `${e.kind} ${e.address}`),
            minGap: { garp: minGap(ev.filter((e) => e.kind === 'garp')), na: minGap(ev.filter((e) => e.kind === 'na')) },
          });
        } finally {
          await d.stop('SIGTERM');
          await cap.stop();
        }
      }
      const k = seen.get('keepalived')!;
      const o = seen.get('keepalived-ts')!;
      t.same(o.sequence.filter((x) => x.startsWith('garp')), k.sequence.filter((x) => x.startsWith('garp')), 'GARPs: same addresses in the same order');
      t.same(o.sequence.filter((x) => x.startsWith('na')), k.sequence.filter((x) => x.startsWith('na')), 'NAs: same addresses in the same order');
      // spacing: a limit is kept by both (less 5 ms for capture time stamps); without one the burst is back to back
      t.ok(k.minGap.garp >= s.garpUs - 5000, `keepalived spaces GARPs ≥ ${s.garpUs} µs (min ${k.minGap.garp})`);
      t.ok(o.minGap.garp >= s.garpUs - 5000, `keepalived-ts spaces GARPs ≥ ${s.garpUs} µs (min ${o.minGap.garp})`);
      if (s.gnaUs) {
        t.ok(k.minGap.na >= s.gnaUs - 5000, `keepalived spaces NAs ≥ ${s.gnaUs} µs (min ${k.minGap.na})`);
        t.ok(o.minGap.na >= s.gnaUs - 5000, `keepalived-ts spaces NAs ≥ ${s.gnaUs} µs (min ${o.minGap.na})`);
      } else {
        t.ok(o.minGap.na < 50_000 && k.minGap.na < 50_000, `no NA limit: back to back (${k.minGap.na} / ${o.minGap.na} µs)`);
      }
      t.comment(`keepalived: ${k.sequence.join(', ')}`);
    });
  }
});
