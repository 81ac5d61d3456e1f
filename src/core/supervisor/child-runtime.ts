// The child side of the supervisor, for a module forked as a keepalived child:
// - reportStarted() / reportReloaded() tell the parent (keepalived's eventfd messages). Call reportStarted() once
//   the signal handlers are installed: the parent holds the signals it passes on (HUP, USR1, USR2, and the JSON /
//   STATS_CLEAR real-time signals, which need src/net/addon/signal-watch.ts) until then;
// - when the parent dies the fork channel closes and the child sends itself SIGTERM, as keepalived's children get
//   SIGTERM through PR_SET_PDEATHSIG, so the child's own orderly stop runs;
// - the process title matches the parent's ("keepalived" for every keepalived process).
import type { ChildMessage } from './ipc';

export interface ChildLink {
  reportStarted(): void;
  reportReloaded(): void;
  /** Whether this process was forked by a supervisor. */
  readonly supervised: boolean;
}

export function initChild(options: { title?: string } = {}): ChildLink {
  if (options.title) process.title = options.title;
  const supervised = typeof process.send === 'function';
  const send = (m: ChildMessage): void => {
    if (process.connected) process.send?.(m);
  };
  if (supervised) {
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  return {
    supervised,
    reportStarted: () => send({ ka: 'started' }),
    reportReloaded: () => send({ ka: 'reloaded' }),
  };
}
