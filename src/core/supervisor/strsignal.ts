// glibc's strsignal() texts for Linux, as keepalived prints them in "exited due to signal N (<text>)".
import { constants } from 'node:os';

const TEXTS: Readonly<Record<number, string>> = {
  1: 'Hangup',
  2: 'Interrupt',
  3: 'Quit',
  4: 'Illegal instruction',
  5: 'Trace/breakpoint trap',
  6: 'Aborted',
  7: 'Bus error',
  8: 'Floating point exception',
  9: 'Killed',
  10: 'User defined signal 1',
  11: 'Segmentation fault',
  12: 'User defined signal 2',
  13: 'Broken pipe',
  14: 'Alarm clock',
  15: 'Terminated',
  16: 'Stack fault',
  17: 'Child exited',
  18: 'Continued',
  19: 'Stopped (signal)',
  20: 'Stopped',
  21: 'Stopped (tty input)',
  22: 'Stopped (tty output)',
  23: 'Urgent I/O condition',
  24: 'CPU time limit exceeded',
  25: 'File size limit exceeded',
  26: 'Virtual timer expired',
  27: 'Profiling timer expired',
  28: 'Window changed',
  29: 'I/O possible',
  30: 'Power failure',
  31: 'Bad system call',
};

/** glibc's SIGRTMIN / SIGRTMAX on Linux (glibc keeps 32 and 33 for itself). */
export const SIGRTMIN = 34;
export const SIGRTMAX = 64;

export function strsignal(signum: number): string {
  const text = TEXTS[signum];
  if (text) return text;
  if (signum >= SIGRTMIN && signum <= SIGRTMAX) return `Real-time signal ${signum - SIGRTMIN}`;
  return `Unknown signal ${signum}`;
}

/** The number of a Node signal name ('SIGKILL' → 9). */
export function signalNumber(name: NodeJS.Signals): number {
  return (constants.signals as Record<string, number>)[name] ?? 0;
}
