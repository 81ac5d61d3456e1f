// vrrp_script NAME { script …; interval; timeout; weight [reverse]; rise; fall; user USER [GROUP]; init_fail }.
// The script is checked when the block closes: no script, a bad `user`, or no usable default user removes it (so a
// later track_script naming it finds nothing, as in keepalived).
import { ConfigErr, type Position } from '../../diagnostics';
import type { VrrpScript } from '../../model/trackers';
import type { BuildContext } from '../../parser/build-context';
import type { KeywordArgs } from '../../parser/keyword-args';
import { keywordTable, type KeywordDef } from '../../parser/keyword-tree';
import { TIMER_HZ, readIntWord, readUnsignedWord } from '../../values/read-number';
import { rejectedInt } from '../../values/rejected-int';
import { cmdStr, defaultScriptUser, lookUpScriptUser, newScriptRef, noteScript, readScriptArgs } from '../../values/script';

const MAX_SECS = Math.floor(4294967295 / TIMER_HZ);
const INT_MAX = 2147483647;
/** keepalived's VRRP_SCRIPT_DI: the default interval. */
const DEFAULT_INTERVAL_US = TIMER_HZ;

interface ScriptDraft {
  readonly item: VrrpScript;
  readonly pos: Position;
  /** A `user` line resolved the script's user. */
  userSet: boolean;
  /** A `user` line failed: the script goes when the block closes. */
  remove: boolean;
}

/** interval / timeout: whole seconds, where keepalived turns 0 into 1 (reporting it). */
function seconds(d: ScriptDraft, a: KeywordArgs, what: 'interval' | 'timeout', set: (us: number) => void): void {
  const name = d.item.name;
  let secs = readUnsignedWord(a, a.word(1), 0, MAX_SECS, true);
  if (secs === undefined) {
    const msg =
      what === 'interval'
        ? `(${name}): vrrp script interval '${a.word(1)}' must be between 1 and ${MAX_SECS} - ignoring`
        : `(${name}): vrrp script timeout '${a.word(1)}' invalid - ignoring`;
    return a.error(ConfigErr.GeneralError, msg);
  }
  if (secs === 0) {
    a.error(ConfigErr.GeneralError, `(${name}): vrrp script ${what} must be greater than 0, setting to 1`);
    secs = 1;
  }
  set(secs * TIMER_HZ);
}

/** rise / fall: an invalid count falls back to 1. */
function count(d: ScriptDraft, a: KeywordArgs, what: 'rise' | 'fall'): number {
  const n = readUnsignedWord(a, a.word(1), 1, INT_MAX, true);
  if (n !== undefined) return n;
  a.error(ConfigErr.GeneralError, `(${d.item.name}): vrrp script ${what} value '${a.word(1)}' invalid, defaulting to 1`);
  return 1;
}

function close(ctx: BuildContext, d: ScriptDraft, end: Position | undefined): void {
  const item = d.item;
  const script = item.script;
  if (script.args.length === 0) {
    return ctx.diags.error(ConfigErr.GeneralError, end, `No script set for vrrp_script ${item.name} - removing`);
  }
  if (d.remove) return;
  if (!d.userSet) {
    const ids = defaultScriptUser(ctx, end, true, 'vrrp');
    if (ids === undefined) {
      return ctx.diags.error(ConfigErr.GeneralError, end, `Unable to set default user for vrrp script ${item.name} - removing`);
    }
    script.uid = ids.uid;
    script.gid = ids.gid;
  }
  // keepalived keeps timeout 0 and runs the script with the interval as its timeout then.
  item.configuredTimeoutUs = item.timeoutUs;
  if (item.timeoutUs === 0) item.timeoutUs = item.intervalUs;
  ctx.config.vrrpScripts.push(item);
  noteScript(ctx, script, `vrrp_script ${item.name}`, d.pos);
}

export function vrrpScriptKeyword(ctx: BuildContext): KeywordDef {
  let d: ScriptDraft | undefined;
  const cur = (): ScriptDraft => d as ScriptDraft;
  return {
    name: 'vrrp_script',
    handler: (a) => {
      const item: VrrpScript = {
        name: a.word(1),
        script: newScriptRef([]),
        intervalUs: DEFAULT_INTERVAL_US,
        timeoutUs: 0,
        configuredTimeoutUs: 0,
        weight: 0,
        weightReverse: false,
        rise: 1,
        fall: 1,
        initFail: false,
      };
      d = { item, pos: a.pos, userSet: false, remove: false };
    },
    sub: keywordTable([
      {
        name: 'script',
        handler: (a) => {
          // A missing or empty script word leaves any earlier script in place.
          const args = readScriptArgs(a, 1);
          if (args !== undefined) cur().item.script.args = args;
        },
      },
      { name: 'interval', handler: (a) => seconds(cur(), a, 'interval', (us) => (cur().item.intervalUs = us)) },
      { name: 'timeout', handler: (a) => seconds(cur(), a, 'timeout', (us) => (cur().item.timeoutUs = us)) },
      {
        name: 'weight',
        handler: (a) => {
          const item = cur().item;
          const w = readIntWord(a, a.word(1), -253, 253, true);
          if (w === undefined) a.error(ConfigErr.GeneralError, `vrrp_script ${item.name} weight ${a.word(1)} must be in [-253, 253]`);
          // keepalived keeps whatever its number reader produced, even out of range.
          item.weight = w ?? rejectedInt(a.word(1));
          if (a.count >= 3) {
            if (a.word(2) === 'reverse') item.weightReverse = true;
            else a.error(ConfigErr.GeneralError, `vrrp_script ${item.name} unknown weight option ${a.word(2)}`);
          }
        },
      },
      { name: 'rise', handler: (a) => void (cur().item.rise = count(cur(), a, 'rise')) },
      { name: 'fall', handler: (a) => void (cur().item.fall = count(cur(), a, 'fall')) },
      {
        name: 'user',
        handler: (a) => {
          const draft = cur();
          const script = draft.item.script;
          const ids = lookUpScriptUser(ctx, a.word(1), a.has(2) ? a.word(2) : undefined, 'vrrp');
          if (ids === undefined) {
            a.error(ConfigErr.GeneralError, `Unable to set uid/gid for script ${cmdStr(script.args)}`);
            draft.remove = true;
            return;
          }
          script.user = a.word(1);
          script.group = a.has(2) ? a.word(2) : undefined;
          script.uid = ids.uid;
          script.gid = ids.gid;
          draft.remove = false;
          draft.userSet = true;
        },
      },
      { name: 'init_fail', handler: () => void (cur().item.initFail = true) },
    ]),
    close: (end) => close(ctx, cur(), end),
  };
}
