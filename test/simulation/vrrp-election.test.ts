// Elections among several routers on a simulated segment, in virtual time (reference §4.4–4.5, RFC 3768 /
// RFC 5798 §6.4): one master after convergence, the highest priority wins, failover and preemption timing to the
// microsecond, nopreempt, priority-0 shutdown, partitions healing, and a seeded random run of 1000 scenarios.
import t from 'tap';
import { mulberry32 } from '../helpers/prng';
import { Segment, S } from './segment';

const MDI_100 = 3_609_375; // 3 × 1 s + 156/256 s
const MDI_150 = 3_414_062;
const MDI_200 = 3_218_750;

t.test('five routers start together: the highest priority is the one master, at its own down interval', async (t) => {
  const seg = new Segment();
  seg.delayUs = 1_000;
  const prios = [100, 150, 200, 120, 90];
  prios.forEach((p, i) => seg.add(`R${i}`, `10.0.0.${i + 1}`, { priority: p }));
  for (const r of seg.routers) seg.start(r, 0);
  seg.runUntil(20 * S);
  t.same(seg.masters().map((r) => r.name), ['R2']);
  t.equal(seg.enteredAt('R2', 'MASTER'), MDI_200, 'priority 200 times out first (3.21875 s)');
  t.same(seg.transitions.filter((x) => x.to === 'MASTER').map((x) => x.router), ['R2'], 'nobody else ever was master');
});

t.test('failover when the master dies silently: one Master_Down_Interval after its last advert', async (t) => {
  const seg = new Segment();
  const a = seg.add('A', '10.0.0.1', { priority: 200 });
  const b = seg.add('B', '10.0.0.2', { priority: 100 });
  seg.start(a, 0);
  seg.start(b, 0);
  seg.runUntil(10 * S);
  t.same(seg.masters(), [a]);
  seg.crash(a, 10 * S);
  const lastAdvert = a.sent.at(-1)!.at;
  t.equal(lastAdvert, MDI_200 + 6 * S, 'A advertised every second from 3.21875 s');
  seg.runUntil(20 * S);
  t.same(seg.masters(), [b]);
  t.equal(seg.enteredAt('B', 'MASTER'), lastAdvert + MDI_100, '3.609375 s after the last advert heard');
  t.ok(seg.enteredAt('B', 'MASTER')! - 10 * S <= MDI_100, 'within one Master_Down_Interval of the crash');
});

t.test('failover with a propagation delay adds exactly that delay', async (t) => {
  const seg = new Segment();
  seg.delayUs = 2_500;
  const a = seg.add('A', '10.0.0.1', { priority: 200 });
  const b = seg.add('B', '10.0.0.2', { priority: 100 });
  seg.start(a, 0);
  seg.start(b, 0);
  seg.crash(a, 10 * S);
  seg.runUntil(20 * S);
  t.equal(seg.enteredAt('B', 'MASTER'), a.sent.at(-1)!.at + 2_500 + MDI_100);
});

t.test('priority-0 shutdown: the backup takes over after Skew_Time (0.609375 s for priority 100)', async (t) => {
  const seg = new Segment();
  const a = seg.add('A', '10.0.0.1', { priority: 200 });
  const b = seg.add('B', '10.0.0.2', { priority: 100 });
  seg.start(a, 0);
  seg.start(b, 0);
  seg.shutdown(a, 10.3 * S);
  t.same(a.sent.filter((x) => x.at === 10.3 * S).map((x) => x.priority), [0], 'exactly one priority-0 advert');
  seg.runUntil(20 * S);
  t.equal(seg.enteredAt('B', 'MASTER'), 10.3 * S + 609_375);
});

t.test('trap 6: a higher-priority router joining preempts one full down interval after it starts', async (t) => {
  const seg = new Segment();
  const a = seg.add('A', '10.0.0.1', { priority: 200 });
  const b = seg.add('B', '10.0.0.2', { priority: 100 });
  seg.start(b, 0);
  seg.runUntil(10 * S);
  t.same(seg.masters(), [b]);
  seg.start(a, 10.5 * S);
  seg.runUntil(30 * S);
  t.same(seg.masters(), [a]);
  t.equal(seg.enteredAt('A', 'MASTER'), 10.5 * S + MDI_200, 'lower adverts heard meanwhile did not reset its timer');
  t.equal(seg.enteredAt('B', 'BACKUP'), 10.5 * S + MDI_200, 'B yields on A\'s first advert');
});

