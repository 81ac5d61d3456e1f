// What the lexer hands the parser: one logical line, already through include, @conditional, $VAR and ~SEQ
// processing, comments removed, trimmed, never empty; an unquoted `{` or `}` always stands on a line of its own.
import type { Position } from './diagnostics';

export interface SourceLine {
  /** The processed text of the line (keepalived's buffer after read_line()). */
  readonly text: string;
  readonly pos: Position;
}

export interface LexOptions {
  /** `-i` / `--config-id`, else the hostname up to its first dot. */
  readonly configId: string;
  /** `-e` / `--all-config`: every include must resolve (include_check all). */
  readonly allConfig: boolean;
  /** For `${_ENV NAME}`. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Seed for `${_RANDOM}`; keepalived seeds from the time when not given. */
  readonly randomSeed?: number;
}
