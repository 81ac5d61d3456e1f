// Priority arithmetic with trackers (reference §4.6, keepalived vrrp_track.c): total = base + Σ contributions,
// effective = clamp(total, 1, 254), the owner's 255 never moves, weight 0 ⇒ FAULT, reverse, track_file value ×
// weight with ≤ −254 ⇒ FAULT; and what the instance does when the effective priority changes.
import t from 'tap';
import { effectivePriority, summarizeTrackers, trackerEffect, type TrackerSetting } from '../../src/vrrp/instance';
import { Harness, logs, S, states } from './vrrp-instance-harness';

const tr = (kind: TrackerSetting['kind'], weight: number, reverse = false, id = 'x'): TrackerSetting =>
  ({ id, kind, weight, reverse });

t.test('weighted up/down objects: W > 0 adds while up, W < 0 subtracts while down', async (t) => {
  t.same(trackerEffect(tr('script', 10), true), { fault: false, waiting: false, weight: 10 });
  t.equal(trackerEffect(tr('script', 10), false).weight, 0);
  t.equal(trackerEffect(tr('interface', -20), true).weight, 0);
  t.equal(trackerEffect(tr('interface', -20), false).weight, -20);
  t.equal(trackerEffect(tr('process', 5), true).weight, 5);
  t.equal(trackerEffect(tr('bfd', -5), false).weight, -5);
});

t.test('reverse inverts the sign: W > 0 subtracts while up, W < 0 adds while down', async (t) => {
  t.equal(trackerEffect(tr('script', 10, true), true).weight, -10);
  t.equal(trackerEffect(tr('script', 10, true), false).weight, 0);
  t.equal(trackerEffect(tr('script', -10, true), false).weight, 10);
  t.equal(trackerEffect(tr('script', -10, true), true).weight, 0);
});

t.test('weight 0: failure is FAULT; with reverse, success is FAULT', async (t) => {
  t.ok(trackerEffect(tr('script', 0), false).fault);
  t.notOk(trackerEffect(tr('script', 0), true).fault);
  t.ok(trackerEffect(tr('interface', 0, true), true).fault);
  t.notOk(trackerEffect(tr('interface', 0, true), false).fault);
});

t.test('a script that has not reported: weight 0 waits, weighted adds nothing', async (t) => {
  t.same(trackerEffect(tr('script', 0), undefined), { fault: false, waiting: true, weight: 0 });
  t.same(trackerEffect(tr('script', -30), undefined), { fault: false, waiting: false, weight: 0 });
  t.same(trackerEffect(tr('interface', 0), undefined), { fault: false, waiting: false, weight: 0 });
});

t.test('track_file: value × weight (× −1 reversed), at most 253, ≤ −254 is FAULT; weight 0: non-zero faults', async (t) => {
  t.equal(trackerEffect(tr('file', 2), 10).weight, 20);
  t.equal(trackerEffect(tr('file', 2, true), 10).weight, -20);
  t.equal(trackerEffect(tr('file', 100), 10).weight, 253, 'capped at 253');
  t.equal(trackerEffect(tr('file', -1), 253).weight, -253, '−253 still a priority change');
  t.ok(trackerEffect(tr('file', -1), 254).fault, '−254 faults');
  t.ok(trackerEffect(tr('file', -100), 3).fault);
  t.ok(trackerEffect(tr('file', 0), 7).fault, 'weight 0, value ≠ 0');
  t.notOk(trackerEffect(tr('file', 0), 0).fault);
  t.ok(trackerEffect(tr('file', 0, true), 0).fault, 'weight 0 reverse, value 0');
  t.notOk(trackerEffect(tr('file', 0), undefined).fault, 'unreported file reads as 0');
});

t.test('effective priority: clamp to 1..254, the owner is never changed', async (t) => {
  t.equal(effectivePriority(100, 150), 150);
  t.equal(effectivePriority(100, 400), 254);
  t.equal(effectivePriority(100, 255), 254, 'a tracked instance can never become an owner');
  t.equal(effectivePriority(100, -50), 1);
  t.equal(effectivePriority(100, 0), 1);
  t.equal(effectivePriority(255, 10), 255);
  t.equal(effectivePriority(255, 500), 255);
});

