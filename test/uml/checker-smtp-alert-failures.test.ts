// The checker process's SMTP alerts when the SMTP server fails, live against keepalived inside user-mode Linux (the
// lab: test/helpers/uml-smtp-alert.ts): a server that refuses the recipients (keepalived logs the error and QUITs),
// then, after a reload, one that never answers: each mail gives up after smtp_connect_timeout with keepalived's line,
// and meanwhile the checks go on at their pace (results are logged while the first mail still waits, on both sides).
import t from 'tap';
import { umlAvailable } from '../helpers/uml-shell';
import { AlertLab, alertConfig, BOTH, DEAD_SMTP, HTTP_RS, RS_ADDRESSES, sleep, TCP_RS, TWO_RS, waitFor, type Who } from '../helpers/uml-smtp-alert';

t.test('checker SMTP alerts with a failing SMTP server', { skip: umlAvailable() ? undefined : 'no user-mode Linux' }, async (t) => {
  const lab = await AlertLab.start(t, RS_ADDRESSES, [HTTP_RS, TCP_RS], { RCPT: '550 5.1.1 no such user' });
  lab.writeConfigs((net, smtp) => alertConfig(lab, net, smtp));
  await lab.startDaemons();

  const refused = await lab.step('start-up, recipients refused', () => undefined, 3);
  t.ok(refused.every((s) => s.commands.at(-1) === 'QUIT' && s.data === ''), 'keepalived QUIT after the refusal, without a message');
  t.ok(lab.smtpLines('ka').some((l) => l.startsWith('Error processing RCPT cmd on SMTP server')), 'keepalived logged the refusal');

  // An SMTP server that never answers.
  lab.writeConfigs((net) => alertConfig(lab, net, DEAD_SMTP));
  await lab.signal('HUP');
  const reloaded = (w: Who): boolean => lab.log(w).some((l) => l === 'Reloading');
  await waitFor('both reloaded', () => BOTH.every(reloaded));
  await sleep(2500);
  lab.mark();
  const at = { ours: lab.log('ours').length, ka: lab.log('ka').length };
  const since = (w: Who): string[] => lab.log(w).slice(at[w]);
  lab.setHttpDown([HTTP_RS]);
  const removed = (l: string): boolean => l.startsWith(`Removing service [${HTTP_RS}]:tcp:8080 from VS [10.10.1.1]`);
  const removedTwo = (l: string): boolean => l.startsWith(`Removing service [${TWO_RS}]:tcp:8080 from VS [10.10.1.1]`);
  await waitFor('both servers checked there removed', () => BOTH.every((w) => since(w).some(removed) && since(w).some(removedTwo)));
  lab.setHttpDown([]);
  const timeouts = (w: Who): number => since(w).filter((l) => l.startsWith('Timeout opening connection to remote SMTP server')).length;
  // Two servers down (with their HTTP checker), two back: four mails, each timing out.
  await waitFor('the mails to time out', () => BOTH.every((w) => timeouts(w) >= 4), 40_000);
  await sleep(1500);
  lab.compare('SMTP server unreachable');
  // While the first mail waits for its timeout, the checks go on: results are logged between the two.
  for (const w of BOTH) {
    const lines = since(w);
    const first = lines.findIndex(removed);
    const firstTimeout = lines.findIndex((l) => l.startsWith('Timeout opening'));
    const checks = lines.slice(first + 1, firstTimeout).filter((l) => /^HTTP status code success/.test(l)).length;
    t.ok(first >= 0 && checks >= 1, `${w}: ${checks} checks ran while the first mail waited for the SMTP server`);
  }
  t.comment(`keepalived:\n${since('ka').join('\n')}`);
});
