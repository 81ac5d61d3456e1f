// One address entry (static_ipaddress, virtual_ipaddress, virtual_ipaddress_excluded) as keepalived 2.2.7's
// alloc_ipaddress() reads it: `IP[/LEN]` then options, each option that takes a value needing one (else the entry
// is dropped with "No X parameter specified"), unknown words reported but skipped.
import type { BlockEntry } from '../parser/keyword-args';
import type { BuildContext } from '../parser/build-context';
import type { AddressEntry } from '../model/static-routing';
import { EntryWords } from './ip-entry';
import { interfaceUsable } from './ip-interfaces';
import { readUnsignedEntry } from './ip-number';
import { parseAddress } from './ip-prefix';
import { formatIpv4, parseIpv4 } from './ip-text';
import { trackGroupDefined } from './ip-track-group';
import { findScope } from './rt-tables';

/** IFNAMSIZ - 1: the longest label the kernel takes. */
const MAX_LABEL = 15;
const FOREVER = 0xffffffff;
/** Options that need a value (a missing one drops the entry). */
const WITH_VALUE = new Set(['dev', 'scope', 'broadcast', 'brd', 'label', 'peer', 'preferred_lft']);

const addressWords = new WeakMap<AddressEntry, string>();

/** The address as written in the configuration (keepalived's messages quote it so). */
export function addressWordOf(a: AddressEntry): string {
  return addressWords.get(a) ?? `${a.address}/${a.prefixlen}`;
}

/**
 * Parses one address entry; undefined where keepalived drops it. `vip`: a VIP/eVIP (allows use_vmac; without `dev`
 * the address stays without one, as keepalived only gives it the instance's interface or VMAC when the instance is
 * completed, so `defaultDev` is not used). Otherwise a static address (allows track_group; without `dev` it takes
 * `defaultDev`, or stays undefined for resolveStaticDefaults() to fill in from global_defs).
 */
