// The checker process's SMTP alerts on state changes, live against keepalived inside user-mode Linux (the lab:
// test/helpers/uml-smtp-alert.ts): keepalived -C and keepalived-ts -C on the same configuration, each mailing its own
// recording SMTP server, and at every step the recorded sessions (commands and DATA: headers, subject, body) and the
// log lines about sending must be equal: start-up, an HTTP_GET server down and back, a MISC_CHECK failing (on a
// server with a second checker too) and the quorum lost, then everything back and the quorum regained.
import t from 'tap';
import { umlAvailable } from '../helpers/uml-shell';
import { AlertLab, alertConfig, HTTP_RS, RS_ADDRESSES, subjectOf, TCP_RS, TWO_RS, type Session } from '../helpers/uml-smtp-alert';

t.test('checker SMTP alerts on state changes: keepalived-ts -C and keepalived -C inside UML', { skip: umlAvailable() ? undefined : 'no user-mode Linux' }, async (t) => {
  const lab = await AlertLab.start(t, RS_ADDRESSES, [HTTP_RS, TCP_RS]);
  lab.writeConfigs((net, smtp) => alertConfig(lab, net, smtp));
  await lab.startDaemons();
  const subjects = (s: Session[]): string[] => s.map(subjectOf).sort();
  const rs = (a: string, up: boolean): string => `Subject: [kts-alert] Realserver [${a}]:tcp:8080 of virtual server [10.10.1.1]:tcp:80 - ${up ? 'UP' : 'DOWN'}`;
  const vs = (up: boolean): string => `Subject: [kts-alert] Virtualserver [10.10.1.1]:tcp:80 - ${up ? 'UP' : 'DOWN'}`;

  const start = await lab.step('start-up', () => undefined, 3);
  t.ok(start.length >= 3, `keepalived mailed at start-up (${start.length})`);
  t.ok(lab.smtpLines('ka').includes('SMTP alert successfully sent.'), 'keepalived logged its sending (-D)');

  const down = await lab.step('the HTTP server fails', () => lab.setHttpDown([HTTP_RS]), 2);
  t.same(subjects(down), [rs(HTTP_RS, false), rs(TWO_RS, false)].sort(), "keepalived's mails: both servers checked there");
  await lab.step('it recovers', () => lab.setHttpDown([]), 2);
  const lost = await lab.step('the MISC_CHECK fails, then the HTTP server: the quorum lost', async () => {
    lab.setMiscUp(false);
    await lab.step('the MISC_CHECK fails', () => undefined, 2);
    lab.setHttpDown([HTTP_RS]);
  }, 3);
  t.ok(subjects(lost).includes(vs(false)), "keepalived's mails: the quorum lost");
  // Five mails: the MISC_CHECK's for its two servers (the two-checker one still DOWN while its HTTP check fails),
  // the HTTP check's for its two, and the quorum's (waiting for fewer let a slow side's last one fall outside).
  await lab.step('all recover: the quorum regained', () => {
    lab.setMiscUp(true);
    lab.setHttpDown([]);
  }, 5);
});
