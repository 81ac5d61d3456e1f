// The daemon's one-timer scheduler over the wasm deadline heap: one host wake-up for many slots, ticks in deadline
// order between the tick hooks, precise slots never early, other slots up to EARLY_US early (handed their
// deadline), lateness reported.
import t, { type Test } from 'tap';
import { EARLY_US, Scheduler, SPIN_US } from '../../src/vrrp/daemon/scheduler';
import { ManualTime } from '../../src/vrrp/daemon/time-source';

t.test('one wake-up for the earliest slot; slots run in deadline order inside the tick hooks', async (t) => {
  const time = new ManualTime();
  const s = new Scheduler(time);
  t.teardown(() => s.close());
  const order: string[] = [];
  s.onTick({ before: () => order.push('before'), after: () => order.push('after') });
  const a = s.slot((now) => order.push(`a@${now}`));
  const b = s.slot((now) => order.push(`b@${now}`));
  const c = s.slot((now) => order.push(`c@${now}`));
  c.set(30_000);
  a.set(10_000);
  b.set(10_000);
  t.equal(time.nextWake, 10_000, 'the host timer is armed for the earliest slot');
  time.advanceTo(10_000);
  t.same(order, ['before', 'a@10000', 'b@10000', 'after']);
  t.equal(time.nextWake, 30_000, 're-armed for the next one');
  c.set(null);
  t.equal(time.nextWake, undefined, 'nothing armed');
  t.throws(() => new Scheduler(new ManualTime()), /already running/, 'one scheduler per process');
});

t.test('a slot that is not precise may run up to EARLY_US early and sees its deadline as now', async (t) => {
  const time = new ManualTime();
  const s = new Scheduler(time);
  t.teardown(() => s.close());
  const ran: number[] = [];
  const loose = s.slot((now) => ran.push(now));
  loose.set(50_000);
  time.current = 50_000 - EARLY_US / 2;
  s.tick();
  t.same(ran, [50_000], 'ran early, with its deadline as the time');
  loose.set(100_000);
  time.current = 100_000 - EARLY_US * 2;
  s.tick();
  t.same(ran, [50_000], 'too early: not run');
});

/** A scheduler on virtual time with one precise slot due at 50 ms, recording when it runs. */
function preciseSlotAt50ms(t: Test): { time: ManualTime; s: Scheduler; ran: number[] } {
  const time = new ManualTime();
  const s = new Scheduler(time);
  t.teardown(() => s.close());
  const ran: number[] = [];
  s.slot((now) => ran.push(now)).set(50_000, true);
  return { time, s, ran };
}

t.test('a precise slot never runs early; the wait is finished with setImmediate turns', async (t) => {
  const { time, s, ran } = preciseSlotAt50ms(t);
  time.current = 50_000 - 300;
  s.tick();
  t.same(ran, [], 'not run before its deadline');
  await new Promise((r) => setImmediate(r));
  t.same(ran, [], 'still waiting');
  time.current = 50_000;
  await new Promise((r) => setImmediate(r));
  t.same(ran, [50_000], 'run by the spin once the deadline is reached');
});

t.test('a wake-up between EARLY_US and SPIN_US before a precise deadline spins (a timer could not wake in time)', async (t) => {
  const { time, s, ran } = preciseSlotAt50ms(t);
  time.current = 50_000 - (EARLY_US + SPIN_US) / 2;
  s.tick();
  t.equal(time.nextWake, undefined, 'no host timer: libuv could not wake in less than 1 ms');
  time.current = 50_000;
  await new Promise((r) => setImmediate(r));
  t.same(ran, [50_000], 'run by the spin at its deadline');
  const loose = s.slot((now) => ran.push(now));
  loose.set(100_000);
  time.current = 100_000 - (EARLY_US + SPIN_US) / 2;
  s.tick();
  t.equal(time.nextWake, 100_000, 'a slot that is not precise waits for a timer');
});

t.test('lateness is reported per tick', async (t) => {
  const time = new ManualTime();
  const s = new Scheduler(time);
  t.teardown(() => s.close());
  const late: number[] = [];
  s.onLateness((us) => late.push(us));
  const x = s.slot(() => undefined);
  x.set(10_000);
  time.current = 17_500;
  s.tick();
  t.same(late, [7_500]);
  t.equal(s.maxLateUs, 7_500);
});

t.test('released slots are reused and never fire', async (t) => {
  const time = new ManualTime();
  const s = new Scheduler(time);
  t.teardown(() => s.close());
  let fired = 0;
  const a = s.slot(() => fired++);
  a.set(1000);
  a.release();
  const b = s.slot(() => undefined);
  t.equal(b.id, a.id, 'id reused');
  time.advanceTo(5000);
  t.equal(fired, 0);
});
