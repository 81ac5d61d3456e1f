// BACKUP state (RFC 3768 §6.4.2, RFC 5798 §6.4.2) as keepalived 2.2.7 implements it (vrrp_state_backup).
import t from 'tap';
import { Harness, logs, S, states } from './vrrp-instance-harness';

const started = (input: ConstructorParameters<typeof Harness>[0] = {}): Harness => {
  const h = new Harness(input);
  h.start(0);
  return h;
};

t.test('an accepted advert restarts the down timer (RFC §6.4.2 "Reset the Master_Down_Timer")', async (t) => {
  const h = started();
  t.same(h.advert({ priority: 150 }, 2 * S), []);
  t.equal(h.inst.nextDeadline(), 2 * S + 3_609_375);
  t.equal(h.inst.masterSource, '10.0.0.1');
  t.equal(h.inst.masterPriority, 150);
  t.equal(h.inst.stats.advertRcvd, 1);
});

t.test('trap 7: equal priority is accepted by a backup, whatever the addresses', async (t) => {
  const h = started({ sourceAddress: '10.0.0.200' });
  h.advert({ priority: 100, source: '10.0.0.1' }, 1 * S);
  t.equal(h.inst.nextDeadline(), 1 * S + 3_609_375);
  h.runUntil(4.5 * S);
  t.equal(h.inst.state, 'BACKUP', 'no tie-break in BACKUP: the lower address stays master');
});

t.test('trap 6: a lower-priority advert is discarded and does not reset the timer', async (t) => {
  const h = started({ priority: 200 });
  h.advert({ priority: 250 }, 1 * S); // a higher master, then it is replaced by a lower one
  const a = h.advert({ priority: 100, source: '10.0.0.3' }, 2 * S);
  t.same(logs(a), ['(VI_1) received lower priority (100) advert from 10.0.0.3 - discarding']);
  t.equal(h.inst.nextDeadline(), 1 * S + 3_218_750, 'still counting from the last accepted advert');
  h.advert({ priority: 100, source: '10.0.0.3' }, 3 * S);
  h.advert({ priority: 100, source: '10.0.0.3' }, 4 * S);
  const b = h.runUntil(4.3 * S);
  t.same(states(b), ['BACKUP>MASTER']);
  t.equal(h.enteredAt('MASTER'), 1 * S + 3_218_750);
  t.equal(h.inst.masterSource, '10.0.0.3', 'the discarded sender is still recorded as master (SNMP)');
});

t.test('priority 0: down timer becomes Skew_Time (RFC §6.4.2)', async (t) => {
  const h = started();
  h.advert({ priority: 200 }, 1 * S);
  const a = h.advert({ priority: 0 }, 1.5 * S);
  t.same(logs(a), ['(VI_1) Backup received priority 0 advertisement']);
  t.equal(h.inst.nextDeadline(), 1.5 * S + 609_375);
  t.equal(h.inst.stats.priZeroRcvd, 1);
  const b = h.runUntil(3 * S);
  t.same(states(b), ['BACKUP>MASTER']);
  t.equal(h.enteredAt('MASTER'), 1.5 * S + 609_375, 'observed 0.61 s after the priority-0 advert');
});

t.test('nopreempt: lower priority adverts are accepted and keep us BACKUP', async (t) => {
  const h = started({ priority: 200, nopreempt: true });
  for (let i = 1; i <= 10; i++) t.same(logs(h.advert({ priority: 50 }, i * S)), []);
  t.equal(h.inst.state, 'BACKUP');
  t.equal(h.inst.nextDeadline(), 10 * S + 3_218_750);
});

t.test('preempt_delay: lower adverts accepted until the delay runs out, then discarded (§4.5)', async (t) => {
  const h = started({ priority: 200, preemptDelayUs: 5 * S });
  const a = h.advert({ priority: 100 }, 1 * S);
  t.same(logs(a), ['(VI_1) start preempt delay (5.000000)']);
  for (let i = 2; i <= 5; i++) t.same(logs(h.advert({ priority: 100 }, i * S)), [], `accepted at ${i} s`);
  t.equal(h.inst.nextDeadline(), 5 * S + 3_218_750);
  const b = h.advert({ priority: 100 }, 6 * S);
  t.same(logs(b), ['(VI_1) received lower priority (100) advert from 10.0.0.1 - discarding'], 'delay over at 1 s + 5 s');
  h.advert({ priority: 100 }, 7 * S);
  h.advert({ priority: 100 }, 8 * S);
  const c = h.runUntil(10 * S);
  t.same(states(c), ['BACKUP>MASTER']);
  t.equal(h.enteredAt('MASTER'), 5 * S + 3_218_750, 'one Master_Down_Interval after the last accepted advert');
  t.equal(h.inst.masterSource, '10.0.0.1');
  t.equal(h.all.filter((x) => x.kind === 'stateChanged' && x.to === 'MASTER').length, 1);
});

