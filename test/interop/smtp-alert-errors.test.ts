// SMTP alerts when the server is not an easy one, keepalived 2.2.7 and keepalived-ts run alike in a namespace
// (one vrrp_instance with smtp_alert, alone, so it mails BACKUP then MASTER): a server that greets and answers HELO
// with multi-line replies and refuses the second recipient (keepalived then sends QUIT: no message goes out), and
// a host with no server listening (keepalived logs the refused connect as a write error on the socket's
// descriptor; the descriptor number is not compared). Compared: the SMTP log lines and the sessions recorded.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startDaemon, type Implementation } from '../../src/lab/vrrp-daemon';
import { SmtpRecorder, type SmtpSession } from '../helpers/smtp-recorder';
import { createSyncLab, messages, until } from '../helpers/sync-group-lab';

const SMTP = { host: '10.81.0.9', port: 2525 };

const conf = `global_defs {
  router_id rtr_e
  notification_email {
    alice@example.test
    nobody@example.test
  }
  notification_email_from keepalived@rtr-e.test
  smtp_server ${SMTP.host} ${SMTP.port}
  smtp_helo_name helo.rtr-e.test
  smtp_connect_timeout 3
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 81
  priority 100
  advert_int 1
  virtual_ipaddress {
    10.81.0.100/24
  }
  smtp_alert
}
`;

interface Run {
  smtpLines: string[];
  sessions: SmtpSession[];
}

/** replies: a recording server with these replies; 'remote': nothing listens, on another host. */
async function run(impl: Implementation, replies: Record<string, string> | 'remote'): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), `kts-smtp-${impl}-`));
  const sl = createSyncLab(2);
  const node = sl.nodes[0];
  sl.lab.addAddress(replies === 'remote' ? sl.nodes[1] : node, `${SMTP.host}/24`);
  const smtp = typeof replies === 'object' ? await SmtpRecorder.start(node.ns, SMTP.host, SMTP.port, replies) : undefined;
  const path = join(dir, 'keepalived.conf');
  writeFileSync(path, conf);
  const d = startDaemon({ impl, ns: node.ns, conf: path, dir });
  // keepalived names the socket's descriptor in some lines: the number is the process's own, not compared.
  const smtpLines = (): string[] => messages(d).filter((l) => /\bSMTP\b|^smtp fd/.test(l)).map((l) => l.replace(/\bfd \d+/, 'fd N'));
  try {
    await until(() => d.state('VI_1') === 'MASTER', 30000, () => `${impl}:\n${messages(d).join('\n')}`);
    // Two alerts (BACKUP at start, MASTER), each ending in a line of its own.
    await until(() => smtpLines().filter((l) => !/connected\.$/.test(l)).length >= 2, 10000, () => '').catch(() => undefined);
    if (smtp) await until(() => smtp.settled() && smtp.sessions().length >= 2, 10000, () => '').catch(() => undefined);
    return { smtpLines: smtpLines().sort(), sessions: smtp ? smtp.sessions() : [] };
  } finally {
    await d.stop('SIGTERM');
    await smtp?.stop();
    await sl.lab.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

t.test('multi-line replies and a refused recipient', async (t) => {
  const replies = { greeting: '220-recorder.test\r\n220 ESMTP ready', HELO: '250-recorder.test\r\n250 hello', RCPT: '550 5.1.1 no such user' };
  const theirs = await run('keepalived', replies);
  const ours = await run('keepalived-ts', replies);
  t.ok(theirs.smtpLines.some((l) => /Error processing RCPT cmd/.test(l)), 'keepalived reports the refused recipient');
  t.same(ours.smtpLines, theirs.smtpLines, 'the same SMTP log lines');
  t.equal(theirs.sessions.length, 2, 'keepalived made two sessions');
  t.same(theirs.sessions[0]?.commands.at(-1), 'QUIT', 'keepalived gave up with QUIT');
  t.same(ours.sessions, theirs.sessions, 'the same SMTP sessions');
});

t.test('no SMTP server listening on another host', async (t) => {
  const theirs = await run('keepalived', 'remote');
  const ours = await run('keepalived-ts', 'remote');
  t.equal(theirs.smtpLines.length, 2, 'keepalived logs each refused alert');
  t.same(ours.smtpLines, theirs.smtpLines, 'the same SMTP log lines');
});
