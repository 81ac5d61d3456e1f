// Receive-side decode and validation of VRRP adverts, in the order keepalived's vrrp_check_packet runs its checks
// (reference §4.3), so the first failing check names the drop reason and the counter it feeds. An expectation of
// -1 means "don't check" (a plain decode, as for a capture).
import { checksum, finish, loadBE16, loadBE32, sumBytes, sumPseudo4, sumPseudo4Dst, sumPseudo6 } from "./checksum";
import { ahComputeIcv, ahIcvMatches } from "./ah";
import { keySlotPtr } from "./hmac";
import { isIpv4Multicast } from "./ipv4";
import { META6, RESULT } from "./memory-map";
import {
  AH_LEN, AUTH_AH, AUTH_PASS, D_ADVERT_INTERVAL, D_AH_ICV, D_AH_PRESENCE, D_AH_SEQ, D_AH_SPI, D_AUTHTYPE_MISMATCH,
  D_AUTH_PASS, D_CHECKSUM, D_DST_MODE, D_INVALID_AUTHTYPE, D_IP_HEADER, D_IP_LENGTH, D_TOO_LONG, D_TOO_SHORT, D_TTL,
  D_TYPE, D_VERSION, D_VRID, ETH_MIN_PAYLOAD, F_ADDR_COUNT_MISMATCH, F_AH, F_INTERVAL_MISMATCH, F_MULTICAST_DST,
  F_OLD_CHECKSUM, IPV4_MCAST_GROUP, M_AH_SEQ, M_MULTICAST, M_OLD_CKSUM, M_UNICAST, PROTO_AH, PROTO_VRRP, R_OK,
  RESULT_WORDS, V2_AUTH_LEN, VRRP_HDR_LEN, W_ADDR_OFF, W_AH_OFF, W_AH_SEQ, W_AH_SPI, W_AUTHTYPE, W_AUTH_OFF,
  W_CHECKSUM, W_DST, W_FAMILY, W_FLAGS, W_INTERVAL, W_IP_HLEN, W_IP_ID, W_IP_TOTLEN, W_NADDR, W_PRIORITY, W_REASON,
  W_SRC, W_TTL, W_TYPE, W_VERSION, W_VRID, W_VRRP_LEN, W_VRRP_OFF,
} from "./vrrp-consts";

// @ts-ignore: decorator
@inline function put(word: i32, v: u32): void {
  store<u32>(RESULT + (<usize>word << 2), v);
}

function drop(reason: i32): i32 {
  put(W_REASON, reason);
  return reason;
}

/** Fills the header fields every decode reports, from the VRRP header at v. */
function putVrrpFields(v: usize, version: i32): void {
  put(W_VERSION, load<u8>(v) >> 4);
  put(W_TYPE, load<u8>(v) & 0x0f);
  put(W_VRID, load<u8>(v + 1));
  put(W_PRIORITY, load<u8>(v + 2));
  put(W_NADDR, load<u8>(v + 3));
  put(W_CHECKSUM, loadBE16(v + 6));
  if (version == 2) {
    put(W_AUTHTYPE, load<u8>(v + 4));
    put(W_INTERVAL, load<u8>(v + 5));
  } else {
    put(W_AUTHTYPE, 0);
    put(W_INTERVAL, loadBE16(v + 4) & 0x0fff);
  }
}

/**
 * Decodes and validates an IPv4 packet (IP header first) of len bytes at p. Expectations (-1 = skip):
 * expVersion, expVrid, expAuthType, expInterval (v2 seconds / v3 centiseconds), expNaddr; keySlot holds the PASS
 * password / AH key; lastSeq is the last accepted AH sequence (checked with M_AH_SEQ). Returns the drop reason
 * (0 = accepted); fields and flags are in the RESULT block.
 */
