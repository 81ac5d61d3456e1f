// bfd_instance NAME { neighbor_ip|neighbour_ip IP; source_ip IP; min_rx MS; min_tx MS; idle_tx MS; multiplier N;
// passive; ttl|hoplimit N; max_hops N; weight W [reverse]; vrrp; checker }. keepalived reads this block in three
// processes: the BFD process owns the session (and drops bad ones), the VRRP process the weight and the name it
// tracks. So a session the BFD process drops is kept here, disabled: VRRP instances can still name it.
import { ConfigErr, type Position } from '../diagnostics';
import type { BfdInstance } from '../model/bfd';
import type { BuildContext } from '../parser/build-context';
import type { KeywordArgs } from '../parser/keyword-args';
import { keywordTable, type KeywordDef } from '../parser/keyword-tree';
import { crashesKeepalived } from '../validate/killed';
import { parseIp, type ParsedIp } from '../values/ip-text';
import { readDecimalUnsignedWord } from '../values/read-decimal';
import { readIntWord, readUnsignedWord } from '../values/read-number';

/** keepalived's BFD_INAME_MAX (including the NUL). */
const NAME_MAX = 32;
const MS_DIGITS = 3;
const MS = 1000;
const INTERVAL_MAX_MS = 4294967;
const TTL_MAX = 255;
/** Defaults keepalived gives a session (intervals in µs). */
const DEFAULT_MIN_RX_US = 10 * MS;
const DEFAULT_MIN_TX_US = 10 * MS;
const DEFAULT_IDLE_TX_US = 1000 * MS;
const DEFAULT_MULTIPLIER = 5;
const DEFAULT_TTL_V4 = 255;
const DEFAULT_HOPLIMIT_V6 = 64;

interface BfdDraft {
  readonly item: BfdInstance;
  /** 'bfd': the BFD process gave up on the block (a malformed neighbour); the VRRP process still reads it. */
  skip: 'none' | 'bfd';
  source: ParsedIp | undefined;
  neighbor: ParsedIp | undefined;
  ttl: number | undefined;
  processes: Set<'vrrp' | 'checker'>;
}

/** keepalived's prefix for the BFD process's messages about an instance. */
const cfgError = (name: string, rest: string): string => `Configuration error: BFD instance ${name} ${rest}`;

function crash(a: KeywordArgs): never {
  // keepalived 2.2.7 dereferences the missing word.
  return crashesKeepalived(a, `${a.keyword} needs a parameter`);
}

function interval(
  d: BfdDraft,
  a: KeywordArgs,
  what: 'min_rx' | 'min_tx' | 'idle_tx',
  minMs: number,
  set: (us: number) => void,
): void {
  const us = readDecimalUnsignedWord(a, a.word(1), minMs * MS, INTERVAL_MAX_MS * MS, MS_DIGITS, true);
  if (us === undefined) {
    return a.error(
      ConfigErr.GeneralError,
      cfgError(d.item.name, `${what} value ${a.word(1)} is not valid (must be in range [${minMs}-${INTERVAL_MAX_MS}]), ignoring`),
    );
  }
  set(us);
}

function sameAddress(x: ParsedIp | undefined, y: ParsedIp | undefined): boolean {
  return x !== undefined && y !== undefined && x.family === y.family && x.text === y.text;
}

/** The BFD process's checks when the block closes: a neighbour is needed, of the source's family, and not in use. */
function close(ctx: BuildContext, d: BfdDraft, all: Map<BfdInstance, BfdDraft>, end: Position | undefined): void {
  const item = d.item;
  const nbr = d.neighbor;
  const src = d.source;
  item.vrrp = d.processes.size === 0 || d.processes.has('vrrp');
  item.checker = d.processes.size === 0 || d.processes.has('checker');
  const disable = (msg: string): void => {
    ctx.diags.error(ConfigErr.GeneralError, end, msg);
    item.enabled = false;
  };
  if (d.skip === 'none') {
    if (nbr === undefined) disable(cfgError(item.name, 'has no neighbor address set, disabling instance'));
    else if (src !== undefined && src.family !== nbr.family) {
      // keepalived prints the source address twice (both conversions share one buffer).
      disable(
        cfgError(item.name, `source address ${src.text} and neighbor address ${src.text} are not of the same family, disabling instance`),
      );
    } else {
      const other = [...all.values()].find(
        (o) =>
          o.item.enabled && sameAddress(o.neighbor, nbr) && (o.source === undefined || src === undefined || sameAddress(o.source, src)),
      );
      if (other !== undefined) {
        disable(
          src === undefined
            ? cfgError(item.name, `has duplicate neighbor address ${nbr.text}, ignoring instance`)
            : cfgError(item.name, `has duplicate source/neighbor address ${src.text}/${nbr.text}, ignoring instance`),
        );
      }
    }
  }
  item.ttl = d.ttl ?? (nbr?.family === 'inet6' ? DEFAULT_HOPLIMIT_V6 : DEFAULT_TTL_V4);
  if (item.enabled && item.maxHops > item.ttl) {
    ctx.diags.error(ConfigErr.GeneralError, end, `BFD instance ${item.name}: max_hops exceeds ttl/hoplimit - setting to ttl/hoplimit`);
    item.maxHops = item.ttl;
  }
  all.set(item, d);
  ctx.config.bfdInstances.push(item);
}

