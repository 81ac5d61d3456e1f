// VRRPv2 (RFC 3768 §5) and VRRPv3 (RFC 5798 §5) advertisement builders. IPv4 adverts are built complete with the
// IP header (and AH when configured), ready for an IP_HDRINCL socket; IPv6 adverts are the VRRP part only, because
// the kernel builds the IPv6 header.
import { checksum, finish, loadBE16, loadBE32, storeBE16, storeBE32, sumBytes, sumPseudo4, sumPseudo4Dst, sumPseudo6 } from "./checksum";
import { ahComputeIcv } from "./ah";
import { keySlotPtr } from "./hmac";
import { IPV4_HDR_LEN, isIpv4Multicast, setIpv4HeaderChecksum, writeIpv4Header } from "./ipv4";
import { DIGEST } from "./memory-map";
import {
  AH_ICV_LEN, AH_ICV_OFF, AH_LEN, AUTH_AH, AUTH_PASS, IPV4_MCAST_GROUP, M_OLD_CKSUM, PROTO_AH, PROTO_VRRP,
  V2_AUTH_LEN, VRRP_HDR_LEN,
} from "./vrrp-consts";

function writeVrrpHeader(v: usize, version: i32, vrid: i32, prio: i32, naddr: i32, authType: i32, advInt: i32): void {
  store<u8>(v, <u8>((version << 4) | 1));
  store<u8>(v + 1, <u8>vrid);
  store<u8>(v + 2, <u8>prio);
  store<u8>(v + 3, <u8>naddr);
  if (version == 2) {
    store<u8>(v + 4, <u8>authType);
    store<u8>(v + 5, <u8>advInt); // seconds
  } else {
    storeBE16(v + 4, advInt & 0x0fff); // 4 reserved bits, 12-bit centiseconds
  }
  store<u16>(v + 6, 0);
}

/** VRRP checksum of a v2/v3 IPv4 advert whose IP header is at ip (v2: no pseudo-header; v3: IPv4 pseudo-header). */
export function vrrpChecksum4(ip: usize, vrrp: usize, vrrpLen: i32, oldUnicast: bool): u32 {
  if ((load<u8>(vrrp) >> 4) == 2) return checksum(vrrp, vrrpLen);
  const acc = oldUnicast
    ? sumPseudo4Dst(ip + 12, IPV4_MCAST_GROUP, PROTO_VRRP, vrrpLen, 0)
    : sumPseudo4(ip + 12, ip + 16, PROTO_VRRP, vrrpLen, 0);
  return finish(sumBytes(vrrp, vrrpLen, acc));
}

/** Fills every computed field of an IPv4 advert from what is in it: VRRP checksum, IP checksum, AH ICV. */
function finishV4(ip: usize, keySlot: i32, mode: i32): void {
  const total = <i32>loadBE16(ip + 2);
  const ahLen = load<u8>(ip + 9) == PROTO_AH ? AH_LEN : 0;
  const vrrp = ip + IPV4_HDR_LEN + ahLen;
  const vrrpLen = total - IPV4_HDR_LEN - ahLen;
  store<u16>(vrrp + 6, 0);
  storeBE16(vrrp + 6, vrrpChecksum4(ip, vrrp, vrrpLen, (mode & M_OLD_CKSUM) != 0));
  setIpv4HeaderChecksum(ip);
  if (ahLen) {
    ahComputeIcv(ip, total, IPV4_HDR_LEN, keySlot, !isIpv4Multicast(loadBE32(ip + 16)));
    memory.copy(ip + IPV4_HDR_LEN + AH_ICV_OFF, DIGEST, AH_ICV_LEN);
  }
}

/**
 * Builds a complete IPv4 advert at out and returns its length. addrPtr holds naddr IPv4 addresses (4 bytes each,
 * network order); src/dst are numeric IPv4 addresses; advInt is seconds for v2, centiseconds for v3. For PASS the
 * password and for AH the HMAC key come from keySlot.
 */
