// Startup (keepalived vrrp_complete_init + vrrp_init_state, RFC 3768 / RFC 5798 §6.4.1 Initialize), checked
// against keepalived 2.2.7's own console output for the same configurations.
import t from 'tap';
import { Harness, kinds, logs, S, states } from './vrrp-instance-harness';

t.test('BACKUP start: VIPs cleaned up, "(init)" line, BACKUP notify; takeover after Master_Down_Interval', async (t) => {
  const h = new Harness({ evips: ['10.77.1.100/24'] });
  const a = h.start(0);
  // keepalived 2.2.7 -D, same config: removing VIPs. / removing E-VIPs. / Entering BACKUP STATE (init)
  t.same(logs(a), ['(VI_1) removing VIPs.', '(VI_1) removing E-VIPs.', '(VI_1) Entering BACKUP STATE (init)']);
  t.same(a.filter((x) => x.kind === 'remove').map((x) => x.kind === 'remove' && x.force), [true, true]);
  t.same(kinds(a).slice(-4), ['notify:script', 'notify:generic', 'notify:fifo', 'notify:alerts']);
  t.equal(h.inst.nextDeadline(), 3_609_375, 'RFC 3768 §6.4.1: Master_Down_Timer = Master_Down_Interval');
  t.same(h.runUntil(3_609_374), [], 'nothing before the deadline');
  const b = h.runUntil(4 * S);
  t.same(logs(b), ['(VI_1) Receive advertisement timeout', '(VI_1) Entering MASTER STATE', '(VI_1) setting VIPs.',
    '(VI_1) setting E-VIPs.']);
  t.equal(h.inst.state, 'MASTER');
});

t.test('state MASTER with priority < 255 still starts as BACKUP with the full down interval', async (t) => {
  const h = new Harness({ initialState: 'MASTER', priority: 150 });
  const a = h.start(0);
  t.same(states(a), ['INIT>BACKUP']);
  t.equal(h.inst.nextDeadline(), 3_414_062);
});

t.test('address owner (255) with state MASTER takes over after 1 µs, without an "(init)" line (RFC §6.4.1)', async (t) => {
  const h = new Harness({ initialState: 'MASTER', priority: 255 });
  const a = h.start(0);
  t.same(logs(a), []);
  t.same(states(a), ['INIT>BACKUP']);
  t.equal(h.inst.nextDeadline(), 1);
  const b = h.step();
  t.equal(h.now, 1);
  t.same(states(b), ['BACKUP>MASTER']);
  t.same(b.filter((x) => x.kind === 'sendAdvert'), [{ kind: 'sendAdvert', priority: 255 }]);
});

t.test('address owner with state BACKUP waits like everyone else (3 × 1 s + 1/256 s)', async (t) => {
  const h = new Harness({ initialState: 'BACKUP', priority: 255 });
  h.start(0);
  t.equal(h.inst.nextDeadline(), 3_003_906);
});

t.test('a fault at startup: the cause, "entering FAULT state", FAULT notify, then the VIP clean-up', async (t) => {
  const h = new Harness({ trackers: [{ id: 'kxt0', kind: 'interface', weight: 0, reverse: false }] });
  h.inst.trackerChanged(0, 'kxt0', false);
  const a = h.start(0);
  // keepalived 2.2.7, same config (track_interface { kxt0 } with kxt0 down):
  t.same(logs(a), ['(VI_1): entering FAULT state (interface kxt0 down)', '(VI_1) entering FAULT state',
    '(VI_1) removing VIPs.']);
  t.same(kinds(a), ['log', 'log', 'stateChanged', 'notify:script', 'notify:generic', 'notify:fifo', 'notify:alerts',
    'log', 'remove']);
  t.equal(h.inst.state, 'FAULT');
  t.equal(h.inst.nextDeadline(), null, 'no timer in FAULT');
  t.same(h.advert({ priority: 200 }, 1 * S), [], 'adverts are ignored in FAULT');
  const b = h.tracker('kxt0', true, 2 * S);
  t.same(logs(b), ['(VI_1) Entering BACKUP STATE']);
  t.equal(h.inst.nextDeadline(), 2 * S + 3_609_375, 'leaving FAULT: full Master_Down_Interval');
});