export function parseAddressEntry(
  ctx: BuildContext,
  entry: BlockEntry,
  opts: { vip: boolean; defaultDev: string | undefined },
): AddressEntry | undefined {
  const w = new EntryWords(ctx, entry);
  const addrWord = w.slot(0);
  const addr = parseAddress(w, addrWord, true);
  if (addr === undefined) return undefined;
  const a: AddressEntry = {
    pos: entry.pos,
    family: addr.family,
    address: addr.text,
    prefixlen: addr.prefixlen,
    brd: undefined,
    dev: undefined,
    scope: 0,
    label: undefined,
    peer: undefined,
    home: false,
    nodad: addr.family === 'inet6',
    mngtmpaddr: false,
    noprefixroute: false,
    autojoin: false,
    noTrack: false,
    preferredLft: undefined,
    trackGroup: undefined,
    useVmac: false,
  };
  addressWords.set(a, addrWord);
  let peerBytes: number[] | undefined;
  let brdBytes: number[] | undefined;
  let brdMode: '+' | '-' | undefined;
  let haveBroadcast = false;
  let preferredSet = false;

  let i = 1;
  while (i < w.count) {
    const str = w.slot(i);
    if (WITH_VALUE.has(str) && !w.has(i + 1)) {
      w.error(`No ${str} parameter specified for ${addrWord}`);
      return undefined;
    }
    if (str === 'dev') {
      if (a.dev !== undefined) {
        w.error(`Cannot specify ipaddress device more than once for ${addrWord}`);
        return undefined;
      }
      const dev = w.slot(++i);
      if (!interfaceUsable(ctx, dev)) {
        w.error(`WARNING - interface ${dev} for ip address ${addrWord} doesn't exist`);
        return undefined;
      }
      a.dev = dev;
    } else if (str === 'scope') {
      const scope = findScope(ctx.system, w.slot(++i));
      if (scope === undefined) w.error(`Invalid scope '${w.slot(i)}' specified for ${addrWord} - ignoring`);
      else a.scope = scope;
    } else if (str === 'broadcast' || str === 'brd') {
      if (a.family === 'inet6') {
        w.error(`VRRP is trying to assign a broadcast ${str} to the IPv6 address ${addrWord} !!?? WTF... skipping VIP...`);
        return undefined;
      }
      haveBroadcast = true;
      const param = w.slot(++i);
      if (param === '-' || param === '+') brdMode = param;
      else {
        const b = parseIpv4(param);
        if (b === undefined) {
          w.error(`VRRP is trying to assign invalid broadcast ${param}. skipping VIP...`);
          return undefined;
        }
        brdBytes = b;
      }
    } else if (str === 'label') {
      const label = w.slot(++i);
      if (label.length > MAX_LABEL) {
        w.error(`Address label ${label} is longer than maximum length ${MAX_LABEL} - removing address`);
        return undefined;
      }
      a.label = label;
    } else if (str === 'peer') {
      const peerWord = w.slot(++i);
      if (peerBytes !== undefined) {
        // keepalived re-reads the duplicate peer's address as the next option
        w.error(`Peer ${peerWord} - another peer has already been specified`);
        continue;
      }
      const peer = parseAddress(w, peerWord, false);
      if (peer === undefined) w.error(`Invalid peer address ${peerWord}`);
      else if (peer.family !== a.family) w.error(`Peer address ${peerWord} does not match address family`);
      else {
        if (a.prefixlen !== (a.family === 'inet6' ? 128 : 32)) {
          w.error('Cannot specify address prefix when specifying peer address - ignoring');
        }
        peerBytes = peer.bytes;
        a.peer = peer.text;
        a.prefixlen = peer.prefixlen;
      }
    } else if (str === 'home') a.home = true;
    else if (str === '-nodad') a.nodad = false;
    else if (str === 'mngtmpaddr') a.mngtmpaddr = true;
    else if (str === 'noprefixroute') a.noprefixroute = true;
    else if (str === 'autojoin') a.autojoin = true;
    else if (str === 'no_track') a.noTrack = true;
    else if (str === 'preferred_lft') {
      const v = w.slot(++i);
      if (v === 'forever') {
        a.preferredLft = FOREVER;
        preferredSet = true;
      } else {
        const n = readUnsignedEntry(w, v, 0, FOREVER, true);
        if (n === undefined) w.error(`preferred_lft ${v} is invalid`);
        else {
          a.preferredLft = n;
          preferredSet = true;
        }
      }
    } else if (!opts.vip && str === 'track_group') {
      if (!w.has(i + 1)) {
        w.error(`No ${str} parameter specified for ${addrWord}`);
        return undefined;
      }
      const name = w.slot(++i);
      if (a.trackGroup !== undefined) {
        w.error(`track_group ${name} is a duplicate`);
        break;
      }
      if (trackGroupDefined(ctx, name)) a.trackGroup = name;
      else w.error(`track_group ${name} not found`);
    } else if (opts.vip && str === 'use_vmac') a.useVmac = true;
    else w.error(`Unknown configuration entry '${str}' for ip address - ignoring`);
    i++;
  }

  if (haveBroadcast && peerBytes !== undefined) {
    w.error('Cannot specify broadcast and peer addresses - ignoring broadcast address');
    brdBytes = undefined;
  } else if (brdMode !== undefined && a.prefixlen <= 30) {
    const base = peerBytes ?? addr.bytes;
    const hostBits = 32 - a.prefixlen;
    const value = base.reduce((acc, b) => acc * 256 + b, 0);
    const mask = hostBits === 32 ? 0xffffffff : 2 ** hostBits - 1;
    const net = value - (value % (mask + 1));
    const brd = brdMode === '+' ? net + mask : net;
    brdBytes = [brd >>> 24, (brd >>> 16) & 0xff, (brd >>> 8) & 0xff, brd & 0xff];
  } else if (brdMode !== undefined) {
    w.error(`Address prefix length ${a.prefixlen} too long for broadcast`);
  }
  a.brd = brdBytes && brdBytes.some((b) => b !== 0) ? formatIpv4(brdBytes) : undefined;

  if (!opts.vip && a.dev === undefined) a.dev = opts.defaultDev;

  if (a.family === 'inet6') {
    if (a.scope !== 0) {
      w.error(`Cannot specify scope for IPv6 addresses (${addrWord}) - ignoring scope`);
      a.scope = 0;
    }
    if (a.label !== undefined) {
      w.error(`Cannot specify label for IPv6 addresses (${addrWord}) - ignoring label`);
      a.label = undefined;
    }
    if (!preferredSet) a.preferredLft = a.prefixlen === 128 ? 0 : FOREVER;
  } else a.preferredLft = undefined;
  return a;
}
