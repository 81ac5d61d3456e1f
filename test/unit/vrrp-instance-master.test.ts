// MASTER state (RFC 3768 §6.4.3, RFC 5798 §6.4.3) as keepalived 2.2.7 implements it (vrrp_state_master_tx,
// vrrp_state_become_master, vrrp_state_master_rx, vrrp_state_leave_master), with the exact order of actions.
import t from 'tap';
import type { Action } from '../../src/vrrp/instance';
import { adverts, Harness, kinds, logs, S, states } from './vrrp-instance-harness';

const master = (input: ConstructorParameters<typeof Harness>[0] = {}): Harness => {
  const h = new Harness(input);
  h.start(0);
  h.runUntil(3_609_375);
  if (h.inst.state !== 'MASTER') throw new Error('not master');
  return h;
};
const T0 = 3_609_375;

t.test('transition to MASTER: advert first, log, firewall, VIPs, eVIPs, routes, rules, GARPs, notify, LVS', async (t) => {
  const h = new Harness({ evips: ['e'], routes: ['r'], rules: ['u'], accept: false, logDetail: true });
  h.start(0);
  const a = h.runUntil(T0);
  t.same(kinds(a), [
    'log', // Receive advertisement timeout (-D)
    'stateChanged', 'sendAdvert', 'log', // Entering MASTER STATE
    'log', 'firewallDrop', 'log', 'add', 'log', 'add', 'log', 'add', 'log', 'add',
    'sendGarps', 'notify:script', 'notify:generic', 'notify:fifo', 'notify:alerts', 'lvsSyncDaemon',
  ]);
  t.same(logs(a), ['(VI_1) Receive advertisement timeout', '(VI_1) Entering MASTER STATE',
    '(VI_1) setting firewall drop rule', '(VI_1) setting VIPs.', '(VI_1) setting E-VIPs.',
    '(VI_1) setting Virtual Routes', '(VI_1) setting Virtual Rules']);
  t.same(a.filter((x) => x.kind === 'add').map((x) => x.kind === 'add' && x.what), ['vips', 'evips', 'routes', 'rules']);
  t.same(a.find((x) => x.kind === 'sendGarps'), { kind: 'sendGarps', count: 5, reason: 'master' });
  t.same(a.filter((x) => x.kind === 'runNotify'), [
    { kind: 'runNotify', step: 'script', script: 'notify_master' },
    { kind: 'runNotify', step: 'generic', args: ['INSTANCE', 'VI_1', 'MASTER', '100'] },
    { kind: 'runNotify', step: 'fifo', line: 'INSTANCE "VI_1" MASTER 100\n' },
    { kind: 'runNotify', step: 'alerts', state: 'MASTER', priority: 100 },
  ]);
  t.equal(h.inst.stats.becomeMaster, 1);
});

t.test('master adverts every advert_int (RFC §6.4.3), second GARP burst after garp_master_delay', async (t) => {
  const h = master();
  t.equal(h.inst.nextDeadline(), T0 + S);
  const a = h.runUntil(T0 + 5 * S);
  t.same(adverts(a), [100, 100, 100, 100, 100]);
  t.same(a.filter((x) => x.kind === 'sendGarps'), [{ kind: 'sendGarps', count: 5, reason: 'master-delayed' }]);
  t.equal(h.inst.stats.advertSent, 6);
});

t.test('garp_master_delay 0: no second burst; garp_master_refresh: bursts at advert ticks past the refresh time', async (t) => {
  const h = master({ garp: { masterDelayUs: 0, masterRefreshUs: 2.5 * S, masterRefreshRepeat: 2 } });
  const a = h.runUntil(T0 + 6 * S);
  // refresh due at T0+2.5 s: sent at the T0+3 s tick, next due T0+5.5 s: sent at T0+6 s.
  const garps = a.filter((x) => x.kind === 'sendGarps');
  t.same(garps, [{ kind: 'sendGarps', count: 2, reason: 'refresh' }, { kind: 'sendGarps', count: 2, reason: 'refresh' }]);
});

