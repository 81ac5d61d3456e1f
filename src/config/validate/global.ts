// What keepalived does with global data once the file is read, before the children check their parts: default
// router id and mail identity (init_global_data), the lower-priority GARP values that follow the master ones, the
// resolved default script user, notify FIFO conflicts, entering the network namespace, and the parent's check of
// the startup/shutdown scripts.
import { ConfigAbort } from '../diagnostics';
import type { BuildContext } from '../parser/build-context';
import { TIMER_HZ } from '../values/read-number';
import { defaultScriptUser } from '../values/script';
import { checkParentScriptSecurity, snapshotVrrpScripts } from './script-security';

const DEFAULT_SMTP_CONNECT_TIMEOUT_US = 30 * TIMER_HZ;
/** Where keepalived looks for a named network namespace. */
const NETNS_DIR = '/var/run/netns';

function applyDefaults(ctx: BuildContext): void {
  const g = ctx.config.globalDefs;
  // keepalived asks the resolver for its host's canonical name ('' here when the node name does not resolve: router_id
  // "[unknown]", and no default mail identity).
  // Only asked for when needed, as keepalived does: the resolver may wait on DNS.
  const needed = g.routerId === '' || (g.smtpServer !== undefined && (g.smtpHeloName === undefined || g.notificationEmailFrom === undefined));
  const localName = needed ? ctx.system.hostname() : '';
  if (g.routerId === '') g.routerId = localName || '[unknown]';
  if (g.smtpServer !== undefined) {
    g.smtpConnectTimeoutUs ??= DEFAULT_SMTP_CONNECT_TIMEOUT_US;
    if (localName !== '') {
      const user = ctx.system.user(String(ctx.system.uid()));
      if (g.notificationEmailFrom === undefined && user !== undefined) g.notificationEmailFrom = `${user.name}@${localName}`;
      g.smtpHeloName ??= localName;
    }
  }
  g.vrrpGarpLowerPrioDelayUs ??= g.vrrpGarpMasterDelayUs;
  g.vrrpGarpLowerPrioRepeat ??= g.vrrpGarpMasterRepeat;
  const ids = defaultScriptUser(ctx, undefined, false);
  g.defaultScriptUid = ids?.uid;
  g.defaultScriptGid = ids?.gid;
}

/** The same FIFO named twice would see each message twice: keepalived drops the more specific one. */
function resolveFifoConflicts(ctx: BuildContext): void {
  const g = ctx.config.globalDefs;
  if (g.notifyFifo !== undefined && g.vrrpNotifyFifo?.name === g.notifyFifo.name) {
    g.vrrpNotifyFifo = undefined;
    g.vrrpNotifyFifoScript = undefined;
  }
  if (g.notifyFifo !== undefined && g.lvsNotifyFifo?.name === g.notifyFifo.name) {
    g.lvsNotifyFifo = undefined;
    g.lvsNotifyFifoScript = undefined;
  }
  if (g.lvsNotifyFifo !== undefined && g.lvsNotifyFifo.name === g.vrrpNotifyFifo?.name && g.lvsNotifyFifoScript && g.vrrpNotifyFifoScript) {
    g.lvsNotifyFifoScript = undefined;
  }
}

export function validateGlobal(ctx: BuildContext): void {
  applyDefaults(ctx);
  resolveFifoConflicts(ctx);
  // keepalived enters the namespace before checking anything else; when it cannot, it stops there, quietly and
  // successfully, even under -t.
  const ns = ctx.config.topLevel.netNamespace;
  if (ns !== undefined && ctx.system.stat(`${NETNS_DIR}/${ns}`) === undefined) {
    throw new ConfigAbort(`Unable to set network namespace ${ns} - exiting`, 0);
  }
  snapshotVrrpScripts(ctx);
  checkParentScriptSecurity(ctx);
}
