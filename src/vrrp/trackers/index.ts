// Tracked objects the VRRP process feeds itself (vrrp_script, track_file, vrrp_track_process). Files:
// - tracker-set.ts       all of them for one configuration: values, change events, reload, stop
// - script-state.ts      a script's rise/fall counter and log lines (pure); script-tracker.ts runs the script
// - file-value.ts        a track file's contents → value, and its effect (pure); file-tracker.ts watches the file
// - process-match.ts     which processes count (pure); process-quorum.ts quorum and delays (pure);
//   process-scanner.ts   /proc scanning; process-tracker.ts the poll loop
export { TrackerSet } from './tracker-set';
export type { FedTrackerKind, TrackerListener, TrackerUpdate } from './tracker-set';
export { ScriptState, classifyResult } from './script-state';
export { ProcessQuorum } from './process-quorum';
export { fileStatus, readTrackFile } from './file-value';
