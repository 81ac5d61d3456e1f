// bfd_instance NAME { … }: one BFD session, with keepalived's defaults. Intervals are kept in microseconds, as
// keepalived keeps them (the configuration gives milliseconds).

export interface BfdInstance {
  name: string;
  /**
   * false when keepalived's BFD process drops the session (no or malformed neighbour, mixed address families, a
   * duplicate address). VRRP instances and checkers can still name it (they never see it come up).
   */
  enabled: boolean;
  /** The neighbour's address (neighbor_ip / neighbour_ip); undefined only for a disabled session. */
  neighborIp: string | undefined;
  sourceIp: string | undefined;
  /** Default 10 ms. */
  minRxUs: number;
  /** Default 10 ms. */
  minTxUs: number;
  /** Default 1000 ms. */
  idleTxUs: number;
  /** Default 5. */
  multiplier: number;
  passive: boolean;
  /** TTL (IPv4) or hop limit (IPv6): default 255 / 64. */
  ttl: number;
  /** Default 0; -1 disables the check. */
  maxHops: number;
  /** Weight applied by tracking VRRP instances; -253..253, default 0. */
  weight: number;
  weightReverse: boolean;
  /** Which processes get this session's events (and may track it): both unless `vrrp`/`checker` name some. */
  vrrp: boolean;
  checker: boolean;
}
