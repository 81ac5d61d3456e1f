// The checker process's SMTP alerts with no_checker_emails, for a TCP_CHECK, and at the stop, live against keepalived
// inside user-mode Linux (the lab: test/helpers/uml-smtp-alert.ts). With no_checker_emails a checker mails only when
// its verdict changes its real server (a second checker failing on a server already down stays silent); the stop
// with omega asks for the shutdown mails, whose connections keepalived opens as it exits (measured here: the SMTP
// server sees connections without a command), and so must ours.
import t from 'tap';
import { umlAvailable } from '../helpers/uml-shell';
import {
  AlertLab, alertConfig, HTTP_RS, RS_ADDRESSES, sleep, subjectOf, TCP_RS, TWO_RS, waitFor, type Session,
} from '../helpers/uml-smtp-alert';

t.test('checker SMTP alerts with no_checker_emails, TCP_CHECK and the stop', { skip: umlAvailable() ? undefined : 'no user-mode Linux' }, async (t) => {
  const lab = await AlertLab.start(t, RS_ADDRESSES, [HTTP_RS, TCP_RS]);
  lab.writeConfigs((net, smtp) => alertConfig(lab, net, smtp, '    no_checker_emails\n'));
  await lab.startDaemons();
  const subjects = (s: Session[]): string[] => s.map(subjectOf).sort();
  const rs = (a: string, up: boolean): string => `Subject: [kts-alert] Realserver [${a}]:tcp:8080 of virtual server [10.10.1.1]:tcp:80 - ${up ? 'UP' : 'DOWN'}`;

  await lab.step('start-up', () => undefined, 1);
  const tcp = await lab.step('the TCP_CHECK server unreachable, and back', async () => {
    await lab.uml.run(`ip addr del ${TCP_RS}/32 dev lo`);
    const failed = (l: string): boolean => l.startsWith(`TCP_CHECK on service [${TCP_RS}]`);
    await waitFor('the TCP_CHECK failure', () => lab.log('ka').some(failed) && lab.log('ours').some(failed));
    await lab.uml.run(`ip addr add ${TCP_RS}/32 dev lo`);
  }, 2);
  t.same(subjects(tcp), [rs(TCP_RS, false), rs(TCP_RS, true)].sort(), "keepalived's mails: the TCP_CHECK server down and up");
  const lost = await lab.step('the MISC_CHECK fails, then the HTTP server', async () => {
    lab.setMiscUp(false);
    await lab.step('the MISC_CHECK fails', () => undefined, 2);
    lab.setHttpDown([HTTP_RS]);
  }, 2);
  t.notOk(subjects(lost).includes(rs(TWO_RS, false)), "keepalived: no mail for the second checker of a server already down");

  // The stop: omega runs the shutdown notifications of the servers still up and of the quorum.
  lab.mark();
  await lab.signal('TERM');
  await waitFor('both daemons to exit', () => lab.exited());
  await sleep(1500);
  const stop = lab.compare('the stop');
  t.ok(stop.length >= 1, `keepalived opened its shutdown connections (${stop.length})`);
  t.ok(stop.every((s) => s.commands.length === 0 && s.data === ''), 'keepalived sent nothing on them');
});
