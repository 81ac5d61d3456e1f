// FILE_CHECK: follows a track_file with the trackers' FileTracker (inotify on its directory, keepalived's reading
// of the value) and turns its value into the checker's state and weight adjustment (file-status.ts). No log lines
// of its own at keepalived's default detail level.
import type { FileCheck } from '../../config/model/virtual-server';
import type { TrackFile } from '../../config/model/trackers';
import { Logger } from '../../core/logging/logger';
import { FileTracker } from '../../vrrp/trackers/file-tracker';
import type { CheckerDeps, HealthChecker, ResultListener } from './create-checker';
import { fileStatus, fileStatusChange, WEIGHT_FAULT } from './file-status';
import type { CheckerLabels } from './labels';

export function fileChecker(c: FileCheck, trackFile: TrackFile | undefined, labels: CheckerLabels, deps: CheckerDeps): HealthChecker {
  const listeners: ResultListener[] = [];
  let up = true;
  let status = 0;
  let tracker: FileTracker | undefined;
  const emit = (u: boolean, weight?: number): void => {
    for (const cb of listeners) cb(u, weight);
  };
  const log = new Logger({ sinks: [{ write: (_severity, message) => deps.log(message) }] });

  const changed = (value: number): void => {
    const next = fileStatus(value, c.weight, c.reverse);
    const change = fileStatusChange(status, next);
    status = next;
    if (change.type === 'down') {
      up = false;
      emit(false);
    } else if (change.type === 'up') {
      up = true;
      emit(true, change.weight);
    } else if (change.type === 'weight') emit(up, change.weight);
  };

  return {
    labels,
    get up() {
      return up;
    },
    onResult(cb) {
      listeners.push(cb);
    },
    details() {
      return { filePath: tracker?.filePath ?? trackFile?.file, fileValue: tracker?.value ?? 0 };
    },
    setEnabled() {
      // keepalived's ha_suspend does not apply to FILE_CHECK (it is not a scheduled checker).
    },
    start() {
      if (tracker || trackFile === undefined) return;
      const t = new FileTracker(trackFile, log, (value) => changed(value));
      tracker = t;
      void t.start(false).then((ok) => {
        if (!ok || tracker !== t) return;
        // Start-up (set_track_file_checkers_down / set_track_file_weights): a faulty value starts the checker
        // down; otherwise a weighted file's adjustment applies at once.
        status = fileStatus(t.value, c.weight, c.reverse);
        if (status <= WEIGHT_FAULT) {
          up = false;
          emit(false);
        } else if (c.weight !== 0) emit(true, status);
      });
    },
    stop() {
      tracker?.stop();
      tracker = undefined;
    },
  };
}
