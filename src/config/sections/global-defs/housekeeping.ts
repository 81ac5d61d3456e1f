// global_defs reload, include and data-directory keywords: random_seed, reload_*, include_check,
// tmp_config_directory, config_save_dir, data_use_instance.
import { ConfigErr } from '../../diagnostics';
import { includeCheckSet } from '../../lexer/include-check';
import type { BuildContext } from '../../parser/build-context';
import type { KeywordArgs } from '../../parser/keyword-args';
import type { KeywordDef } from '../../parser/keyword-tree';
import { readUnsignedWord } from '../../values/read-number';
import { flag, optionalBool } from './flags';

const UINT_MAX = 4294967295;
/** keepalived's DEFAULT_RELOAD_FILE. */
const DEFAULT_RELOAD_FILE = '/run/keepalived.reload';

/**
 * config_save_dir: keepalived creates a missing directory (even for -t); here only what would make that fail is
 * reported, with keepalived's wording and errno text.
 */
function configSaveDir(ctx: BuildContext, a: KeywordArgs): void {
  const dir = a.word(1);
  const st = ctx.system.stat(dir);
  if (st !== undefined) {
    if (!st.isDirectory()) return a.error(ConfigErr.GeneralError, `config_save_dir ${dir} exists and is not a directory`);
    ctx.config.globalDefs.configSaveDir = dir;
    return;
  }
  // Why stat() failed: a non-directory on the way (ENOTDIR), or a missing parent for mkdir() (ENOENT).
  const parts = dir.split('/');
  for (let i = 1; i < parts.length - 1; i++) {
    const prefix = parts.slice(0, i + 1).join('/') || '/';
    const p = ctx.system.stat(prefix);
    if (p === undefined) {
      return a.error(ConfigErr.GeneralError, `Unable to create config_save_dir ${dir} (error 2 - No such file or directory)`);
    }
    if (!p.isDirectory()) return a.error(ConfigErr.GeneralError, `config_save_dir ${dir} error 20 - Not a directory`);
  }
  ctx.config.globalDefs.configSaveDir = dir;
}

export function housekeepingKeywords(ctx: BuildContext): KeywordDef[] {
  const g = ctx.config.globalDefs;
  return [
    {
      name: 'random_seed',
      handler: (a) => {
        const seed = readUnsignedWord(a, a.word(1), 0, UINT_MAX);
        if (seed === undefined) return a.error(ConfigErr.GeneralError, `random_seed ${a.word(1)} invalid`);
        g.randomSeed = seed;
      },
    },
    { name: 'reload_check_config', handler: (a) => void (g.reloadCheckConfig = a.has(1) ? a.word(1) : '/dev/null') },
    {
      name: 'reload_time_file',
      handler: (a) => {
        if (a.count !== 2) return a.error(ConfigErr.GeneralError, 'reload_time_file invalid');
        g.reloadTimeFile = a.word(1);
      },
    },
    flag('reload_repeat', () => (g.reloadRepeat = true)),
    { name: 'reload_file', handler: (a) => void (g.reloadFile = a.has(1) ? a.word(1) : DEFAULT_RELOAD_FILE) },
    // The lexer applies include_check to later includes; here its words are checked and reported.
    { name: 'include_check', handler: (a) => void includeCheckSet(0, a.words, a.diags, a.pos) },
    {
      name: 'tmp_config_directory',
      handler: (a) => {
        if (g.tmpConfigDirectory !== undefined) return a.error(ConfigErr.GeneralError, `${a.keyword} already specified - ignoring`);
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, `${a.keyword} missing directory name`);
        g.tmpConfigDirectory = a.word(1);
      },
    },
    { name: 'config_save_dir', handler: (a) => configSaveDir(ctx, a) },
    optionalBool('data_use_instance', (v) => (g.dataUseInstance = v), 'global', 'date_use_instance'),
  ];
}
