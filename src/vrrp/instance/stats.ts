// keepalived's per-instance counters (SIGUSR2 stats file, JSON dump, SNMP) that the state machine itself sees;
// the decoder counts the wire-check drops (drop-reason.ts).

export interface InstanceStats {
  advertRcvd: number;
  advertSent: number;
  becomeMaster: number;
  releaseMaster: number;
  priZeroRcvd: number;
  priZeroSent: number;
  addrListErr: number;
  authFailure: number;
}

export function newStats(): InstanceStats {
  return {
    advertRcvd: 0, advertSent: 0, becomeMaster: 0, releaseMaster: 0,
    priZeroRcvd: 0, priZeroSent: 0, addrListErr: 0, authFailure: 0,
  };
}
