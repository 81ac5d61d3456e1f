// The sync group core with real VrrpInstance members in virtual time: members move together as keepalived
// 2.2.7's vrrp_sync.c moves them (the log lines, FIFO lines and notify arguments below are the ones keepalived
// wrote for the same sequence in a namespace: see test/interop/vrrp-sync-group.test.ts for the live comparison).
import t from 'tap';
import type { Action } from '../../src/vrrp/instance';
import { instanceSettings, VrrpInstance } from '../../src/vrrp/instance';
import { SyncGroup, type GroupStep } from '../../src/vrrp/sync-group';

const S = 1_000_000;

/** Two members on two interfaces, run the way the daemon runs them; every line of output in order. */
class Pair {
  now = 0;
  readonly a = new VrrpInstance(instanceSettings({ name: 'VI_1', vrid: 71, sourceAddress: '10.71.0.1', vips: ['10.71.0.100/24'], interfaceName: 'eth0', priority: 150 }));
  readonly b = new VrrpInstance(instanceSettings({ name: 'VI_2', vrid: 72, sourceAddress: '10.72.0.1', vips: ['10.72.0.100/24'], interfaceName: 'eth1', priority: 150 }));
  readonly group = new SyncGroup('G1', [this.a, this.b]);
  readonly out: string[] = [];

  private keep(who: VrrpInstance, actions: readonly Action[]): void {
    for (const x of actions) {
      if (x.kind === 'log' && !x.detail) this.out.push(x.line);
      else if (x.kind === 'sendAdvert') this.out.push(`${who.name} advert ${x.priority}`);
      else if (x.kind === 'runNotify' && x.step === 'fifo') this.out.push(`fifo ${x.line.trim()}`);
      else if (x.kind === 'runNotify' && x.step === 'generic') this.out.push(`notify ${x.args.join(' ')}`);
    }
  }

  private steps(steps: readonly GroupStep[]): void {
    for (const s of steps) {
      if (s.kind === 'member') this.keep(s.member, s.actions);
      else if (s.kind === 'log') this.out.push(s.line);
      else if (s.step === 'fifo') this.out.push(`fifo ${s.line.trim()}`);
      else if (s.step === 'generic') this.out.push(`notify ${s.args.join(' ')}`);
    }
  }

  start(): void {
    for (const m of [this.a, this.b]) {
      this.keep(m, m.loadTracking());
      this.steps(this.group.loadMember(m));
    }
    for (const m of [this.a, this.b]) this.keep(m, m.beginStart());
    this.steps(this.group.announce());
    for (const m of [this.a, this.b]) this.keep(m, m.finishStart(this.now));
  }

  /** Fires timers in deadline order until `to`. */
  runUntil(to: number): void {
    for (;;) {
      const due = [this.a, this.b]
        .map((m) => ({ m, d: m.nextDeadline() }))
        .filter((x): x is { m: VrrpInstance; d: number } => x.d !== null && x.d <= to)
        .sort((x, y) => x.d - y.d)[0];
      if (!due) break;
      this.now = Math.max(this.now, due.d);
      const from = due.m.state;
      this.keep(due.m, due.m.timerFired(this.now));
      this.steps(this.group.afterTransition(this.now, due.m, from));
    }
    this.now = to;
  }

  link(m: VrrpInstance, up: boolean): void {
    const from = m.state;
    const had = m.ownFault;
    this.keep(m, m.interfaceChanged(this.now, up));
    this.steps(this.group.afterFaultChange(this.now, m, from, had));
  }

  advert(m: VrrpInstance, priority: number, source: string): void {
    const from = m.state;
    this.keep(m, m.advertReceived(this.now, { source, priority, advertIntervalUs: S, addressCount: 1, missingVip: null }));
    this.steps(this.group.afterTransition(this.now, m, from));
  }

  take(): string[] {
    return this.out.splice(0).filter((l) => !/advert \d+$/.test(l) || /advert 0$/.test(l));
  }
}

t.test('start-up: the group announces BACKUP before its members enter BACKUP', async (t) => {
  const p = new Pair();
  p.start();
  t.same(p.take(), [
    'notify GROUP G1 BACKUP 0', 'fifo GROUP "G1" BACKUP 0',
    '(VI_1) Entering BACKUP STATE (init)', 'notify INSTANCE VI_1 BACKUP 150', 'fifo INSTANCE "VI_1" BACKUP 150',
    '(VI_2) Entering BACKUP STATE (init)', 'notify INSTANCE VI_2 BACKUP 150', 'fifo INSTANCE "VI_2" BACKUP 150',
  ]);
  t.equal(p.group.state, 'BACKUP');
});

