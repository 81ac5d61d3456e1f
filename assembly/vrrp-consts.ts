// Numbers shared by the VRRP encoder and decoder. src/core/wasm-layout.ts mirrors every value here; a unit test
// checks the two agree through the exported getters.

export const PROTO_VRRP: u32 = 112;
export const PROTO_AH: u32 = 51;
export const VRRP_HDR_LEN: i32 = 8;
export const V2_AUTH_LEN: i32 = 8;
export const AH_LEN: i32 = 24; // next header, payload len, reserved, SPI, sequence, 12-byte ICV (RFC 2402 §2)
export const AH_ICV_OFF: i32 = 12;
export const AH_ICV_LEN: i32 = 12;
export const IPV4_MCAST_GROUP: u32 = 0xe0000012; // 224.0.0.18
/** Largest IP packet that may carry Ethernet minimum-frame padding (ETH_ZLEN 60 − ETH_HLEN 14). */
export const ETH_MIN_PAYLOAD: i32 = 46;

export const AUTH_NONE: i32 = 0;
export const AUTH_PASS: i32 = 1;
export const AUTH_AH: i32 = 2;

/** Decode mode bits. */
export const M_MULTICAST: i32 = 1; // instance uses multicast: TTL/hop limit must be 255, dst must be multicast
export const M_UNICAST: i32 = 2; // instance uses unicast peers: dst must be unicast
export const M_OLD_CKSUM: i32 = 4; // v3/IPv4: also accept (encode: use) the pre-1.3.7 checksum with dst 224.0.0.18
export const M_AH_SEQ: i32 = 8; // AH: require sequence > last seen

/** Drop reasons, in the order the checks run (keepalived's vrrp_check_packet order). 0 = accepted. */
export const R_OK: i32 = 0;
export const D_IP_HEADER: i32 = 1;
export const D_AH_PRESENCE: i32 = 2;
export const D_TOO_SHORT: i32 = 3;
export const D_TOO_LONG: i32 = 4;
export const D_TTL: i32 = 5;
export const D_VERSION: i32 = 6;
export const D_INVALID_AUTHTYPE: i32 = 7;
export const D_AUTHTYPE_MISMATCH: i32 = 8;
export const D_AUTH_PASS: i32 = 9;
export const D_AH_SPI: i32 = 10;
export const D_AH_SEQ: i32 = 11;
export const D_AH_ICV: i32 = 12;
export const D_ADVERT_INTERVAL: i32 = 13;
export const D_TYPE: i32 = 14;
export const D_VRID: i32 = 15;
export const D_IP_LENGTH: i32 = 16;
export const D_CHECKSUM: i32 = 17;
export const D_DST_MODE: i32 = 18;

/** Result flags (not drops). */
export const F_AH: u32 = 1;
export const F_MULTICAST_DST: u32 = 2;
export const F_OLD_CHECKSUM: u32 = 4;
export const F_INTERVAL_MISMATCH: u32 = 8;
export const F_ADDR_COUNT_MISMATCH: u32 = 16;

/** Result block word indexes (u32 words at RESULT). */
export const W_REASON: i32 = 0;
export const W_FAMILY: i32 = 1;
export const W_VERSION: i32 = 2;
export const W_TYPE: i32 = 3;
export const W_VRID: i32 = 4;
export const W_PRIORITY: i32 = 5;
export const W_NADDR: i32 = 6;
export const W_AUTHTYPE: i32 = 7;
export const W_INTERVAL: i32 = 8;
export const W_CHECKSUM: i32 = 9;
export const W_TTL: i32 = 10;
export const W_IP_HLEN: i32 = 11;
export const W_VRRP_OFF: i32 = 12;
export const W_VRRP_LEN: i32 = 13;
export const W_ADDR_OFF: i32 = 14;
export const W_AH_SEQ: i32 = 15;
export const W_AH_SPI: i32 = 16;
export const W_FLAGS: i32 = 17;
export const W_IP_TOTLEN: i32 = 18;
export const W_IP_ID: i32 = 19;
export const W_SRC: i32 = 20; // 16 bytes (IPv4 in the first 4)
export const W_DST: i32 = 24; // 16 bytes
export const W_AUTH_OFF: i32 = 28;
export const W_AH_OFF: i32 = 29;
export const RESULT_WORDS: i32 = 32;
