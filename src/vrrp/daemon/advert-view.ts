// The received advert as the state machine wants it (ReceivedAdvert), filled from PacketIO's reused RxAdvert. One
// view per instance, reused for every packet: nothing here allocates unless a VIP is missing from an advert (the
// text of the missing VIP is needed for keepalived's log line then).
import { ipBytes } from '../../net/addon/addresses';
import type { RxAdvert } from '../../net/packet-io/rx-advert';
import type { ReceivedAdvert } from '../instance/events';
import type { InstancePlan } from './instance-plan';

export class AdvertView implements ReceivedAdvert {
  source = '';
  priority = 0;
  advertIntervalUs = 0;
  addressCount = 0;
  missingVip: string | null = null;
  ahSequence?: number;
  private readonly vipBytes: Uint8Array[];

  /** vips: the VIPs our own adverts carry (the same list the endpoint was registered with). */
  constructor(private readonly vips: readonly string[], private readonly ah: boolean) {
    this.vipBytes = vips.map(ipBytes);
  }

  static forPlan(plan: InstancePlan): AdvertView {
    return new AdvertView(plan.endpoint.vips, plan.settings.auth === 'ah');
  }

  fill(rx: RxAdvert): this {
    this.source = rx.sourceText();
    this.priority = rx.priority;
    this.advertIntervalUs = rx.advertIntervalUs;
    this.addressCount = rx.naddr;
    this.missingVip = rx.naddr === this.vips.length ? this.firstMissing(rx) : null;
    if (this.ah) this.ahSequence = rx.ahSeq;
    return this;
  }

  /** keepalived's order: each configured VIP must be somewhere in the advert. */
  private firstMissing(rx: RxAdvert): string | null {
    const n = rx.addrLength;
    const addrs = rx.addrs;
    for (let v = 0; v < this.vipBytes.length; v++) {
      const want = this.vipBytes[v];
      if (want.length !== n) return this.vips[v];
      let found = false;
      for (let i = 0; i < rx.naddr && !found; i++) {
        let same = true;
        for (let k = 0; k < n && same; k++) same = addrs[i * n + k] === want[k];
        found = same;
      }
      if (!found) return this.vips[v];
    }
    return null;
  }
}
