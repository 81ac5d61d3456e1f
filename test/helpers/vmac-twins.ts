// What the VMAC tests compare between keepalived and keepalived-ts in twin namespaces (route-twins.ts): the
// macvlans as `ip -d -j link` shows them, the addresses on them, every net.ipv4.conf / net.ipv6.conf sysctl, the
// nftables ruleset, and
// the adverts and address announcements seen on the wire (tcpdump on eth0's peer p0 in the same namespace).
import { execFile } from 'node:child_process';
import type { Test } from 'tap';
import { join } from 'node:path';
import { Capture, startCapture } from '../../src/lab/capture';
import type { WireEvent } from '../../src/lab/wire-events';
import { ipIn, pollUntil, Twin, Twins } from './route-twins';

export const BASE_MAC = '02:00:00:00:00:01';

export function vmacConf(o: { family: 4 | 6; vrid: number; xmitBase?: boolean; priority?: number; name?: string }): string {
  const vip = o.family === 4 ? '10.168.200.100/24' : 'fd00:1::100/64';
  return `vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id ${o.vrid}
  priority ${o.priority ?? 100}
  advert_int 1
  use_vmac${o.name ? ` ${o.name}` : ''}
${o.xmitBase ? '  vmac_xmit_base\n' : ''}  virtual_ipaddress {
    ${vip}
  }
}
`;
}

/** The virtual MAC of an instance (RFC 5798 §7.3). */
export function virtualMac(family: 4 | 6, vrid: number): string {
  return `00:00:5e:00:0${family === 4 ? 1 : 2}:${vrid.toString(16).padStart(2, '0')}`;
}

function sh(ns: string, script: string): Promise<string> {
  return new Promise((res, rej) => execFile('ip', ['netns', 'exec', ns, 'sh', '-c', script], { encoding: 'utf8' },
    (e, out, err) => (e ? rej(new Error(`${script}: ${err || e.message}`)) : res(out))));
}

type Json = Record<string, unknown>;

/** The macvlans of a namespace as `ip -d -j link` shows them, without the index and counters. */
export async function macvlans(ns: string): Promise<Json[]> {
  const links = JSON.parse(await ipIn(ns, ['-d', '-j', 'link', 'show'])) as Json[];
  return links.filter((l) => (l.linkinfo as Json | undefined)?.info_kind === 'macvlan').map((l) => {
    const { ifindex: _i, stats64: _s, ...rest } = l;
    return rest;
  });
}

/** The addresses of one interface (`ip -j addr show dev`), lifetimes as the kernel counts them down left out. */
export async function addressesOf(ns: string, dev: string): Promise<string[]> {
  const out = JSON.parse(await ipIn(ns, ['-j', 'addr', 'show', 'dev', dev]).catch(() => '[]')) as Json[];
  return out.flatMap((l) => (l.addr_info as Json[]).map((a) => {
    const { valid_life_time: _v, preferred_life_time: p, ...keep } = a;
    return JSON.stringify({ ...keep, deprecated: p === 0 });
  })).sort();
}

/** Every net.ipv4.conf.* and net.ipv6.conf.* sysctl, one `name = value` line each. */
export async function confSysctls(ns: string): Promise<string[]> {
  const out = await sh(ns, "sysctl -a -r '^net\\.ipv[46]\\.conf\\.' 2>/dev/null; true");
  return out.split('\n').filter((l) => l !== '' && !l.includes('stable_secret')).sort();
}

