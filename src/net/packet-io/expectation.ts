// What the wasm decoder checks an instance's adverts against (keepalived's vrrp_check_packet, reference §4.3),
// derived once from the instance's spec at registration.
import { keySlots } from '../../core/wasm/key-slots';
import { M } from '../../core/wasm/module';
import { AUTH_NONE, Expectation } from '../../core/wasm/vrrp-codec';
import type { EndpointSpec } from './packet-io';

export function expectationFor(spec: EndpointSpec): Expectation {
  const unicast = (spec.unicastPeers?.length ?? 0) > 0;
  const authType = spec.version === 2 ? (spec.authType ?? AUTH_NONE) : AUTH_NONE;
  let mode: number = unicast ? M.UNICAST : M.MULTICAST;
  // keepalived accepts a v3 unicast advert whose checksum only verifies with 224.0.0.18 as the pseudo-header
  // destination (pre-1.3.7 senders) unless old_unicast_checksum is `never`.
  if (unicast && spec.version === 3 && (spec.acceptOldUnicastChecksum ?? true)) mode |= M.OLD_CKSUM;
  return {
    mode,
    version: spec.version,
    vrid: spec.vrid,
    authType,
    interval: spec.wireInterval,
    naddr: spec.vips.length,
    keySlot: authType !== AUTH_NONE && spec.authPass !== undefined ? keySlots().slotFor(spec.authPass) : -1,
    lastSeq: 0,
  };
}
