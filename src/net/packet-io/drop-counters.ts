// Counters kept by the packet path: per instance (keepalived's per-instance stats, fed by the drop reason of each
// received advert, plus what the send path saw) and per channel (what could not be given to any instance).
// Plain numbers and typed arrays, so counting allocates nothing.
import { DROP_COUNTER, DropReason, VrrpCounter } from '../../vrrp/drop-reason';

const REASON_COUNT = Object.values(DropReason).filter((v) => typeof v === 'number').length;

export class EndpointCounters {
  /** Received adverts by decode result; byReason[DropReason.Ok] is the accepted ones. */
  readonly byReason = new Uint32Array(REASON_COUNT);
  /** Accepted adverts whose address count differs from ours (keepalived's addr_list_err, count part). */
  addrCountMismatch = 0;
  /** Adverts handed to the kernel (one per copy: unicast counts each peer). */
  sent = 0;
  /** Copies dropped because the socket buffer was full (EAGAIN / ENOBUFS): dropped, never queued. */
  sendCongested = 0;
  /** Copies that failed for another reason (e.g. ENETDOWN, ENODEV). */
  sendErrors = 0;
  /** The errno code of the last send error. */
  lastSendError = '';

  count(reason: DropReason): void {
    this.byReason[reason]++;
  }

  get accepted(): number {
    return this.byReason[DropReason.Ok];
  }

  /** Drops of every reason. */
  get dropped(): number {
    let n = 0;
    for (let r = 1; r < this.byReason.length; r++) n += this.byReason[r];
    return n;
  }

  /** keepalived's per-instance counter of that name, summed over the drop reasons that feed it. */
  keepalived(name: VrrpCounter): number {
    let n = 0;
    for (let r = 0; r < this.byReason.length; r++) if (DROP_COUNTER[r as DropReason] === name) n += this.byReason[r];
    return n;
  }

  /** Non-zero counts by reason name (allocates; for dumps and tests). */
  reasons(): Record<string, number> {
    const out: Record<string, number> = {};
    for (let r = 0; r < this.byReason.length; r++) if (this.byReason[r]) out[DropReason[r]] = this.byReason[r];
    return out;
  }
}

export class ChannelCounters {
  /** Adverts for a VRID no instance on this channel uses (keepalived ignores them silently). */
  unknownVrid = 0;
  /**
   * Adverts keepalived reads on another socket than the instance's (AH vs VRRP, multicast vs unicast
   * destination), so the instance never sees them: no counter of its, no log line.
   */
  otherSocket = 0;
  /** Packets too broken to find a VRID in (no IP header, no VRRP header), by reason. */
  readonly unattributed = new Uint32Array(REASON_COUNT);
  /** Packets longer than a receive slot (decoded truncated, so they fail the length check). */
  truncated = 0;
  /** recvmmsg errors. */
  receiveErrors = 0;
  /** Exceptions thrown by an instance's handler (the batch goes on). */
  handlerErrors = 0;
  /** Packets seen by the receive path. */
  packets = 0;

  unattributedTotal(): number {
    let n = 0;
    for (const v of this.unattributed) n += v;
    return n;
  }
}
