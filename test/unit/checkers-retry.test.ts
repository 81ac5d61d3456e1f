// keepalived 2.2.7's retry accounting for each checker kind, in virtual time: a server that fails goes down after
// exactly `retry` retries spaced delay_before_retry apart, the first failure at start-up is decisive, alpha mode
// starts down, and the lines logged are keepalived's. (The same sequences are compared with keepalived itself in
// test/uml/checkers-oracle*.test.ts.)
import t from 'tap';
import { CheckState, type CheckerTiming } from '../../src/check/checkers/check-state';
import { BOOTSTRAP_DELAY_US, CheckerMachine } from '../../src/check/checkers/checker-machine';
import { connectEpilog } from '../../src/check/checkers/epilogs/connect-epilogs';
import { dnsEpilog } from '../../src/check/checkers/epilogs/dns-epilog';
import { HttpWalk } from '../../src/check/checkers/epilogs/http-epilog';
import { miscEpilog } from '../../src/check/checkers/epilogs/misc-epilog';
import { smtpEpilog } from '../../src/check/checkers/epilogs/smtp-epilog';
import { attemptsOf, logsOf, simulate, verdictsOf } from '../helpers/checker-sim';

const S = 1_000_000;
const labels = { rs: '[10.0.0.2]:tcp:80', vs: '[10.0.0.1]:tcp:80' };
const timing = (o: Partial<CheckerTiming> = {}): CheckerTiming => ({
  retry: 2,
  delayBeforeRetryUs: 1 * S,
  delayLoopUs: 5 * S,
  warmupUs: 0,
  alpha: false,
  logAllFailures: false,
  ...o,
});
/** Up before `down`, down from `down` until `back`, up again after. */
const healthy = (down: number, back = Infinity) => (at: number): boolean => at < down || at >= back;

t.test('start: one second of bootstrap plus a random share of warmup', async (t) => {
  t.same(attemptsOf(simulate(0, 0.9, () => connectEpilog('TCP', new CheckState(timing()), timing(), labels, true), 1)), [1]);
  const st = new CheckState(timing());
  const ev = simulate(4 * S, 0.5, () => connectEpilog('TCP', st, timing(), labels, true), 3.5);
  t.same(attemptsOf(ev), [BOOTSTRAP_DELAY_US / S + 2], 'warmup 4 s × 0.5');
});

t.test('ha_suspend: a disabled checker skips its attempts, a delay_loop apart', async (t) => {
  const m = new CheckerMachine(0, 5 * S);
  t.same(m.start(0), [{ type: 'arm', delayUs: S }]);
  m.enabled = false;
  t.same(m.timerFired(S), [{ type: 'arm', delayUs: 5 * S }]);
  m.enabled = true;
  t.same(m.timerFired(6 * S), [{ type: 'attempt' }]);
});

t.test('TCP_CHECK: down after exactly retry retries, delay_before_retry apart; back on the first success', async (t) => {
  const tm = timing();
  const st = new CheckState(tm);
  const up = healthy(20, 30);
  const ev = simulate(0, 0, (at) => connectEpilog('TCP', st, tm, labels, up(at), `TCP connection to ${labels.rs} failed.`), 40);
  t.same(attemptsOf(ev), [1, 6, 11, 16, 21, 22, 23, 28, 29, 30, 35, 40]);
  t.same(logsOf(ev), [
    `1 TCP connection to ${labels.rs} success.`,
    `23 TCP_CHECK on service ${labels.rs} failed after 2 retries.`,
    `30 TCP connection to ${labels.rs} success.`,
  ]);
  t.same(verdictsOf(ev), ['1 up', '23 down', '30 up']);
});

t.test('TCP_CHECK: the first failure at start-up is decisive; log_all_failures adds the attempt lines while up', async (t) => {
  const tm = timing({ logAllFailures: true });
  const st = new CheckState(tm);
  const ev = simulate(0, 0, () => connectEpilog('TCP', st, tm, labels, false, `TCP connection to ${labels.rs} timeout.`), 8);
  t.same(logsOf(ev), [`1 TCP connection to ${labels.rs} timeout.`, `1 TCP_CHECK on service ${labels.rs} failed.`]);
  t.same(attemptsOf(ev), [1, 6, 7, 8], 'once down TCP still spaces retries by delay_before_retry');
});

t.test('UDP_CHECK / PING_CHECK: once down, every attempt is a delay_loop apart', async (t) => {
  for (const kind of ['UDP', 'ICMP'] as const) {
    const tm = timing();
    const st = new CheckState(tm);
    const ev = simulate(0, 0, (at) => connectEpilog(kind, st, tm, labels, at < 10), 30);
    t.same(attemptsOf(ev), [1, 6, 11, 12, 13, 18, 23, 28], kind);
    const failed =
      kind === 'UDP'
        ? `13 UDP_CHECK on service ${labels.rs} failed after 2 retries.`
        : `13 ICMP CHECK on service ${labels.rs} of ${labels.vs} failed after 2 retries.`;
    t.same(logsOf(ev), [`1 ${kind} connection to ${labels.rs} success.`, failed], kind);
  }
});

t.test('alpha: starts down, the first success brings it up', async (t) => {
  const tm = timing({ alpha: true });
  const st = new CheckState(tm);
  t.equal(st.isUp, false);
  const ev = simulate(0, 0, () => connectEpilog('TCP', st, tm, labels, true), 2);
  t.same(verdictsOf(ev), ['1 up']);
});

