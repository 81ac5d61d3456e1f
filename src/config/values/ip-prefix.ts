// keepalived's parse_ipaddress() and parse_route(): an address with an optional /LEN, or one of the route
// specials (default/any/all, and the deprecated default6), with keepalived's messages.
import type { IpFamily } from '../model/static-routing';
import type { EntryWords } from './ip-entry';
import { readUnsignedEntry } from './ip-number';
import { parseIp } from './ip-text';

export interface ParsedAddress {
  readonly family: IpFamily;
  readonly bytes: number[];
  readonly text: string;
  readonly prefixlen: number;
}

/** A route/rule prefix; `family` undefined for default/any/all until the entry's family is known. */
export interface ParsedPrefix {
  family: IpFamily | undefined;
  readonly address: string | undefined;
  readonly prefixlen: number;
}

/**
 * parse_ipaddress(): the family is guessed from a ':', /LEN (when allowed) defaults to the full length and a bad
 * one is reported and replaced by it; undefined (reported) when the address itself is invalid.
 */
export function parseAddress(w: EntryWords, str: string, allowPrefix: boolean): ParsedAddress | undefined {
  const family: IpFamily = str.includes(':') ? 'inet6' : 'inet';
  const full = family === 'inet6' ? 128 : 32;
  let prefixlen = full;
  let addrText = str;
  const slash = allowPrefix ? str.indexOf('/') : -1;
  if (slash >= 0) {
    const lenText = str.slice(slash + 1);
    const len = readUnsignedEntry(w, lenText, 0, full, true);
    if (len === undefined) w.error(`Invalid address prefix len ${lenText} for address ${str} - using ${full}`);
    else prefixlen = len;
    addrText = str.slice(0, slash);
  }
  const ip = parseIp(addrText);
  if (ip === undefined || ip.family !== family) {
    w.error(`VRRP parsed invalid IP ${str}. skipping IP...`);
    return undefined;
  }
  return { family, bytes: ip.bytes, text: ip.text, prefixlen };
}

/** parse_route(): default/any/all match every address of the entry's family. */
export function parseRoutePrefix(w: EntryWords, str: string): ParsedPrefix | undefined {
  if (str === 'default' || str === 'any' || str === 'all') return { family: undefined, address: undefined, prefixlen: 0 };
  // keepalived 2.2.7 still takes the pre-2.1 `default6` silently
  if (str === 'default6') {
    return { family: 'inet6', address: undefined, prefixlen: 0 };
  }
  const a = parseAddress(w, str, true);
  return a && { family: a.family, address: a.text, prefixlen: a.prefixlen };
}
