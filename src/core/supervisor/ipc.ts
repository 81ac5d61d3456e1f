// Messages a child sends its parent over the fork() channel. keepalived's children tell the parent through an
// eventfd when they have started or finished a reload; the parent logs "read eventfd count 1, num_reloading 0"
// when that was not a reload it asked for (after a respawn, or a SIGHUP sent to the child directly).

export type ChildMessage = { ka: 'started' } | { ka: 'reloaded' };

export function isChildMessage(m: unknown): m is ChildMessage {
  const k = (m as { ka?: unknown } | null)?.ka;
  return k === 'started' || k === 'reloaded';
}
