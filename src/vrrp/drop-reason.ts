// Why a received advert was dropped, in the order the checks run (keepalived's vrrp_check_packet), and which of
// keepalived's per-instance counters (SIGUSR2 stats / JSON "stats") each one feeds. Values are the wasm decoder's
// D_* constants; the facade checks at load time that they agree.

export enum DropReason {
  Ok = 0,
  IpHeader = 1,
  AhPresence = 2,
  TooShort = 3,
  TooLong = 4,
  Ttl = 5,
  Version = 6,
  InvalidAuthType = 7,
  AuthTypeMismatch = 8,
  AuthPass = 9,
  AhSpi = 10,
  AhSeq = 11,
  AhIcv = 12,
  AdvertInterval = 13,
  Type = 14,
  Vrid = 15,
  IpLength = 16,
  Checksum = 17,
  DstMode = 18,
}

/** keepalived's per-instance stats counter names. */
export type VrrpCounter =
  | 'packet_len_err' | 'advert_interval_err' | 'ip_ttl_err' | 'invalid_type_rcvd' | 'invalid_authtype'
  | 'authtype_mismatch' | 'auth_failure';

/** The counter a drop is counted in; null where keepalived logs the drop but has no counter for it. */
export const DROP_COUNTER: Readonly<Record<DropReason, VrrpCounter | null>> = {
  [DropReason.Ok]: null,
  [DropReason.IpHeader]: null, // an AH header over another protocol: keepalived drops it uncounted
  [DropReason.AhPresence]: 'authtype_mismatch',
  [DropReason.TooShort]: 'packet_len_err',
  [DropReason.TooLong]: 'packet_len_err',
  [DropReason.Ttl]: 'ip_ttl_err',
  [DropReason.Version]: null,
  [DropReason.InvalidAuthType]: 'invalid_authtype',
  [DropReason.AuthTypeMismatch]: 'authtype_mismatch',
  [DropReason.AuthPass]: 'auth_failure',
  [DropReason.AhSpi]: 'auth_failure',
  [DropReason.AhSeq]: 'auth_failure',
  [DropReason.AhIcv]: 'auth_failure',
  [DropReason.AdvertInterval]: null, // 2.2.7 logs the v2 mismatch and never counts advert_interval_err
  [DropReason.Type]: 'invalid_type_rcvd',
  [DropReason.Vrid]: null,
  [DropReason.IpLength]: 'packet_len_err',
  [DropReason.Checksum]: null,
  [DropReason.DstMode]: null,
};

/** The wasm constant name of each reason, for the load-time agreement check. */
export const DROP_WASM_NAME: Readonly<Record<DropReason, string>> = {
  [DropReason.Ok]: 'R_OK',
  [DropReason.IpHeader]: 'D_IP_HEADER',
  [DropReason.AhPresence]: 'D_AH_PRESENCE',
  [DropReason.TooShort]: 'D_TOO_SHORT',
  [DropReason.TooLong]: 'D_TOO_LONG',
  [DropReason.Ttl]: 'D_TTL',
  [DropReason.Version]: 'D_VERSION',
  [DropReason.InvalidAuthType]: 'D_INVALID_AUTHTYPE',
  [DropReason.AuthTypeMismatch]: 'D_AUTHTYPE_MISMATCH',
  [DropReason.AuthPass]: 'D_AUTH_PASS',
  [DropReason.AhSpi]: 'D_AH_SPI',
  [DropReason.AhSeq]: 'D_AH_SEQ',
  [DropReason.AhIcv]: 'D_AH_ICV',
  [DropReason.AdvertInterval]: 'D_ADVERT_INTERVAL',
  [DropReason.Type]: 'D_TYPE',
  [DropReason.Vrid]: 'D_VRID',
  [DropReason.IpLength]: 'D_IP_LENGTH',
  [DropReason.Checksum]: 'D_CHECKSUM',
  [DropReason.DstMode]: 'D_DST_MODE',
};
