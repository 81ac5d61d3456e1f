// The entries of track_interface / track_script / track_file / track_process / track_bfd blocks, shared by
// vrrp_instance and vrrp_sync_group. keepalived resolves each name when the entry is read (so a vrrp_script must be
// defined before the instance that tracks it) and takes the weight from the tracked object unless the entry gives one.
import { ConfigErr } from '../diagnostics';
import type { BlockEntry } from '../parser/keyword-args';
import { KeywordArgs } from '../parser/keyword-args';
import type { BuildContext } from '../parser/build-context';
import { LineCursor } from '../parser/line-cursor';
import type { TrackedObject } from '../model/vrrp';
import { readIntWord } from '../values/read-number';
import { interfaceUsable } from '../values/ip-interfaces';

export type TrackKind = 'interface' | 'script' | 'file' | 'process' | 'bfd';

/** A block entry seen as a keyword line of its own, so number readers report at the entry's line. */
export function entryArgs(ctx: BuildContext, entry: BlockEntry): KeywordArgs {
  return new KeywordArgs(entry.words, { text: entry.text, pos: entry.pos }, ctx.diags, new LineCursor([]));
}

/** What every trackable object carries: its name and the weight trackers default to. */
interface Trackable {
  readonly name: string;
  readonly weight: number;
  readonly weightReverse: boolean;
}

/** The object a tracker names; undefined when keepalived would not find it (not defined yet, or dropped). */
function lookUp(ctx: BuildContext, kind: Exclude<TrackKind, 'interface'>, name: string): Trackable | undefined {
  const lists: Record<typeof kind, readonly Trackable[]> = {
    script: ctx.config.vrrpScripts,
    file: ctx.config.trackFiles,
    process: ctx.config.vrrpTrackProcesses,
    // A bfd_instance that sends its events only to the checker process is unknown to VRRP.
    bfd: ctx.config.bfdInstances.filter((b) => b.vrrp),
  };
  return lists[kind].find((x) => x.name === name);
}

/** keepalived's wording differs per tracker kind; these are its messages, keyed by kind. */
const TEXT = {
  script: {
    notFound: 'track script %s not found, ignoring...',
    duplicate: 'duplicate track_script %s - ignoring',
    option: (name: string, opt: string) => `unknown track script option ${opt} - ignoring`,
    noValue: 'weight without value specified for track script %s - ignoring',
    badWeight: 'track script %s: weight must be between [-253..253] inclusive, ignoring...',
    badReverse: (t: string, opt: string) => `unknown track_script ${t} weight option ${opt} - ignoring`,
  },
  file: {
    notFound: 'track file %s not found, ignoring...',
    duplicate: 'duplicate track_file %s - ignoring',
    option: (name: string, opt: string) => `unknown track file option ${opt} - ignoring`,
    noValue: 'weight without value specified for track file %s - ignoring',
    badWeight: 'weight for track file %s must be in [-254..254] inclusive. Ignoring...',
    badReverse: (t: string, opt: string) => `unknown track file ${t} weight option ${opt} - ignoring`,
  },
  process: {
    notFound: 'track process %s not found, ignoring...',
    duplicate: 'duplicate track_process %s - ignoring',
    option: (name: string, opt: string) => `unknown track process option ${opt} - ignoring`,
    noValue: 'weight without value specified for track process %s - ignoring',
    badWeight: 'weight for track process %s must be in [-254..254] inclusive. Ignoring...',
    badReverse: (t: string, opt: string) => `unknown track_process ${t} weight option ${opt} - ignoring`,
  },
  bfd: {
    notFound: 'track bfd %s not found, ignoring...',
    duplicate: 'duplicate track_bfd %s - ignoring',
    option: (name: string, opt: string) => `unknown track bfd ${name} option ${opt} - ignoring`,
    noValue: 'weight without value specified for track bfd %s - ignoring',
    badWeight: 'weight for track bfd %s must be in [-253..253] inclusive. Ignoring...',
    badReverse: (t: string, opt: string) => `unknown track bfd ${t} weight option ${opt} - ignoring`,
  },
} as const;

/** Per kind: the weight range, whether ±254 is folded to ±253, whether a bad reverse option drops the entry. */
const RULES = {
  script: { min: -254, max: 254, fold254: true, badReverseDrops: false },
  file: { min: -254, max: 254, fold254: false, badReverseDrops: true },
  process: { min: -254, max: 254, fold254: false, badReverseDrops: false },
  bfd: { min: -253, max: 253, fold254: false, badReverseDrops: true },
} as const;

