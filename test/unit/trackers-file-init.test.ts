// track_file's init_file as keepalived applies it (track_file.c track_file_end_handler): a missing file is
// written with the value; an existing one only with `overwrite`, and never on reload; a missing directory removes
// the tracker with keepalived's message.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import type { TrackFile } from '../../src/config/model/trackers';
import { Logger } from '../../src/core/logging';
import { FileTracker } from '../../src/vrrp/trackers/file-tracker';

const logger = (lines: string[]): Logger => new Logger({ sinks: [{ write: (_s, m) => lines.push(m) }] });
const tf = (file: string, init?: TrackFile['initFile']): TrackFile => ({ name: 'tf', file, weight: 1, weightReverse: false, initFile: init });

t.test('init_file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-trackfile-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const lines: string[] = [];
  const file = join(dir, 'v');
  const start = async (c: TrackFile, reload = false): Promise<FileTracker> => {
    const f = new FileTracker(c, logger(lines), () => undefined);
    t.ok(await f.start(reload));
    f.stop();
    return f;
  };
  t.equal((await start(tf(file, { value: 7, overwrite: false }))).value, 7, 'missing file: written and read');
  t.equal(readFileSync(file, 'utf8'), '7\n');
  writeFileSync(file, '3\n');
  t.equal((await start(tf(file, { value: 7, overwrite: false }))).value, 3, 'existing file kept without overwrite');
  t.equal((await start(tf(file, { value: 7, overwrite: true }), true)).value, 3, 'never overwritten on reload');
  t.equal((await start(tf(file, { value: -2, overwrite: true }))).value, -2, 'overwrite at start');
  t.equal((await start(tf(join(dir, 'none')))).value, 0, 'no init, missing file: 0');

  const gone = new FileTracker(tf(join(dir, 'no-such-dir', 'v')), logger(lines), () => undefined);
  t.equal(await gone.start(false), false);
  t.ok(lines.includes('Track file directory for tf does not exist - removing'));
});
