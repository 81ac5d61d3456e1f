// `nexthop …` lists (multipath routes) as keepalived 2.2.7's parse_nexthops() reads them.
import type { IpFamily, RouteEntry, RouteNexthop } from '../model/static-routing';
import type { EntryWords } from './ip-entry';
import { interfaceUsable } from './ip-interfaces';
import { parseAddress } from './ip-prefix';
import { parseEncap } from './ip-route-encap';
import { getUnsigned } from './ip-route-metrics';
import { findRealms } from './rt-tables';

/** The route family while it is being parsed (undefined until an address or option fixes it). */
export interface RouteFamily {
  family: IpFamily | undefined;
}

export function nexthop(via: RouteNexthop['via']): RouteNexthop {
  return { via, dev: undefined, weight: undefined, onlink: false, realms: undefined, encap: undefined };
}

/**
 * `nexthop [via [inet|inet6] ADDR] [dev IF] [weight N] [onlink] [encap …] [realms R]` repeated. A bad nexthop ends
 * the list (the route is kept with the hops read so far), as keepalived's parse_nexthops() does.
 */
export function parseNexthops(w: EntryWords, r: RouteEntry, p: RouteFamily, start: number): void {
  let i = start;
  // keepalived keeps the family given with `via inet|inet6` from one hop to the next
  let viaFamily: IpFamily | undefined;
  while (i < w.count && w.slot(i) === 'nexthop') {
    i++;
    const nh = nexthop(undefined);
    for (; i < w.count; i++) {
      const str = w.slot(i);
      if (str === 'via') {
        let word = w.slot(++i);
        if (word === 'inet' || word === 'inet6') {
          viaFamily = word;
          word = w.slot(++i);
        }
        if (viaFamily !== undefined) {
          if (p.family === undefined) p.family = viaFamily;
          else if (p.family !== viaFamily) {
            w.error('IPv4/6 mismatch for nexthop');
            return;
          }
        }
        const a = parseAddress(w, word, false);
        if (a === undefined) {
          w.error(`invalid nexthop address ${word}`);
          return;
        }
        if (p.family !== undefined && a.family !== p.family) {
          w.error('Address family mismatch for next hop');
          return;
        }
        p.family ??= a.family;
        nh.via = { family: a.family, address: a.text };
      } else if (str === 'dev') {
        const word = w.slot(++i);
        if (!interfaceUsable(w.ctx, word)) {
          w.error(`WARNING - interface ${word} for VROUTE nexthop doesn't exist`);
          return;
        }
        nh.dev = word;
      } else if (str === 'weight') {
        const v = getUnsigned(w, w.slot(++i), 256, 'Invalid weight %s specified for route');
        if (v === undefined) return;
        if (v === 0) {
          w.error('Invalid weight 0 specified for route');
          return;
        }
        nh.weight = v;
      } else if (str === 'onlink') nh.onlink = true;
      else if (str === 'encap') {
        const e = parseEncap(w, i);
        nh.encap = e.encap ?? nh.encap;
        i = e.last;
      } else if (str === 'realms') {
        const word = w.slot(++i);
        const realms = findRealms(w.ctx.system, word);
        if (realms === undefined) {
          w.error(`Invalid realms ${word} for route`);
          return;
        }
        nh.realms = realms;
        if (p.family === undefined) p.family = 'inet';
        else if (p.family !== 'inet') {
          w.error('realms are only supported for IPv4');
          return;
        }
      } else if (str === 'as') {
        if (w.slot(++i) === 'to') i++;
        w.error("'as [to]' (nat) not supported");
        return;
      } else break;
    }
    r.nexthops.push(nh);
  }
  if (i < w.count) w.error(`Route has trailing nonsense after nexthops - ${w.slot(i)}`);
}

