// FILE_CHECK's reading of a track_file (trackers/track_file.c of keepalived 2.2.7), sans-IO: the number in the
// file (strtol base 0 of its first 127 bytes; 0 when empty or missing), how it maps to a status (weight 0: non-zero
// means fault, or zero with `reverse`; otherwise value × weight, negated with reverse, clamped to int32), and what
// a change of status does to the checker.

export const WEIGHT_FAULT = -2147483648;
const INT_MAX = 2147483647;

/** strtol(buf, NULL, 0); undefined when out of the range keepalived accepts ("Invalid number … - ignoring"). */
export function parseTrackValue(text: string): number | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)?/.exec(text.slice(0, 127));
  if (!m || m[2] === undefined) return 0;
  const sign = m[1] === '-' ? -1 : 1;
  const digits = m[2];
  const v = sign * (/^0[xX]/.test(digits) ? parseInt(digits.slice(2), 16) : digits.startsWith('0') && digits.length > 1 ? parseInt(digits, 8) : Number(digits));
  if (v < -2147483648 || v > 2147483648) return undefined;
  return v;
}

export function fileStatus(value: number, weight: number, reverse: boolean): number {
  if (weight === 0) return (value !== 0) !== reverse ? WEIGHT_FAULT : 0;
  const w = value * weight * (reverse ? -1 : 1);
  return Math.max(WEIGHT_FAULT, Math.min(INT_MAX, w));
}

export type FileStatusChange =
  | { type: 'none' }
  | { type: 'down' }
  | { type: 'up'; weight: number }
  | { type: 'weight'; weight: number };

/** process_update_checker_track_file_status(): previous and next are fileStatus() values. */
export function fileStatusChange(previous: number, next: number): FileStatusChange {
  if (previous === next) return { type: 'none' };
  if (next <= WEIGHT_FAULT) return { type: 'down' };
  if (previous <= WEIGHT_FAULT) return { type: 'up', weight: next };
  return { type: 'weight', weight: next };
}