/** `nft list ruleset`, one line each (keepalived's VMAC map sends IGMP/MLD reports out of the base). */
export async function nftRuleset(ns: string): Promise<string[]> {
  return (await sh(ns, 'nft list ruleset')).split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/** Lines one list has and the other has not, labelled. */
export function lineDiff(theirs: readonly string[], ours: readonly string[]): string[] {
  const a = new Set(theirs);
  const b = new Set(ours);
  return [...theirs.filter((x) => !b.has(x)).map((x) => `keepalived only: ${x}`), ...ours.filter((x) => !a.has(x)).map((x) => `keepalived-ts only: ${x}`)];
}

/** Everything the tests compare about one twin's VMAC at one moment. */
export async function vmacSnapshot(ns: string, vmac: string): Promise<Record<string, string[]>> {
  return {
    'ip -d -j link (macvlans)': (await macvlans(ns)).map((l) => JSON.stringify(l)),
    [`ip -j addr show dev ${vmac}`]: await addressesOf(ns, vmac),
    'sysctl net.ipv[46].conf': await confSysctls(ns),
    'nft list ruleset': await nftRuleset(ns),
  };
}

export function snapshotDiff(theirs: Record<string, string[]>, ours: Record<string, string[]>): string[] {
  return Object.keys(theirs).flatMap((k) => lineDiff(theirs[k], ours[k] ?? []).map((l) => `${k}: ${l}`));
}

/** A capture on each twin's p0 (what eth0 and the macvlans on it send). */
export async function captureBoth(twins: Twins): Promise<Map<Twin, Capture>> {
  const caps = new Map<Twin, Capture>();
  for (const t of twins.both) caps.set(t, await startCapture(t.ns, 'p0', join(twins.dir, `${t.kind}.pcap`)));
  return caps;
}

/** The kinds of frame seen, by sender MAC and source address: `advert 00:00:5e:00:01:33 10.168.200.1 prio 100`. */
export function frameKinds(events: readonly WireEvent[], vrid: number): string[] {
  const out = new Set<string>();
  for (const e of events) {
    if (e.kind === 'advert') {
      if (e.vrid === vrid) out.add(`advert ${e.srcMac} ${e.src} > ${e.dst} prio ${e.priority}`);
    } else {
      out.add(`${e.kind} ${e.srcMac} ${e.address}`);
    }
  }
  return [...out].sort();
}

/** Waits until a twin logged a line matching pattern (at least `count` times). */
export async function waitLog(t: Twin, pattern: RegExp, count = 1, timeoutMs = 30000): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (t.log().filter((l) => pattern.test(l)).length >= count) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Asserts that both twins' lines agree, allowing output still in a pipe a few seconds to arrive. */
async function sameLines(t: Test, lines: () => string[][], what: string): Promise<void> {
  await pollUntil(async () => {
    const [a, b] = lines();
    return JSON.stringify(a) === JSON.stringify(b);
  }, 5000);
  const [theirs, ours] = lines();
  t.same(ours, theirs, what);
}

export interface ScenarioOptions {
  family: 4 | 6;
  xmitBase: boolean;
  /** all.rp_filter set in both namespaces before start (keepalived clears it for an IPv4 VMAC). */
  allRpFilter?: number;
  /** Also delete the VMAC by hand while MASTER, and compare what each does. */
  deleteVmac?: boolean;
  /** Also set the VMAC down by hand (then up again) while MASTER, and compare what each does. */
  downUp?: boolean;
}

const VRID = 51;

/**
 * One instance with use_vmac alone in each twin: compared in BACKUP (right after start), in MASTER, on the wire,
 * after a hand deletion of the VMAC (optional) and after SIGTERM.
 */
export async function vmacScenario(t: Test, o: ScenarioOptions): Promise<void> {
  const twins = await Twins.create();
  t.teardown(() => twins.cleanup());
  const vmac = `vrrp.${VRID}`;
  const mac = virtualMac(o.family, VRID);
  if (o.allRpFilter !== undefined) {
    await Promise.all(twins.both.map((x) => sh(x.ns, `sysctl -qw net.ipv4.conf.all.rp_filter=${o.allRpFilter}`)));
  }
  const before = await confSysctls(twins.ours.ns);
  const caps = await captureBoth(twins);
  t.teardown(() => Promise.all([...caps.values()].map((c) => c.stop())));
  twins.start(vmacConf({ family: o.family, vrid: VRID, xmitBase: o.xmitBase }));

  // BACKUP: each snapshot taken as soon as that twin reports it (the master-down timer is 3.6 s away).
  const backup = await Promise.all(twins.both.map(async (x) => {
    t.ok(await waitLog(x, /^\(VI_1\) Entering BACKUP STATE/), `${x.kind} entered BACKUP`);
    return vmacSnapshot(x.ns, vmac);
  }));
  t.same(snapshotDiff(backup[0], backup[1]), [], 'in BACKUP: the VMAC, its addresses, every conf sysctl and the nftables ruleset agree with keepalived');
  const link = JSON.parse(backup[1]['ip -d -j link (macvlans)'][0] ?? '{}') as Json;
  t.match(link, { ifname: vmac, link: 'eth0', address: mac, linkinfo: { info_kind: 'macvlan', info_data: { mode: 'private' } }, operstate: 'UP' },
    `${vmac}: a private macvlan on eth0 with ${mac}, up in BACKUP`);

  t.same(await Promise.all(twins.both.map((x) => waitLog(x, /^\(VI_1\) Entering MASTER STATE/))), [true, true], "both become MASTER");
  const master = async (): Promise<string[]> => snapshotDiff(await vmacSnapshot(twins.theirs.ns, vmac), await vmacSnapshot(twins.ours.ns, vmac));
  let diff: string[] = [];
  const agreed = await pollUntil(async () => (diff = await master()).length === 0, 10000);
  t.ok(agreed, 'in MASTER: the VMAC, its addresses (the VIP), every conf sysctl and the nftables ruleset agree with keepalived');
  if (!agreed) t.same(diff, []);
  t.ok((await addressesOf(twins.ours.ns, vmac)).some((a) => a.includes(o.family === 4 ? '10.168.200.100' : 'fd00:1::100')), 'the VIP is on the VMAC');

  // The wire: each twin's adverts and announcements, by sender MAC.
  const advertMac = o.xmitBase ? BASE_MAC : mac;
  const seen = await pollUntil(async () => twins.both.every((x) => {
    const kinds = frameKinds(caps.get(x)?.events() ?? [], VRID);
    return kinds.some((k) => k.startsWith(`advert ${advertMac}`)) && kinds.some((k) => /^(garp|na) /.test(k));
  }), 10000);
  t.ok(seen, `both send adverts from ${advertMac} and announce the VIP`);
  const kinds = twins.both.map((x) => frameKinds(caps.get(x)?.events() ?? [], VRID));
  t.same(kinds[1], kinds[0], 'the same kinds of frame from the same MACs and addresses as keepalived');
  t.ok(kinds[1].every((k) => !/^(garp|na) /.test(k) || k.includes(mac)), `GARPs / NAs come from ${mac}`);

  if (o.deleteVmac) {
    // GARP lines are left out: the refresh burst 5 s after MASTER lands either side of a mark by timing alone.
    const interesting = (x: Twin): string[] => x.log().filter((l) => /VMAC|vrrp\.\d+|Entering|VIPs/.test(l) && !/Sending/.test(l));
    const mark = twins.both.map((x) => interesting(x).length);
    await Promise.all(twins.both.map((x) => ipIn(x.ns, ['link', 'del', vmac])));
    const back = await Promise.all(twins.both.map((x) => waitLog(x, /^\(VI_1\) Entering MASTER STATE/, 2)));
    t.same(back, [true, true], 'both re-create the VMAC and become MASTER again');
    await sameLines(t, () => twins.both.map((x, i) => interesting(x).slice(mark[i])), 'with the same log lines as keepalived (FAULT, VMAC re-created, BACKUP, MASTER)');
    t.ok(await pollUntil(async () => (await master()).length === 0, 10000), 'and the same VMAC, addresses, sysctls and nftables ruleset');
  }

  if (o.downUp) {
    const interesting = (x: Twin): string[] => x.log().filter((l) => /vrrp\.\d+|Entering|VIPs|priority/.test(l) && !/Sending/.test(l));
    const mark = twins.both.map((x) => interesting(x).length);
    const masters = twins.both.map((x) => x.log().filter((l) => /^\(VI_1\) Entering MASTER STATE/.test(l)).length);
    await Promise.all(twins.both.map((x) => ipIn(x.ns, ['link', 'set', vmac, 'down'])));
    t.same(await Promise.all(twins.both.map((x) => waitLog(x, /^\(VI_1\) Entering FAULT STATE/, o.deleteVmac ? 2 : 1))), [true, true], 'VMAC set down by hand: both FAULT');
    t.ok(await pollUntil(async () => (await master()).length === 0, 10000), 'the VMAC stays down in both, without the VIP');
    await Promise.all(twins.both.map((x) => ipIn(x.ns, ['link', 'set', vmac, 'up'])));
    t.same(await Promise.all(twins.both.map((x, i) => waitLog(x, /^\(VI_1\) Entering MASTER STATE/, masters[i] + 1))), [true, true], 'set up again: both MASTER again');
    await sameLines(t, () => twins.both.map((x, i) => interesting(x).slice(mark[i])), 'with the same log lines as keepalived');
  }

  if (o.allRpFilter !== undefined) {
    const notices = (x: Twin): string[] => x.log().filter((l) => l.startsWith('NOTICE: ') && l.includes('rp_filter'));
    t.same(notices(twins.ours), notices(twins.theirs), 'the same rp_filter NOTICE lines');
  }

  await twins.stop();
  t.same(await macvlans(twins.ours.ns), [], 'keepalived-ts removed its VMAC at stop');
  t.same(await macvlans(twins.theirs.ns), [], 'as keepalived did');
  const afterStop = await Promise.all(twins.both.map((x) => confSysctls(x.ns)));
  t.same(lineDiff(afterStop[0], afterStop[1]), [], 'both leave the same sysctls behind');
  t.same(await nftRuleset(twins.ours.ns), await nftRuleset(twins.theirs.ns), 'and the same nftables ruleset (none)');
  const left = afterStop[1].filter((l) => !before.includes(l));
  t.comment(`sysctls left changed after stop (by both): ${left.join('; ') || 'none'}`);
}
