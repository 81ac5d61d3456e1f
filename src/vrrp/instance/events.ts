// What the daemon feeds an instance besides the current time: a received advert that already passed the stateless
// wire checks (length, TTL, version, checksum, auth type/PASS/AH ICV, v2 interval, type), and tracker values.

export interface ReceivedAdvert {
  /** Sender's IP address (the IP source), as text. */
  readonly source: string;
  /** Priority carried, 0..255 (0 = the master is resigning). */
  readonly priority: number;
  /** Advert interval carried, converted to µs (v2 seconds × 10⁶, v3 centiseconds × 10⁴). */
  readonly advertIntervalUs: number;
  /** Number of addresses carried. */
  readonly addressCount: number;
  /**
   * The first configured VIP that the advert does not carry, or null when every VIP is present. Only looked at
   * when the count matches (keepalived's vrrp_check_packet order).
   */
  readonly missingVip: string | null;
  /** AH sequence number (auth_type AH only); the replay check is stateful, so it is done here. */
  readonly ahSequence?: number;
}

/**
 * A tracked object's value: true/false = up/down (interface), OK/failed (script), quorum/no quorum (process),
 * BFD up/down; a number for a track_file's value.
 */
export type TrackerValue = boolean | number;
