// The parent's signal handlers. The classic signals go through process.on(); keepalived's JSON and STATS_CLEAR
// functions use real-time signals that only the addon can catch (src/net/addon/signal-watch.ts). Without the addon
// those two are left alone (their default action would end the process, so the addon is needed in production).
import { SIGNUMS } from '../../cli/signum';
import type { Logger } from '../logging/logger';
import { isAddonBuilt } from '../../net/addon/native';
import { unwatchSignal, watchSignal } from '../../net/addon/signal-watch';

export interface SignalTarget {
  reload(): Promise<void>;
  dumpData(): Promise<void>;
  forward(signum: number): void;
  stop(): Promise<number>;
}

/** Installs the handlers; returns the function that removes them. */
export function installSignalHandlers(target: SignalTarget, log: Logger): () => void {
  const report = (p: Promise<unknown>): void => {
    p.catch((e: Error) => log.info(`signal handling failed: ${e.message}`));
  };
  const handlers: Array<[NodeJS.Signals, () => void]> = [
    ['SIGHUP', () => report(target.reload())],
    ['SIGUSR1', () => report(target.dumpData())],
    ['SIGUSR2', () => target.forward(SIGNUMS.STATS)],
    ['SIGTERM', () => report(target.stop())],
    ['SIGINT', () => report(target.stop())],
  ];
  for (const [sig, h] of handlers) process.on(sig, h);
  const realtime = isAddonBuilt() ? [SIGNUMS.JSON, SIGNUMS.STATS_CLEAR] : [];
  for (const n of realtime) watchSignal(n, () => target.forward(n));
  return () => {
    for (const [sig, h] of handlers) process.off(sig, h);
    for (const n of realtime) unwatchSignal(n);
  };
}
