// RTA_MULTIPATH (an array of struct rtnexthop, each followed by its own attributes) and RTA_VIA (a gateway of
// another family than the route's: struct rtvia), built as iproute2 builds them for `nexthop via … dev … weight N`.
import { afOf, ipBuffer } from './ip-text';
import { rtattr, u16, u32 } from './host-order';
import type { IpFamily, NexthopSpec } from './types';

const RTA_GATEWAY = 5;
const RTA_FLOW = 11;
const RTA_VIA = 18;
const RTNH_F_ONLINK = 4;

/** struct rtvia: the family, then the address bytes. */
export function viaAttr(address: string, family: IpFamily): Buffer {
  return Buffer.concat([u16(afOf(family)), ipBuffer(address, family)]);
}

function nexthop(nh: NexthopSpec, routeFamily: IpFamily): Buffer {
  const attrs: Buffer[] = [];
  if (nh.via) {
    const fam = nh.viaFamily ?? routeFamily;
    attrs.push(fam === routeFamily ? rtattr(RTA_GATEWAY, ipBuffer(nh.via, fam)) : rtattr(RTA_VIA, viaAttr(nh.via, fam)));
  }
  if (nh.realms !== undefined) attrs.push(rtattr(RTA_FLOW, u32(nh.realms)));
  const body = Buffer.concat(attrs);
  const weight = nh.weight ?? 1;
  if (!Number.isInteger(weight) || weight < 1 || weight > 256) throw new TypeError(`bad nexthop weight ${weight}`);
  const head = Buffer.alloc(8);
  head.set(u16(8 + body.length), 0);
  head[2] = nh.onlink ? RTNH_F_ONLINK : 0;
  head[3] = weight - 1;
  head.set(u32(nh.index ?? 0), 4);
  return Buffer.concat([head, body]);
}

export function multipathAttr(list: readonly NexthopSpec[], routeFamily: IpFamily): Buffer {
  return Buffer.concat(list.map((nh) => nexthop(nh, routeFamily)));
}