t.test('HTTP_GET: one url per delay_loop; the first start-up failure says "after N retries"; recovery walks all urls', async (t) => {
  const tm = timing({ retry: 1 });
  const st = new CheckState(tm);
  const walk = new HttpWalk(st, tm, labels, ['/a', '/b'], false);
  const up = healthy(12, 30);
  const ev = simulate(0, 0, (at) => {
    const url = walk.currentUrl();
    return up(at) || url === 0 ? walk.success('HTTP status code') : walk.failure('HTTP status code error to');
  }, 45);
  t.same(logsOf(ev), [
    `6 Remote Web server ${labels.rs} succeed on service.`,
    `17 HTTP_CHECK on service ${labels.rs} failed after 1 retries.`,
    `32 HTTP status code success to ${labels.rs} url(/b)`,
    `37 HTTP status code success to ${labels.rs} url(/a)`,
    `42 HTTP status code success to ${labels.rs} url(/b)`,
    `42 Remote Web server ${labels.rs} succeed on service.`,
  ]);
  t.same(attemptsOf(ev).slice(0, 9), [1, 6, 11, 16, 17, 22, 27, 32, 37], 'retries 1 s apart, the failed url polled every max(dbr, delay_loop)');

  const st2 = new CheckState(tm);
  const w2 = new HttpWalk(st2, tm, labels, ['/'], false);
  const ev2 = simulate(0, 0, () => w2.failure('Error connecting'), 2);
  t.same(logsOf(ev2), [`1 HTTP_CHECK on service ${labels.rs} failed after 1 retries.`], 'keepalived marks has_run before the epilog');
});

t.test('HTTP_GET fast_recovery: no delay while recovering from an unknown state', async (t) => {
  const tm = timing({ retry: 0, alpha: true });
  const st = new CheckState(tm);
  const walk = new HttpWalk(st, tm, labels, ['/a', '/b'], true);
  const ev = simulate(0, 0, () => walk.success('HTTP status code'), 6);
  t.same(attemptsOf(ev), [1, 1, 6], 'the second url follows at once before the first verdict');
});

t.test('SMTP_CHECK: the failure message is the log line, once retries are used up', async (t) => {
  const tm = timing({ retry: 1 });
  const st = new CheckState(tm);
  const cycle = { retrying: false };
  const ev = simulate(0, 0, (at) => smtpEpilog(st, cycle, tm, labels, at < 10 ? undefined : 'Bad greeting banner from server [10.0.0.2]:25'), 25);
  t.same(logsOf(ev), [`1 Remote SMTP server ${labels.rs} succeed on service.`, '12 SMTP_CHECK Bad greeting banner from server [10.0.0.2]:25']);
  t.same(verdictsOf(ev), ['1 up', '12 down']);

  const st2 = new CheckState(tm);
  const cycle2 = { retrying: false };
  const ev2 = simulate(0, 0, () => smtpEpilog(st2, cycle2, tm, labels, 'Read failure from server [10.0.0.2]:25'), 3);
  t.same(attemptsOf(ev2), [1, 2], 'every regular attempt starts its count at 0: even the first failure is retried');
  t.same(verdictsOf(ev2), ['2 down']);
});

t.test('DNS_CHECK: no success line; "after N retries" on the decisive failure', async (t) => {
  const tm = timing({ retry: 1 });
  const st = new CheckState(tm);
  const ev = simulate(0, 0, (at) => dnsEpilog(st, tm, labels, at < 10 ? undefined : 'read timeout from socket'), 25);
  t.same(logsOf(ev), [`12 DNS_CHECK (${labels.rs}) read timeout from socket after 1 retries`]);
  t.same(verdictsOf(ev), ['1 up', '12 down']);
});

t.test('MISC_CHECK: retry wording, misc_dynamic weight, timing from the script start', async (t) => {
  const tm = timing({ retry: 2, logAllFailures: true });
  const st = new CheckState(tm);
  const ms = { lastExitCode: 0 };
  const s = { program: '/bin/check', dynamic: true, configuredWeight: 3 };
  const ev = simulate(0, 0, (at) => miscEpilog(st, ms, tm, s, labels, { kind: 'exit', code: at < 10 ? 12 : 1 }), 20, 0.5);
  const head = `Misc check for [${labels.rs} VS ${labels.vs}] by [/bin/check]`;
  t.same(logsOf(ev), [
    `1.5 ${head} succeeded.`,
    `11.5 ${head} failed, will do 2 retries (exited with status 1).`,
    `12.5 ${head} failed on retry 1/2 (exited with status 1).`,
    `13.5 ${head} failed after 2 retries (exited with status 1).`,
  ]);
  t.same(ev.filter((e) => e.kind === 'weight').map((e) => e.text), ['7'], 'exit 12 → weight 10 = 3 + 7');
  t.same(attemptsOf(ev).slice(0, 5), [1, 6, 11, 12, 13], 'the next run is timed from when the script started');
  const st2 = new CheckState(timing({ retry: 0 }));
  const v = miscEpilog(st2, { lastExitCode: 0 }, timing({ retry: 0 }), s, labels, { kind: 'signal', signal: 15, timedOut: true });
  t.same(v.logs, [`${head} timed out with retry disabled.`]);
});