t.test('the first member to time out is held back; the second pulls the group to MASTER', async (t) => {
  const p = new Pair();
  p.start();
  p.take();
  // Both time out together; VI_1 comes first but VI_2 does not want MASTER yet, so VI_1 is held in BACKUP and
  // VI_2, whose turn is next, takes the group to MASTER (keepalived logs exactly this order).
  const first = Math.min(p.a.nextDeadline()!, p.b.nextDeadline()!);
  t.equal(p.a.nextDeadline(), p.b.nextDeadline());
  p.runUntil(first);
  t.same(p.take(), [
    '(VI_2) Entering MASTER STATE', 'notify INSTANCE VI_2 MASTER 150', 'fifo INSTANCE "VI_2" MASTER 150',
    'VRRP_Group(G1) Syncing instances to MASTER state',
    '(VI_1) Entering MASTER STATE', 'notify INSTANCE VI_1 MASTER 150', 'fifo INSTANCE "VI_1" MASTER 150',
    'notify GROUP G1 MASTER 0', 'fifo GROUP "G1" MASTER 0',
  ]);
  t.equal(p.group.state, 'MASTER');
});

t.test('a member held back by its group stays BACKUP with its down timer restarted', async (t) => {
  const p = new Pair();
  p.start();
  // VI_2 hears a master, so it does not want MASTER: VI_1's timeout is held back again and again.
  for (let s = 1; s <= 12; s++) {
    p.runUntil(s * S);
    p.advert(p.b, 200, '10.72.0.2');
  }
  t.equal(p.a.state, 'BACKUP');
  t.equal(p.a.wantedState, 'MASTER');
  t.ok(p.a.nextDeadline()! > p.now, 'down timer re-armed');
  t.equal(p.group.state, 'BACKUP');
  t.notOk(p.take().some((l) => /MASTER/.test(l)), 'nobody entered MASTER');
});

t.test('a member link down forces the group to FAULT; link up brings it back through BACKUP', async (t) => {
  const p = new Pair();
  p.start();
  p.runUntil(10 * S);
  p.take();
  p.link(p.b, false);
  t.same(p.take(), [
    '(VI_2) Entering FAULT STATE', 'VI_2 advert 0', 'VI_2 advert 0', 'notify INSTANCE VI_2 FAULT 150', 'fifo INSTANCE "VI_2" FAULT 150',
    'VRRP_Group(G1) Syncing instances to FAULT state',
    '(VI_1) Entering FAULT STATE', 'VI_1 advert 0', 'notify INSTANCE VI_1 FAULT 150', 'fifo INSTANCE "VI_1" FAULT 150',
    'notify GROUP G1 FAULT 0', 'fifo GROUP "G1" FAULT 0',
  ]);
  t.equal(p.a.state, 'FAULT');
  t.equal(p.a.nextDeadline(), null, 'a FAULT member runs no timer');
  p.runUntil(20 * S);
  t.same(p.take(), [], 'the group stays in FAULT while the link is down');
  p.link(p.b, true);
  t.same(p.take(), [
    '(VI_2) Entering BACKUP STATE', 'notify INSTANCE VI_2 BACKUP 150', 'fifo INSTANCE "VI_2" BACKUP 150',
    'VRRP_Group(G1) Syncing instances to BACKUP state',
    '(VI_1) Entering BACKUP STATE', 'notify INSTANCE VI_1 BACKUP 150', 'fifo INSTANCE "VI_1" BACKUP 150',
    'notify GROUP G1 BACKUP 0', 'fifo GROUP "G1" BACKUP 0',
  ]);
  p.runUntil(30 * S);
  t.equal(p.group.state, 'MASTER');
  t.equal(p.a.state, 'MASTER');
  t.equal(p.b.state, 'MASTER');
});

t.test('a BACKUP member is switched to FAULT without an "Entering FAULT STATE" line', async (t) => {
  const p = new Pair();
  p.start();
  p.take();
  p.link(p.a, false);
  t.same(p.take(), [
    '(VI_1) Entering FAULT STATE', 'notify INSTANCE VI_1 FAULT 150', 'fifo INSTANCE "VI_1" FAULT 150',
    'VRRP_Group(G1) Syncing instances to FAULT state',
    'notify INSTANCE VI_2 FAULT 150', 'fifo INSTANCE "VI_2" FAULT 150',
    'notify GROUP G1 FAULT 0', 'fifo GROUP "G1" FAULT 0',
  ]);
  t.equal(p.b.state, 'FAULT');
});