t.test('preempt_delay stops when a master of higher or equal priority is heard', async (t) => {
  const h = started({ priority: 200, preemptDelayUs: 5 * S });
  h.advert({ priority: 100 }, 1 * S);
  t.same(logs(h.advert({ priority: 220 }, 2 * S)), ['(VI_1) stop preempt delay']);
  t.same(logs(h.advert({ priority: 100 }, 3 * S)), ['(VI_1) start preempt delay (5.000000)']);
});

t.test('preempt_delay does not lengthen the initial down timer when no master exists', async (t) => {
  const h = started({ priority: 200, preemptDelayUs: 5 * S });
  t.equal(h.inst.nextDeadline(), 3_218_750);
});

t.test('v3: the backup adopts the master\'s advert interval (RFC 5798 §6.4.2); v2 keeps its own', async (t) => {
  const v3 = started({ version: 3, advertIntervalUs: S });
  const a = v3.advert({ priority: 150, advertIntervalUs: 2 * S }, 1 * S);
  t.same(logs(a), ['(VI_1) advertisement interval updated from 1000ms to 2000ms by master']);
  t.equal(v3.inst.masterAdvertIntervalUs, 2 * S);
  // 3 × 2 s + (156 × 200 × 625 / 16) µs
  t.equal(v3.inst.nextDeadline(), 1 * S + 6 * S + 1_218_750);
  const b = v3.advert({ priority: 0, advertIntervalUs: 2 * S }, 2 * S);
  t.equal(v3.inst.nextDeadline(), 2 * S + 1_218_750, 'priority 0: v3 skew from the adopted interval');
  void b;
  const v2 = started({ version: 2 });
  v2.advert({ priority: 150, advertIntervalUs: 2 * S }, 1 * S);
  t.equal(v2.inst.masterAdvertIntervalUs, S);
});

t.test('trap 8 as 2.2.7 really does it: an advert without exactly our VIPs is ignored', async (t) => {
  const h = started();
  const a = h.advert({ priority: 200, addressCount: 2 }, 1 * S);
  t.same(logs(a), ['(VI_1) received an unexpected ip number count 2, expected 1!']);
  t.equal(h.inst.nextDeadline(), 3_609_375, 'timer not reset');
  const b = h.advert({ priority: 200, missingVip: '10.0.0.100' }, 2 * S);
  t.same(logs(b), ['(VI_1) ip address associated with VRID 51 not present in MASTER advert: 10.0.0.100']);
  t.equal(h.inst.stats.addrListErr, 2);
  t.equal(h.inst.stats.advertRcvd, 1, 'the count check comes before advert_rcvd is counted');
  const c = h.runUntil(4 * S);
  t.same(states(c), ['BACKUP>MASTER'], 'observed with keepalived 2.2.7: the backup takes over');
  t.equal(h.enteredAt('MASTER'), 3_609_375);
});

t.test('skip_check_adv_addr: the VIP check is skipped only for the master already followed', async (t) => {
  const h = started({ skipCheckAdvAddr: true });
  h.advert({ priority: 200, addressCount: 2 }, 1 * S);
  t.equal(h.inst.nextDeadline(), 3_609_375, 'first advert from a new master is still checked');
  h.advert({ priority: 200 }, 2 * S);
  t.equal(h.inst.nextDeadline(), 2 * S + 3_609_375);
  t.same(logs(h.advert({ priority: 200, addressCount: 2 }, 3 * S)), [], 'same master: not checked');
  t.equal(h.inst.nextDeadline(), 3 * S + 3_609_375);
  t.same(logs(h.advert({ priority: 200, addressCount: 2, source: '10.0.0.9' }, 4 * S)).length, 1, 'another sender: checked');
});

t.test('advertRejected never touches a backup\'s timer', async (t) => {
  const h = started();
  t.same(h.inst.advertRejected(1 * S), []);
  t.equal(h.inst.nextDeadline(), 3_609_375);
});
