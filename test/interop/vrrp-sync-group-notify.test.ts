// A vrrp_sync_group's notifications, measured on keepalived 2.2.7 and on keepalived-ts in the same namespace with
// the same configuration and the same events: start (both members go MASTER together), VI_2's link down (the
// group goes FAULT), link up (BACKUP, then MASTER again), SIGTERM (STOP). Compared: the lines a reader gets from
// notify_fifo (exact order), the FIFOs' mode and their removal at exit, the notify scripts' and the
// vrrp_notify_fifo_script's names and argv, the group's and instances' state log lines in order, and the SMTP
// sessions a recording server receives (commands and message, the Date header normalised).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { startDaemon, type Implementation } from '../../src/lab/vrrp-daemon';
import { normaliseSession, SmtpRecorder, type SmtpSession } from '../helpers/smtp-recorder';
import { createSyncLab, messages, readFifo, syncConf, until } from '../helpers/sync-group-lab';

interface Run {
  fifo: string[];
  fifoMode: number;
  fifoRemoved: boolean;
  notify: string[];
  states: string[];
  mails: SmtpSession[];
}

const SMTP = { host: '10.81.0.9', port: 2525 };
const STATE_LINE = /^(VRRP_Group\(G1\)|\(VI_\d\) Entering \w+ STATE)/;

async function run(impl: Implementation): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), `kts-sync-${impl}-`));
  const sl = createSyncLab(1);
  const node = sl.nodes[0];
  sl.lab.addAddress(node, `${SMTP.host}/24`);
  const smtp = await SmtpRecorder.start(node.ns, SMTP.host, SMTP.port);
  const fifo = join(dir, 'notify.fifo');
  const conf = join(dir, 'keepalived.conf');
  const vrrpFifo = join(dir, 'vrrp.fifo');
  writeFileSync(conf, syncConf({ dir, priority: 150, routerId: 'rtr_a', fifo, vrrpFifo, smtp: SMTP }));
  const d = startDaemon({ impl, ns: node.ns, conf, dir });
  try {
    const reader = await readFifo(node.ns, fifo);
    const fifoMode = statSync(fifo).mode & 0o777;
    const count = (re: RegExp): number => messages(d).filter((l) => re.test(l)).length;
    const MASTER = /^VRRP_Group\(G1\) Syncing instances to MASTER state/;
    await until(() => count(MASTER) === 1, 30000, () => `${impl}: group MASTER\n${messages(d).join('\n')}`);
    sl.link(node, 'eth1', false);
    await until(() => count(/Syncing instances to FAULT state/) === 1, 15000, () => `${impl}: group FAULT`);
    await new Promise((r) => setTimeout(r, 500));
    sl.link(node, 'eth1', true);
    await until(() => count(MASTER) === 2, 30000, () => `${impl}: group MASTER again\n${messages(d).join('\n')}`);
    // Mails go out in the background: wait until the last state's ones are through.
    await until(() => count(/SMTP alert successfully sent/) >= 10, 15000, () => '').catch(() => undefined);
    await d.stop('SIGTERM');
    await reader.exited;
    const notifyLog = join(dir, 'notify.log');
    const ran = (what: string): boolean => existsSync(notifyLog) && readFileSync(notifyLog, 'utf8').includes(what);
    await until(() => ['g_stop', 'g_notify GROUP G1 STOP', 'INSTANCE VI_1 STOP', 'INSTANCE VI_2 STOP'].every(ran), 5000, () => `${impl}: STOP scripts ran`);
    // Every connection is recorded once closed (the STOP ones are dropped as the daemon exits).
    await until(() => smtp.settled(), 5000, () => '').catch(() => undefined);
    return {
      fifo: reader.stdout().toString().split('\n').filter(Boolean),
      fifoMode,
      fifoRemoved: !existsSync(fifo) && !existsSync(vrrpFifo),
      notify: readFileSync(notifyLog, 'utf8').split(dir).join('<dir>').split('\n').filter(Boolean).sort(),
      states: messages(d).filter((l) => STATE_LINE.test(l)),
      mails: smtp.sessions().map(normaliseSession),
    };
  } finally {
    await d.stop('SIGTERM');
    await smtp.stop();
    await sl.lab.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

t.test('sync group notifications: keepalived-ts matches keepalived 2.2.7', async (t) => {
  const theirs = await run('keepalived');
  const ours = await run('keepalived-ts');
  t.ok(theirs.fifo.length > 0, `keepalived wrote ${theirs.fifo.length} FIFO lines`);
  t.same(ours.fifo, theirs.fifo, 'the same FIFO lines in the same order');
  t.equal(ours.fifoMode.toString(8), theirs.fifoMode.toString(8), 'the FIFO has keepalived\'s mode');
  t.equal(ours.fifoRemoved, theirs.fifoRemoved, 'the FIFO is removed at exit as keepalived removes it');
  t.ok(theirs.notify.includes('fifo_script arg <dir>/vrrp.fifo'), 'keepalived ran the FIFO script with the FIFO name appended');
  t.same(ours.notify, theirs.notify, 'the same notify scripts ran with the same argv');
  t.same(ours.states, theirs.states, 'the same group and state log lines in the same order');
  const key = (s: SmtpSession): string => JSON.stringify(s);
  t.ok(theirs.mails.length > 0, `keepalived sent ${theirs.mails.length} mails`);
  t.same(ours.mails.map(key).sort(), theirs.mails.map(key).sort(), 'the same SMTP sessions');
});
