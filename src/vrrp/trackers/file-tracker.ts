// One track_file: the integer in a file, re-read when the file changes. keepalived watches the file's directory
// with inotify (IN_CLOSE_WRITE | IN_DELETE | IN_MOVE) and re-reads on a close after writing or a move in, and takes
// a deleted or moved-away file as 0. Node's fs.watch (inotify on the directory as well) reports modifications
// rather than closes, so a change is read SETTLE_MS after the last event of a burst: a writer's truncate-then-write
// is read once, with its final contents, as keepalived's close-write read sees it.
// Start-up as keepalived (init_track_files): the path's directory must exist ("Track file directory for NAME does
// not exist - removing"); `init_file` writes the value first (only when the file is missing, or always with
// `overwrite` except on reload).
import { constants, watch, type FSWatcher } from 'node:fs';
import { open, realpath, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { TrackFile } from '../../config/model/trackers';
import type { Logger } from '../../core/logging/logger';
import { readTrackFile } from './file-value';

/** Quiet time after the last change event before the file is read. */
export const SETTLE_MS = 15;

export type FileListener = (value: number, previous: number) => void;

/** The first 127 bytes, opened non-blocking as keepalived does (a FIFO without writer reads as empty). */
async function readHead(path: string): Promise<Buffer | undefined> {
  let fh;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    const buf = Buffer.alloc(127);
    const { bytesRead } = await fh.read(buf, 0, 127, null);
    return buf.subarray(0, bytesRead);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EAGAIN' ? Buffer.alloc(0) : undefined;
  } finally {
    await fh?.close().catch(() => undefined);
  }
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

export class FileTracker {
  value = 0;
  private watcher: FSWatcher | undefined;
  private settle: NodeJS.Timeout | undefined;
  private stopped = false;
  private path: string;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    public config: TrackFile,
    private readonly log: Logger,
    private readonly onChange: FileListener,
  ) {
    this.path = config.file;
  }

  get name(): string {
    return this.config.name;
  }

  /** The path watched (the configured one, resolved once it exists). */
  get filePath(): string {
    return this.path;
  }

  /** Initialises the file if asked, reads it and starts watching; false when the tracker had to be removed. */
  async start(reload: boolean): Promise<boolean> {
    await this.initFile(reload);
    let dir: string;
    try {
      this.path = await realpath(this.config.file);
      dir = dirname(this.path);
    } catch {
      try {
        dir = await realpath(dirname(this.config.file));
        if (!(await stat(dir)).isDirectory()) throw new Error('not a directory');
        this.path = join(dir, basename(this.config.file));
      } catch {
        this.log.error(`Track file directory for ${this.name} does not exist - removing`);
        return false;
      }
    }
    if (this.stopped) return false;
    const file = basename(this.path);
    try {
      this.watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || name.toString() === file) this.changed();
      });
      this.watcher.on('error', (e) => this.log.info(`inotify read() returned error - ${e.message}`));
    } catch (e) {
      this.log.info('Unable to monitor track files');
    }
    await this.read(false);
    return true;
  }

  stop(): void {
    this.stopped = true;
    if (this.settle) clearTimeout(this.settle);
    this.watcher?.close();
    this.watcher = undefined;
  }

  private async initFile(reload: boolean): Promise<void> {
    const init = this.config.initFile;
    if (!init) return;
    if (await exists(this.config.file)) {
      if (!init.overwrite || reload) return;
      if (!(await stat(this.config.file)).isFile()) {
        this.log.error(`Cannot initialise track file ${this.name} - it is not a regular file`);
        return;
      }
    }
    await writeFile(this.config.file, `${init.value}\n`).catch(() => {
      this.log.error(`Unable to initialise track file ${this.name}`);
    });
  }

  private changed(): void {
    if (this.stopped) return;
    if (this.settle) clearTimeout(this.settle);
    this.settle = setTimeout(() => {
      this.settle = undefined;
      this.reading = this.reading.then(() => this.read(true));
    }, SETTLE_MS);
  }

  /** Reads the file; a missing file is 0 (keepalived treats a deleted file so), an invalid number is ignored. */
  private async read(report: boolean): Promise<void> {
    const contents = await readHead(this.path);
    if (this.stopped) return;
    const r = readTrackFile(contents, this.path);
    if (!r.ok) {
      this.log.info(r.line);
      return;
    }
    if (r.value === this.value) return;
    const previous = this.value;
    this.value = r.value;
    if (report) this.onChange(r.value, previous);
  }
}
