// FILE_CHECK: follows a track_file (inotify through fs.watch on its directory, then an async read) and turns its
// value into the checker's state and weight adjustment (file-status.ts). No log lines at keepalived's default
// detail level.
import { watch, type FSWatcher } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { FileCheck } from '../../config/model/virtual-server';
import type { CheckerDeps, HealthChecker, ResultListener } from './create-checker';
import { fileStatus, fileStatusChange, parseTrackValue, WEIGHT_FAULT } from './file-status';
import type { CheckerLabels } from './labels';

export function fileChecker(c: FileCheck & { path?: string }, labels: CheckerLabels, deps: CheckerDeps): HealthChecker {
  const path = c.path ?? c.trackFile;
  const listeners: ResultListener[] = [];
  let up = true;
  let status: number | undefined;
  let watcher: FSWatcher | undefined;
  let reading = false;
  let again = false;

  const emit = (u: boolean, weight?: number): void => {
    for (const cb of listeners) cb(u, weight);
  };

  const read = async (): Promise<void> => {
    if (reading) {
      again = true;
      return;
    }
    reading = true;
    try {
      let value: number | undefined = 0;
      try {
        const text = (await readFile(path)).subarray(0, 127).toString('latin1');
        value = parseTrackValue(text);
        if (value === undefined) deps.log(`Invalid number read from ${path} - ignoring`);
      } catch {
        value = 0;
      }
      if (value !== undefined) apply(fileStatus(value, c.weight, c.reverse));
    } finally {
      reading = false;
      if (again) {
        again = false;
        void read();
      }
    }
  };

  const apply = (next: number): void => {
    if (status === undefined) {
      // Start-up: a faulty file starts the checker down; otherwise its weight applies at once.
      status = next;
      if (next <= WEIGHT_FAULT) {
        up = false;
        emit(false);
      } else if (c.weight !== 0) emit(true, next);
      return;
    }
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
    setEnabled() {
      // keepalived's ha_suspend does not apply to FILE_CHECK (it is not a scheduled checker).
    },
    start() {
      if (watcher) return;
      const name = basename(path);
      try {
        watcher = watch(dirname(path), (_event, file) => {
          if (file === null || file === name) void read();
        });
        watcher.on('error', () => undefined);
      } catch (err) {
        // A missing directory: keepalived cannot watch it either; the file reads as 0 (its value when absent).
        deps.log(`Unable to watch track file ${path}: ${(err as Error).message}`);
      }
      void read();
    },
    stop() {
      watcher?.close();
      watcher = undefined;
    },
  };
}
