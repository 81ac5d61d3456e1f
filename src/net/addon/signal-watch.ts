// Handlers for signals Node cannot name (native/signals.c): keepalived's JSON dump (SIGRTMIN+2 = 36) and STATS_CLEAR
// (SIGRTMAX-1 = 63) are real-time signals, which process.on() does not accept and which terminate a process that
// does not handle them. The classic signals (HUP, TERM, USR1, …) should keep using process.on().
import { native } from './native';

/** Calls handler on the main thread each time signum arrives; replaces an earlier handler of signum. */
export function watchSignal(signum: number, handler: (signum: number) => void): void {
  native().signalWatch(signum, handler);
}

/** Removes the handler; the signal's default action applies again. */
export function unwatchSignal(signum: number): void {
  native().signalUnwatch(signum);
}