t.test('summary over several trackers', async (t) => {
  const trackers = [tr('script', 10, false, 'a'), tr('interface', -20, false, 'b'), tr('script', 0, false, 'c'),
    tr('file', 0, false, 'd')];
  const values = new Map<string, boolean | number>([['a', true], ['b', false], ['d', 1]]);
  t.same(summarizeTrackers(100, trackers, values), { total: 90, faults: 1, waiting: 1 });
});

t.test('instance: priority changes are logged and shift a running BACKUP down timer by the difference', async (t) => {
  const h = new Harness({ trackers: [tr('script', -20, false, 'chk')] });
  h.start(0);
  t.equal(h.inst.nextDeadline(), 3_609_375);
  const a = h.tracker('chk', false, 1 * S);
  t.same(logs(a), ['(VI_1) Changing effective priority from 100 to 80']);
  t.equal(h.inst.effectivePriority, 80);
  // Skew grows from 156/256 s to 176/256 s: the deadline moves by 20/256 s = 78125 µs.
  t.equal(h.inst.nextDeadline(), 3_609_375 + 78_125);
  const b = h.tracker('chk', true, 2 * S);
  t.same(logs(b), ['(VI_1) Changing effective priority from 80 to 100']);
  t.equal(h.inst.nextDeadline(), 3_609_375);
});

t.test('instance: the shift uses the stored down timer, as keepalived does, even after an ignored advert', async (t) => {
  const h = new Harness({ priority: 150, trackers: [tr('script', -10, false, 'chk')] });
  h.start(0);
  h.advert({ priority: 200 }, 1 * S); // accepted: deadline 1 s + 3.414062 s (skew 106/256 s)
  h.advert({ priority: 100 }, 2 * S); // discarded: stored down timer becomes what is left (2.414062 s)
  t.equal(h.inst.nextDeadline(), 1 * S + 3_414_062);
  h.tracker('chk', false, 2.5 * S);
  // New down timer 3.453125 s (skew 116/256 s), old stored 2.414062 s: the deadline jumps by the difference.
  t.equal(h.inst.nextDeadline(), 1 * S + 3_414_062 + (3_453_125 - 2_414_062));
});

t.test('instance: an owner (255) ignores weighted trackers', async (t) => {
  const h = new Harness({ priority: 255, initialState: 'MASTER', trackers: [tr('script', -50, false, 'chk')] });
  h.start(0);
  const a = h.tracker('chk', false, 10);
  t.same(logs(a), []);
  t.equal(h.inst.effectivePriority, 255);
});

t.test('instance: notify_priority_changes writes MASTER_PRIORITY / BACKUP_PRIORITY FIFO lines', async (t) => {
  const h = new Harness({ notifyPriorityChanges: true, trackers: [tr('interface', 5, false, 'eth1')] });
  h.start(0);
  const a = h.tracker('eth1', true, 10);
  t.same(a.filter((x) => x.kind === 'runNotify'), [{ kind: 'runNotify', step: 'fifo', line: 'INSTANCE "VI_1" BACKUP_PRIORITY 105\n' }]);
  h.runUntil(5 * S);
  t.equal(h.inst.state, 'MASTER');
  const b = h.tracker('eth1', false);
  t.same(b.filter((x) => x.kind === 'runNotify'), [{ kind: 'runNotify', step: 'fifo', line: 'INSTANCE "VI_1" MASTER_PRIORITY 100\n' }]);
});

t.test('instance: a weighted change takes effect in the next advert', async (t) => {
  const h = new Harness({ trackers: [tr('script', 30, false, 'chk')] });
  h.start(0);
  h.runUntil(4 * S);
  t.equal(h.inst.state, 'MASTER');
  h.tracker('chk', true, 4.1 * S);
  const next = h.step();
  t.same(next.filter((x) => x.kind === 'sendAdvert'), [{ kind: 'sendAdvert', priority: 130 }]);
});

t.test('instance: weight 0 failure ⇒ FAULT, recovery ⇒ BACKUP; track_file below −253 ⇒ FAULT', async (t) => {
  const h = new Harness({ trackers: [tr('file', -1, false, '/run/f')] });
  h.start(0);
  let a = h.tracker('/run/f', 100, 1 * S);
  t.same(logs(a), ['(VI_1) Changing effective priority from 100 to 1']);
  a = h.tracker('/run/f', 254, 2 * S);
  t.same(states(a), ['BACKUP>FAULT']);
  a = h.tracker('/run/f', 0, 3 * S);
  t.same(states(a), ['FAULT>BACKUP']);
  t.equal(h.inst.effectivePriority, 100);
});
