// keepalived's script reading (notify_script_init / set_script_params_array / set_uid_gid) and its default script
// user. A script keyword's line is split a first time with keepalived's quoted/escaped splitter; the word after the
// keyword is then split again into the argv (so arguments need quoting: `notify "/bin/x arg"`), and the words after
// it name the user and group. keepalived only logs (never reports) a script it drops for a bad user.
import { ConfigErr, type ConfigScope, type Position } from '../diagnostics';
import { splitScriptWords } from '../lexer';
import type { ScriptRef } from '../model/script';
import type { BuildContext } from '../parser/build-context';
import { KeywordArgs } from '../parser/keyword-args';
import { LineCursor } from '../parser/line-cursor';
import { crashesKeepalived } from '../validate/killed';

/** The user keepalived runs scripts as when it exists and script_user is not given. */
export const DEFAULT_SCRIPT_USER = 'keepalived_script';

export interface ScriptIds {
  readonly uid: number;
  readonly gid: number;
}

/** Where a script keyword is and what keepalived calls the script in its log lines. */
export interface ScriptUse {
  readonly scope: ConfigScope;
  readonly type: string;
}

/** Per-load state of keepalived's default script user (a process global there). */
interface DefaultUserState {
  ids: ScriptIds | undefined;
  /** keepalived's default_user_fail: once set, every script needing the default user is dropped. */
  failed: boolean;
  /** script_user was given: keepalived_script is never looked up. */
  explicit: boolean;
  /** The parts of the configuration that have asked for the default user (each process asks once). */
  asked: Set<ConfigScope>;
}

const defaultUsers = new WeakMap<BuildContext, DefaultUserState>();

function defaultUserState(ctx: BuildContext): DefaultUserState {
  let state = defaultUsers.get(ctx);
  if (state === undefined) {
    state = { ids: undefined, failed: false, explicit: false, asked: new Set() };
    defaultUsers.set(ctx, state);
  }
  return state;
}

export function newScriptRef(args: string[], user?: string, group?: string): ScriptRef {
  return {
    args,
    user,
    group,
    setSupplementaryGroups: false,
    uid: undefined,
    gid: undefined,
    resolvedPath: undefined,
    runnable: undefined,
  };
}

/** keepalived's cmd_str(): each argument in single quotes, separated by spaces. */
export function cmdStr(args: readonly string[]): string {
  return args.map((w) => `'${w}'`).join(' ');
}

/** The ids of keepalived itself (its effective uid and that user's group). */
export function ourIds(ctx: BuildContext): ScriptIds {
  const uid = ctx.system.uid();
  return { uid, gid: ctx.system.user(String(uid))?.gid ?? 0 };
}

/**
 * keepalived's set_uid_gid(): getpwnam/getgrnam by name (a number is a name too, as for getpwnam); the group
 * defaults to the user's primary group. undefined when either does not exist, which keepalived logs (in `scope`).
 */
export function lookUpScriptUser(ctx: BuildContext, user: string, group: string | undefined, scope?: ConfigScope): ScriptIds | undefined {
  const pw = ctx.system.user(user);
  if (pw === undefined || pw.name !== user) {
    if (scope) ctx.diags.log(scope, `Script user '${user}' does not exist`);
    return undefined;
  }
  if (group === undefined) return { uid: pw.uid, gid: pw.gid };
  const gr = ctx.system.group(group);
  if (gr === undefined || gr.name !== group) {
    if (scope) ctx.diags.log(scope, `Script group '${group}' does not exist`);
    return undefined;
  }
  return { uid: pw.uid, gid: gr.gid };
}

/** script_user: keepalived's set_default_script_user(); false when the user/group cannot be resolved. */
export function setDefaultScriptUser(ctx: BuildContext, user: string, group: string | undefined): boolean {
  const state = defaultUserState(ctx);
  state.explicit = true;
  const ids = lookUpScriptUser(ctx, user, group, 'global');
  if (ids === undefined) state.failed = true;
  else state.ids = ids;
  return !state.failed;
}

