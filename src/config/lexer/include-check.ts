// What makes a missing or unusable include file an error rather than a message: keepalived's include_t bits. A
// plain `include` has none; includer/m/w/b/a add theirs to the `include_check` setting in force (global_defs
// `include_check`, or everything with -e).
import { ConfigErr, type Diagnostics, type Position } from '../diagnostics';

export const INCLUDE_R = 0x01; // a match is a directory, not a regular non-executable file, or unreadable
export const INCLUDE_M = 0x02; // nothing matches a name without wildcards
export const INCLUDE_W = 0x04; // nothing matches a wildcard
export const INCLUDE_B = 0x08; // a brace alternative matches nothing
export const INCLUDE_ALL = INCLUDE_R | INCLUDE_M | INCLUDE_W | INCLUDE_B;

/** The checks of include, includer, includem, includew, includeb, includea (by the letter after "include"). */
export const INCLUDE_VARIANTS: Readonly<Record<string, number>> = {
  '': 0,
  r: INCLUDE_R,
  m: INCLUDE_R | INCLUDE_M,
  w: INCLUDE_R | INCLUDE_M | INCLUDE_W,
  b: INCLUDE_R | INCLUDE_B,
  a: INCLUDE_ALL,
};

const CHECK_NAMES: Readonly<Record<string, number>> = {
  read: INCLUDE_R,
  match: INCLUDE_M,
  wildcard_match: INCLUDE_W,
  brace_match: INCLUDE_B,
};

/**
 * keepalived's include_check_set(): the new include_check bits for the words of an `include_check` line (words[0] is
 * the keyword). No option means all; `name` sets (with read), `+name` adds, `-name` removes. The names keepalived
 * 2.2.7 knows are read, match, wildcard_match and brace_match (the man page's "readable" is rejected). Errors are
 * reported only when diags is given, so the lexer (which applies the setting) and the parser (which reports) agree.
 */
export function includeCheckSet(
  current: number,
  words: readonly string[],
  diags?: Diagnostics,
  pos?: Position,
): number {
  if (words.length <= 1) return INCLUDE_ALL;
  let check = current;
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    const op = word[0] === '-' || word[0] === '+' ? word[0] : '';
    if (!op) {
      if (i !== 1) {
        diags?.error(ConfigErr.GeneralError, pos, `Duplicate include_check '${word}' specified - ignoring`, words[0]);
        continue;
      }
      check = 0;
    }
    const name = op ? word.slice(1) : word;
    const flag = Object.hasOwn(CHECK_NAMES, name) ? CHECK_NAMES[name] : 0;
    if (!flag) diags?.error(ConfigErr.GeneralError, pos, `Unknown include_check type '${name}' - ignoring`, words[0]);
    else if (!op) check = INCLUDE_R | flag;
    else if (op === '+') check |= flag;
    else check &= ~flag;
  }
  return check;
}
