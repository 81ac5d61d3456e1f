// keepalived --signum=NAME: the signal each control function uses (SIGRTMIN+2 / SIGRTMAX-1 on Linux glibc).
export const SIGNUMS: Readonly<Record<string, number>> = {
  STOP: 15,
  RELOAD: 1,
  DATA: 10,
  STATS: 12,
  STATS_CLEAR: 63,
  JSON: 36,
};
