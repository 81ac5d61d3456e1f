// no_accept / vrrp_strict firewall: the nftables ruleset keepalived 2.2.7 and keepalived-ts leave on a node, read
// live from the same namespaces with `nft -j list ruleset` (handles dropped, counters zeroed) — as MASTER, as BACKUP
// after a higher-priority router took over, and after a stop — plus what it does to traffic (a ping to a VIP of a
// no_accept MASTER goes unanswered, the node's own address answers). Three configurations: vrrp_strict with IPv4
// VIPs and eVIPs and IPv6 (link-local and global) VIPs; a named table with nftables_priority, nftables_counters and
// a dont_track_primary IPv6 instance over a stale table of the same name; nftables_ifindex.
import t from 'tap';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLabAsync, type Lab } from '../../src/lab/netns-lab';
import { IMPLEMENTATIONS, type Implementation } from '../../src/lab/vrrp-daemon';
import { inNs, pings, runConf, settledRuleset, waitFor } from '../helpers/conf-node';

const NET = 81;
const v4 = (h: number | string): string => `10.${NET}.0.${h}`;
const v6 = (h: number | string): string => `fd00:${NET}::${h}`;

function instances(priority: number, extra: string, v6Extra = ''): string {
  return `vrrp_instance VI_4 {
  state BACKUP
  interface eth0
  virtual_router_id 41
  priority ${priority}
  advert_int 0.2
${extra}
  virtual_ipaddress {
    ${v4(100)}/24
    ${v4(101)}
  }
  virtual_ipaddress_excluded {
    10.${NET}.1.5/24
  }
}
vrrp_instance VI_6 {
  state BACKUP
  interface eth0
  virtual_router_id 42
  priority ${priority}
  advert_int 0.2
${extra}
${v6Extra}
  virtual_ipaddress {
    fe80::4242
    ${v6(100)}/64
  }
}
`;
}

interface Scenario {
  name: string;
  conf: (priority: number) => string;
  /** Prepares the node before the daemon starts (e.g. a stale table). */
  before?: string[];
  /** A higher-priority keepalived on node 2 takes over: the BACKUP ruleset is compared too. */
  takeover: boolean;
  /** A log line both must print. */
  logLine?: RegExp;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'vrrp_strict',
    conf: (p) => `global_defs {\n  vrrp_strict\n  vrrp_version 3\n}\n${instances(p, '')}`,
    takeover: true,
    logLine: /use_vmac or no_accept\/strict specified, but no firewall configured - using nftables/,
  },
  {
    name: 'nftables NAME, nftables_priority, nftables_counters, dont_track_primary, stale table',
    conf: (p) => `global_defs {\n  vrrp_version 3\n  nftables_priority 3\n  nftables kts_fw\n  nftables_priority 7\n  nftables_counters\n}\n${instances(p, '  no_accept', '  dont_track_primary')}`,
    before: ['add table ip kts_fw', 'add chain ip kts_fw stale'],
    takeover: false,
    logLine: /Deleting old ip kts_fw table/,
  },
  {
    name: 'nftables_ifindex with dont_track_primary',
    conf: (p) => `global_defs {\n  vrrp_version 3\n  nftables\n  nftables_ifindex\n}\n${instances(p, '  no_accept', '  dont_track_primary')}`,
    takeover: false,
  },
];

interface Observed {
  master: string[];
  backup?: string[];
  stopped: string[];
  vipAnswers: boolean;
  vip6Answers: boolean;
  ownAnswers: boolean;
  logLine: boolean;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function observe(lab: Lab, dir: string, s: Scenario, impl: Implementation, tag: string): Promise<Observed> {
  const [n1, n2, n3] = lab.nodes;
  if (s.before) await inNs(n1.ns, 'nft', [s.before.join('; ')]);
  const d = runConf(n1, impl, dir, `${tag}-n1`, s.conf(100));
  let peer: ReturnType<typeof runConf> | undefined;
  try {
    await d.waitForLine(/\(VI_4\) Entering MASTER STATE/, 20_000);
    await d.waitForLine(/\(VI_6\) Entering MASTER STATE/, 20_000);
    const master = await settledRuleset(n1.ns);
    const vipAnswers = await pings(n3.ns, v4(100));
    const vip6Answers = await pings(n3.ns, v6(100));
    const ownAnswers = await pings(n3.ns, v4(1));
    let backup: string[] | undefined;
    if (s.takeover) {
      const from = d.lines.length;
      peer = runConf(n2, 'keepalived', dir, `${tag}-n2`, s.conf(200));
      await d.waitForLine(/\(VI_4\) Entering BACKUP STATE/, 20_000, from);
      await d.waitForLine(/\(VI_6\) Entering BACKUP STATE/, 20_000, from);
      backup = await settledRuleset(n1.ns);
    }
    await d.stop('SIGTERM');
    const stopped = await settledRuleset(n1.ns, 3000);
    const logLine = s.logLine ? d.lines.some((l) => s.logLine!.test(l.text)) : true;
    return { master, backup, stopped, vipAnswers, vip6Answers, ownAnswers, logLine };
  } finally {
    await d.stop('SIGKILL');
    await peer?.stop('SIGTERM');
    await inNs(n1.ns, 'nft', ['flush', 'ruleset']);
    await sleep(100);
  }
}

t.test('nftables rules of no_accept / strict match keepalived', async (t) => {
  const lab = await createLabAsync([1, 2, 3].map((k) => ({ addrs: [`${v4(k)}/24`, `${v6(k)}/64`] })));
  const dir = mkdtempSync(join(tmpdir(), 'kts-fw-'));
  t.teardown(async () => {
    await lab.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  // let IPv6 neighbour discovery work before the first ping
  await waitFor(async () => pings(lab.nodes[2].ns, v6(1)), 5000);
  for (const [i, s] of SCENARIOS.entries()) {
    await t.test(s.name, async (t) => {
      const seen = new Map<Implementation, Observed>();
      for (const impl of IMPLEMENTATIONS) seen.set(impl, await observe(lab, dir, s, impl, `s${i}-${impl}`));
      const k = seen.get('keepalived')!;
      const o = seen.get('keepalived-ts')!;
      t.ok(k.master.some((l) => l.includes('"elem"')), 'keepalived has VIPs in its sets as MASTER (test sanity)');
      t.same(o.master, k.master, 'ruleset as MASTER');
      if (s.takeover) {
        t.ok(k.backup && k.backup.some((l) => l.includes('"table"')), 'keepalived keeps its tables as BACKUP (test sanity)');
        t.same(o.backup, k.backup, 'ruleset as BACKUP after a takeover');
      }
      t.same(k.stopped, [], 'keepalived deletes its tables at stop');
      t.same(o.stopped, [], 'keepalived-ts deletes its tables at stop');
      t.equal(k.vipAnswers, false, 'keepalived: a VIP of a no_accept MASTER does not answer');
      t.equal(o.vipAnswers, false, 'keepalived-ts: a VIP of a no_accept MASTER does not answer');
      t.equal(o.vip6Answers, k.vip6Answers, 'IPv6 VIP answers alike');
      t.equal(k.ownAnswers, true, 'keepalived: the node itself answers');
      t.equal(o.ownAnswers, true, 'keepalived-ts: the node itself answers');
      t.equal(k.logLine, true, `keepalived logs ${s.logLine ?? '-'}`);
      t.equal(o.logLine, true, `keepalived-ts logs ${s.logLine ?? '-'}`);
    });
  }
});
