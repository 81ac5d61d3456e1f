// The interop scenarios, run on one segment per leg. A leg is a pairing of implementations: node1 (priority 200)
// and node2 (priority 100), each keepalived or keepalived-ts, so every direction of every event is covered:
//   failover:  election (node1 MASTER, VIP on node1 only) → node1 SIGKILLed, node2 takes over within
//              3 × interval + skew → node1 restarts and preempts (VIP on node1 only again) → node1 SIGTERMed, sends
//              priority 0, node2 takes over within the skew time; both nodes' adverts checked on the wire, no
//              receive errors logged, notify scripts ran;
//   nopreempt: node2 MASTER first, node1 (nopreempt) joins and stays BACKUP for two of its master-down intervals,
//              then takes over when node2 stops;
//   trio:      three nodes (200, 150, 100) in a chain of crash, stop, restart and preemption.
import type { Test } from 'tap';
import {
  checkAdverts, createVrrpCluster, legTodo, receiveErrors, short, type Implementation, type Takeover, type VrrpCluster,
  type VrrpInstanceSpec,
} from './vrrp-cluster';

export interface PairLeg {
  high: Implementation;
  low: Implementation;
}

/** keepalived pair first (the harness baseline), then each direction of the mix, then keepalived-ts only. */
export const PAIR_LEGS: PairLeg[] = [
  { high: 'keepalived', low: 'keepalived' },
  { high: 'keepalived-ts', low: 'keepalived' },
  { high: 'keepalived', low: 'keepalived-ts' },
  { high: 'keepalived-ts', low: 'keepalived-ts' },
];

export type InstanceMode = Omit<VrrpInstanceSpec, 'vips'>;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** "v2 IPv4 multicast PASS 1s" */
export function modeTitle(m: InstanceMode): string {
  return `v${m.version} IPv${m.family} ${m.unicast ? 'unicast' : 'multicast'}${m.auth && m.auth !== 'none' ? ` ${m.auth}` : ''} ${m.advertInt}s`;
}

/** Generous wait for a state change: process start-up plus two master-down intervals. */
const settleMs = (m: InstanceMode): number => 8000 + 2 * (3 * m.advertInt * 1000 + 1000);

let netCounter = 0;
/** A distinct 10.x / fd00:x subnet per segment of this process (readability of captures and logs only). */
const nextNet = (): number => 100 + (netCounter++ % 150);

/** Passes when cond, else fails with the cluster's description as a diagnostic. */
function expect(t: Test, cond: boolean, msg: string, c: VrrpCluster): boolean {
  return t.ok(cond, msg, cond ? {} : { diagnostic: true, cluster: c.describe() });
}

/** Checks a takeover's gap against the bound: not before 0.95 × bound (the backup waited), at most 1.25 × + 25 ms. */
function checkGap(t: Test, tk: Takeover | undefined, boundMs: number, what: string, c: VrrpCluster): void {
  if (!expect(t, tk !== undefined, `${what}: takeover seen on the wire`, c) || !tk) return;
  const ratio = tk.gapMs / boundMs;
  t.comment(`${what}: ${tk.gapMs.toFixed(1)} ms from the last advert of the old master to the first of the new (bound ${boundMs.toFixed(1)} ms, ratio ${ratio.toFixed(3)})`);
  expect(t, tk.gapMs >= 0.95 * boundMs && tk.gapMs <= 1.25 * boundMs + 25, `${what}: gap ${tk.gapMs.toFixed(1)} ms within [0.95, 1.25] × ${boundMs.toFixed(1)} ms (+25 ms)`, c);
}

/** Checks that node i's notify script logged a line containing each of the given texts. */
function checkNotify(t: Test, c: VrrpCluster, i: number, texts: string[]): void {
  const lines = c.notifications(i);
  for (const text of texts) t.ok(lines.some((l) => l.includes(text)), `${c.nodes[i].name} notify: "${text}"`, { lines });
}

