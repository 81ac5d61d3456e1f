// keepalived's dump_buffer(): 16 bytes a line, a 4-digit decimal offset (modulo 65536), hex pairs with " -" after the
// eighth, then the printable ASCII ('.' for the rest). genhash -v prints its buffers this way.

export function hexDump(bytes: Uint8Array): string {
  const count = bytes.length;
  const padded = count % 16 ? count + (16 - (count % 16)) : count;
  let out = '';
  for (let i = 0; i < padded; i++) {
    if (i % 16 === 0) out += `${String(i & 0xffff).padStart(4, '0')} `;
    out += i < count ? ` ${(bytes[i] as number).toString(16).padStart(2, '0')}` : '   ';
    if ((i + 1) % 8 === 0) {
      if ((i + 1) % 16) out += ' -';
      else {
        out += '   ';
        for (let j = i - 15; j <= i; j++) {
          const b = bytes[j];
          out += j >= count || b === undefined ? ' ' : b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : '.';
        }
        out += '\n';
      }
    }
  }
  return out;
}
