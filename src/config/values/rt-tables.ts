// Name ↔ number look-ups for routing tables, protocols, scopes, realms, dsfields and device groups, as keepalived
// 2.2.7 does them: a number (C strtoul base 0) is taken as is if in range, otherwise the name is looked up in
// /etc/iproute2/<file> (2.2.7 reads no other directory and no *.d folders), with built-in names where iproute2 has
// them. Files are read through the SystemView, once per view.
import type { SystemView } from '../system-view';
import { strtoulC } from './ip-number';

const IPROUTE2_DIR = '/etc/iproute2/';

type Names = ReadonlyArray<readonly [number, string]>;

interface NameFile {
  readonly file: string;
  readonly max: number;
  readonly defaults: Names;
}

const TABLES: NameFile = {
  file: 'rt_tables',
  max: 0xffffffff,
  defaults: [
    [253, 'default'],
    [254, 'main'],
    [255, 'local'],
  ],
};
const DSFIELDS: NameFile = { file: 'rt_dsfield', max: 255, defaults: [] };
const GROUPS: NameFile = { file: 'group', max: 0x7fffffff, defaults: [] };
const REALMS: NameFile = { file: 'rt_realms', max: 255, defaults: [] };
const PROTOS: NameFile = {
  file: 'rt_protos',
  max: 255,
  defaults: [
    [0, 'none'],
    [1, 'redirect'],
    [2, 'kernel'],
    [3, 'boot'],
    [4, 'static'],
    [8, 'gated'],
    [9, 'ra'],
    [10, 'mrt'],
    [11, 'zebra'],
    [12, 'bird'],
    [42, 'babel'],
    [13, 'dnrouted'],
    [14, 'xorp'],
    [15, 'ntk'],
    [16, 'dhcp'],
  ],
};
const SCOPES: NameFile = {
  file: 'rt_scopes',
  max: 255,
  defaults: [
    [0, 'global'],
    [255, 'nowhere'],
    [254, 'host'],
    [253, 'link'],
    [200, 'site'],
  ],
};

/** Route types by name (RTN_*); `brd` is keepalived's alias of broadcast. */
const RTN_TYPES: Names = [
  [2, 'local'],
  [10, 'nat'],
  [3, 'broadcast'],
  [3, 'brd'],
  [4, 'anycast'],
  [5, 'multicast'],
  [8, 'prohibit'],
  [7, 'unreachable'],
  [6, 'blackhole'],
  [11, 'xresolve'],
  [1, 'unicast'],
  [9, 'throw'],
];

const cache = new WeakMap<SystemView, Map<string, Names>>();

/** The file's `NUMBER NAME` lines (exactly two words, comments after '#' or '!'), then the missing defaults. */
function namesOf(system: SystemView, nf: NameFile): Names {
  let perView = cache.get(system);
  if (!perView) cache.set(system, (perView = new Map()));
  const known = perView.get(nf.file);
  if (known) return known;
  const names: Array<readonly [number, string]> = [];
  for (const raw of (system.readText(IPROUTE2_DIR + nf.file) ?? '').split('\n')) {
    const words = raw.replace(/[#!].*$/, '').trim().split(/\s+/).filter(Boolean);
    if (words.length !== 2) continue;
    const num = words[0] as string;
    const n = strtoulC(num, 0);
    if (num.startsWith('-') || n.empty || n.rest !== '' || n.value > BigInt(nf.max)) continue;
    names.push([Number(n.value), words[1] as string]);
  }
  for (const d of nf.defaults) if (!names.some(([id]) => id === d[0])) names.push(d);
  perView.set(nf.file, names);
  return names;
}

/** keepalived's find_entry(): a number in range, or a known name. */
function find(system: SystemView, nf: NameFile, name: string): number | undefined {
  const n = strtoulC(name, 0);
  if (!n.empty && n.rest === '') {
    // keepalived keeps the low 32 bits before comparing with the maximum
    const id = Number(n.value & 0xffffffffn);
    return id <= nf.max ? id : undefined;
  }
  return namesOf(system, nf).find(([, nm]) => nm === name)?.[0];
}

export const findTable = (s: SystemView, name: string): number | undefined => find(s, TABLES, name);
export const findDsfield = (s: SystemView, name: string): number | undefined => find(s, DSFIELDS, name);
export const findGroup = (s: SystemView, name: string): number | undefined => find(s, GROUPS, name);
export const findRealm = (s: SystemView, name: string): number | undefined => find(s, REALMS, name);
export const findProtocol = (s: SystemView, name: string): number | undefined => find(s, PROTOS, name);
export const findScope = (s: SystemView, name: string): number | undefined => find(s, SCOPES, name);

/** Route type by name, or a number 0..255 (base 0, no sign). */
export function findRouteType(name: string): number | undefined {
  const named = RTN_TYPES.find(([, nm]) => nm === name);
  if (named) return named[0];
  const n = strtoulC(name, 0);
  if (n.rest !== '' || name.startsWith('-') || n.value > 255n) return undefined;
  return Number(n.value);
}

/** `realms [SRC/]DST`: each part a realm number or name; SRC goes in the high 16 bits. */
export function findRealms(s: SystemView, text: string): number | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return findRealm(s, text);
  const a = findRealm(s, text.slice(0, slash));
  const b = a === undefined ? undefined : findRealm(s, text.slice(slash + 1));
  return a === undefined || b === undefined ? undefined : ((a << 16) | b) >>> 0;
}
