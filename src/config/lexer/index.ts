// The configuration lexer: keepalived 2.2.7's reader (lib/parser.c read_line and friends) in front of the parser.
// lexConfig() gives the logical lines of a configuration with their file:line; splitWords() and splitScriptWords()
// split one line the two ways keepalived does.
import type { Diagnostics } from '../diagnostics';
import type { LexOptions, SourceLine } from '../source-line';
import { lexConfigResult } from './lex';

export { lexConfigResult, lexText, type LexInternals, type LexResult } from './lex';
export { splitWords } from './words';
export { splitScriptWords } from './script-words';
export { checkBraceBalance } from './brace-balance';
export { includeCheckSet, INCLUDE_ALL, INCLUDE_B, INCLUDE_M, INCLUDE_R, INCLUDE_W } from './include-check';
export { realFs, type ConfigFs } from './config-fs';
export { MemoryFs } from './memory-fs';

/**
 * Read the configuration file `path` (a glob, as keepalived allows) and everything it includes. Problems are
 * reported into diags with keepalived's wording; a missing root file gives no lines (see lexConfigResult()).
 */
export function lexConfig(path: string, opts: LexOptions, diags: Diagnostics): SourceLine[] {
  return lexConfigResult(path, opts, diags).lines;
}
