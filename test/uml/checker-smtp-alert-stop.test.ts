// The checker process's SMTP alerts with no_checker_emails, for a TCP_CHECK, and at the stop, live against keepalived
// inside user-mode Linux (the lab: test/helpers/uml-smtp-alert.ts). With no_checker_emails a checker mails only when
// its verdict changes its real server (a second checker failing on a server already down stays silent); a reload
// that drops a server in the pool mails its removal; the stop with omega asks for the shutdown mails, whose
// connections keepalived opens as it exits (the SMTP server sees connections without a command, or none), and so
// does ours.
import t from 'tap';
import { umlAvailable } from '../helpers/uml-shell';
import {
  AlertLab, alertConfig, BOTH, HTTP_RS, RS_ADDRESSES, sleep, subjectOf, TCP_RS, TWO_RS, waitFor, type Session,
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
  // A reload that drops a server in the pool: "=> Removing <=" (keepalived's SMTP_MSG_RS_SHUT), really sent.
  const removing = await lab.step('SIGHUP without the TCP_CHECK server', () => {
    lab.writeConfigs((net, smtp) => alertConfig(lab, net, smtp, '    no_checker_emails\n', [TCP_RS]));
    return lab.signal('HUP');
  }, 1);
  t.same(subjects(removing), [rs(TCP_RS, false)], "keepalived's mail: the server removed");
  t.ok(removing.every((m) => m.data.includes('\r\n\r\n=> Removing <=\r\n')), "keepalived's body");
  // The pool is now three servers, quorum 2: the MISC_CHECK failing (two servers) loses the quorum.
  const lost = await lab.step('the MISC_CHECK fails, then the HTTP server', async () => {
    lab.setMiscUp(false);
    await lab.step('the MISC_CHECK fails: the quorum lost', () => undefined, 3);
    lab.setHttpDown([HTTP_RS]);
  }, 1);
  t.notOk(subjects(lost).includes(rs(TWO_RS, false)), "keepalived: no mail for the second checker of a server already down");

  // The stop: omega runs the shutdown notifications of the servers still up and of the quorum.
  const at = { ours: lab.mails('ours').length, ka: lab.mails('ka').length };
  const lines = { ours: lab.smtpLines('ours').length, ka: lab.smtpLines('ka').length };
  await lab.signal('TERM');
  await waitFor('both daemons to exit', () => lab.exited());
  await sleep(1500);
  // keepalived exits right after asking: whether a connection still reaches the server is a race it may lose (measured:
  // all of them, some or none); ours opens each before exiting. Either way no mail is ever delivered.
  const stop = { ours: lab.mails('ours').slice(at.ours), ka: lab.mails('ka').slice(at.ka) };
  for (const w of BOTH) t.ok(stop[w].every((m) => m.commands.length === 0 && m.data === ''), `${w}: no mail delivered at the stop (${stop[w].length} connections)`);
  t.ok(stop.ours.length >= stop.ka.length, 'ours opened every connection keepalived did');
  t.same(lab.smtpLines('ours').slice(lines.ours), lab.smtpLines('ka').slice(lines.ka), 'the stop: no SMTP log line');
  t.comment(`keepalived's last lines:\n${lab.log('ka').slice(-12).join('\n')}`);
});
