// Interface-related root blocks: linkbeat_interfaces, interface_up_down_delays, track_group and garp_group. An
// interface must exist unless dynamic_interfaces is set (keepalived then creates it for later).
import { ConfigErr, type Position } from '../diagnostics';
import type { GarpGroup, InterfaceUpDownDelay, LinkbeatInterface, LinkbeatType, TrackGroup } from '../model/interface-groups';
import type { BuildContext } from '../parser/build-context';
import { KeywordArgs, type BlockEntry } from '../parser/keyword-args';
import { keywordTable, type KeywordDef } from '../parser/keyword-tree';
import { LineCursor } from '../parser/line-cursor';
import { readDecimalUnsignedWord } from '../values/read-decimal';
import { TIMER_HZ } from '../values/read-number';
import { interfaceUsable } from '../values/ip-interfaces';

const US_DIGITS = 6;
const INT_MAX = 2147483647;
const MAX_DEBOUNCE_US = 255 * TIMER_HZ;
const LINKBEAT_TYPES: readonly LinkbeatType[] = ['MII', 'ETHTOOL', 'IOCTL'];

/** A value-block entry read like a keyword line, so number readers report at the entry. */
function entryArgs(ctx: BuildContext, e: BlockEntry): KeywordArgs {
  return new KeywordArgs(e.words, { text: e.text, pos: e.pos }, ctx.diags, new LineCursor([]));
}

function known(ctx: BuildContext, name: string): boolean {
  return ctx.system.interfaceExists(name) || ctx.config.globalDefs.dynamicInterfaces;
}

function replaceByName<T extends { name: string }>(list: T[], item: T): void {
  const i = list.findIndex((x) => x.name === item.name);
  if (i >= 0) list[i] = item;
  else list.push(item);
}

function linkbeatEntry(ctx: BuildContext, e: BlockEntry): void {
  const [name, option] = e.words as [string, string | undefined];
  if (!known(ctx, name)) {
    return ctx.diags.error(ConfigErr.Fatal, e.pos, `unknown interface ${name} specified for linkbeat interface`);
  }
  const type = LINKBEAT_TYPES.find((t) => t === option);
  if (option !== undefined && (type === undefined || e.words.length > 2)) {
    ctx.diags.error(ConfigErr.GeneralError, e.pos, `extra characters ${option} in linkbeat interface`);
  }
  const item: LinkbeatInterface = { name, type };
  replaceByName(ctx.config.linkbeatInterfaces, item);
}

/** IF DOWN [UP]: seconds with µs resolution; keepalived only logs (and skips) an entry it cannot use. */
function upDownEntry(ctx: BuildContext, e: BlockEntry): void {
  const a = entryArgs(ctx, e);
  const name = a.word(0);
  if (!known(ctx, name)) return a.error(ConfigErr.Fatal, `unknown interface ${name} specified for up/down delay`);
  if (a.count < 2) return;
  const down = readDecimalUnsignedWord(a, a.word(1), 0, MAX_DEBOUNCE_US, US_DIGITS, true);
  if (down === undefined) return;
  const up = a.count === 2 ? 0 : readDecimalUnsignedWord(a, a.word(2), 0, MAX_DEBOUNCE_US, US_DIGITS, true);
  if (up === undefined) return;
  const item: InterfaceUpDownDelay = { name, downDelayUs: down, upDelayUs: up };
  replaceByName(ctx.config.interfaceUpDownDelays, item);
}

function trackGroupKeyword(ctx: BuildContext): KeywordDef {
  // undefined while keepalived skips the block (no name, or a name already used).
  let group: TrackGroup | undefined;
  return {
    name: 'track_group',
    handler: (a) => {
      group = undefined;
      if (a.count !== 2) return a.error(ConfigErr.GeneralError, 'track_group must have a name - skipping');
      if (ctx.config.trackGroups.some((g) => g.name === a.word(1))) {
        return a.error(ConfigErr.GeneralError, `track_group ${a.word(1)} already defined`);
      }
      group = { name: a.word(1), group: [] };
      ctx.config.trackGroups.push(group);
    },
    sub: keywordTable([
      {
        name: 'group',
        handler: (a) => {
          const g = group;
          // keepalived reuses the sync group's wording here; its block is read (and dropped) either way.
          if (g !== undefined && g.group.length > 0) {
            a.error(ConfigErr.GeneralError, `Group list already specified for sync group ${g.name}`);
          }
          const block = a.readBlockWords();
          if (g === undefined || g.group.length > 0) return;
          if (block.words.length === 0) {
            ctx.diags.error(ConfigErr.GeneralError, block.end, `Warning - track group ${g.name} has empty group block`);
          }
          g.group = block.words;
        },
      },
    ]),
  };
}