t.test('a member already in FAULT through its group does not notify again for its own fault', async (t) => {
  const p = new Pair();
  p.start();
  p.link(p.a, false);
  p.take();
  p.link(p.b, false);
  t.same(p.take(), [], 'VI_2 is FAULT like its group: no notification, no log');
  p.link(p.a, true);
  t.same(p.take(), [], 'VI_1 stays in FAULT while VI_2 has a fault of its own');
  t.equal(p.a.state, 'FAULT');
  p.link(p.b, true);
  t.equal(p.a.state, 'BACKUP');
  t.equal(p.b.state, 'BACKUP');
  t.equal(p.group.state, 'BACKUP');
});

t.test('a higher-priority master on one member takes the whole group to BACKUP', async (t) => {
  const p = new Pair();
  p.start();
  p.runUntil(10 * S);
  p.take();
  p.advert(p.a, 200, '10.71.0.2');
  t.same(p.take(), [
    '(VI_1) Master received advert from 10.71.0.2 with higher priority 200, ours 150',
    '(VI_1) Entering BACKUP STATE', 'notify INSTANCE VI_1 BACKUP 150', 'fifo INSTANCE "VI_1" BACKUP 150',
    'VRRP_Group(G1) Syncing instances to BACKUP state',
    '(VI_2) Entering BACKUP STATE', 'notify INSTANCE VI_2 BACKUP 150', 'fifo INSTANCE "VI_2" BACKUP 150',
    'notify GROUP G1 BACKUP 0', 'fifo GROUP "G1" BACKUP 0',
  ], 'the other member leaves MASTER without a priority-0 advert');
});

t.test('shutdown: every member notifies STOP, then the group', async (t) => {
  const p = new Pair();
  p.start();
  p.runUntil(10 * S);
  p.take();
  for (const m of [p.a, p.b]) (p as unknown as { keep(m: VrrpInstance, a: readonly Action[]): void }).keep(m, m.release(p.now));
  for (const m of [p.a, p.b]) (p as unknown as { keep(m: VrrpInstance, a: readonly Action[]): void }).keep(m, m.stop());
  (p as unknown as { steps(s: readonly GroupStep[]): void }).steps(p.group.stop());
  t.same(p.take().filter((l) => l.startsWith('notify') || l.startsWith('fifo')), [
    'notify INSTANCE VI_1 STOP 150', 'fifo INSTANCE "VI_1" STOP 150',
    'notify INSTANCE VI_2 STOP 150', 'fifo INSTANCE "VI_2" STOP 150',
    'notify GROUP G1 STOP 0', 'fifo GROUP "G1" STOP 0',
  ]);
});

t.test('a lower-priority advert to one MASTER member makes the others repeat their lower-priority GARPs', async (t) => {
  const a = new VrrpInstance(instanceSettings({ name: 'VI_1', vrid: 71, sourceAddress: '10.71.0.1', vips: ['10.71.0.100/24'], priority: 150 }));
  const b = new VrrpInstance(instanceSettings({
    name: 'VI_2', vrid: 72, sourceAddress: '10.72.0.1', vips: ['10.72.0.100/24'], priority: 150,
    garp: { lowerPrioRepeat: 2, lowerPrioDelayUs: 5 * S },
  }));
  const group = new SyncGroup('G1', [a, b]);
  for (const m of [a, b]) m.start(0);
  let now = 0;
  for (let i = 0; i < 40 && !(a.state === 'MASTER' && b.state === 'MASTER'); i++) {
    for (const m of [a, b]) {
      const d = m.nextDeadline();
      if (d === null || d > now) continue;
      const from = m.state;
      m.timerFired(now);
      group.afterTransition(now, m, from);
    }
    now += S / 10;
  }
  t.equal(group.state, 'MASTER');
  const heard = a.lowerPriorityHeard;
  a.advertReceived(now, { source: '10.71.0.2', priority: 50, advertIntervalUs: S, addressCount: 1, missingVip: null });
  t.equal(a.lowerPriorityHeard, heard + 1, 'the member counts the lower-priority advert');
  const steps = group.lowerPriorityHeard(now, a);
  t.same(steps.map((s) => s.kind === 'member' ? [s.member.name, s.actions.map((x) => x.kind === 'sendGarps' ? `garps ${x.count}` : x.kind)] : s.kind),
    [['VI_2', ['garps 2']]], 'VI_2 sends its garp_lower_prio_repeat GARPs; VI_1 (none configured) nothing more');
  const delayed = b.timerFired(now + 5 * S).filter((x) => x.kind === 'sendGarps');
  t.ok(delayed.some((x) => x.kind === 'sendGarps' && x.reason === 'lower-prio-delayed'), 'and again after garp_lower_prio_delay');
});
