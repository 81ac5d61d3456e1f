// HMAC-MD5 (RFC 2104) with per-key precomputed inner/outer states, so an AH advert costs two compressions for the
// message plus two for the finish, instead of re-hashing the 64-byte pads every time.
// A key slot (KEY_SLOT_SIZE bytes): raw key zero-padded to 8 bytes (keepalived's auth_data, also the PASS value) |
// pad | inner state (16) | outer state (16).
import { md5Block, md5Init, md5Update, md5Final, md5, ONESHOT_CTX } from "./md5";

export const KEY_SLOT_COUNT: i32 = 1024;
export const KEY_SLOT_SIZE: i32 = 64;
export const KEY_BASE: usize = memory.data(KEY_SLOT_COUNT * KEY_SLOT_SIZE, 16);
const K_INNER: usize = 16;
const K_OUTER: usize = 32;

const PAD: usize = memory.data(64, 16);
const KEY_DIGEST: usize = memory.data(16, 16);
const INNER_DIGEST: usize = memory.data(16, 16);

// @ts-ignore: decorator
@inline export function keySlotPtr(slot: i32): usize {
  return KEY_BASE + <usize>(slot * KEY_SLOT_SIZE);
}

function padState(key: usize, keyLen: i32, xor: u8, stateOut: usize): void {
  memory.fill(PAD, xor, 64);
  for (let i = 0; i < keyLen; i++) store<u8>(PAD + i, load<u8>(key + i) ^ xor);
  md5Init(ONESHOT_CTX);
  md5Block(ONESHOT_CTX, PAD);
  memory.copy(stateOut, ONESHOT_CTX, 16);
}

/** Stores a key in a slot and precomputes its HMAC pad states. Returns 0, or -1 for a bad slot. */
export function hmacSetKey(slot: i32, key: usize, keyLen: i32): i32 {
  if (slot < 0 || slot >= KEY_SLOT_COUNT || keyLen < 0) return -1;
  const s = keySlotPtr(slot);
  memory.fill(s, 0, KEY_SLOT_SIZE);
  memory.copy(s, key, min(keyLen, 8));
  if (keyLen > 64) {
    md5(key, keyLen, KEY_DIGEST);
    key = KEY_DIGEST;
    keyLen = 16;
  }
  padState(key, keyLen, 0x36, s + K_INNER);
  padState(key, keyLen, 0x5c, s + K_OUTER);
  return 0;
}

function resumeFrom(state: usize): void {
  memory.copy(ONESHOT_CTX, state, 16);
  store<u64>(ONESHOT_CTX, 64, 16); // one block (the pad) already consumed
  store<u32>(ONESHOT_CTX, 0, 24);
}

/** HMAC-MD5 of [p, p+len) with the key in slot; writes the full 16-byte tag to out. */
export function hmacMd5(slot: i32, p: usize, len: i32, out: usize): void {
  const s = keySlotPtr(slot);
  resumeFrom(s + K_INNER);
  md5Update(ONESHOT_CTX, p, len);
  md5Final(ONESHOT_CTX, INNER_DIGEST);
  resumeFrom(s + K_OUTER);
  md5Update(ONESHOT_CTX, INNER_DIGEST, 16);
  md5Final(ONESHOT_CTX, out);
}