interface GarpDraft {
  readonly item: GarpGroup;
}

/** Which garp_group each interface belongs to (keepalived keeps that on the interface). */
function garpOwner(ctx: BuildContext, name: string, current: GarpGroup): GarpGroup | undefined {
  if (current.interfaces.includes(name)) return current;
  return ctx.config.garpGroups.find((g) => g.interfaces.includes(name));
}

function garpGroupKeyword(ctx: BuildContext): KeywordDef {
  let d: GarpDraft | undefined;
  const cur = (): GarpGroup => (d as GarpDraft).item;
  const spacing = (a: KeywordArgs, what: 'garp_interval' | 'gna_interval', set: (us: number) => void): void => {
    const us = readDecimalUnsignedWord(a, a.word(1), 0, INT_MAX, US_DIGITS, true);
    if (us === undefined) return a.error(ConfigErr.GeneralError, `garp_group ${what} '${a.word(1)}' invalid`);
    set(us);
  };
  const close = (end: Position | undefined): void => {
    const item = cur();
    if (item.garpIntervalUs === undefined && item.gnaIntervalUs === undefined) {
      return ctx.diags.error(ConfigErr.GeneralError, end, `garp group ${item.aggregationGroup} does not have any delay set - removing`);
    }
    ctx.config.garpGroups.push(item);
  };
  return {
    name: 'garp_group',
    handler: () => {
      d = { item: { aggregationGroup: 0, garpIntervalUs: undefined, gnaIntervalUs: undefined, interfaces: [] } };
    },
    sub: keywordTable([
      { name: 'garp_interval', handler: (a) => spacing(a, 'garp_interval', (us) => (cur().garpIntervalUs = us)) },
      { name: 'gna_interval', handler: (a) => spacing(a, 'gna_interval', (us) => (cur().gnaIntervalUs = us)) },
      {
        name: 'interface',
        handler: (a) => {
          const name = a.word(1);
          if (!interfaceUsable(ctx, name)) {
            return a.error(ConfigErr.GeneralError, `WARNING - interface ${name} specified for garp_group doesn't exist`);
          }
          if (garpOwner(ctx, name, cur()) !== undefined) {
            return a.error(ConfigErr.GeneralError, `garp_group already specified for ${name} - ignoring`);
          }
          cur().interfaces.push(name);
        },
      },
      {
        name: 'interfaces',
        handler: (a) => {
          const item = cur();
          const { words: names, end } = a.readBlockWords();
          if (names.length === 0) return ctx.diags.error(ConfigErr.GeneralError, end, 'Warning - empty garp_group interfaces block');
          item.aggregationGroup = 1 + ctx.config.garpGroups.filter((g) => g.aggregationGroup > 0).length;
          for (const name of names) {
            if (!interfaceUsable(ctx, name)) {
              a.error(ConfigErr.GeneralError, `WARNING - interface ${name} specified for garp_group doesn't exist`);
              continue;
            }
            if (garpOwner(ctx, name, item) !== undefined) {
              // keepalived names the block's second interface here, whichever is the duplicate (and exits if none).
              const second = new KeywordArgs(names, a.line, a.diags, new LineCursor([])).word(1);
              a.error(ConfigErr.GeneralError, `garp_group already specified for ${second} - ignoring`);
              continue;
            }
            item.interfaces.push(name);
          }
        },
      },
    ]),
    close,
  };
}

export function interfaceGroupKeywords(ctx: BuildContext): KeywordDef[] {
  return [
    { name: 'linkbeat_interfaces', handler: (a) => a.readBlockLines((e) => linkbeatEntry(ctx, e)) },
    { name: 'interface_up_down_delays', handler: (a) => a.readBlockLines((e) => upDownEntry(ctx, e)) },
    trackGroupKeyword(ctx),
    garpGroupKeyword(ctx),
  ];
}
