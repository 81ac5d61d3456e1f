// keepalived's log line for an advert that failed a wire check (vrrp_check_packet), word for word as in the 2.2.7
// binary. keepalived logs each kind of error once and then stays quiet about it until the instance changes state
// (or master), so a flood of bad packets costs one line per kind.
import { DropReason } from '../drop-reason';
import type { RxAdvert } from '../../net/packet-io/rx-advert';
import type { EndpointSpec } from '../../net/packet-io/packet-io';

/** The line for a drop, or null where keepalived logs nothing for it. */
export function dropLine(name: string, reason: DropReason, rx: RxAdvert, spec: Readonly<EndpointSpec>): string | null {
  const ourAuth = spec.version === 2 ? (spec.authType ?? 0) : 0;
  switch (reason) {
    case DropReason.AhPresence:
      return ourAuth === 2 ? `(${name}) No AH header but auth type is AH` : `(${name}) Received AH header but auth type not AH`;
    case DropReason.TooShort:
    case DropReason.TooLong:
      return `(${name}) vrrp packet too ${reason === DropReason.TooShort ? 'short' : 'long'}, length ${rx.length} and expect ${rx.expectedLength}`;
    case DropReason.Ttl:
      return `(${name}) invalid TTL/HL. Received ${rx.ttl} and expect 255`;
    case DropReason.Version:
      return `(${name}) wrong version. Received ${rx.version} and expect ${spec.version}`;
    case DropReason.InvalidAuthType:
      return `(${name}) Invalid auth type: ${rx.authType}`;
    case DropReason.AuthTypeMismatch:
      return `(${name}) received a ${rx.authType} auth, expecting ${ourAuth}!`;
    case DropReason.AuthPass:
      return `(${name}) received an invalid passwd!`;
    case DropReason.AhIcv:
    case DropReason.AhSpi:
      return `(${name}) IPSEC-AH : invalid IPSEC HMAC-MD5 value. Due to fields mutation or bad password !`;
    case DropReason.AdvertInterval:
      return `(${name}) advertisement interval mismatch mine=${spec.wireInterval} sec rcv'd=${rx.wireInterval} sec`;
    case DropReason.Type:
      return `(${name}) Invalid packet type. ${rx.type} and expect 1`;
    case DropReason.IpLength:
      return `(${name}) ip_tot_len mismatch against received length. ${rx.ipTotalLength} and received ${rx.length}`;
    case DropReason.Checksum:
      return `(${name}) Invalid VRRPv${rx.version === 3 ? 3 : 2} checksum`;
    case DropReason.DstMode: {
      const want = (spec.unicastPeers?.length ?? 0) > 0 ? 'un' : 'mult';
      return `(${name}) Expected ${want}icast packet but received ${want === 'un' ? 'mult' : 'un'}icast packet`;
    }
    default:
      return null;
  }
}

/** Which kinds were already logged since the instance last changed state. */
export class DropLogLimiter {
  private logged = 0;

  /** True the first time a reason is seen since reset(). */
  first(reason: DropReason): boolean {
    const bit = 1 << reason;
    if (this.logged & bit) return false;
    this.logged |= bit;
    return true;
  }

  reset(): void {
    this.logged = 0;
  }
}
