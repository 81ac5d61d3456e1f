// How soon keepalived's parent restarts a child that died (measured on 2.2.7 by killing the VRRP child): a child
// that had run for more than 60 s is restarted at once, silently, and the back-off starts again; otherwise the
// delays are 0, 1, 2, 4, 8, 16, 32, 60, 60, … s, each announced with "Restart of <X> process delayed N seconds to
// limit respawn rate" (the first one too, with N = 0).

export const RESPAWN_RESET_MS = 60_000;
export const RESPAWN_MAX_DELAY_S = 60;

export interface RespawnDecision {
  delaySeconds: number;
  /** Whether keepalived logs the "Restart … delayed" line. */
  announce: boolean;
}

export class RespawnBackoff {
  private quickDeaths = 0;

  /** The decision for a child that died after running uptimeMs. */
  onDeath(uptimeMs: number): RespawnDecision {
    if (uptimeMs > RESPAWN_RESET_MS) {
      this.quickDeaths = 0;
      return { delaySeconds: 0, announce: false };
    }
    const n = this.quickDeaths++;
    const delaySeconds = n === 0 ? 0 : Math.min(2 ** (n - 1), RESPAWN_MAX_DELAY_S);
    return { delaySeconds, announce: true };
  }
}
