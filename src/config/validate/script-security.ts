// keepalived's script-security checks, per process as `keepalived -t` runs them: the parent checks the startup and
// shutdown scripts, the checker process its MISC_CHECK, notify and quorum scripts (when there are virtual servers),
// the VRRP process its vrrp_scripts and instance/sync-group notify scripts (when there are instances), each with the
// global notify FIFO script and its own. A process that found any script (ISSCRIPT) without enable_script_security
// reports a SecurityError (`-t` exit 6). Only unusable track scripts are reported as errors; everything else that
// cannot run is dropped silently (keepalived only logs it).
import { ConfigErr, type ConfigProcess } from '../diagnostics';
import type { ScriptRef } from '../model/script';
import type { BuildContext } from '../parser/build-context';
import { defaultScriptUser } from '../values/script';
import {
  SC_EXECUTABLE,
  SC_INHIBIT,
  SC_INSECURE,
  SC_ISSCRIPT,
  SC_NOTFOUND,
  SC_SYSTEM,
  checkScriptSecure,
} from './script-check';

/** How keepalived treats a script found unusable: by what kind of script it is. */
type ScriptKind = 'track' | 'notify' | 'misc' | 'startStop';

interface CheckedScript {
  readonly script: ScriptRef;
  readonly kind: ScriptKind;
  /** The vrrp_script name, for track scripts. */
  readonly name?: string;
}

type ChildProcess = 'checker' | 'vrrp';

interface SecurityState {
  /** The VRRP process's scripts as parsed, before VRRP validation removes anything (keepalived checks them first). */
  vrrp: { hasInstances: boolean; scripts: CheckedScript[] } | undefined;
  done: Set<ChildProcess>;
}

const states = new WeakMap<BuildContext, SecurityState>();

function stateOf(ctx: BuildContext): SecurityState {
  let s = states.get(ctx);
  if (s === undefined) {
    s = { vrrp: undefined, done: new Set() };
    states.set(ctx, s);
  }
  return s;
}

/** Every noted script reachable from `root`, with the property that holds it and what noted it. */
function scriptsUnder(ctx: BuildContext, root: unknown): Array<{ script: ScriptRef; key: string; owner: string }> {
  const known = new Map(ctx.scripts.map((u) => [u.script, u.owner]));
  const found: Array<{ script: ScriptRef; key: string; owner: string }> = [];
  const seen = new Set<object>();
  const walk = (v: unknown, key: string): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    const owner = known.get(v as ScriptRef);
    if (owner !== undefined) {
      found.push({ script: v as ScriptRef, key, owner });
      return;
    }
    if (v instanceof Map) for (const [k, x] of v) walk(x, String(k));
    else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  walk(root, '');
  return found;
}

/** Checks the scripts of one process; returns the OR of their flags. May end the load as keepalived -t dies. */
function checkAll(ctx: BuildContext, scripts: readonly CheckedScript[]): number {
  const security = ctx.config.globalDefs.enableScriptSecurity;
  let all = 0;
  const seen = new Set<ScriptRef>();
  for (const { script, kind, name } of scripts) {
    // A script reachable twice (a vrrp_script an instance refers to) is one script.
    if (seen.has(script)) continue;
    seen.add(script);
    if (script.uid === undefined || script.gid === undefined) {
      const ids = defaultScriptUser(ctx, undefined, false);
      script.uid = ids?.uid;
      script.gid = ids?.gid;
    }
    // keepalived 2.2.7's -t kills itself (SIGTERM) checking a script of another user; we check it and go on.
    const { flags } = checkScriptSecure(ctx, script, security);
    all |= flags;
    const unusable = (flags & (SC_INHIBIT | SC_NOTFOUND)) !== 0;
    if (kind === 'track') {
      if (flags & SC_INHIBIT) ctx.diags.error(ConfigErr.GeneralError, undefined, `Disabling track script ${name} due to insecure`);
      else if (flags & SC_NOTFOUND) {
        ctx.diags.error(ConfigErr.GeneralError, undefined, `Disabling track script ${name} since not found/accessible`);
      }
      script.runnable = !unusable && (flags & (SC_EXECUTABLE | SC_SYSTEM)) !== 0;
    } else if (kind === 'notify') script.runnable = !unusable && (flags & SC_EXECUTABLE) !== 0;
    else script.runnable = !unusable && (flags & (SC_EXECUTABLE | SC_SYSTEM)) !== 0;
  }
  return all;
}