t.test('nopreempt: the higher-priority router joining stays BACKUP while a master exists', async (t) => {
  const seg = new Segment();
  const a = seg.add('A', '10.0.0.1', { priority: 200, nopreempt: true });
  const b = seg.add('B', '10.0.0.2', { priority: 100 });
  seg.start(b, 0);
  seg.start(a, 10.5 * S);
  seg.runUntil(120 * S);
  t.same(seg.masters(), [b]);
  seg.crash(b, 120 * S);
  seg.runUntil(130 * S);
  t.same(seg.masters(), [a], 'but it does take over when the master goes');
});

t.test('preempt_delay: the joining router waits out the delay, then one down interval', async (t) => {
  const seg = new Segment();
  const a = seg.add('A', '10.0.0.1', { priority: 200, preemptDelayUs: 10 * S });
  const b = seg.add('B', '10.0.0.2', { priority: 100 });
  seg.start(b, 0);
  seg.start(a, 10.5 * S);
  seg.runUntil(60 * S);
  t.same(seg.masters(), [a]);
  // First advert heard at 10.609375 s starts the delay (until 20.609375 s); the advert sent at that very time
  // is the first one discarded, so the last accepted is at 19.609375 s.
  t.equal(seg.enteredAt('A', 'MASTER'), 19_609_375 + MDI_200);
});

t.test('equal priorities: the highest address ends up master (tie-break between masters only)', async (t) => {
  const seg = new Segment();
  seg.delayUs = 500;
  for (const last of [9, 10, 200, 3]) seg.add(`R${last}`, `10.0.0.${last}`, { priority: 100 });
  for (const r of seg.routers) seg.start(r, 0);
  seg.runUntil(20 * S);
  t.same(seg.masters().map((r) => r.name), ['R200']);
  t.equal(seg.transitions.filter((x) => x.to === 'MASTER').length, 4, 'all four timed out together, three yielded');
});

t.test('a partition makes two masters; healing leaves the highest priority within one advert interval', async (t) => {
  const seg = new Segment();
  seg.delayUs = 1_000;
  const a = seg.add('A', '10.0.0.1', { priority: 200 });
  const b = seg.add('B', '10.0.0.2', { priority: 150 });
  const c = seg.add('C', '10.0.0.3', { priority: 100 });
  for (const r of seg.routers) seg.start(r, 0);
  seg.partitionInto([[a], [b, c]], 10 * S);
  seg.runUntil(20 * S);
  t.same(seg.masters().map((r) => r.name).sort(), ['A', 'B']);
  t.equal(seg.enteredAt('B', 'MASTER'), a.sent.filter((x) => x.at < 10 * S).at(-1)!.at + 1_000 + MDI_150);
  seg.heal(20 * S);
  seg.runUntil(20 * S + S + 1_000);
  t.same(seg.masters(), [a]);
  seg.runUntil(40 * S);
  t.same(seg.masters(), [a]);
  t.equal(c.inst.state, 'BACKUP');
});

t.test('a v3 backup follows the master\'s advert interval', async (t) => {
  const seg = new Segment();
  const a = seg.add('A', '10.0.0.1', { priority: 200, version: 3, advertIntervalUs: 2 * S });
  const b = seg.add('B', '10.0.0.2', { priority: 100, version: 3, advertIntervalUs: 50_000 });
  seg.start(a, 0);
  seg.runUntil(10 * S);
  seg.start(b, 10 * S);
  seg.crash(a, 30 * S);
  seg.runUntil(60 * S);
  // B adopted 2 s: down interval 3 × 2 s + 156 × 200 × 625 / 16 µs.
  t.equal(seg.enteredAt('B', 'MASTER'), a.sent.at(-1)!.at + 6 * S + 1_218_750);
  t.same(seg.masters(), [b]);
});

