// Everything a section's keyword handlers and validators share while one configuration is built.
import type { Diagnostics } from '../diagnostics';
import type { KeepalivedConfig } from '../model/keepalived-config';
import type { ScriptRef } from '../model/script';
import type { Position } from '../diagnostics';
import type { SystemView } from '../system-view';
import type { ConfigFs } from '../lexer';

export interface LoadOptions {
  /** `-i`: the id `@ID` lines are matched against; defaults to the host name up to its first dot. */
  readonly configId?: string;
  /** `-e`. */
  readonly allConfig?: boolean;
  /** Parsing for `-t` (stricter number readers, as keepalived). */
  readonly configTest?: boolean;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly system?: SystemView;
  /** The configuration's text, read instead of the file at `path` (which still names it in messages). */
  readonly text?: string;
  /** The files includes are read from (tests: an in-memory tree); default the real file system. */
  readonly files?: ConfigFs;
}

/** A script noted while parsing, for the script-security pass that runs after the whole file is read. */
export interface ScriptUse {
  readonly script: ScriptRef;
  /** What uses it, as keepalived names it in messages (e.g. "notify_master script for VI_1"). */
  readonly owner: string;
  readonly pos: Position;
}

export interface BuildContext {
  readonly config: KeepalivedConfig;
  readonly diags: Diagnostics;
  readonly system: SystemView;
  readonly options: LoadOptions;
  /** Every script the configuration names, in file order. */
  readonly scripts: ScriptUse[];
}
