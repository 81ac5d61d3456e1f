// UDP_CHECK's payload and reply test (check_udp.c), sans-IO. The payload is the configured hex octets (or random
// bytes keepalived generates when none is given); a reply fails when its length is outside
// [min_reply_length, max_reply_length] or when one of its first octets differs from reply_data where the mask
// (nibbles written "x") does not hide it.

/** Parses "0a 0b xx…" (the model's octets; spaces optional) into data and the mask of wildcard bits (1 = ignore). */
export function parseReplyPattern(spaced: string): { data: Buffer; mask: Buffer } {
  const hex = spaced.replace(/\s+/g, '');
  const n = Math.floor(hex.length / 2);
  const data = Buffer.alloc(n);
  const mask = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    let d = 0;
    let m = 0;
    for (const c of hex.slice(2 * i, 2 * i + 2).toLowerCase()) {
      d <<= 4;
      m <<= 4;
      if (c === 'x') m |= 0xf;
      else d |= parseInt(c, 16) || 0;
    }
    data[i] = d;
    mask[i] = m;
  }
  return { data, mask };
}

/** The payload's bytes from the model's octets ("01 02 ab"; spaces optional). */
export function hexPayload(spaced: string): Buffer {
  const hex = spaced.replace(/\s+/g, '');
  return Buffer.from(hex.length % 2 ? hex + '0' : hex, 'hex');
}

/** true = the reply is accepted. */
export function udpReplyMatches(
  reply: Uint8Array,
  pattern: { data: Buffer; mask: Buffer } | undefined,
  minLen: number,
  maxLen: number,
): boolean {
  // keepalived checks the length limits only together with reply_data.
  if (pattern === undefined) return true;
  if (reply.length < minLen || reply.length > maxLen) return false;
  const n = Math.min(reply.length, pattern.data.length);
  for (let i = 0; i < n; i++) if ((reply[i]! ^ pattern.data[i]!) & ~pattern.mask[i]! & 0xff) return false;
  return true;
}

/** keepalived's set_buf(): the filler it sends when no payload is configured (and in ICMP echoes). */
export function keepalivedFiller(length: number): Buffer {
  const word = Buffer.from('keepalived check - ', 'latin1');
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = word[i % word.length]!;
  return out;
}