export function vrrpDecode4(
  p: usize, len: i32, mode: i32, expVersion: i32, expVrid: i32, expAuthType: i32, expInterval: i32, expNaddr: i32,
  keySlot: i32, lastSeq: u32,
): i32 {
  memory.fill(RESULT, 0, RESULT_WORDS << 2);
  put(W_FAMILY, 4);
  // IP header sanity: a raw IPv4 socket hands us the header, so it must be whole.
  if (len < 20 || (load<u8>(p) >> 4) != 4) return drop(D_IP_HEADER);
  const ihl = (<i32>load<u8>(p) & 0x0f) << 2;
  if (ihl < 20 || len < ihl) return drop(D_IP_HEADER);
  const proto = <u32>load<u8>(p + 9);
  if (proto != PROTO_VRRP && proto != PROTO_AH) return drop(D_IP_HEADER);
  const ttl = <u32>load<u8>(p + 8);
  const src = loadBE32(p + 12);
  const dst = loadBE32(p + 16);
  const totLen = <i32>loadBE16(p + 2);
  put(W_TTL, ttl);
  put(W_IP_HLEN, ihl);
  put(W_IP_TOTLEN, totLen);
  put(W_IP_ID, loadBE16(p + 4));
  store<u32>(RESULT + (<usize>W_SRC << 2), load<u32>(p + 12));
  store<u32>(RESULT + (<usize>W_DST << 2), load<u32>(p + 16));
  const isAh = proto == PROTO_AH;
  const mcast = isIpv4Multicast(dst);
  let flags: u32 = (isAh ? F_AH : 0) | (mcast ? F_MULTICAST_DST : 0);
  put(W_FLAGS, flags);

  // 1. AH presence must match the configured auth type.
  if (expAuthType >= 0 && isAh != (expAuthType == AUTH_AH)) return drop(D_AH_PRESENCE);
  const ahLen = isAh ? AH_LEN : 0;
  const vOff = ihl + ahLen;
  if (len < vOff + VRRP_HDR_LEN) return drop(D_TOO_SHORT);
  const v = p + vOff;
  const pktVersion = <i32>(load<u8>(v) >> 4);
  const version = expVersion >= 0 ? expVersion : pktVersion;
  putVrrpFields(v, pktVersion);
  put(W_VRRP_OFF, vOff);
  put(W_ADDR_OFF, vOff + VRRP_HDR_LEN);
  if (isAh) {
    put(W_AH_OFF, ihl);
    put(W_AH_SPI, loadBE32(p + ihl + 4));
    put(W_AH_SEQ, loadBE32(p + ihl + 8));
    if (load<u8>(p + ihl) != PROTO_VRRP) return drop(D_IP_HEADER);
  }
  // 2. Length: exactly header + addresses (+ 8 auth bytes for v2); Ethernet minimum-frame padding tolerated. The
  // layout is the packet's own version, as keepalived sizes it: a v3 header on a v2-sized packet is "too long",
  // a genuine v3 advert at a v2 instance passes here and fails the version check.
  const naddr = <i32>load<u8>(v + 3);
  const layout = pktVersion == 2 ? 2 : 3;
  const vrrpLen = VRRP_HDR_LEN + naddr * 4 + (layout == 2 ? V2_AUTH_LEN : 0);
  const expected = vOff + vrrpLen;
  put(W_VRRP_LEN, vrrpLen);
  if (layout == 2) put(W_AUTH_OFF, vOff + VRRP_HDR_LEN + naddr * 4);
  if (len < expected) return drop(D_TOO_SHORT);
  if (len > expected && len > ETH_MIN_PAYLOAD) return drop(D_TOO_LONG);
  // 3. TTL 255, multicast mode only (RFC 3768 §7.1, RFC 5798 §7.1).
  if ((mode & M_MULTICAST) != 0 && ttl != 255) return drop(D_TTL);
  // 4. Version.
  if ((pktVersion != 2 && pktVersion != 3) || pktVersion != version) return drop(D_VERSION);
  // 6. v2 authentication, then the advert interval (a v2 mismatch drops the packet).
  if (version == 2) {
    const authType = <i32>load<u8>(v + 4);
    if (authType > AUTH_AH) return drop(D_INVALID_AUTHTYPE);
    if (expAuthType >= 0 && authType != expAuthType) return drop(D_AUTHTYPE_MISMATCH);
    if (authType == AUTH_PASS && keySlot >= 0) {
      if (load<u64>(v + VRRP_HDR_LEN + naddr * 4) != load<u64>(keySlotPtr(keySlot))) return drop(D_AUTH_PASS);
    }
    if (isAh && keySlot >= 0) {
      if (loadBE32(p + ihl + 4) != src) return drop(D_AH_SPI);
      if ((mode & M_AH_SEQ) != 0 && loadBE32(p + ihl + 8) <= lastSeq) return drop(D_AH_SEQ);
      // keepalived zeroes TTL in the ICV input when the instance is unicast (not from the packet's destination).
      const zeroTtl = (mode & M_UNICAST) != 0 ? true : (mode & M_MULTICAST) != 0 ? false : !mcast;
      ahComputeIcv(p, expected, ihl, keySlot, zeroTtl);
      if (!ahIcvMatches(p, ihl)) return drop(D_AH_ICV);
    }
    if (expInterval >= 0 && <i32>load<u8>(v + 5) != expInterval) return drop(D_ADVERT_INTERVAL);
  }
  // 7. Type must be ADVERTISEMENT.
  if ((load<u8>(v) & 0x0f) != 1) return drop(D_TYPE);
  if (expVrid >= 0 && <i32>load<u8>(v + 1) != expVrid) return drop(D_VRID);
  // 8. IP total length must be what was received.
  if (totLen != len && !(totLen == expected && len <= ETH_MIN_PAYLOAD)) return drop(D_IP_LENGTH);
  // 9. v3 interval mismatch is only reported.
  if (version == 3 && expInterval >= 0 && <i32>(loadBE16(v + 4) & 0x0fff) != expInterval) flags |= F_INTERVAL_MISMATCH;
  // 10. Checksum: v2 plain; v3 with the IPv4 pseudo-header, or the old unicast form with dst 224.0.0.18.
  if (version == 2) {
    if (checksum(v, vrrpLen) != 0) return drop(D_CHECKSUM);
  } else {
    if (finish(sumBytes(v, vrrpLen, sumPseudo4(p + 12, p + 16, PROTO_VRRP, vrrpLen, 0))) != 0) {
      const oldOk = !mcast && (mode & M_OLD_CKSUM) != 0
        && finish(sumBytes(v, vrrpLen, sumPseudo4Dst(p + 12, IPV4_MCAST_GROUP, PROTO_VRRP, vrrpLen, 0))) == 0;
      if (!oldOk) return drop(D_CHECKSUM);
      flags |= F_OLD_CHECKSUM;
    }
  }
  // 11. Destination must match the instance's mode.
  if (((mode & M_MULTICAST) != 0 && !mcast) || ((mode & M_UNICAST) != 0 && mcast)) return drop(D_DST_MODE);
  // 13. Address count differing from ours is only reported (keepalived logs it and counts addr_list_err).
  if (expNaddr >= 0 && naddr != expNaddr) flags |= F_ADDR_COUNT_MISMATCH;
  put(W_FLAGS, flags);
  return drop(R_OK);
}

