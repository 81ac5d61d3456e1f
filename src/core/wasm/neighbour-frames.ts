// Gratuitous ARP and unsolicited NA frames built in wasm memory, returned as zero-copy views for an AF_PACKET send.
import { arena } from './arena';
import { wasmModule } from './module';

let scratch = -1;
function macAndAddrScratch(): number {
  if (scratch < 0) scratch = arena().alloc(32);
  return scratch;
}

/** Builds a gratuitous ARP for vip (numeric IPv4) from mac into TX slot `slot`; returns a view of the 42 bytes. */
export function buildGarp(mac: Uint8Array, vip: number, slot = 0): Buffer {
  const { x, mem } = wasmModule();
  const s = macAndAddrScratch();
  mem.set(mac.subarray(0, 6), s);
  const out = x.txBase() + slot * x.txSlotSize();
  const len = x.garpBuild(out, s, vip);
  return mem.subarray(out, out + len);
}

/** Builds keepalived's unsolicited NA for vip (16 bytes) from mac into TX slot `slot`; returns a view (86 bytes). */
export function buildUnsolicitedNa(mac: Uint8Array, vip: Uint8Array, router: boolean, slot = 0): Buffer {
  const { x, mem } = wasmModule();
  const s = macAndAddrScratch();
  mem.set(mac.subarray(0, 6), s);
  mem.set(vip.subarray(0, 16), s + 16);
  const out = x.txBase() + slot * x.txSlotSize();
  const len = x.naBuild(out, s, s + 16, router ? 1 : 0);
  return mem.subarray(out, out + len);
}
