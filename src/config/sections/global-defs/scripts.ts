// global_defs script settings: startup/shutdown scripts, the default script user and script security, and the
// notify FIFOs with their scripts.
import { ConfigErr } from '../../diagnostics';
import type { NotifyFifo } from '../../model/global-defs';
import type { ScriptRef } from '../../model/script';
import type { BuildContext } from '../../parser/build-context';
import type { KeywordArgs } from '../../parser/keyword-args';
import type { KeywordDef } from '../../parser/keyword-tree';
import { TIMER_HZ, readUnsignedWord } from '../../values/read-number';
import { defaultScriptUser, lookUpScriptUser, readScript, setDefaultScriptUser } from '../../values/script';
import { flag, optionalBool } from './flags';

/** keepalived's timeout for startup/shutdown scripts once one is given. */
const DEFAULT_SCRIPT_TIMEOUT_US = 10 * TIMER_HZ;

type Phase = 'startup' | 'shutdown';
type FifoKind = '' | 'vrrp_' | 'lvs_';

function startStopKeywords(ctx: BuildContext, phase: Phase): KeywordDef[] {
  const g = ctx.config.globalDefs;
  const get = (): ScriptRef | undefined => (phase === 'startup' ? g.startupScript : g.shutdownScript);
  const timeout = (): number | undefined => (phase === 'startup' ? g.startupScriptTimeoutUs : g.shutdownScriptTimeoutUs);
  const setTimeout = (us: number): void => void (phase === 'startup' ? (g.startupScriptTimeoutUs = us) : (g.shutdownScriptTimeoutUs = us));
  return [
    {
      name: `${phase}_script`,
      handler: (a) => {
        if (get() !== undefined) return a.error(ConfigErr.GeneralError, `${phase} script already specified`);
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, `${phase} script missing`);
        const script = readScript(ctx, a, 1, `${phase} script`, { scope: 'global', type: phase });
        if (script === undefined) return a.error(ConfigErr.GeneralError, `Invalid ${phase} script`);
        if (phase === 'startup') g.startupScript = script;
        else g.shutdownScript = script;
        if (!timeout()) setTimeout(DEFAULT_SCRIPT_TIMEOUT_US);
      },
    },
    {
      name: `${phase}_script_timeout`,
      handler: (a) => {
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, `${phase}_script_timeout requires value`);
        const secs = readUnsignedWord(a, a.word(1), 1, 1000, true);
        if (secs === undefined) {
          return a.error(ConfigErr.GeneralError, `${phase}_script_timeout '${a.word(1)}' must be in [1, 1000] - ignoring`);
        }
        setTimeout(secs * TIMER_HZ);
      },
    },
  ];
}

/** notify_fifo NAME [USER [GROUP]]: created for the given user, else the default script user. */
function fifoHandler(ctx: BuildContext, kind: FifoKind, a: KeywordArgs): void {
  const g = ctx.config.globalDefs;
  const current = kind === '' ? g.notifyFifo : kind === 'vrrp_' ? g.vrrpNotifyFifo : g.lvsNotifyFifo;
  if (!a.has(1)) return a.error(ConfigErr.GeneralError, `No ${kind}notify_fifo name specified`);
  if (current !== undefined) return a.error(ConfigErr.GeneralError, `${kind}notify_fifo already specified - ignoring ${a.word(1)}`);
  // A bad user or no usable default user only makes keepalived log and skip the FIFO.
  const ids = a.has(2) ? lookUpScriptUser(ctx, a.word(2), a.has(3) ? a.word(3) : undefined, 'global') : defaultScriptUser(ctx, a.pos, true, 'global');
  if (ids === undefined) return;
  const fifo: NotifyFifo = { name: a.word(1), uid: ids.uid, gid: ids.gid };
  if (kind === '') g.notifyFifo = fifo;
  else if (kind === 'vrrp_') g.vrrpNotifyFifo = fifo;
  else g.lvsNotifyFifo = fifo;
}

function fifoScriptHandler(ctx: BuildContext, kind: FifoKind, a: KeywordArgs): void {
  const g = ctx.config.globalDefs;
  const current = kind === '' ? g.notifyFifoScript : kind === 'vrrp_' ? g.vrrpNotifyFifoScript : g.lvsNotifyFifoScript;
  if (!a.has(1)) return a.error(ConfigErr.GeneralError, `No ${kind}notify_fifo_script specified`);
  if (current !== undefined) return a.error(ConfigErr.GeneralError, `${kind}notify_fifo_script already specified - ignoring ${a.word(1)}`);
  const script = readScript(ctx, a, 1, `${kind}notify_fifo script`, { scope: 'global', type: `${kind}notify_fifo` });
  if (script === undefined) return;
  if (kind === '') g.notifyFifoScript = script;
  else if (kind === 'vrrp_') g.vrrpNotifyFifoScript = script;
  else g.lvsNotifyFifoScript = script;
}

export function scriptKeywords(ctx: BuildContext): KeywordDef[] {
  const g = ctx.config.globalDefs;
  const fifos: FifoKind[] = ['', 'vrrp_', 'lvs_'];
  return [
    ...startStopKeywords(ctx, 'startup'),
    ...startStopKeywords(ctx, 'shutdown'),
    {
      name: 'script_user',
      handler: (a) => {
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'No script username specified');
        g.scriptUser = a.word(1);
        g.scriptGroup = a.has(2) ? a.word(2) : undefined;
        if (!setDefaultScriptUser(ctx, g.scriptUser, g.scriptGroup)) {
          a.error(ConfigErr.GeneralError, 'Error setting global script uid/gid');
        }
      },
    },
    flag('enable_script_security', () => (g.enableScriptSecurity = true)),
    ...fifos.flatMap((kind): KeywordDef[] => [
      { name: `${kind}notify_fifo`, handler: (a) => fifoHandler(ctx, kind, a) },
      { name: `${kind}notify_fifo_script`, handler: (a) => fifoScriptHandler(ctx, kind, a) },
    ]),
    optionalBool('vrrp_notify_priority_changes', (v) => (g.vrrpNotifyPriorityChanges = v)),
    flag('fifo_write_vrrp_states_on_reload', () => (g.fifoWriteVrrpStatesOnReload = true)),
  ];
}
