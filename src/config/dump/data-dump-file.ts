// A SIGUSR1 data file (keepalived.data, keepalived_check.data, keepalived_parent.data): keepalived's open_dump_file() puts it in
// tmp_dir ($TMPDIR when absolute, else /tmp), named with the namespace and instance under data_use_instance. Its
// global definitions need the default script user, which keepalived looks up once per process — at the first dump
// when the configuration had no script, logging a missing keepalived_script user then. Written asynchronously, so
// the process's loop never waits for it.
import { readFile, writeFile } from 'node:fs/promises';
import type { DumpingProcess, GlobalDumpContext } from './global-defs-data';
import type { KeepalivedConfig } from '../model/keepalived-config';
import { DEFAULT_SCRIPT_USER } from '../values/script';
import { dumpDirectory, dumpFilePath, dumpNaming } from '../../vrrp/daemon/dump-paths';

/** Whether the password file has the user. */
async function passwdExists(name: string): Promise<boolean> {
  const text = await readFile('/etc/passwd', 'utf8').catch(() => '');
  return text.split('\n').some((line) => line.split(':')[0] === name);
}

/**
 * Whether reading the configuration already made this process look the default script user up (it had scripts).
 * keepalived's parent reads only global_defs: the checkers' scripts do not count there.
 */
function hasScripts(c: KeepalivedConfig, who: DumpingProcess): boolean {
  const g = c.globalDefs;
  if (g.startupScript || g.shutdownScript || g.notifyFifoScript || g.lvsNotifyFifoScript || g.vrrpNotifyFifoScript) return true;
  if (who === 'parent') return false;
  if (who === 'vrrp') {
    const notifies = (x: { notifyMaster?: unknown; notifyBackup?: unknown; notifyFault?: unknown; notifyStop?: unknown; notify?: unknown }): boolean =>
      Boolean(x.notifyMaster || x.notifyBackup || x.notifyFault || x.notifyStop || x.notify);
    return c.vrrpScripts.length > 0 || c.vrrpSyncGroups.some(notifies)
      || c.vrrpInstances.some((i) => notifies(i) || i.notifyMasterRxLowerPri !== undefined);
  }
  return c.virtualServers.some(
    (vs) => vs.quorumUp || vs.quorumDown || vs.realServers.some((rs) => rs.notifyUp || rs.notifyDown || rs.checkers.some((k) => k.type === 'MISC_CHECK')),
  );
}

export class DataDumpFile {
  /** keepalived looks the default script user up once per process (get_default_script_user()). */
  private looked = false;

  constructor(
    /** e.g. "keepalived_check.data". */
    private readonly fileName: string,
    private readonly who: DumpingProcess,
    private readonly log: { info(line: string): void; error(line: string): void },
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** keepalived forgets the default script user at a reload (reinitialise_global_vars()). */
  reloaded(): void {
    this.looked = false;
  }

  /**
   * The default script user's ids (the model resolved them as keepalived does); the first time keepalived looks
   * the user up in this process — at the first dump when the configuration had no script — it logs a missing
   * keepalived_script user.
   */
  private async scriptIds(c: KeepalivedConfig): Promise<GlobalDumpContext['scriptIds']> {
    const g = c.globalDefs;
    if (g.scriptUser === undefined && !this.looked && !hasScripts(c, this.who) && !(await passwdExists(DEFAULT_SCRIPT_USER))) {
      this.log.info(`Script user '${DEFAULT_SCRIPT_USER}' does not exist`);
    }
    this.looked = true;
    return g.defaultScriptUid === undefined ? undefined : { uid: g.defaultScriptUid, gid: g.defaultScriptGid ?? 0 };
  }

  /** Writes the file: render(ctx) gives its text (undefined: nothing to write yet). */
  async write(config: KeepalivedConfig, render: (ctx: GlobalDumpContext) => string | undefined): Promise<void> {
    const text = render({ process: this.who, scriptIds: await this.scriptIds(config) });
    if (text === undefined) return;
    const path = dumpFilePath(dumpDirectory(this.env), this.fileName, dumpNaming(config));
    await writeFile(path, text, { mode: 0o600 }).catch((e: Error) => this.log.error(`Unable to write ${path}: ${e.message}`));
  }
}