export function bfdKeywords(ctx: BuildContext): KeywordDef[] {
  const drafts = new Map<BfdInstance, BfdDraft>();
  let d: BfdDraft | undefined;
  /** The draft the BFD process is still reading, if any. */
  const bfd = (): BfdDraft | undefined => (d !== undefined && d.skip === 'none' ? d : undefined);
  const ttl = (a: KeywordArgs): void => {
    const cur = bfd();
    if (cur === undefined) return;
    const v = readUnsignedWord(a, a.word(1), 1, TTL_MAX, true);
    if (v === undefined) {
      return a.error(
        ConfigErr.GeneralError,
        cfgError(cur.item.name, `ttl/hoplimit value ${a.word(1)} not valid (must be in range [1-${TTL_MAX}]), ignoring`),
      );
    }
    cur.ttl = v;
  };
  const intervalKeyword = (
    what: 'min_rx' | 'min_tx' | 'idle_tx',
    minMs: number,
    set: (item: BfdInstance, us: number) => void,
  ): KeywordDef => ({
    name: what,
    handler: (a) => {
      const cur = bfd();
      if (cur !== undefined) interval(cur, a, what, minMs, (us) => set(cur.item, us));
    },
  });
  const neighbor = (a: KeywordArgs): void => {
    const cur = bfd();
    if (cur === undefined) return;
    if (!a.has(1)) crash(a);
    const ip = parseIp(a.word(1));
    if (ip === undefined) {
      a.error(ConfigErr.GeneralError, cfgError(cur.item.name, `has malformed neighbor address ${a.word(1)}, ignoring instance`));
      cur.item.enabled = false;
      cur.skip = 'bfd';
      return;
    }
    cur.neighbor = ip;
    cur.item.neighborIp = ip.text;
  };
  return [
    {
      name: 'bfd_instance',
      handler: (a) => {
        d = undefined;
        if (!a.has(1)) crash(a);
        const name = a.word(1);
        if (Buffer.byteLength(name) >= NAME_MAX) {
          a.error(ConfigErr.GeneralError, `BFD name ${name} too long`);
          return a.error(
            ConfigErr.GeneralError,
            cfgError(name, `name too long (maximum length is ${NAME_MAX - 1} characters) - ignoring`),
          );
        }
        if (ctx.config.bfdInstances.some((b) => b.name === name)) {
          a.error(ConfigErr.GeneralError, `BFD ${name} already specified`);
          return a.error(ConfigErr.GeneralError, cfgError(name, 'already configured - ignoring'));
        }
        const item: BfdInstance = {
          name,
          enabled: true,
          neighborIp: undefined,
          sourceIp: undefined,
          minRxUs: DEFAULT_MIN_RX_US,
          minTxUs: DEFAULT_MIN_TX_US,
          idleTxUs: DEFAULT_IDLE_TX_US,
          multiplier: DEFAULT_MULTIPLIER,
          passive: false,
          ttl: DEFAULT_TTL_V4,
          maxHops: 0,
          weight: 0,
          weightReverse: false,
          vrrp: true,
          checker: true,
        };
        d = { item, skip: 'none', source: undefined, neighbor: undefined, ttl: undefined, processes: new Set() };
      },
      sub: keywordTable([
        { name: 'neighbor_ip', aliases: ['neighbour_ip'], handler: neighbor },
        {
          name: 'source_ip',
          handler: (a) => {
            const cur = bfd();
            if (cur === undefined) return;
            const ip = parseIp(a.word(1));
            if (ip === undefined) {
              return a.error(ConfigErr.GeneralError, cfgError(cur.item.name, `has malformed source address ${a.word(1)}, ignoring`));
            }
            cur.source = ip;
            cur.item.sourceIp = ip.text;
          },
        },
        intervalKeyword('min_rx', 1, (item, us) => (item.minRxUs = us)),
        intervalKeyword('min_tx', 1, (item, us) => (item.minTxUs = us)),
        intervalKeyword('idle_tx', 1000, (item, us) => (item.idleTxUs = us)),
        {
          name: 'multiplier',
          handler: (a) => {
            const cur = bfd();
            if (cur === undefined) return;
            const v = readUnsignedWord(a, a.word(1), 1, 255, true);
            if (v === undefined) {
              return a.error(
                ConfigErr.GeneralError,
                cfgError(cur.item.name, `multiplier value ${a.word(1)} not valid (must be in range [1-255]), ignoring`),
              );
            }
            cur.item.multiplier = v;
          },
        },
        {
          name: 'passive',
          handler: () => {
            const cur = bfd();
            if (cur !== undefined) cur.item.passive = true;
          },
        },
        { name: 'ttl', aliases: ['hoplimit'], handler: ttl },
        {
          name: 'max_hops',
          handler: (a) => {
            const cur = bfd();
            if (cur === undefined) return;
            const v = readIntWord(a, a.word(1), -1, TTL_MAX, true);
            if (v === undefined) {
              return a.error(
                ConfigErr.GeneralError,
                cfgError(cur.item.name, `max_hops value ${a.word(1)} not valid (must be in range [-1-${TTL_MAX}]), ignoring`),
              );
            }
            cur.item.maxHops = v;
          },
        },
        {
          // Read by the VRRP process, which does not give up on a block with a bad neighbour.
          name: 'weight',
          handler: (a) => {
            if (d === undefined) return;
            const item = d.item;
            const w = readIntWord(a, a.word(1), -253, 253, true);
            if (w === undefined) {
              a.error(
                ConfigErr.GeneralError,
                cfgError(item.name, `weight value ${a.word(1)} not valid (must be in range [-253-253]), ignoring`),
              );
            } else item.weight = w;
            if (a.count >= 3) {
              if (a.word(2) === 'reverse') item.weightReverse = true;
              else a.error(ConfigErr.GeneralError, cfgError(item.name, `unknown weight option ${a.word(2)}`));
            }
          },
        },
        { name: 'vrrp', handler: () => void d?.processes.add('vrrp') },
        { name: 'checker', handler: () => void d?.processes.add('checker') },
      ]),
      close: (end) => {
        if (d !== undefined) close(ctx, d, drafts, end);
        d = undefined;
      },
    },
  ];
}
