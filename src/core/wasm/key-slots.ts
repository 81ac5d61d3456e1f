// Authentication keys live in the module's key slots with their HMAC pad states precomputed. keepalived keeps
// auth_pass as 8 zero-padded bytes (longer passwords are truncated), used as the PASS value and as the AH key.
import { wasmModule } from './module';

export const AUTH_DATA_LEN = 8;

export class KeySlots {
  private readonly bySecret = new Map<string, number>();
  /** Configured text → slot, so the common lookup is one Map hit with no allocation. */
  private readonly byText = new Map<string, number>();

  /** keepalived's 8-byte auth_data for a configured auth_pass. */
  static authData(pass: string | Uint8Array): Buffer {
    const raw = typeof pass === 'string' ? Buffer.from(pass, 'utf8') : Buffer.from(pass);
    const out = Buffer.alloc(AUTH_DATA_LEN);
    raw.copy(out, 0, 0, AUTH_DATA_LEN);
    return out;
  }

  /** The slot holding this password, filling a new one the first time it is seen. */
  slotFor(pass: string | Uint8Array): number {
    if (typeof pass === 'string') {
      const hit = this.byText.get(pass);
      if (hit !== undefined) return hit;
      const slot = this.slotForData(KeySlots.authData(pass));
      this.byText.set(pass, slot);
      return slot;
    }
    return this.slotForData(KeySlots.authData(pass));
  }

  private slotForData(data: Buffer): number {
    const id = data.toString('hex');
    const known = this.bySecret.get(id);
    if (known !== undefined) return known;
    const { x, mem } = wasmModule();
    const slot = this.bySecret.size;
    if (slot >= x.keySlotCount()) throw new Error(`too many distinct auth_pass values (max ${x.keySlotCount()})`);
    const scratch = x.bulkBase();
    mem.set(data, scratch);
    if (x.hmacSetKey(slot, scratch, AUTH_DATA_LEN) !== 0) throw new Error(`key slot ${slot} rejected`);
    this.bySecret.set(id, slot);
    return slot;
  }
}

let shared: KeySlots | undefined;

export function keySlots(): KeySlots {
  shared ??= new KeySlots();
  return shared;
}
