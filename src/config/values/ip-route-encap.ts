// `encap mpls|ip|ip6|ila …` in a route or nexthop, as keepalived 2.2.7 reads it (the types its build supports;
// seg6/bpf are "Unknown encap type"). The word index moves exactly as keepalived's does, including after errors,
// because the words that follow are then read as further route options.
import type { RouteEncap } from '../model/static-routing';
import type { EntryWords } from './ip-entry';
import { readUnsigned64Entry, readUnsignedEntry, strtoulC } from './ip-number';
import { parseAddress } from './ip-prefix';
import { findDsfield } from './rt-tables';

export interface EncapResult {
  readonly encap: RouteEncap | undefined;
  /** Index of the last word the encap consumed; the caller's loop steps past it. */
  readonly last: number;
}

/** keepalived 2.2.7 holds at most two labels. */
const MPLS_MAX_LABELS = 2;
const MPLS_LABEL_MAX = 0xfffff;

/** An MPLS label stack `L1/L2/…` (each label ≤ 2^20-1, strtoul base 0). */
function parseMplsLabels(str: string): number[] | undefined {
  const labels: number[] = [];
  let rest = str.replace(/^[ \t\n\v\f\r]+/, '');
  for (let count = 0; count < MPLS_MAX_LABELS; count++) {
    if (rest.startsWith('-') || /^[ \t\n\v\f\r]/.test(rest)) return undefined;
    const n = strtoulC(rest, 0);
    if (n.empty || n.value > BigInt(MPLS_LABEL_MAX)) return undefined;
    labels.push(Number(n.value));
    if (n.rest === '') return labels;
    if (!n.rest.startsWith('/')) return undefined;
    rest = n.rest.slice(1);
  }
  return undefined;
}

/** An ILA locator: four hex groups of up to 16 bits, `a:b:c:d`. */
function parseLocator(str: string): string | undefined {
  const groups = str.replace(/^[ \t\n\v\f\r]+/, '').split(':');
  if (groups.length !== 4) return undefined;
  for (const g of groups) {
    if (!/^[0-9a-fA-F]/.test(g)) return undefined;
    const n = strtoulC(g, 16);
    if (n.rest !== '' || n.value > 0xffffn) return undefined;
  }
  return groups.map((g) => parseInt(g, 16).toString(16)).join(':');
}

/** `ip`/`ip6` encap options, read in pairs while two words remain; an unknown option ends them. */
function parseIpEncap(w: EntryWords, start: number, v6: boolean): { encap: RouteEncap | undefined; i: number } {
  const encap: RouteEncap = { type: v6 ? 'ip6' : 'ip', id: undefined, dst: undefined, src: undefined, tos: undefined, ttl: undefined, flags: undefined };
  const what = v6 ? 'ip6' : 'ip';
  let i = start;
  while (i + 1 < w.count) {
    const str = w.slot(i);
    const val = w.slot(i + 1);
    if (str === 'id') {
      const id = readUnsigned64Entry(w, val);
      if (id === undefined) {
        w.error(v6 ? `id ${val} value invalid for IPv6 encapsulation` : `encap id ${val} value is invalid`);
        return { encap: undefined, i };
      }
      encap.id = id;
    } else if (str === 'dst' || str === 'src') {
      const a = parseAddress(w, val, false);
      if (a === undefined) {
        w.error(`Invalid encap ${what} ${str} ${val}`);
        return { encap: undefined, i };
      }
      if (a.family !== (v6 ? 'inet6' : 'inet')) {
        w.error(v6 ? `IPv4 address ${val} not valid for ip6 encapsulation` : `IPv6 address ${val} not valid for ip encapsulation`);
        return { encap: undefined, i };
      }
      encap[str] = a.text;
    } else if (str === (v6 ? 'tc' : 'tos')) {
      const tos = findDsfield(w.ctx.system, val);
      if (tos === undefined) {
        // keepalived names the keyword, not the value, in the ip6 message
        w.error(v6 ? `tc value ${str} is invalid for ip6 encapsulation` : `dsfield ${val} not valid for ip encapsulation`);
        return { encap: undefined, i };
      }
      encap.tos = tos;
    } else if (str === (v6 ? 'hoplimit' : 'ttl')) {
      const ttl = readUnsignedEntry(w, val, 0, 255);
      if (ttl === undefined) {
        w.error(v6 ? `Invalid hoplimit ${val} specified for ip6 encapsulation` : `ttl ${val} is not valid for ip encapsulation`);
        return { encap: undefined, i };
      }
      encap.ttl = ttl;
    } else if (str === 'flags') {
      const flags = readUnsignedEntry(w, val, 0, 0xffff);
      if (flags === undefined) {
        w.error(`flags ${val} is not valid for ${what} encapsulation`);
        return { encap: undefined, i };
      }
      encap.flags = flags;
    } else break;
    i += 2;
  }
  if (encap.dst === undefined && encap.id === undefined) {
    w.error(`address or id missing for ${what} encapsulation`);
    return { encap: undefined, i };
  }
  return { encap, i };
}

/** Reads `encap TYPE …` with `at` on the word `encap`. */
export function parseEncap(w: EntryWords, at: number): EncapResult {
  let i = at + 1;
  if (i >= w.count) {
    w.error('Missing encap type');
    return { encap: undefined, last: i };
  }
  const type = w.slot(i++);
  let encap: RouteEncap | undefined;
  if (type === 'ip' || type === 'ip6') {
    const r = parseIpEncap(w, i, type === 'ip6');
    encap = r.encap;
    i = r.i;
  } else if (type === 'mpls') {
    if (i >= w.count) w.error('missing address for MPLS encapsulation');
    else {
      const str = w.slot(i++);
      const labels = parseMplsLabels(str);
      if (labels === undefined) w.error(`invalid mpls address ${str} for encapsulation`);
      else encap = { type: 'mpls', labels };
    }
  } else if (type === 'ila') {
    if (i >= w.count) w.error('missing locator for ILA encapsulation');
    else {
      const str = w.slot(i++);
      const locator = parseLocator(str);
      if (locator === undefined) w.error(`invalid locator ${str} for ila encapsulation`);
      else encap = { type: 'ila', locator };
    }
  } else {
    w.error(`Unknown encap type - ${type}`);
    // keepalived leaves its index past the type here, so the caller skips one more word
    return { encap: undefined, last: i };
  }
  return { encap, last: i - 1 };
}