const legTitle = (impls: Implementation[]): string => impls.map(short).join('/');

/**
 * Registers one subtest per leg (they run in parallel: t.jobs is raised to fit), each a tap todo while an
 * implementation it needs does not run.
 */
export async function legs<L>(t: Test, list: L[], impls: (leg: L) => Implementation[], title: (leg: L) => string, run: (t: Test, leg: L) => Promise<void>): Promise<void> {
  t.jobs += list.length;
  for (const leg of list) {
    const todo = await legTodo(impls(leg));
    if (todo) t.test(title(leg), { todo }, async () => undefined);
    else t.test(title(leg), (tt) => run(tt, leg));
  }
}

export async function failoverScenario(t: Test, mode: InstanceMode, leg: PairLeg): Promise<void> {
  const c = await createVrrpCluster({ instance: mode, nodes: [{ priority: 200 }, { priority: 100 }], net: nextNet() });
  t.teardown(() => c.cleanup());
  const wait = settleMs(mode);
  const pause = (): Promise<void> => sleep(Math.max(300, 3 * mode.advertInt * 1000));
  const vip = c.vips[0];

  c.start(1, leg.low);
  c.start(0, leg.high);
  expect(t, await c.waitStable(0, wait), `election: node1 (${short(leg.high)}, 200) MASTER, node2 (${short(leg.low)}, 100) BACKUP`, c);
  t.ok(await c.soleHolder(0), `election: ${vip} on node1 only`);

  await pause();
  const killedAt = await c.stop(0, 'SIGKILL');
  expect(t, await c.waitStable(1, wait), 'crash (SIGKILL node1): node2 becomes MASTER and holds the VIP', c);
  checkGap(t, await c.takeover(0, 1, killedAt), c.boundMs('crash', 1), 'crash takeover', c);
  t.comment(`the crashed node1 keeps its stale ${vip}: ${(await c.vipHolders()).includes(0)}`);

  c.start(0, leg.high);
  expect(t, await c.waitStable(0, wait), 'preemption: restarted node1 (200) becomes MASTER again, node2 BACKUP', c);
  t.ok(await c.soleHolder(0), `preemption: ${vip} on node1 only (its start-up removed the stale copy)`);

  await pause();
  const stoppedAt = await c.stop(0, 'SIGTERM');
  expect(t, await c.waitStable(1, wait), 'stop (SIGTERM node1): node2 becomes MASTER', c);
  t.ok(await c.soleHolder(1), `stop: node1 released ${vip}, node2 holds it alone`);
  const tk = await c.takeover(0, 1, stoppedAt);
  t.equal(tk?.lastOld.priority, 0, 'stop: node1 sent a priority-0 advert last');
  checkGap(t, tk, c.boundMs('stop', 1), 'stop takeover', c);

  await sleep(200); // the notify scripts run asynchronously
  checkAdverts(t, c, 0);
  checkAdverts(t, c, 1);
  t.same(receiveErrors(c, 0), [], 'node1 logged no receive error');
  t.same(receiveErrors(c, 1), [], 'node2 logged no receive error');
  checkNotify(t, c, 0, ['master', 'notify INSTANCE VI_1 MASTER 200', 'stop', 'notify INSTANCE VI_1 STOP 200']);
  checkNotify(t, c, 1, ['backup', 'notify INSTANCE VI_1 BACKUP 100', 'master', 'notify INSTANCE VI_1 MASTER 100']);
}

