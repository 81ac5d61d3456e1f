// Objects VRRP instances (and real servers, for track files) can track: track_file, vrrp_script and
// vrrp_track_process, with keepalived's defaults.
import type { ScriptRef } from './script';

export interface TrackFile {
  name: string;
  /** The file holding the tracked integer. */
  file: string;
  /** Default 1; -254..254. */
  weight: number;
  weightReverse: boolean;
  /** `init_file [VALUE] [overwrite]`: undefined when the file is not initialised. */
  initFile: TrackFileInit | undefined;
}

export interface TrackFileInit {
  /** Written to the file (default 0). */
  value: number;
  /** `overwrite`: write even if the file exists (never on reload). */
  overwrite: boolean;
}

export interface VrrpScript {
  name: string;
  script: ScriptRef;
  /** Whole seconds; default 1 s. */
  intervalUs: number;
  /** Whole seconds; keepalived's 0 ("unset") means the interval, which is what is stored then. */
  timeoutUs: number;
  /** The timeout as keepalived keeps it, 0 when unset (its data dump prints this one). */
  configuredTimeoutUs: number;
  /** -253..253, default 0 (a failing script then puts the instance in FAULT). */
  weight: number;
  weightReverse: boolean;
  rise: number;
  fall: number;
  /** `init_fail`: start as failed rather than one success away from OK. */
  initFail: boolean;
}

/** keepalived's param_match: 'none' until parameters or `param_match` ask for a command-line match. */
export type ParamMatch = 'none' | 'exact' | 'initial' | 'partial';

export interface VrrpTrackProcess {
  name: string;
  /** The process name or path as written. */
  process: string;
  /** Words after the process name (matched against the command line's parameters). */
  processParams: string[];
  paramMatch: ParamMatch;
  /** Match the whole command line rather than /proc/PID/comm. */
  fullCommand: boolean;
  /** -254..254, default 0. */
  weight: number;
  weightReverse: boolean;
  /** Default 1; 0 only with quorum_max 0. */
  quorum: number;
  /** Default 4294967295 (unlimited). */
  quorumMax: number;
  /** Microsecond resolution; `delay` sets both. Default 0. */
  terminateDelayUs: number;
  forkDelayUs: number;
}
