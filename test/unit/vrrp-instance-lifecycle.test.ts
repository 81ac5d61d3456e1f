// FAULT in and out, VIPs deleted behind our back, shutdown, reload and removal (reference §4.5, §1.5, traps 22
// and 24), and the AH sequence counter (§4.8).
import t from 'tap';
import { adverts, Harness, kinds, logs, S, states } from './vrrp-instance-harness';

const T0 = 3_609_375;
const master = (input: ConstructorParameters<typeof Harness>[0] = {}): Harness => {
  const h = new Harness(input);
  h.start(0);
  h.runUntil(T0);
  return h;
};

t.test('trap 22: MASTER → FAULT sends two priority-0 adverts, then removes everything and notifies FAULT', async (t) => {
  const h = master({ routes: ['r'] });
  const a = h.inst.interfaceChanged(T0 + 0.5 * S, false);
  t.same(logs(a, false), ['(VI_1) Entering FAULT STATE']);
  t.same(adverts(a), [0, 0]);
  t.same(kinds(a), ['lvsSyncDaemon', 'log', 'sendAdvert', 'sendAdvert', 'log', 'log', 'remove', 'cancelQueuedGarps',
    'log', 'remove', 'stateChanged', 'notify:script', 'notify:generic', 'notify:fifo', 'notify:alerts']);
  t.same(logs(a).slice(1, 2), ['(VI_1) sent 0 priority']);
  t.equal(h.inst.nextDeadline(), T0 + 5 * S, 'only the pending delayed GARP (which will find no VIPs)');
  t.same(h.runUntil(T0 + 6 * S), [], 'the delayed GARP burst is dropped: VIPs are gone');
  t.equal(h.inst.nextDeadline(), null);
});

t.test('BACKUP → FAULT and back: "Entering FAULT STATE" / "Entering BACKUP STATE", full down timer after', async (t) => {
  const h = new Harness();
  h.start(0);
  const a = h.inst.interfaceChanged(1 * S, false);
  t.same(logs(a), ['(VI_1) Entering FAULT STATE']);
  t.same(adverts(a), []);
  t.same(states(a), ['BACKUP>FAULT']);
  const b = h.inst.interfaceChanged(2 * S, true);
  t.same(logs(b), ['(VI_1) Entering BACKUP STATE']);
  t.equal(h.inst.nextDeadline(), 2 * S + T0);
});

t.test('several fault sources: FAULT until the last clears', async (t) => {
  const h = new Harness({ trackers: [{ id: 'chk', kind: 'script', weight: 0, reverse: false }] });
  h.inst.trackerChanged(0, 'chk', true);
  h.start(0);
  h.inst.faultFlagChanged(1 * S, 'no-source-address', true);
  t.same(h.inst.trackerChanged(2 * S, 'chk', false), [], 'second fault: nothing more');
  t.same(h.inst.faultFlagChanged(3 * S, 'no-source-address', false), []);
  t.equal(h.inst.state, 'FAULT');
  const a = h.inst.trackerChanged(4 * S, 'chk', true);
  t.same(states(a), ['FAULT>BACKUP']);
});

t.test('dont_track_primary: own interface going down is ignored', async (t) => {
  const h = new Harness({ dontTrackPrimary: true });
  h.start(0);
  t.same(h.inst.interfaceChanged(1 * S, false), []);
  t.equal(h.inst.state, 'BACKUP');
});

t.test('unicast: leaving FAULT sends a GARP/NA for our own address (reference §4.5)', async (t) => {
  const h = new Harness({ unicast: true });
  h.start(0);
  h.inst.interfaceChanged(1 * S, false);
  const a = h.inst.interfaceChanged(2 * S, true);
  t.same(kinds(a).slice(-2), ['log', 'sendSourceGarp']);
  t.same(logs(a).at(-1), 'VI_1: sending gratuitous ARP for 10.0.0.2');
});

t.test('trap 24: VIP deleted externally on a MASTER ⇒ BACKUP with a priority-0 advert, re-election after Skew_Time', async (t) => {
  const h = master();
  const a = h.inst.vipDeletedExternally(T0 + 0.5 * S);
  t.same(logs(a, false), ['(VI_1) Entering BACKUP STATE']);
  t.same(adverts(a), [0]);
  t.equal(h.inst.state, 'BACKUP');
  const nowAt = T0 + 0.5 * S;
  t.equal(h.inst.nextDeadline(), nowAt + 609_375);
  h.now = nowAt;
  h.runUntil(nowAt + 609_375);
  t.equal(h.inst.state, 'MASTER', 'no other router: takes the VIPs back');
  t.same(new Harness().inst.vipDeletedExternally(0), [], 'nothing to do when not MASTER');
});