/**
 * keepalived's alloc_track_if(): the interface must exist (unless dynamic_interfaces), once per list; weight
 * -254..254 with ±254 folded to ±253; only `reverse` after the weight. Returns whether the interface was missing.
 */
function addTrackedInterface(ctx: BuildContext, owner: string, list: TrackedObject[], entry: BlockEntry): boolean {
  const a = entryArgs(ctx, entry);
  const tracked = a.word(0);
  if (!interfaceUsable(ctx, tracked)) {
    a.error(ConfigErr.GeneralError, `(${owner}) tracked interface ${tracked} doesn't exist`);
    return true;
  }
  if (list.some((t) => t.name === tracked)) {
    a.error(ConfigErr.GeneralError, `(${owner}) duplicate track_interface ${tracked} - ignoring`);
    return false;
  }
  let weight = 0;
  let reverse = false;
  if (a.count >= 2) {
    if (a.word(1) !== 'weight') {
      a.error(ConfigErr.GeneralError, `(${owner}) unknown track_interface ${tracked} option ${a.word(1)} - ignoring`);
      return false;
    }
    if (a.count === 2) {
      a.error(
        ConfigErr.GeneralError,
        `(${owner}) weight without value specified for track_interface ${tracked} - ignoring`,
      );
      return false;
    }
    const w = readIntWord(a, a.word(2), -254, 254, true);
    if (w === undefined) {
      a.error(
        ConfigErr.GeneralError,
        `(${owner}) weight ${a.word(2)} for ${tracked} must be between [-253..253] inclusive. Ignoring...`,
      );
    } else if (w === -254 || w === 254) {
      a.error(ConfigErr.GeneralError, `(${owner}) weight for ${tracked} cannot be +/-254. Setting to +/-253`);
      weight = w < 0 ? -253 : 253;
    } else weight = w;
    if (a.count >= 4) {
      if (a.word(3) === 'reverse') reverse = true;
      // keepalived's own spelling.
      else
        a.error(
          ConfigErr.GeneralError,
          `(${owner}) unknown track_interace ${tracked} weight option ${a.word(3)} - ignoring`,
        );
    }
  }
  list.push({ name: tracked, weight, weightReverse: reverse });
  return false;
}

/** keepalived's alloc_track_script / vrrp_alloc_track_file / alloc_track_process / alloc_track_bfd. */
function addTrackedObject(
  ctx: BuildContext,
  kind: Exclude<TrackKind, 'interface'>,
  owner: string,
  list: TrackedObject[],
  entry: BlockEntry,
): void {
  const a = entryArgs(ctx, entry);
  const text = TEXT[kind];
  const rules = RULES[kind];
  const tracked = a.word(0);
  const fmt = (s: string): string => `(${owner}) ${s.replace('%s', tracked)}`;
  const target = lookUp(ctx, kind, tracked);
  if (target === undefined) {
    a.error(ConfigErr.GeneralError, fmt(text.notFound));
    return;
  }
  if (list.some((t) => t.name === tracked)) {
    a.error(ConfigErr.GeneralError, fmt(text.duplicate));
    return;
  }
  let { weight, weightReverse } = target;
  if (a.count >= 2) {
    if (a.word(1) !== 'weight') {
      a.error(ConfigErr.GeneralError, `(${owner}) ${text.option(tracked, a.word(1))}`);
      return;
    }
    if (a.count === 2) {
      a.error(ConfigErr.GeneralError, fmt(text.noValue));
      return;
    }
    const w = readIntWord(a, a.word(2), rules.min, rules.max, true);
    if (w === undefined) {
      a.error(ConfigErr.GeneralError, fmt(text.badWeight));
    } else if (rules.fold254 && (w === -254 || w === 254)) {
      a.error(ConfigErr.GeneralError, `(${owner}) weight for ${tracked} cannot be +/-254. Setting to +/-253`);
      weight = w < 0 ? -253 : 253;
    } else weight = w;
    if (a.count >= 4) {
      const opt = a.word(3);
      if (opt === 'reverse') weightReverse = true;
      else if (opt === 'noreverse') weightReverse = false;
      else {
        a.error(ConfigErr.GeneralError, `(${owner}) ${text.badReverse(tracked, opt)}`);
        if (rules.badReverseDrops) return;
      }
    }
  }
  list.push({ name: tracked, weight, weightReverse });
}

/** Adds one block entry to `list`; returns true when it named an interface that does not exist. */
export function addTracked(
  ctx: BuildContext,
  kind: TrackKind,
  owner: string,
  list: TrackedObject[],
  entry: BlockEntry,
): boolean {
  if (kind === 'interface') return addTrackedInterface(ctx, owner, list, entry);
  addTrackedObject(ctx, kind, owner, list, entry);
  return false;
}