t.test('trap 9: hearing a lower priority, the master re-advertises, sends 5 GARPs, 5 more after 5 s, notifies', async (t) => {
  const h = master();
  const a = h.advert({ priority: 50, source: '10.0.0.7' }, T0 + 0.5 * S);
  t.same(logs(a), ['(VI_1) Received advert from 10.0.0.7 with lower priority 50, ours 100, forcing new election']);
  t.same(kinds(a), ['log', 'sendAdvert', 'sendGarps', 'notify:script', 'notify:fifo']);
  t.same(a.filter((x) => x.kind === 'runNotify'), [
    { kind: 'runNotify', step: 'script', script: 'notify_master_rx_lower_pri' },
    { kind: 'runNotify', step: 'fifo', line: 'INSTANCE "VI_1" MASTER_RX_LOWER_PRI 100\n' },
  ]);
  t.equal(h.inst.nextDeadline(), T0 + 0.5 * S + S, 'advert timer restarted after the extra advert');
  const b = h.runUntil(T0 + 5.5 * S);
  t.same(b.filter((x) => x.kind === 'sendGarps').map((x) => x.kind === 'sendGarps' && x.reason),
    ['master-delayed', 'lower-prio-delayed']);
  t.equal(h.inst.state, 'MASTER');
});

t.test('lower_prio_no_advert: no extra advert, no timer restart, no ", forcing new election"', async (t) => {
  const h = master({ lowerPrioNoAdvert: true });
  const a = h.advert({ priority: 50, source: '10.0.0.7' }, T0 + 0.5 * S);
  t.same(logs(a), ['(VI_1) Received advert from 10.0.0.7 with lower priority 50, ours 100']);
  t.same(adverts(a), []);
  t.equal(h.inst.nextDeadline(), T0 + S);
});

t.test('garp_lower_prio_repeat 0: no GARPs on a lower-priority advert', async (t) => {
  const h = master({ garp: { lowerPrioRepeat: 0 } });
  const a = h.advert({ priority: 50 }, T0 + 0.5 * S);
  t.same(a.filter((x) => x.kind === 'sendGarps'), []);
});

t.test('higher priority ⇒ BACKUP: log, LVS, "Entering BACKUP STATE", removals, notify; full down timer', async (t) => {
  const h = master({ evips: ['e'], routes: ['r'], rules: ['u'] });
  const a = h.advert({ priority: 150, source: '10.0.0.1' }, T0 + 0.5 * S);
  t.same(logs(a, false), ['(VI_1) Master received advert from 10.0.0.1 with higher priority 150, ours 100',
    '(VI_1) Entering BACKUP STATE']);
  t.same(kinds(a.filter((x) => !(x.kind === 'log' && x.detail))), ['log', 'lvsSyncDaemon', 'log', 'remove', 'remove',
    'cancelQueuedGarps', 'remove', 'remove', 'stateChanged', 'notify:script', 'notify:generic', 'notify:fifo',
    'notify:alerts']);
  t.same(a.filter((x) => x.kind === 'remove').map((x) => x.kind === 'remove' && x.what), ['rules', 'routes', 'vips', 'evips']);
  t.same(adverts(a), [], 'no advert when yielding to a higher priority');
  t.equal(h.inst.nextDeadline(), T0 + 0.5 * S + 3_609_375);
  t.equal(h.inst.stats.releaseMaster, 1);
});

t.test('higher_prio_send_advert: one advert at our priority before yielding', async (t) => {
  const h = master({ higherPrioSendAdvert: true });
  const a = h.advert({ priority: 150 }, T0 + 0.5 * S);
  t.same(adverts(a), [100]);
  t.equal(a.findIndex((x) => x.kind === 'sendAdvert') < a.findIndex((x) => x.kind === 'stateChanged'), true);
  t.equal(h.inst.state, 'BACKUP');
});

t.test('equal priority, tie-break on the address (RFC §6.4.3): the higher address wins', async (t) => {
  const low = master({ sourceAddress: '10.0.0.9' });
  const a = low.advert({ priority: 100, source: '10.0.0.10' }, T0 + 0.5 * S);
  t.same(logs(a, false), ['(VI_1) Master received advert from 10.0.0.10 with same priority 100 but higher IP address than ours',
    '(VI_1) Entering BACKUP STATE'], 'numeric, not text, comparison: .10 > .9');
  const high = master({ sourceAddress: '10.0.0.10' });
  const b = high.advert({ priority: 100, source: '10.0.0.9' }, T0 + 0.5 * S);
  t.same(logs(b, false), ['(VI_1) Received advert from 10.0.0.9 with lower priority 100, ours 100, forcing new election']);
  t.equal(high.inst.state, 'MASTER');
  const v6 = master({ family: 6, version: 3, sourceAddress: 'fe80::9' });
  v6.advert({ priority: 100, source: 'fe80::a' }, T0 + 0.5 * S);
  t.equal(v6.inst.state, 'BACKUP', '128-bit comparison');
});