t.test('shutdown: a MASTER sends exactly one priority-0 advert, removes, then notifies STOP (trap 22)', async (t) => {
  const h = master();
  const a = h.inst.shutdown(T0 + 0.5 * S);
  t.same(adverts(a), [0]);
  t.same(logs(a), ['(VI_1) sent 0 priority', '(VI_1) removing VIPs.']);
  t.same(kinds(a), ['sendAdvert', 'log', 'cancelQueuedGarps', 'log', 'remove', 'stateChanged', 'notify:script',
    'notify:generic', 'notify:fifo', 'notify:alerts']);
  t.same(a.find((x) => x.kind === 'runNotify' && x.step === 'generic'),
    { kind: 'runNotify', step: 'generic', args: ['INSTANCE', 'VI_1', 'STOP', '100'] });
  t.equal(h.inst.state, 'STOP');
  t.equal(h.inst.nextDeadline(), null);
  t.same(h.inst.timerFired(T0 + 10 * S), []);
  t.same(h.inst.shutdown(T0 + 11 * S), [], 'idempotent');
  const b = new Harness();
  b.start(0);
  const c = b.inst.shutdown(1 * S);
  t.same(adverts(c), [], 'a BACKUP sends nothing');
  t.same(kinds(c), ['stateChanged', 'notify:script', 'notify:generic', 'notify:fifo', 'notify:alerts']);
});

t.test('shutdown in two phases for a multi-instance daemon', async (t) => {
  const h = master();
  const a = h.inst.release(T0 + 1);
  t.same(adverts(a), [0]);
  t.notOk(a.some((x) => x.kind === 'runNotify'));
  const b = h.inst.stop();
  t.same(kinds(b), ['stateChanged', 'notify:script', 'notify:generic', 'notify:fifo', 'notify:alerts']);
});

t.test('reload of a MASTER: stays MASTER, VIP diff applied, GARPs for new VIPs, advert at once (§1.5)', async (t) => {
  const h = master({ vips: ['a', 'b'], logDetail: true, garp: { masterDelayUs: 0 } });
  const now = T0 + 0.5 * S;
  const a = h.inst.reload(now, { ...h.inst.settings, vips: ['b', 'c'], priority: 120 });
  t.same(a.filter((x) => x.kind === 'remove'), [{ kind: 'remove', what: 'vips', items: ['a'], force: false }]);
  t.same(a.filter((x) => x.kind === 'add'), [{ kind: 'add', what: 'vips', items: ['b', 'c'] }]);
  t.same(a.filter((x) => x.kind === 'sendGarps'), [{ kind: 'sendGarps', count: 5, reason: 'reload' }]);
  t.same(states(a), []);
  t.equal(h.inst.state, 'MASTER');
  t.equal(h.inst.nextDeadline(), now, 'advert due at once');
  h.now = now;
  const b = h.step();
  t.same(adverts(b), [120]);
  t.same(logs(b), [], 'no "Entering MASTER STATE" again');
});

t.test('reload of a MASTER with nothing new: no GARPs', async (t) => {
  const h = master();
  const a = h.inst.reload(T0 + 1, h.inst.settings);
  t.same(a.filter((x) => x.kind === 'sendGarps'), []);
});

t.test('reload of a BACKUP: stays BACKUP, down timer restarted, no state line', async (t) => {
  const h = new Harness();
  h.start(0);
  h.advert({ priority: 200 }, 1 * S);
  const a = h.inst.reload(2 * S, { ...h.inst.settings, priority: 90 });
  t.same(logs(a, false), []);
  t.equal(h.inst.state, 'BACKUP');
  t.equal(h.inst.nextDeadline(), 2 * S + 3_000_000 + 648_437);
});

t.test('reload into a fault: "entering FAULT state", FAULT notify; a MASTER drops its VIPs', async (t) => {
  const h = master();
  const settings = { ...h.inst.settings, trackers: [{ id: 'eth9', kind: 'interface' as const, weight: 0, reverse: false }] };
  h.inst.trackerChanged(T0, 'eth9', false);
  const a = h.inst.reload(T0 + 1, settings);
  t.same(logs(a, false), ['(VI_1) entering FAULT state']);
  t.equal(h.inst.state, 'FAULT');
  t.ok(a.some((x) => x.kind === 'remove' && x.what === 'vips'));
  t.same(adverts(a), []);
});