function reportUnsecured(ctx: BuildContext, flags: number, what: string, process: ConfigProcess): void {
  if (ctx.config.globalDefs.enableScriptSecurity || (flags & SC_ISSCRIPT) === 0) return;
  const insecure = flags & SC_INSECURE ? ' There are insecure scripts.' : '';
  const message = `SECURITY VIOLATION - ${what} are being executed but script_security not enabled.${insecure}`;
  ctx.diags.errorIn(process, ConfigErr.SecurityError, undefined, message);
}

/** keepalived's VRRP process stops before its script check when the configuration named a missing interface. */
function namedMissingInterface(ctx: BuildContext): boolean {
  return ctx.diags.list.some((d) => d.err === ConfigErr.BadIf && d.message === 'Non-existent interface specified in configuration');
}

/** The parent's check of the startup and shutdown scripts (keepalived runs it before the children's checks). */
export function checkParentScriptSecurity(ctx: BuildContext): void {
  const g = ctx.config.globalDefs;
  const scripts = [g.startupScript, g.shutdownScript]
    .filter((s): s is ScriptRef => s !== undefined)
    .map((script): CheckedScript => ({ script, kind: 'startStop' }));
  if (scripts.length === 0) return;
  reportUnsecured(ctx, checkAll(ctx, scripts), 'start/shutdown scripts', 'parent');
}

/** Records the VRRP process's scripts as parsed; validateGlobal calls this before any VRRP validation. */
export function snapshotVrrpScripts(ctx: BuildContext): void {
  const c = ctx.config;
  const scripts: CheckedScript[] = c.vrrpScripts.map((v) => ({ script: v.script, kind: 'track', name: v.name }));
  for (const { script } of [...scriptsUnder(ctx, c.vrrpInstances), ...scriptsUnder(ctx, c.vrrpSyncGroups)]) {
    scripts.push({ script, kind: 'notify' });
  }
  for (const script of [c.globalDefs.notifyFifoScript, c.globalDefs.vrrpNotifyFifoScript]) {
    if (script !== undefined) scripts.push({ script, kind: 'notify' });
  }
  stateOf(ctx).vrrp = { hasInstances: c.vrrpInstances.length > 0, scripts };
}

/**
 * The VRRP process's check (keepalived's check_vrrp_script_security), over the scripts as parsed. VRRP validation
 * may call it where keepalived does; validateScripts runs it otherwise.
 */
export function checkVrrpScriptSecurity(ctx: BuildContext): void {
  const state = stateOf(ctx);
  if (state.done.has('vrrp')) return;
  state.done.add('vrrp');
  if (state.vrrp === undefined) snapshotVrrpScripts(ctx);
  const snap = state.vrrp as NonNullable<SecurityState['vrrp']>;
  if (!snap.hasInstances || namedMissingInterface(ctx)) return;
  reportUnsecured(ctx, checkAll(ctx, snap.scripts), 'scripts', 'vrrp');
}

/** The checker process's check (keepalived's check_check_script_security), over the virtual servers left. */
export function checkCheckerScriptSecurity(ctx: BuildContext): void {
  const state = stateOf(ctx);
  if (state.done.has('checker')) return;
  state.done.add('checker');
  const c = ctx.config;
  if (c.virtualServers.length === 0) return;
  const scripts: CheckedScript[] = scriptsUnder(ctx, c.virtualServers).map(({ script, key, owner }) => ({
    script,
    kind: key === 'miscPath' || owner.startsWith('MISC_CHECK') ? 'misc' : 'notify',
  }));
  for (const script of [c.globalDefs.notifyFifoScript, c.globalDefs.lvsNotifyFifoScript]) {
    if (script !== undefined) scripts.push({ script, kind: 'notify' });
  }
  reportUnsecured(ctx, checkAll(ctx, scripts), 'check scripts', 'check');
}

/** For VRRP validation to call where keepalived gives up before its script check (a missing interface). */
export function skipScriptSecurity(ctx: BuildContext, proc: ChildProcess): void {
  stateOf(ctx).done.add(proc);
}

/** The children's checks not already run by their validators, in keepalived's order (checker, then VRRP). */
export function validateScripts(ctx: BuildContext): void {
  checkCheckerScriptSecurity(ctx);
  checkVrrpScriptSecurity(ctx);
}