export function vrrpEncode4(
  out: usize, version: i32, vrid: i32, prio: i32, naddr: i32, addrPtr: usize, authType: i32, keySlot: i32,
  advInt: i32, src: u32, dst: u32, ttl: i32, ipId: i32, ahSeq: u32, mode: i32,
): i32 {
  const isAh = version == 2 && authType == AUTH_AH;
  const ahLen = isAh ? AH_LEN : 0;
  const vrrpLen = VRRP_HDR_LEN + naddr * 4 + (version == 2 ? V2_AUTH_LEN : 0);
  const total = IPV4_HDR_LEN + ahLen + vrrpLen;
  writeIpv4Header(out, total, ipId, ttl, isAh ? PROTO_AH : PROTO_VRRP, src, dst);
  if (isAh) {
    const ah = out + IPV4_HDR_LEN;
    store<u8>(ah, <u8>PROTO_VRRP);
    store<u8>(ah + 1, 4); // payload length in 32-bit words, minus 2 (RFC 2402 §2.2)
    store<u16>(ah + 2, 0);
    storeBE32(ah + 4, src); // SPI: keepalived uses the sender's address
    storeBE32(ah + 8, ahSeq);
  }
  const v = out + IPV4_HDR_LEN + ahLen;
  writeVrrpHeader(v, version, vrid, prio, naddr, version == 2 ? authType : 0, advInt);
  memory.copy(v + VRRP_HDR_LEN, addrPtr, naddr * 4);
  if (version == 2) {
    const auth = v + VRRP_HDR_LEN + naddr * 4;
    if (authType == AUTH_PASS) memory.copy(auth, keySlotPtr(keySlot), V2_AUTH_LEN);
    else store<u64>(auth, 0);
  }
  finishV4(out, keySlot, mode);
  return total;
}

/** Re-stamps a built IPv4 advert for its next send: priority, IP id, AH sequence; recomputes what depends on them. */
export function vrrpRefresh4(ip: usize, prio: i32, ipId: i32, ahSeq: u32, keySlot: i32, mode: i32): void {
  const isAh = load<u8>(ip + 9) == PROTO_AH;
  const v = ip + IPV4_HDR_LEN + (isAh ? <usize>AH_LEN : 0);
  store<u8>(v + 2, <u8>prio);
  storeBE16(ip + 4, ipId);
  if (isAh) storeBE32(ip + IPV4_HDR_LEN + 8, ahSeq);
  finishV4(ip, keySlot, mode);
}

/** Rewrites the destination of a built IPv4 advert (one copy per unicast peer) and its dependent checksums. */
export function vrrpSetDst4(ip: usize, dst: u32, keySlot: i32, mode: i32): void {
  storeBE32(ip + 16, dst);
  finishV4(ip, keySlot, mode);
}

/** Builds the VRRPv3 part of an IPv6 advert at out (checksum over the IPv6 pseudo-header); returns its length. */
export function vrrpEncode6(out: usize, vrid: i32, prio: i32, naddr: i32, addrPtr: usize, advInt: i32, srcPtr: usize, dstPtr: usize): i32 {
  const len = VRRP_HDR_LEN + naddr * 16;
  writeVrrpHeader(out, 3, vrid, prio, naddr, 0, advInt);
  memory.copy(out + VRRP_HDR_LEN, addrPtr, naddr * 16);
  storeBE16(out + 6, finish(sumBytes(out, len, sumPseudo6(srcPtr, dstPtr, PROTO_VRRP, len, 0))));
  return len;
}

/** Re-stamps the priority of a built IPv6 advert and its checksum. */
export function vrrpRefresh6(v: usize, len: i32, prio: i32, srcPtr: usize, dstPtr: usize): void {
  store<u8>(v + 2, <u8>prio);
  store<u16>(v + 6, 0);
  storeBE16(v + 6, finish(sumBytes(v, len, sumPseudo6(srcPtr, dstPtr, PROTO_VRRP, len, 0))));
}