/**
 * keepalived's get_default_script_user(): script_user if given, else keepalived_script if that user exists, else
 * keepalived's own ids. With enable_script_security and no keepalived_script user it fails, reporting once (at the
 * line of the first script that needed it). `report` false computes silently (for the model's resolved defaults).
 * `scope`: the part of the configuration asking. keepalived's processes each look keepalived_script up the first time
 * one of their scripts needs it, logging "Script user 'keepalived_script' does not exist" then (the parent for the
 * global_defs scripts, whose answer its children inherit).
 */
export function defaultScriptUser(ctx: BuildContext, pos: Position | undefined, report = true, scope?: ConfigScope): ScriptIds | undefined {
  const state = defaultUserState(ctx);
  if (report && scope !== undefined && !state.explicit && !state.asked.has(scope)) {
    state.asked.add(scope);
    if (lookUpScriptUser(ctx, DEFAULT_SCRIPT_USER, undefined) === undefined) {
      ctx.diags.log(scope, `Script user '${DEFAULT_SCRIPT_USER}' does not exist`, true);
    }
  }
  if (state.failed) return undefined;
  if (state.ids === undefined) {
    const ids = lookUpScriptUser(ctx, DEFAULT_SCRIPT_USER, undefined);
    if (ids === undefined && ctx.config.globalDefs.enableScriptSecurity) {
      if (!report) return undefined;
      ctx.diags.error(ConfigErr.GeneralError, pos, `Unable to set default user ${DEFAULT_SCRIPT_USER} for script`);
      state.failed = true;
      return undefined;
    }
    state.ids = ids ?? ourIds(ctx);
  }
  return state.ids;
}

/** Records a script for the script-security pass. */
export function noteScript(ctx: BuildContext, script: ScriptRef, owner: string, pos: Position): void {
  ctx.scripts.push({ script, owner, pos });
}

/** The words of a keyword line as keepalived's alloc_strvec_quoted_escaped() gives them. */
function quotedWords(a: KeywordArgs): string[] {
  return splitScriptWords(a.line.text, a.pos, a.diags);
}

/**
 * set_script_params_array(): the argv from the word at `skip` of the quoted/escaped line, with no user words
 * (vrrp_script's `script`, MISC_CHECK's `misc_path`). undefined when there is none (an empty or missing word).
 * The caller records the script (noteScript) once it is complete.
 */
export function readScriptArgs(a: KeywordArgs, skip: number): string[] | undefined {
  const words = quotedWords(a);
  // An unterminated quote leaves keepalived 2.2.7 without a word list, which it then dereferences.
  if (words.length === 0) crashesKeepalived(a, `${a.keyword}: unterminated quote in the script`);
  const word = words[skip];
  if (word === undefined) return undefined;
  const args = splitScriptWords(word);
  return args.length > 0 ? args : undefined;
}

/**
 * notify_script_init(): reads a script given on a keyword line at word `skip`, with optional `USER [GROUP]` words
 * after it, notes it in ctx.scripts for the security pass under `owner`, and returns it. undefined when keepalived
 * drops it (unparsable, empty, unknown user or group, no default user); a line without the script word ends the
 * parse as keepalived's strvec_slot() does. `use`: where the keyword is (which processes parse it) and keepalived's
 * word for the script in its log lines ("notify", "quorum", "startup", "lvs_notify_fifo", …).
 */
export function readScript(ctx: BuildContext, a: KeywordArgs, skip: number, owner: string, use: ScriptUse): ScriptRef | undefined {
  const words = quotedWords(a);
  if (words.length === 0) return undefined;
  // keepalived names the missing word in its "Unable to parse script" message, which is where it exits.
  if (words.length <= skip) new KeywordArgs(words, a.line, a.diags, new LineCursor([])).word(skip);
  const args = splitScriptWords(words[skip] as string);
  if (args.length === 0) return undefined;
  const user = words[skip + 1];
  const group = words[skip + 2];
  const script = newScriptRef(args, user, group);
  const ids = user !== undefined ? lookUpScriptUser(ctx, user, group, use.scope) : defaultScriptUser(ctx, a.pos, true, use.scope);
  if (ids === undefined) {
    const why = user !== undefined ? 'Invalid user/group for' : 'Failed to set default user for';
    ctx.diags.log(use.scope, `${why} ${use.type} script ${args[0] as string} - ignoring`);
    return undefined;
  }
  script.uid = ids.uid;
  script.gid = ids.gid;
  noteScript(ctx, script, owner, a.pos);
  return script;
}
