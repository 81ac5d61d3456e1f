// Loads a keepalived.conf: lexer → keyword tree → typed model → validation, in keepalived's order, collecting every
// diagnostic. Never throws for bad input: a parse that keepalived would abandon ends with `abort` set.
import { hostname } from 'node:os';
import { ConfigAbort, ConfigErr, type ConfigOwner, Diagnostics } from './diagnostics';
import { checkBraceBalance, lexConfigResult, lexText } from './lexer';
import { emptyConfig, KeepalivedConfig } from './model/keepalived-config';
import type { BuildContext, LoadOptions } from './parser/build-context';
import { keywordTable } from './parser/keyword-tree';
import { walkLines } from './parser/walk';
import { bfdKeywords } from './sections/bfd';
import { globalDefsKeywords } from './sections/global-defs';
import { interfaceGroupKeywords } from './sections/interface-groups';
import { resolveStaticDefaults, staticRoutingKeywords } from './sections/static-routing';
import { topLevelKeywords } from './sections/top-level';
import { trackerKeywords } from './sections/trackers';
import { virtualServerKeywords } from './sections/virtual-server';
import { vrrpInstanceKeywords } from './sections/vrrp-instance';
import { vrrpSyncGroupKeywords } from './sections/vrrp-sync-group';
import { liveSystem } from './system-view';
import { validateBfd } from './validate/bfd';
import { validateCheck } from './validate/check';
import { validateGlobal } from './validate/global';
import { validateScripts } from './validate/script-security';
import { validateVrrp } from './validate/vrrp';

export interface LoadResult {
  readonly config: KeepalivedConfig;
  readonly diags: Diagnostics;
  /** Set when parsing stopped where keepalived exits mid-parse. */
  readonly abort: ConfigAbort | undefined;
  /** `-t`'s exit code where it is decided by the files rather than by the error classes (missing root file,
   * missing required include). */
  readonly verdict?: number;
  /** The files read, in order (root first; none when the text was given), as keepalived -D names them. */
  readonly filesOpened: readonly string[];
  /** For each included file that has lines, the index of its first line (see Diagnostics.root). */
  readonly fileStarts?: ReadonlyMap<string, number>;
}

/** The config id keepalived uses without -i: the host name up to its first dot. */
export function defaultConfigId(): string {
  return hostname().split('.')[0] ?? '';
}

export function loadConfig(path: string, options: LoadOptions = {}): LoadResult {
  const diags = new Diagnostics(options.configTest ?? false);
  const ctx: BuildContext = {
    config: emptyConfig(),
    diags,
    system: options.system ?? liveSystem,
    options,
    scripts: [],
  };
  let abort: ConfigAbort | undefined;
  let verdict: number | undefined;
  let filesOpened: readonly string[] = [];
  let fileStarts: Map<string, number> | undefined;
  try {
    const lexOptions = {
      configId: options.configId ?? defaultConfigId(),
      allConfig: options.allConfig ?? false,
      env: options.env ?? process.env,
    };
    const lexed =
      options.text !== undefined
        ? { lines: lexText(options.text, path, lexOptions, diags, { fs: options.files }), rootOpened: true, fileErrors: 0, filesOpened: [] }
        : lexConfigResult(path, lexOptions, diags, { fs: options.files });
    filesOpened = lexed.filesOpened;
    // keepalived -t with no readable root file says so and passes, unless a file was required to exist (-e).
    if (!lexed.rootOpened) {
      verdict = diags.list.some((d) => d.err === ConfigErr.FileNotFound) ? 4 : 0;
      return { config: ctx.config, diags, abort, verdict, filesOpened };
    }
    const lines = lexed.lines;
    fileStarts = new Map();
    lines.forEach((l, i) => {
      if (l.pos.file !== path && !fileStarts?.has(l.pos.file)) fileStarts?.set(l.pos.file, i);
    });
    const topLevel = topLevelKeywords(ctx);
    const root = keywordTable([
      ...topLevel,
      ...globalDefsKeywords(ctx),
      ...interfaceGroupKeywords(ctx),
      ...staticRoutingKeywords(ctx),
      ...trackerKeywords(ctx),
      ...vrrpSyncGroupKeywords(ctx),
      ...vrrpInstanceKeywords(ctx),
      ...bfdKeywords(ctx),
      ...virtualServerKeywords(ctx),
    ]);
    const parentKeywords = new Set(['global_defs', ...topLevel.map((d) => d.name)]);
    const checkKeywords = new Set(virtualServerKeywords(ctx).map((d) => d.name));
    const childrenKeywords = new Set(['bfd_instance', 'track_file']);
    const ownerOf = (k: string): ConfigOwner =>
      parentKeywords.has(k) ? 'global' : checkKeywords.has(k) ? 'check' : childrenKeywords.has(k) ? 'children' : 'vrrp';
    // keepalived's parent reads global_defs before the processes parse the rest, so settings such as
    // dynamic_interfaces and default_interface apply to entries that come earlier in the file.
    walkLines(lines, root, diags, { active: (k) => k === 'global_defs', reportRootStrays: false, ownerOf });
    if (lexed.fileErrors > 0) {
      // A required include is missing: keepalived's parent reads its own part and stops with the security code
      // before the VRRP and checker configuration is checked.
      walkLines(lines, root, diags, { active: (k) => parentKeywords.has(k) && k !== 'global_defs', reportRootStrays: false, ownerOf });
      verdict = 6;
      return { config: ctx.config, diags, abort, verdict, filesOpened };
    }
    walkLines(lines, root, diags, { active: (k) => k !== 'global_defs', ownerOf });
    diags.phase = 'validate';
    diags.root = Infinity;
    diags.owner = 'any';
    checkBraceBalance(lines, diags);
    // keepalived -t validates in this order: global data, checker, VRRP, BFD; scripts are checked as each is used.
    diags.owner = 'global';
    validateGlobal(ctx);
    diags.owner = 'vrrp';
    resolveStaticDefaults(ctx);
    diags.owner = 'check';
    validateCheck(ctx);
    diags.owner = 'vrrp';
    validateVrrp(ctx);
    diags.owner = 'children';
    validateBfd(ctx);
    validateScripts(ctx);
  } catch (err) {
    if (!(err instanceof ConfigAbort)) throw err;
    abort = err;
  }
  return { config: ctx.config, diags, abort, verdict, filesOpened, fileStarts };
}

/** keepalived's config_test_exit(): the exit code of `-t` for a loaded configuration. */
export function configTestExitCode(result: LoadResult): number {
  if (result.abort) return result.abort.exitCode;
  if (result.verdict !== undefined) return result.verdict;
  switch (result.diags.worst) {
    case ConfigErr.Ok:
      return 0;
    case ConfigErr.FileNotFound:
    case ConfigErr.BadIf:
    case ConfigErr.Fatal:
      return 4;
    case ConfigErr.SecurityError:
      return 6;
    default:
      return 5;
  }
}
