// keepalived's count of '{' / '}' lines (read_line and the end of init_data): a '}' with no open block is reported
// where it stands, and open blocks left at the end are reported once, without a position. keepalived's classes are
// CONFIG_UNEXPECTED_EOB / CONFIG_MISSING_EOB, which ConfigErr does not have; the nearest ones (same verdict) are used.
import { ConfigErr, type Diagnostics } from '../diagnostics';
import type { SourceLine } from '../source-line';

export function checkBraceBalance(lines: readonly SourceLine[], diags: Diagnostics): void {
  let depth = 0;
  const root = diags.root;
  lines.forEach((l, i) => {
    if (l.text === '{') depth++;
    else if (l.text === '}' && depth-- < 1) {
      // keepalived says so as it reads the line, before the line is parsed: in a process's log it comes just before
      // what is reported about that line (Diagnostics.root).
      diags.root = i - 0.5;
      diags.error(ConfigErr.UnexpectedBob, l.pos, "Extra '}' found");
      diags.root = root;
      depth = 0;
    }
  });
  if (depth > 0) diags.error(ConfigErr.MissingBob, undefined, `There are ${depth} missing '}'s or extra '{'s`);
}
