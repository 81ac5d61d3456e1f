// keepalived 2.2.7 (priority 150) against keepalived-ts (priority 100), VRRPv2 multicast with PASS on IPv4, in
// network namespaces: keepalived wins and holds the VIP alone; when it crashes keepalived-ts takes over within the
// master-down interval; keepalived preempts when it returns (keepalived-ts releases the VIP); a SIGTERM of
// keepalived hands over to keepalived-ts within the skew time.
import t from 'tap';
import { Pair, waitMs } from './vrrp-daemon-pair';

const SKEW_100_MS = 609; // (256 - 100) / 256 s
const DOWN_100_MS = 3609; // 3 × 1 s + skew

t.test('keepalived master, keepalived-ts backup', async (t) => {
  const pair = new Pair();
  t.teardown(() => pair.cleanup());
  const { ours, theirs } = pair;

  await ours.start(100);
  await theirs.start(150);
  t.ok(await waitMs(() => theirs.state() === 'MASTER', 10000) >= 0, 'keepalived becomes MASTER');
  t.ok(await waitMs(() => theirs.holdsVip() && !ours.holdsVip(), 3000) >= 0, 'the VIP is on keepalived only');
  t.ok(await waitMs(() => ours.state() === 'BACKUP', 3000) >= 0, 'keepalived-ts is BACKUP');

  // Crash of keepalived: keepalived-ts takes over after its master-down interval.
  await theirs.crash();
  const took = await waitMs(() => ours.holdsVip(), 8000);
  t.ok(took >= DOWN_100_MS - 1100 && took < DOWN_100_MS + 700,
    `keepalived-ts took over ${took} ms after the crash (master-down ${DOWN_100_MS} ms, minus up to one advert interval)`);
  t.ok(await waitMs(() => ours.state() === 'MASTER', 2000) >= 0, 'keepalived-ts is MASTER');
  t.ok(await waitMs(() => ours.log().includes('(VI_1) Receive advertisement timeout'), 2000) >= 0, 'logged the timeout (-D)');
  t.ok(await waitMs(() => pair.notifications(ours).includes('extra INSTANCE VI_1 MASTER 100'), 3000) >= 0, 'notify MASTER');

  // keepalived returns with the higher priority and preempts; keepalived-ts releases the VIP.
  await theirs.start(150);
  t.ok(await waitMs(() => theirs.state() === 'MASTER', 8000) >= 0, 'keepalived preempts');
  t.ok(await waitMs(() => theirs.holdsVip() && !ours.holdsVip(), 3000) >= 0, 'the VIP is on keepalived only again');
  t.ok(await waitMs(() => ours.log().includes('(VI_1) Master received advert from 10.64.0.1 with higher priority 150, ours 100'), 2000) >= 0,
    'keepalived-ts yielded to the higher priority');
  t.ok(await waitMs(() => ours.state() === 'BACKUP', 2000) >= 0, 'keepalived-ts is BACKUP');

  // SIGTERM of keepalived: its priority-0 advert makes keepalived-ts take over after the skew time.
  const exited = theirs.terminate();
  const termTook = await waitMs(() => ours.holdsVip(), 5000);
  await exited;
  t.ok(termTook >= 0 && termTook < SKEW_100_MS + 700, `keepalived-ts took over ${termTook} ms after keepalived's SIGTERM (skew ${SKEW_100_MS} ms)`);
  t.ok(await waitMs(() => ours.log().includes('(VI_1) Backup received priority 0 advertisement'), 2000) >= 0, 'logged the priority 0 (-D)');
  t.notOk(theirs.holdsVip());
});
