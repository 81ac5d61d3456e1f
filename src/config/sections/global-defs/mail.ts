// global_defs identity and mail keywords: router_id, notification_email(_from), smtp_*, smtp_alert defaults.
import { ConfigErr } from '../../diagnostics';
import type { GlobalDefs } from '../../model/global-defs';
import type { BuildContext } from '../../parser/build-context';
import type { KeywordArgs } from '../../parser/keyword-args';
import type { KeywordDef } from '../../parser/keyword-tree';
import { parseIp } from '../../values/ip-text';
import { TIMER_HZ, readUnsignedWord } from '../../values/read-number';
import { flag, optionalBool } from './flags';

const SMTP_PORT = 25;
const UINT_MAX = 4294967295;
const HOST_NAME = /^[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]*[A-Za-z0-9_])?)*\.?$/;

/** Whether the resolver would find `name`: /etc/hosts, else any well-formed host name (DNS is not consulted). */
function resolvable(ctx: BuildContext, name: string): boolean {
  const hosts = ctx.system.readText('/etc/hosts') ?? '';
  for (const line of hosts.split('\n')) {
    const names = line.replace(/#.*/, '').trim().split(/\s+/).slice(1);
    if (names.includes(name)) return true;
  }
  return HOST_NAME.test(name);
}

/** smtp_server HOST [PORT]: an address, else a host name keepalived looks up. */
function smtpServer(ctx: BuildContext, g: GlobalDefs, a: KeywordArgs): void {
  const host = a.word(1);
  const portWord = a.has(2) ? a.word(2) : String(SMTP_PORT);
  const port = readUnsignedWord(a, portWord, 1, 65535);
  // keepalived tries an address only when the word cannot be a host name with '-' or '/' in it.
  const ok = port !== undefined && ((!/[-/]/.test(host) && parseIp(host) !== undefined) || resolvable(ctx, host));
  if (!ok) return a.error(ConfigErr.GeneralError, `Invalid smtp server ${host} ${portWord}`);
  g.smtpServer = { host, port };
}

export function mailKeywords(ctx: BuildContext): KeywordDef[] {
  const g = ctx.config.globalDefs;
  return [
    {
      name: 'router_id',
      handler: (a) => {
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'routerid name missing - ignoring');
        g.routerId = a.word(1);
      },
    },
    {
      name: 'notification_email_from',
      handler: (a) => {
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'emailfrom missing - ignoring');
        g.notificationEmailFrom = a.word(1);
      },
    },
    { name: 'smtp_server', handler: (a) => smtpServer(ctx, g, a) },
    {
      name: 'smtp_helo_name',
      handler: (a) => {
        if (a.has(1)) g.smtpHeloName = a.word(1);
      },
    },
    {
      name: 'smtp_connect_timeout',
      handler: (a) => {
        const max = Math.floor(UINT_MAX / TIMER_HZ);
        let secs = readUnsignedWord(a, a.word(1), 0, max, true);
        if (secs === undefined) {
          return a.error(ConfigErr.GeneralError, `smtp_connect_timeout '${a.word(1)}' must be in [0, ${max}] - ignoring`);
        }
        if (secs === 0) {
          a.error(ConfigErr.GeneralError, 'smtp_conect_timeout must be greater than 0, setting to 1');
          secs = 1;
        }
        g.smtpConnectTimeoutUs = secs * TIMER_HZ;
      },
    },
    {
      name: 'notification_email',
      handler: (a) => {
        const block = a.readBlockWords();
        if (block.words.length === 0) return ctx.diags.error(ConfigErr.GeneralError, block.end, 'Warning - empty notification_email block');
        for (const w of block.words) g.notificationEmail.push(w);
      },
    },
    optionalBool('smtp_alert', (v) => (g.smtpAlert = v)),
    optionalBool('smtp_alert_vrrp', (v) => (g.smtpAlertVrrp = v)),
    optionalBool('smtp_alert_checker', (v) => (g.smtpAlertChecker = v)),
    flag('no_email_faults', () => (g.noEmailFaults = true)),
    optionalBool('no_checker_emails', (v) => (g.noCheckerEmails = v)),
    optionalBool('checker_log_all_failures', (v) => (g.checkerLogAllFailures = v), 'plain'),
  ];
}