t.test('other startup fault causes are named as keepalived names them', async (t) => {
  const h = new Harness({
    interfaceName: 'eth0',
    trackers: [
      { id: 'chk', kind: 'script', weight: 0, reverse: false },
      { id: '/run/f', kind: 'file', weight: -1, reverse: false },
      { id: 'httpd', kind: 'process', weight: 0, reverse: false },
      { id: 'eth1', kind: 'interface', weight: 0, reverse: true },
    ],
  });
  h.inst.interfaceChanged(0, false);
  h.inst.trackerChanged(0, 'chk', false);
  h.inst.trackerChanged(0, '/run/f', 300);
  h.inst.trackerChanged(0, 'httpd', false);
  h.inst.trackerChanged(0, 'eth1', true);
  const a = h.start(0);
  t.same(logs(a, false), [
    '(VI_1): entering FAULT state (interface eth0 down)',
    '(VI_1): entering FAULT state (interface eth1 down)',
    '(VI_1): entering FAULT state (tracked file /run/f has status -300)',
    '(VI_1) entering FAULT state (tracked process httpd quorum not achieved)',
    '(VI_1): entering FAULT state due to script chk',
    '(VI_1) entering FAULT state',
  ]);
});

t.test('trackers reported before start set the initial priority (logged before the state line)', async (t) => {
  const h = new Harness({ trackers: [{ id: 'chk', kind: 'script', weight: -10, reverse: false }] });
  h.inst.trackerChanged(0, 'chk', false);
  const a = h.start(0);
  t.same(logs(a, false), ['(VI_1) Changing effective priority from 100 to 90', '(VI_1) Entering BACKUP STATE (init)']);
  t.equal(h.inst.nextDeadline(), 3_000_000 + 648_437);
});

t.test('waiting for a weight-0 track script: silent until it reports, then "Entering BACKUP STATE" (no "(init)")', async (t) => {
  const h = new Harness({ trackers: [{ id: 'chk', kind: 'script', weight: 0, reverse: false }] });
  const a = h.start(0);
  t.same(logs(a, false), [], 'no state line');
  t.notOk(a.some((x) => x.kind === 'runNotify'), 'no notification');
  t.equal(h.inst.nextDeadline(), null);
  t.same(h.advert({ priority: 50 }, 1 * S), [], 'adverts ignored while waiting');
  const b = h.tracker('chk', true, 2 * S);
  t.same(logs(b), ['(VI_1) Entering BACKUP STATE'], 'trap 23: first state line without "(init)"');
  t.ok(b.some((x) => x.kind === 'runNotify' && x.step === 'script' && x.script === 'notify_backup'));
  t.equal(h.inst.nextDeadline(), 2 * S + 3_609_375);
});

t.test('waiting script that fails first: FAULT notify without a state line', async (t) => {
  const h = new Harness({ trackers: [{ id: 'chk', kind: 'script', weight: 0, reverse: false }] });
  h.start(0);
  const a = h.tracker('chk', false, 1 * S);
  t.same(logs(a), []);
  t.ok(a.some((x) => x.kind === 'runNotify' && x.step === 'script' && x.script === 'notify_fault'));
  t.equal(h.inst.state, 'FAULT');
  const b = h.tracker('chk', true, 2 * S);
  t.same(logs(b), ['(VI_1) Entering BACKUP STATE']);
});

t.test('waiting owner with state MASTER becomes MASTER as soon as its script reports OK', async (t) => {
  const h = new Harness({ priority: 255, initialState: 'MASTER',
    trackers: [{ id: 'chk', kind: 'script', weight: 0, reverse: false }] });
  h.start(0);
  const a = h.tracker('chk', true, 1 * S);
  t.same(states(a), ['FAULT>MASTER']);
  t.same(logs(a, false), ['(VI_1) Entering MASTER STATE']);
});

t.test('nothing happens before start()', async (t) => {
  const h = new Harness();
  t.same(h.inst.advertReceived(0, { source: '10.0.0.1', priority: 100, advertIntervalUs: S, addressCount: 1, missingVip: null }), []);
  t.same(h.inst.timerFired(0), []);
  t.equal(h.inst.nextDeadline(), null);
  t.equal(h.inst.state, 'INIT');
  t.same(h.inst.start(0).length > 0, true);
  t.same(h.inst.start(0), [], 'a second start is ignored');
});
