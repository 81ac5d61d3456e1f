// Interface-related root blocks: linkbeat_interfaces, interface_up_down_delays, track_group and garp_group.

/** keepalived's link-state polling methods; undefined: its default order. */
export type LinkbeatType = 'MII' | 'ETHTOOL' | 'IOCTL';

/** One entry of linkbeat_interfaces. */
export interface LinkbeatInterface {
  name: string;
  type: LinkbeatType | undefined;
}

/** One entry of interface_up_down_delays: debounce times, µs resolution, at most 255 s. */
export interface InterfaceUpDownDelay {
  name: string;
  downDelayUs: number;
  /** 0 when not given (keepalived then uses no up delay). */
  upDelayUs: number;
}

/** track_group NAME { group { VI… } }. */
export interface TrackGroup {
  name: string;
  /** The VRRP instance names; empty when the block had none. */
  group: string[];
}

/** garp_group { … }: a rate limit for GARPs / unsolicited NAs on one or more interfaces. */
export interface GarpGroup {
  /** keepalived's aggregation group number: 0 unless an `interfaces` block made it 1, 2, …. */
  aggregationGroup: number;
  garpIntervalUs: number | undefined;
  gnaIntervalUs: number | undefined;
  /** Interfaces from `interface` and `interfaces` (an `interfaces` block shares the limit among them). */
  interfaces: string[];
}
