// The module's exports. Pointers are byte offsets into this module's memory; src/core/wasm.ts is the only code
// that uses them.
import {
  ARENA_BASE, ARENA_SIZE, BULK_BASE, BULK_SIZE, DIGEST, META6, RESULT, RX_BASE, RX_SLOT_COUNT, RX_SLOT_SIZE,
  TX_BASE, TX_SLOT_COUNT, TX_SLOT_SIZE,
} from "./memory-map";
import { KEY_SLOT_COUNT } from "./hmac";
import { MD5_CTX_SIZE } from "./md5";
import { TIMER_CAPACITY } from "./timer-heap";

export { checksum } from "./checksum";
export { md5, md5Init, md5Update, md5Final } from "./md5";
export { hmacSetKey, hmacMd5 } from "./hmac";
export { vrrpEncode4, vrrpRefresh4, vrrpSetDst4, vrrpEncode6, vrrpRefresh6 } from "./vrrp-encode";
export { vrrpDecode4, vrrpDecode6 } from "./vrrp-decode";
export { garpBuild, naBuild } from "./neighbour";
export { timerSet, timerCancel, timerNext, timerPeek, timerPop, timerDeadline, timerSize, timerClear } from "./timer-heap";

export function txBase(): usize { return TX_BASE; }
export function txSlotCount(): i32 { return TX_SLOT_COUNT; }
export function txSlotSize(): i32 { return TX_SLOT_SIZE; }
export function rxBase(): usize { return RX_BASE; }
export function rxSlotCount(): i32 { return RX_SLOT_COUNT; }
export function rxSlotSize(): i32 { return RX_SLOT_SIZE; }
export function resultBase(): usize { return RESULT; }
export function meta6Base(): usize { return META6; }
export function arenaBase(): usize { return ARENA_BASE; }
export function arenaSize(): i32 { return ARENA_SIZE; }
export function bulkBase(): usize { return BULK_BASE; }
export function bulkSize(): i32 { return BULK_SIZE; }
export function digestBase(): usize { return DIGEST; }
export function keySlotCount(): i32 { return KEY_SLOT_COUNT; }
export function md5CtxSize(): i32 { return MD5_CTX_SIZE; }
export function timerCapacity(): i32 { return TIMER_CAPACITY; }

// Protocol numbers, drop reasons, flags and result layout, exported as globals so the facade can check that its
// own copies agree with the module it loaded.
export * from "./vrrp-consts";
