// keepalived-ts (priority 150) against keepalived 2.2.7 (priority 100), VRRPv2 multicast with PASS on IPv4, in
// network namespaces: ours wins the election and holds the VIP alone; SIGTERM hands over within the skew time;
// ours preempts when it comes back; a crash (SIGKILL) hands over within the master-down interval.
import t from 'tap';
import { Pair, waitMs } from './vrrp-daemon-pair';

const SKEW_100_MS = 609; // (256 - 100) / 256 s
const DOWN_100_MS = 3609; // 3 × 1 s + skew

t.test('keepalived-ts master, keepalived backup', async (t) => {
  const pair = new Pair();
  t.teardown(() => pair.cleanup());
  const { ours, theirs } = pair;

  await theirs.start(100);
  await ours.start(150);
  t.ok(await waitMs(() => ours.state() === 'MASTER', 10000) >= 0, 'keepalived-ts becomes MASTER');
  t.ok(await waitMs(() => ours.holdsVip() && !theirs.holdsVip(), 3000) >= 0, 'the VIP is on keepalived-ts only');
  t.ok(await waitMs(() => theirs.state() === 'BACKUP', 3000) >= 0, 'keepalived is BACKUP');
  t.notOk(theirs.log().some((l) => /invalid|bad|mismatch|wrong/i.test(l)), 'keepalived reported nothing wrong with our adverts');
  t.ok(await waitMs(() => pair.notifications(ours).includes('extra INSTANCE VI_1 MASTER 150'), 3000) >= 0,
    "notify ran with keepalived's arguments");

  // SIGHUP with an eVIP added: the parent passes it on, the child reloads; the instance stays MASTER and its VIP
  // is never touched. (An extra VIP would change our adverts' address list, which keepalived 2.2.7 rejects.)
  const masterLines = ours.log().filter((l) => l === '(VI_1) Entering MASTER STATE').length;
  ours.reload(150, ['10.64.0.101/24']);
  t.ok(await waitMs(() => ours.holdsVip('10.64.0.101'), 5000) >= 0, 'reload: the new eVIP is added');
  t.ok(ours.holdsVip(), 'reload: the VIP stayed');
  t.equal(ours.log().filter((l) => l === '(VI_1) Entering MASTER STATE').length, masterLines, 'reload: no new election');
  t.ok(await waitMs(() => ours.log().includes('Reload complete'), 3000) >= 0, "the parent logged keepalived's Reload complete");

  // SIGTERM: one priority-0 advert, VIP released; keepalived takes over after its skew time.
  const sentAt = Date.now();
  const exited = ours.terminate();
  const took = await waitMs(() => theirs.holdsVip(), 5000);
  t.equal(await exited, 0, 'exit 0 after SIGTERM');
  t.ok(took >= 0 && took < SKEW_100_MS + 700, `keepalived took over ${took} ms after our SIGTERM (skew ${SKEW_100_MS} ms)`);
  t.notOk(ours.holdsVip() || ours.holdsVip('10.64.0.101'), 'our VIPs were released');
  t.ok(Date.now() - sentAt < 3000, 'stopped within its STOP-script second');
  t.ok(await waitMs(() => pair.notifications(ours).includes('extra INSTANCE VI_1 STOP 150'), 3000) >= 0, 'STOP notified');
  t.ok(await waitMs(() => ours.log().includes('(VI_1) sent 0 priority'), 2000) >= 0, 'logged the priority 0 (-D)');

  // Preemption: ours returns with the higher priority.
  await ours.start(150);
  t.ok(await waitMs(() => ours.state() === 'MASTER', 8000) >= 0, 'keepalived-ts preempts');
  t.ok(await waitMs(() => ours.holdsVip() && !theirs.holdsVip(), 3000) >= 0, 'the VIP moved back to keepalived-ts only');
  t.ok(await waitMs(() => theirs.log().includes('(VI_1) Master received advert from 10.64.0.2 with higher priority 150, ours 100'), 2000) >= 0,
    'keepalived yielded to our higher priority');

  // Crash: nothing released, nothing sent; keepalived takes over after its master-down interval.
  await ours.crash();
  const crashTook = await waitMs(() => theirs.holdsVip(), 8000);
  t.ok(crashTook >= DOWN_100_MS - 1100 && crashTook < DOWN_100_MS + 700,
    `keepalived took over ${crashTook} ms after the crash (master-down ${DOWN_100_MS} ms, minus up to one advert interval)`);
  t.ok(await waitMs(() => theirs.state() === 'MASTER', 3000) >= 0, 'keepalived is MASTER');

  // Restarted after the crash, ours cleans the stale VIP and preempts again.
  await ours.start(150);
  t.ok(await waitMs(() => ours.state() === 'MASTER', 8000) >= 0, 'keepalived-ts preempts after restart');
  t.ok(await waitMs(() => ours.holdsVip() && !theirs.holdsVip(), 3000) >= 0, 'VIP on keepalived-ts only');
});
