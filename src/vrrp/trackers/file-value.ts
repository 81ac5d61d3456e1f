// What keepalived 2.2.7 makes of a track_file's contents (track_file.c process_track_file): the first 127 bytes
// through strtol(buf, NULL, 0) — leading white space, an optional sign, then decimal, 0x hex or 0 octal digits,
// stopping at the first other character; no digits at all (or an empty / missing file) is 0. A value outside
// INT32_MIN..INT32_MAX+1, or one strtol reports out of range, is logged and ignored (the previous value stays).

export type FileReading = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly line: string };

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;

/** strtol(text, NULL, 0) on a 64-bit long; `range` when it over/underflowed (the result is then LONG_MAX/MIN). */
export function strtol(text: string): { value: bigint; range: boolean } {
  let i = 0;
  while (i < text.length && ' \t\n\v\f\r'.includes(text[i])) i++;
  let neg = false;
  if (text[i] === '+' || text[i] === '-') {
    neg = text[i] === '-';
    i++;
  }
  let base = 10;
  if (text[i] === '0' && (text[i + 1] === 'x' || text[i + 1] === 'X') && /[0-9a-fA-F]/.test(text[i + 2] ?? '')) {
    base = 16;
    i += 2;
  } else if (text[i] === '0') {
    base = 8;
  }
  let v = 0n;
  for (; i < text.length; i++) {
    const d = Number.parseInt(text[i], 16);
    if (Number.isNaN(d) || d >= base) break;
    v = v * BigInt(base) + BigInt(d);
    if (v > LONG_MAX + 1n) v = LONG_MAX + 2n; // saturate: only the sign of the overflow matters
  }
  if (neg) v = -v;
  if (v > LONG_MAX) return { value: LONG_MAX, range: true };
  if (v < LONG_MIN) return { value: LONG_MIN, range: true };
  return { value: v, range: false };
}

/** The value of a track file's contents (undefined contents = the file could not be read: 0). */
export function readTrackFile(contents: Buffer | undefined, path: string): FileReading {
  if (contents === undefined || contents.length === 0) return { ok: true, value: 0 };
  const text = contents.subarray(0, 127).toString('latin1');
  const { value, range } = strtol(text.split('\0')[0]);
  if (range || value < -2147483648n || value > 2147483648n) {
    return { ok: false, line: `Invalid number ${value} read from ${path} - ignoring` };
  }
  return { ok: true, value: Number(value) };
}

/**
 * A file value's effect on one tracking instance, as keepalived computes it (clamped to −254..253; −254 = FAULT):
 * weight 0 faults while the value is non-zero (reverse: while it is zero); otherwise value × weight (× −1).
 */
export function fileStatus(value: number, weight: number, reverse: boolean): number {
  const m = reverse ? -1 : 1;
  const raw = weight === 0 ? ((value !== 0) === (m === 1) ? -254 : 0) : value * weight * m;
  return Math.max(-254, Math.min(253, raw));
}
