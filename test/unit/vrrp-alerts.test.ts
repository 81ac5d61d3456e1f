// Which SMTP alerts the VRRP process sends (vrrp_notify.c vrrp_smtp_notifier / vrrp_sync_smtp_notifier), with a
// recording sender: one mail per new state of an instance or group with smtp_alert, none twice in a row, none for
// FAULT with no_email_faults, none without notification_email or smtp_server; STOP only opens a connection (what
// keepalived's exit leaves of it); keepalived's subjects and bodies.
import t from 'tap';
import { emptyGlobalDefs } from '../../src/config/model/global-defs';
import type { GlobalDefs } from '../../src/config/model/global-defs';
import { Logger, MemorySink } from '../../src/core/logging';
import type { AlertMail } from '../../src/core/smtp';
import { VrrpAlerts } from '../../src/vrrp/daemon/vrrp-alerts';

function setup(over: Partial<GlobalDefs> = {}): { alerts: VrrpAlerts; mails: AlertMail[]; touches: number[] } {
  const mails: AlertMail[] = [];
  const touches: number[] = [];
  const alerts = new VrrpAlerts(new Logger({ sinks: [new MemorySink()] }), () => ({
    send: async (m) => void mails.push(m),
    connectOnly: async () => void touches.push(1),
    close: () => undefined,
    pending: 0,
  }));
  alerts.configure({
    ...emptyGlobalDefs(), routerId: 'rtr', notificationEmail: ['a@x.test', 'b@x.test'], notificationEmailFrom: 'k@x.test',
    smtpServer: { host: '10.0.0.9', port: 25 }, ...over,
  });
  return { alerts, mails, touches };
}

t.test('one mail per new state, keepalived subjects and bodies', async (t) => {
  const { alerts, mails } = setup();
  alerts.instance('VI_1', true, 'BACKUP');
  alerts.instance('VI_1', true, 'BACKUP');
  alerts.instance('VI_1', true, 'MASTER');
  alerts.group('G1', true, 'FAULT');
  alerts.instance('VI_2', false, 'MASTER');
  t.same(mails.map((m) => [m.subject, m.body]), [
    ['[rtr] VRRP Instance VI_1 - Entering BACKUP state', '=> VRRP Instance is no longer owning VRRP VIPs <='],
    ['[rtr] VRRP Instance VI_1 - Entering MASTER state', '=> VRRP Instance is now owning VRRP VIPs <='],
    ['[rtr] VRRP Group G1 - Entering FAULT state', '=> All VRRP group instances are now in FAULT state <='],
  ]);
  t.same(mails[0].to, ['a@x.test', 'b@x.test']);
  t.equal(mails[0].from, 'k@x.test');
});

t.test('no_email_faults, and no SMTP settings', async (t) => {
  const a = setup({ noEmailFaults: true });
  a.alerts.instance('VI_1', true, 'FAULT');
  a.alerts.group('G1', true, 'FAULT');
  a.alerts.instance('VI_1', true, 'BACKUP');
  t.same(a.mails.map((m) => m.subject), ['[rtr] VRRP Instance VI_1 - Entering BACKUP state']);
  const b = setup({ notificationEmail: [] });
  b.alerts.instance('VI_1', true, 'MASTER');
  const c = setup({ smtpServer: undefined });
  c.alerts.instance('VI_1', true, 'MASTER');
  t.same([b.mails.length, c.mails.length], [0, 0]);
});

t.test('STOP opens a connection and sends nothing', async (t) => {
  const { alerts, mails, touches } = setup();
  alerts.instance('VI_1', true, 'STOP');
  alerts.group('G1', true, 'STOP');
  await alerts.stopMailsDone(1000);
  t.same([mails.length, touches.length], [0, 2]);
});