/**
 * Decodes and validates the VRRPv3 part of an IPv6 advert (raw IPv6 sockets deliver no header). The source,
 * destination and hop limit are read from META6 (src 16 | dst 16 | hop limit u32, where 0xffffffff = unknown).
 */
export function vrrpDecode6(p: usize, len: i32, mode: i32, expVrid: i32, expInterval: i32, expNaddr: i32): i32 {
  memory.fill(RESULT, 0, RESULT_WORDS << 2);
  put(W_FAMILY, 6);
  memory.copy(RESULT + (<usize>W_SRC << 2), META6, 32);
  const hop = load<u32>(META6 + 32);
  const mcast = load<u8>(META6 + 16) == 0xff;
  let flags: u32 = mcast ? F_MULTICAST_DST : 0;
  put(W_FLAGS, flags);
  put(W_TTL, hop);
  if (len < VRRP_HDR_LEN) return drop(D_TOO_SHORT);
  const pktVersion = <i32>(load<u8>(p) >> 4);
  putVrrpFields(p, 3);
  put(W_ADDR_OFF, VRRP_HDR_LEN);
  const naddr = <i32>load<u8>(p + 3);
  const vrrpLen = VRRP_HDR_LEN + naddr * 16;
  put(W_VRRP_LEN, vrrpLen);
  if (len < vrrpLen) return drop(D_TOO_SHORT);
  if (len > vrrpLen) return drop(D_TOO_LONG);
  if ((mode & M_MULTICAST) != 0 && hop != 0xffffffff && hop != 255) return drop(D_TTL);
  if (pktVersion != 3) return drop(D_VERSION);
  if ((load<u8>(p) & 0x0f) != 1) return drop(D_TYPE);
  if (expVrid >= 0 && <i32>load<u8>(p + 1) != expVrid) return drop(D_VRID);
  if (expInterval >= 0 && <i32>(loadBE16(p + 4) & 0x0fff) != expInterval) flags |= F_INTERVAL_MISMATCH;
  if (finish(sumBytes(p, vrrpLen, sumPseudo6(META6, META6 + 16, PROTO_VRRP, vrrpLen, 0))) != 0) return drop(D_CHECKSUM);
  if (((mode & M_MULTICAST) != 0 && !mcast) || ((mode & M_UNICAST) != 0 && mcast)) return drop(D_DST_MODE);
  if (expNaddr >= 0 && naddr != expNaddr) flags |= F_ADDR_COUNT_MISMATCH;
  put(W_FLAGS, flags);
  return drop(R_OK);
}
