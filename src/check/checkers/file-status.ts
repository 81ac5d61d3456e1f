// FILE_CHECK's view of a track_file value (trackers/track_file.c of keepalived 2.2.7), sans-IO: how the value
// (read by the trackers' file-value.ts) maps to a status (weight 0: non-zero means fault, or zero with `reverse`;
// otherwise value × weight, negated with reverse, clamped to int32), and what a change of status does to the
// checker.

export const WEIGHT_FAULT = -2147483648;
const INT_MAX = 2147483647;

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