export async function nopreemptScenario(t: Test, mode: InstanceMode, leg: PairLeg): Promise<void> {
  const c = await createVrrpCluster({
    instance: mode, nodes: [{ priority: 200, nopreempt: true }, { priority: 100, nopreempt: true }], net: nextNet(),
  });
  t.teardown(() => c.cleanup());
  const wait = settleMs(mode);

  c.start(1, leg.low);
  expect(t, await c.waitStable(1, wait), `node2 (${short(leg.low)}, 100) alone becomes MASTER`, c);
  const d = c.start(0, leg.high);
  expect(t, await c.waitUntil(() => c.state(0) === 'BACKUP', wait), `node1 (${short(leg.high)}, 200, nopreempt) starts BACKUP`, c);
  await sleep(2 * c.boundMs('crash', 0) + 1000 * mode.advertInt);
  expect(t, c.state(0) === 'BACKUP' && c.state(1) === 'MASTER' && await c.soleHolder(1),
    'nopreempt: after two of node1\'s master-down intervals node2 is still MASTER with the VIP, node1 BACKUP', c);
  t.notOk(d.lines.some((l) => /Entering MASTER STATE/.test(l.text)), 'node1 never entered MASTER');

  const stoppedAt = await c.stop(1, 'SIGTERM');
  expect(t, await c.waitStable(0, wait), 'node2 stopped: the nopreempt node1 takes over', c);
  checkGap(t, await c.takeover(1, 0, stoppedAt), c.boundMs('stop', 0), 'stop takeover', c);
  t.same(receiveErrors(c, 0), [], 'node1 logged no receive error');
}

/** Three nodes (priorities 200, 150, 100): crash, stop, restart and preemption in a chain. */
export async function trioScenario(t: Test, mode: InstanceMode, impls: Implementation[]): Promise<void> {
  // node1 says `state MASTER`: below priority 255 keepalived still starts it BACKUP and lets the down timer decide
  const c = await createVrrpCluster({
    instance: mode, nodes: [{ priority: 200, state: 'MASTER' }, { priority: 150 }, { priority: 100 }], net: nextNet(),
  });
  t.teardown(() => c.cleanup());
  const wait = settleMs(mode);
  const pause = (): Promise<void> => sleep(Math.max(300, 3 * mode.advertInt * 1000));
  const name = (i: number): string => `node${i + 1} (${short(impls[i])}, ${c.nodes[i].spec.priority})`;

  for (const i of [2, 1, 0]) c.start(i, impls[i]);
  expect(t, await c.waitStable(0, wait), `election: ${name(0)} MASTER, the others BACKUP`, c);
  t.ok(await c.soleHolder(0), 'election: the VIP on node1 only');

  await pause();
  const killedAt = await c.stop(0, 'SIGKILL');
  expect(t, await c.waitStable(1, wait), `crash of node1: ${name(1)} (shorter skew) takes over, node3 stays BACKUP`, c);
  checkGap(t, await c.takeover(0, 1, killedAt), c.boundMs('crash', 1), 'crash takeover by node2', c);

  await pause();
  const stoppedAt = await c.stop(1, 'SIGTERM');
  expect(t, await c.waitStable(2, wait), `stop of node2: ${name(2)} takes over`, c);
  checkGap(t, await c.takeover(1, 2, stoppedAt), c.boundMs('stop', 2), 'stop takeover by node3', c);

  c.start(1, impls[1]);
  expect(t, await c.waitStable(1, wait), 'node2 restarts and preempts node3', c);
  c.start(0, impls[0]);
  expect(t, await c.waitStable(0, wait), 'node1 restarts and preempts node2', c);
  t.ok(await c.soleHolder(0), 'the VIP on node1 only at the end');

  for (const i of [0, 1, 2]) {
    checkAdverts(t, c, i);
    t.same(receiveErrors(c, i), [], `${name(i)} logged no receive error`);
  }
}

/** The pair scenarios of one instance mode, every leg in parallel. */
export async function pairMatrix(t: Test, mode: InstanceMode): Promise<void> {
  await legs(t, PAIR_LEGS, (l) => [l.high, l.low], (l) => `failover ${legTitle([l.high, l.low])}`, (tt, l) => failoverScenario(tt, mode, l));
  await legs(t, PAIR_LEGS, (l) => [l.high, l.low], (l) => `nopreempt ${legTitle([l.high, l.low])}`, (tt, l) => nopreemptScenario(tt, mode, l));
}
