// The VRRP process's signal listeners, installed before anything slow happens: until the daemon is running a stop
// request is remembered and acted on once handlers exist, and the dump and reload signals are ignored (their
// default action would otherwise kill the process). keepalived's JSON and STATS_CLEAR functions use real-time
// signals, which only the addon can catch.
import { SIGNUMS } from '../../cli/signum';
import { isAddonBuilt } from '../../net/addon/native';
import { unwatchSignal, watchSignal } from '../../net/addon/signal-watch';

export type RelayedSignal = 'SIGTERM' | 'SIGINT' | 'SIGHUP' | 'SIGUSR1' | 'SIGUSR2' | 'JSON' | 'STATS_CLEAR';

const CLASSIC: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGUSR1', 'SIGUSR2'];
const REALTIME: ReadonlyArray<['JSON' | 'STATS_CLEAR', number]> = [['JSON', SIGNUMS.JSON], ['STATS_CLEAR', SIGNUMS.STATS_CLEAR]];

export class SignalRelay {
  /** A TERM or INT arrived before handlers were given. */
  stopRequested = false;
  private handlers: Partial<Record<RelayedSignal, () => void>> = {};
  private readonly listeners = new Map<NodeJS.Signals, () => void>();
  private readonly watched: number[] = [];

  constructor() {
    for (const sig of CLASSIC) {
      const l = (): void => this.deliver(sig as RelayedSignal);
      this.listeners.set(sig, l);
      process.on(sig, l);
    }
    if (isAddonBuilt()) {
      for (const [name, signum] of REALTIME) {
        watchSignal(signum, () => this.deliver(name));
        this.watched.push(signum);
      }
    }
  }

  private deliver(sig: RelayedSignal): void {
    const h = this.handlers[sig];
    if (h) h();
    else if (sig === 'SIGTERM' || sig === 'SIGINT') this.stopRequested = true;
  }

  /** From now on signals go to these handlers; a stop requested earlier is delivered now. */
  handle(handlers: Record<RelayedSignal, () => void>): void {
    this.handlers = handlers;
    if (this.stopRequested) handlers.SIGTERM();
  }

  close(): void {
    for (const [sig, l] of this.listeners) process.removeListener(sig, l);
    this.listeners.clear();
    for (const n of this.watched.splice(0)) unwatchSignal(n);
  }
}