t.test('removed on reload: MASTER releases; notified FAULT, or DELETED with notify_deleted', async (t) => {
  const h = master();
  const a = h.inst.removed(T0 + 1, false);
  t.same(adverts(a), [0]);
  t.same(a.find((x) => x.kind === 'runNotify' && x.step === 'fifo'), { kind: 'runNotify', step: 'fifo', line: 'INSTANCE "VI_1" FAULT 100\n' });
  const d = master();
  const b = d.inst.removed(T0 + 1, true);
  t.same(b.find((x) => x.kind === 'runNotify' && x.step === 'script'), { kind: 'runNotify', step: 'script', script: 'notify_deleted' });
  const f = new Harness();
  f.start(0);
  f.inst.interfaceChanged(1, false);
  t.same(kinds(f.inst.removed(2, false)), ['stateChanged'], 'already FAULT: not notified again');
});

t.test('AH: each advert carries the next sequence number; replays are dropped', async (t) => {
  const h = master({ auth: 'ah' });
  t.same(h.all.filter((x) => x.kind === 'sendAdvert'), [{ kind: 'sendAdvert', priority: 100, ahSequence: 1 }]);
  const a = h.runUntil(T0 + 2 * S);
  t.same(a.filter((x) => x.kind === 'sendAdvert').map((x) => x.kind === 'sendAdvert' && x.ahSequence), [2, 3]);
  const b = new Harness({ auth: 'ah' });
  b.start(0);
  b.advert({ priority: 200, ahSequence: 10 }, 1 * S);
  const c = b.advert({ priority: 200, ahSequence: 10 }, 2 * S);
  t.same(logs(c), ['(VI_1) IPSEC-AH : sequence number 10 already processed. Packet dropped. Local(10)']);
  t.equal(b.inst.nextDeadline(), 1 * S + T0, 'replayed advert does not reset the timer');
  t.equal(b.inst.stats.authFailure, 1);
});

t.test('AH: a master resyncs above a lower-priority sender\'s sequence', async (t) => {
  const h = master({ auth: 'ah' });
  const a = h.advert({ priority: 50, ahSequence: 1000 }, T0 + 0.5 * S);
  t.same(logs(a), ['(VI_1) Received advert from 10.0.0.1 with lower priority 50, ours 100, forcing new election',
    '(VI_1) IPSEC-AH : Syncing seq_num - Increment seq']);
  t.same(a.find((x) => x.kind === 'sendAdvert'), { kind: 'sendAdvert', priority: 100, ahSequence: 1002 });
});

t.test('AH: the counter stops past 0xFFFFFFFD, so peers drop our adverts and take over; it restarts at 0', async (t) => {
  const h = new Harness({ auth: 'ah' });
  h.start(0);
  h.advert({ priority: 200, ahSequence: 0xfffffffc }, 1 * S); // counter follows the master's
  h.runUntil(1 * S + T0);
  t.equal(h.inst.state, 'MASTER');
  const first = h.all.filter((x) => x.kind === 'sendAdvert').map((x) => x.kind === 'sendAdvert' && x.ahSequence);
  t.same(first, [0xfffffffd]);
  const a = h.runUntil(1 * S + T0 + 3 * S);
  t.same(a.filter((x) => x.kind === 'sendAdvert').map((x) => x.kind === 'sendAdvert' && x.ahSequence),
    [0xfffffffe, 0xfffffffe, 0xfffffffe], 'stuck: every advert repeats the last number');
  // Nothing heard since (peers drop the repeated number and take over elsewhere); after a fault and a new
  // election the counter starts again.
  h.inst.interfaceChanged(h.now, false);
  h.inst.interfaceChanged(h.now, true);
  h.runUntil(h.now + T0);
  t.equal(h.inst.state, 'MASTER');
  t.same(h.all.filter((x) => x.kind === 'sendAdvert' && x.priority > 0).map((x) => x.kind === 'sendAdvert' && x.ahSequence).at(-1), 1,
    'becoming master again after a cycle restarts from 0');
});

t.test('an owner leaving FAULT goes BACKUP with the full down interval (seen on keepalived 2.2.7)', async (t) => {
  const h = new Harness({ priority: 255, initialState: 'MASTER',
    trackers: [{ id: 'kxt0', kind: 'interface', weight: 0, reverse: false }] });
  h.inst.trackerChanged(0, 'kxt0', false);
  h.start(0);
  const a = h.tracker('kxt0', true, 3 * S);
  // 2.2.7: "Netlink reports kxt0 up", "(VI_1) Entering BACKUP STATE", 3 s later "Entering MASTER STATE".
  t.same(logs(a), ['(VI_1) Entering BACKUP STATE']);
  t.equal(h.inst.nextDeadline(), 3 * S + 3_003_906);
  h.runUntil(7 * S);
  t.equal(h.enteredAt('MASTER'), 3 * S + 3_003_906);
});
