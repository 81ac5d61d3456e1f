// The checker process's SMTP alerts without a network: which verdicts of each checker kind carry a mail and its body
// (keepalived's check_*.c), when the real-server state lets it go (smtp_alert, no_checker_emails) with its subject,
// and the sender (AlertMailer: nothing without notification_email or smtp_server; a stop-time mail only opens a
// connection). The UML tests (test/uml/checker-smtp-alert*.test.ts) compare the same with keepalived on a wire.
import t from 'tap';
import { CheckState, type CheckerTiming } from '../../src/check/checkers/check-state';
import { connectEpilog } from '../../src/check/checkers/epilogs/connect-epilogs';
import { dnsEpilog } from '../../src/check/checkers/epilogs/dns-epilog';
import { HttpWalk } from '../../src/check/checkers/epilogs/http-epilog';
import { miscEpilog } from '../../src/check/checkers/epilogs/misc-epilog';
import { smtpEpilog } from '../../src/check/checkers/epilogs/smtp-epilog';
import { AlertMailer } from '../../src/core/smtp';
import type { LvsAction } from '../../src/check/real-server/actions';
import { LvsState } from '../../src/check/real-server/lvs-state';
import { loadConfig } from '../../src/config/load';
import { emptyGlobalDefs } from '../../src/config/model/global-defs';
import { Logger, MemorySink } from '../../src/core/logging';
import type { AlertMail } from '../../src/core/smtp';

const labels = { rs: '[10.0.0.2]:tcp:80', vs: '[10.0.0.1]:tcp:80' };
const timing = (o: Partial<CheckerTiming> = {}): CheckerTiming => ({
  retry: 0, delayBeforeRetryUs: 1, delayLoopUs: 1, warmupUs: 0, alpha: false, logAllFailures: false, ...o,
});
const mails = (v: { updates: { up: boolean; mail?: string }[] }): string[] => v.updates.map((u) => `${u.up ? 'up' : 'down'}:${u.mail ?? '-'}`);

t.test('TCP/UDP/ICMP: a mail only when the verdict changes the checker\'s view', async (t) => {
  for (const kind of ['TCP', 'UDP', 'ICMP'] as const) {
    const st = new CheckState(timing());
    t.same(mails(connectEpilog(kind, st, timing(), labels, true)), ['up:-'], `${kind}: the first success of a checker starting up`);
    t.same(mails(connectEpilog(kind, st, timing(), labels, false)), [`down:=> ${kind} CHECK failed on service <=`]);
    t.same(mails(connectEpilog(kind, st, timing(), labels, true)), [`up:=> ${kind} CHECK succeed on service <=`]);
    const alpha = new CheckState(timing({ alpha: true }));
    t.same(mails(connectEpilog(kind, alpha, timing(), labels, true)), [`up:=> ${kind} CHECK succeed on service <=`], `${kind}: alpha`);
    const first = new CheckState(timing({ alpha: true }));
    t.same(mails(connectEpilog(kind, first, timing(), labels, false)), ['down:-'], `${kind}: an alpha checker failing first`);
  }
});

t.test('HTTP_GET, SMTP_CHECK, DNS_CHECK bodies', async (t) => {
  const st = new CheckState(timing());
  const walk = new HttpWalk(st, timing(), labels, ['/'], false);
  t.same(mails(walk.success('HTTP status code')), ['up:-']);
  t.same(mails(walk.failure('HTTP status code error to')), ['down:=> CHECK failed on service : HTTP request failed <=']);
  walk.success('HTTP status code');
  t.same(mails(walk.success('HTTP status code')), ['up:=> CHECK succeed on service <=']);

  const sm = new CheckState(timing());
  const cycle = { retrying: false };
  t.same(mails(smtpEpilog(sm, cycle, timing(), labels, undefined)), ['up:-']);
  t.same(mails(smtpEpilog(sm, cycle, timing(), labels, 'Could not connect to server [10.0.0.2]:25')),
    ['down:=> CHECK failed on service : Could not connect to server [10.0.0.2]:25 <=']);
  t.same(mails(smtpEpilog(sm, cycle, timing(), labels, undefined)), ['up:=> CHECK succeed on service <=']);

  const dns = new CheckState(timing());
  t.same(mails(dnsEpilog(dns, timing(), labels, undefined)), ['up:-']);
  t.same(mails(dnsEpilog(dns, timing(), labels, 'read timeout from socket')), ['down:=> DNS_CHECK: failed on service <=']);
  t.same(mails(dnsEpilog(dns, timing(), labels, undefined)), ['up:=> DNS_CHECK: succeed on service <=']);
});

t.test('MISC_CHECK mails every verdict it applies, the first success included', async (t) => {
  const st = new CheckState(timing());
  const ms = { lastExitCode: 0 };
  const s = { program: '/bin/check', dynamic: false, configuredWeight: 1 };
  t.same(mails(miscEpilog(st, ms, timing(), s, labels, { kind: 'exit', code: 0 })), ['up:=> MISC CHECK succeeded on service <=']);
  t.same(mails(miscEpilog(st, ms, timing(), s, labels, { kind: 'exit', code: 0 })), [], 'no verdict, no mail');
  t.same(mails(miscEpilog(st, ms, timing(), s, labels, { kind: 'exit', code: 1 })), ['down:=> MISC CHECK failed on service <=']);
  t.same(mails(miscEpilog(st, ms, timing(), s, labels, { kind: 'exit', code: 0 })), ['up:=> MISC CHECK succeeded on service <=']);
  t.same(mails(miscEpilog(st, ms, timing(), s, labels, { kind: 'signal', signal: 9, timedOut: true })), ['down:=> MISC CHECK timed out on service <=']);
});

