// unicast_peer lists: parsed once to bytes (and numbers for IPv4, the form the wasm codec's setDst takes), walked
// per advert to send one copy each, and matched against a received source to pick between instances that share
// a VRID on one interface (keepalived allows that when their peer sets don't overlap, reference §4.11).
import { ipBytes } from '../addon/addresses';
import type { Family } from './packet-io';

export class UnicastPeers {
  /** Each peer's address, 4 or 16 bytes. */
  readonly bytes: readonly Uint8Array[];
  /** IPv4 peers as numbers (empty for IPv6). */
  readonly numbers: readonly number[];

  constructor(
    readonly family: Family,
    peers: readonly string[],
    what: string,
  ) {
    this.bytes = peers.map((p) => {
      let b: Uint8Array;
      try {
        b = ipBytes(p);
      } catch {
        throw new Error(`${what}: unicast_peer ${p} is not an IP address`);
      }
      if (b.length !== (family === 4 ? 4 : 16)) throw new Error(`${what}: unicast_peer ${p} is not an IPv${family} address`);
      return b;
    });
    this.numbers = family === 4 ? this.bytes.map((b) => ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0) : [];
  }

  get size(): number {
    return this.bytes.length;
  }

  /** Whether the address at mem[offset, offset + 4|16) is one of the peers. */
  has(mem: Uint8Array, offset: number): boolean {
    const n = this.family === 4 ? 4 : 16;
    const all = this.bytes;
    outer: for (let k = 0; k < all.length; k++) {
      const p = all[k];
      for (let i = 0; i < n; i++) if (mem[offset + i] !== p[i]) continue outer;
      return true;
    }
    return false;
  }
}