t.test('equal priority from our own address: warning, ignored', async (t) => {
  const h = master();
  const a = h.advert({ priority: 100, source: '10.0.0.2' }, T0 + 0.5 * S);
  t.same(logs(a), ['(VI_1) WARNING - equal priority advert received from remote host with our IP address.']);
  t.equal(h.inst.state, 'MASTER');
});

t.test('priority 0 heard by a master: send an advert at once (RFC §6.4.3), stay master', async (t) => {
  const h = master();
  const a = h.advert({ priority: 0 }, T0 + 0.25 * S);
  t.same(adverts(a), [100]);
  t.same(logs(a), ['(VI_1) Master received priority 0 message']);
  t.equal(h.inst.nextDeadline(), T0 + 1.25 * S);
});

t.test('two address owners: the one hearing the other reports a config error, drops to 254 and yields', async (t) => {
  const h = new Harness({ priority: 255, initialState: 'MASTER', sourceAddress: '10.0.0.2' });
  h.start(0);
  h.step();
  const a = h.advert({ priority: 255, source: '10.0.0.1' }, 0.5 * S);
  t.same(logs(a, false), [
    '(VI_1) CONFIGURATION ERROR: local instance and a remote instance are both configured as address owner, please fix - reducing local priority',
    '(VI_1) Master received advert from 10.0.0.1 with higher priority 255, ours 254',
    '(VI_1) Entering BACKUP STATE',
  ]);
  t.equal(h.inst.effectivePriority, 254);
});

t.test('VIP list mismatch seen by a master: ignored (no forcing new election), as observed on 2.2.7', async (t) => {
  const h = master();
  const a = h.advert({ priority: 50, missingVip: '10.0.0.100' }, T0 + 0.5 * S);
  t.same(logs(a), ['(VI_1) ip address associated with VRID 51 not present in MASTER advert: 10.0.0.100']);
  t.same(adverts(a), []);
  t.equal(h.inst.nextDeadline(), T0 + 1.5 * S, 'but the advert timer is re-armed, as after any received packet');
});

t.test('a rejected packet re-arms a master\'s advert timer (keepalived re-arms after every read)', async (t) => {
  const h = master();
  h.runUntil(T0 + 0.9 * S);
  t.same(h.inst.advertRejected(h.now), []);
  t.equal(h.inst.nextDeadline(), T0 + 1.9 * S);
  const nl = master({ lowerPrioNoAdvert: true });
  nl.inst.advertRejected(T0 + 0.9 * S);
  t.equal(nl.inst.nextDeadline(), T0 + S, 'not with lower_prio_no_advert');
});

t.test('v3 master yielding adopts the new master\'s interval; a v3 master advertises its own', async (t) => {
  const h = master({ version: 3, logDetail: true, garp: { masterDelayUs: 0 } });
  h.advert({ priority: 150, advertIntervalUs: 2 * S }, T0 + 0.5 * S);
  t.equal(h.inst.masterAdvertIntervalUs, 2 * S);
  t.equal(h.inst.nextDeadline(), T0 + 0.5 * S + 6 * S + 1_218_750);
  const a = h.runUntil(T0 + 10 * S);
  t.same(logs(a), ['(VI_1) Receive advertisement timeout', '(VI_1) Entering MASTER STATE',
    '(VI_1) changing advert interval from 2000ms to locally configured 1000ms', '(VI_1) setting VIPs.']);
  t.equal(h.inst.masterAdvertIntervalUs, S);
  const b = h.runUntil(h.now + 2 * S);
  t.equal(adverts(b).length, 2, 'every own advert_int');
});

t.test('v3 without -D keeps the adopted Master_Adver_Interval (keepalived 2.2.7 quirk)', async (t) => {
  const h = master({ version: 3 });
  h.advert({ priority: 150, advertIntervalUs: 2 * S }, T0 + 0.5 * S);
  h.runUntil(T0 + 10 * S);
  t.equal(h.inst.state, 'MASTER');
  t.equal(h.inst.masterAdvertIntervalUs, 2 * S);
  const list: Action[] = h.runUntil(h.now + 2 * S);
  t.equal(adverts(list).length, 2, 'adverts still go out every own advert_int');
});

t.test('states seen across a full cycle', async (t) => {
  const h = master();
  h.advert({ priority: 150 }, T0 + 0.5 * S);
  h.runUntil(T0 + 10 * S);
  t.same(states(h.all), ['INIT>BACKUP', 'BACKUP>MASTER', 'MASTER>BACKUP', 'BACKUP>MASTER']);
});