function lvs(globals = '', rsExtra = ''): LvsState {
  const rs = (i: number): string => `  real_server 10.0.0.${i} 80 {\n${rsExtra}    TCP_CHECK {\n    }\n    MISC_CHECK {\n      misc_path /bin/true\n    }\n  }\n`;
  const text = `global_defs {\n  router_id unit\n  script_user root\n${globals}}\nvirtual_server 10.0.0.100 80 {\n  lb_algo rr\n  lb_kind NAT\n  protocol TCP\n${rs(1)}${rs(2)}}\n`;
  const r = loadConfig('unit.conf', { text, configTest: true });
  if (r.abort) throw new Error(`config rejected: ${JSON.stringify(r.abort)}`);
  const s = new LvsState(r.config);
  s.start();
  return s;
}
const alerts = (a: LvsAction[]): string[] => a.flatMap((x) => (x.type === 'alert' ? [`${x.subject} | ${x.body}`] : []));
const ref = (rsIndex: number, checkerIndex: number) => ({ vsIndex: 0, rsIndex, checkerIndex });

t.test('the real-server state sends a checker\'s mail after the verdict, with the server\'s state', async (t) => {
  const s = lvs();
  t.same(alerts(s.checkerEvent(ref(0, 0), false, undefined, '=> TCP CHECK failed on service <=')),
    ['[unit] Realserver [10.0.0.1]:tcp:80 of virtual server [10.0.0.100]:tcp:80 - DOWN | => TCP CHECK failed on service <=']);
  t.same(alerts(s.checkerEvent(ref(0, 1), false, undefined, '=> MISC CHECK failed on service <=')),
    ['[unit] Realserver [10.0.0.1]:tcp:80 of virtual server [10.0.0.100]:tcp:80 - DOWN | => MISC CHECK failed on service <='],
    'a second checker failing on a server already down mails too');
  t.same(alerts(s.checkerEvent(ref(0, 0), true, undefined, '=> TCP CHECK succeed on service <=')),
    ['[unit] Realserver [10.0.0.1]:tcp:80 of virtual server [10.0.0.100]:tcp:80 - DOWN | => TCP CHECK succeed on service <='],
    'the subject says DOWN while another checker still fails');
  t.same(alerts(s.checkerEvent(ref(0, 1), true)), [], 'a verdict without a mail');
});

t.test('no_checker_emails: only verdicts that change the server mail; smtp_alert off: none', async (t) => {
  const s = lvs('  no_checker_emails\n');
  t.same(alerts(s.checkerEvent(ref(0, 0), false, undefined, 'a')).length, 1, 'the server goes down');
  t.same(alerts(s.checkerEvent(ref(0, 1), false, undefined, 'b')), [], 'already down');
  t.same(alerts(s.checkerEvent(ref(0, 0), true, undefined, 'c')), [], 'still down');
  t.same(alerts(s.checkerEvent(ref(0, 1), true, undefined, 'd')).length, 1, 'the server comes back');
  const off = lvs('', '    smtp_alert off\n');
  t.same(alerts(off.checkerEvent(ref(0, 0), false, undefined, 'a')), []);
  const global = lvs('  smtp_alert_checker off\n');
  t.same(alerts(global.checkerEvent(ref(0, 0), false, undefined, 'a')), [], 'smtp_alert_checker off is inherited');
});

function sender(over: Partial<ReturnType<typeof emptyGlobalDefs>> = {}): { a: AlertMailer; sent: AlertMail[]; touches: number[] } {
  const sent: AlertMail[] = [];
  const touches: number[] = [];
  const a = new AlertMailer(new Logger({ sinks: [new MemorySink()] }), () => ({
    send: async (m) => void sent.push(m), connectOnly: async () => void touches.push(1), close: () => undefined, pending: 0,
  }));
  a.configure({ ...emptyGlobalDefs(), routerId: 'rtr', notificationEmail: ['a@x.test'], notificationEmailFrom: 'k@x.test', smtpServer: { host: '10.0.0.9', port: 25 }, ...over });
  return { a, sent, touches };
}

t.test('AlertMailer: from, to, subject and body; stop-time mails only connect; nothing without a server or address', async (t) => {
  const { a, sent, touches } = sender();
  a.send('[rtr] Virtualserver x - UP', 'body', false);
  a.send('[rtr] Virtualserver x - DOWN', '=> Shutting down <=', true);
  t.same(sent, [{ from: 'k@x.test', to: ['a@x.test'], subject: '[rtr] Virtualserver x - UP', body: 'body' }]);
  t.same(touches, [1]);
  await a.stopMailsDone(100);
  for (const over of [{ smtpServer: undefined }, { notificationEmail: [] }]) {
    const none = sender(over);
    none.a.send('s', 'b', false);
    none.a.send('s', 'b', true);
    t.same([none.sent.length, none.touches.length], [0, 0]);
  }
});