t.test('seeded random scenarios: no split brain once the network heals and settles', async (t) => {
  const SCENARIOS = 1000;
  let failures = 0;
  let highestChecked = 0;
  let splitSeen = 0;
  for (let n = 0; n < SCENARIOS; n++) {
    const rnd = mulberry32(0x5eed + n);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const seg = new Segment(rnd);
    seg.delayUs = Math.floor(rnd() * 5_000);
    const count = 2 + Math.floor(rnd() * 4);
    const version = pick([2, 3] as const);
    const used = new Set<number>();
    for (let i = 0; i < count; i++) {
      let priority = 1 + Math.floor(rnd() * 254);
      if (i === 0 && rnd() < 0.1) priority = 255;
      if (rnd() < 0.15 && used.size) priority = pick([...used]);
      used.add(priority);
      const owner = priority === 255;
      seg.add(`R${i}`, `10.0.${Math.floor(rnd() * 4)}.${i + 1}`, {
        priority,
        initialState: owner ? 'MASTER' : 'BACKUP',
        version,
        advertIntervalUs: version === 3 ? pick([50_000, 500_000, 1 * S, 2 * S]) : pick([1, 1, 2]) * S,
        nopreempt: !owner && rnd() < 0.15,
        preemptDelayUs: !owner && rnd() < 0.15 ? Math.floor(rnd() * 5) * S : 0,
        trackers: [{ id: 'chk', kind: 'script', weight: -1 - Math.floor(rnd() * 60), reverse: false }],
      });
    }
    // v2 peers must agree on advert_int (a mismatch is dropped on the wire), so give them one.
    if (version === 2) {
      const adv = seg.routers[0].input.advertIntervalUs;
      for (const r of seg.routers) (r.input as { advertIntervalUs?: number }).advertIntervalUs = adv;
    }
    for (const r of seg.routers) seg.start(r, Math.floor(rnd() * 3 * S));
    // Chaos: partitions, loss, crashes, restarts, graceful stops, tracker flips, interface flaps.
    let clock = 3 * S;
    let split = false;
    for (let e = 0; e < 12; e++) {
      clock += Math.floor(rnd() * 4 * S);
      const r = pick(seg.routers);
      switch (Math.floor(rnd() * 7)) {
        case 0: {
          const split = seg.routers.filter(() => rnd() < 0.5);
          seg.partitionInto([split, seg.routers.filter((x) => !split.includes(x))], clock);
          break;
        }
        case 1: seg.runUntil(clock); seg.loss = rnd() * 0.6; break;
        case 2: seg.crash(r, clock); break;
        case 3: seg.shutdown(r, clock); break;
        case 4: seg.start(r, clock); break;
        case 5: seg.tracker(r, 'chk', rnd() < 0.5, clock); break;
        case 6: seg.interface(r, rnd() < 0.5, clock); break;
      }
      if (seg.masters().length > 1) split = true;
    }
    if (split) splitSeen++;
    // Heal: one segment, no loss, every interface up, everybody running.
    seg.heal(clock);
    seg.runUntil(clock);
    seg.loss = 0;
    for (const r of seg.routers) {
      seg.interface(r, true, clock);
      if (!r.running && rnd() < 0.7) seg.start(r, clock);
    }
    const settle = clock + 30 * S;
    seg.runUntil(settle);
    // Stable for the last 5 s, checked every 50 ms.
    let bad = '';
    for (let at = settle; at <= settle + 5 * S && !bad; at += 50_000) {
      seg.runUntil(at);
      const m = seg.masters();
      const live = seg.routers.filter((r) => r.running && r.inst.state !== 'FAULT');
      if (live.length > 0 && m.length !== 1) bad = `${m.length} masters at ${at} µs`;
    }
    // With distinct effective priorities and nobody holding back, the highest one must be master.
    const live = seg.routers.filter((r) => r.running && r.inst.state !== 'FAULT');
    const eff = live.map((r) => r.inst.effectivePriority);
    const preemptAll = live.every((r) => !r.inst.settings.nopreempt);
    if (!bad && live.length && preemptAll && new Set(eff).size === eff.length) {
      highestChecked++;
      const top = live.reduce((x, y) => (y.inst.effectivePriority > x.inst.effectivePriority ? y : x));
      if (seg.masters()[0] !== top) bad = `master ${seg.masters()[0]?.name} is not the highest (${top.name})`;
    }
    if (bad) {
      failures++;
      if (failures <= 3) t.fail(`scenario ${n}: ${bad}`, { transitions: seg.transitions.slice(-12) });
    }
  }
  t.equal(failures, 0, `${SCENARIOS} scenarios, none split after healing`);
  t.ok(highestChecked > SCENARIOS / 3, `highest-priority check applied in ${highestChecked} scenarios`);
  t.ok(splitSeen > SCENARIOS / 10, `${splitSeen} scenarios had two masters at some point before healing`);
});

