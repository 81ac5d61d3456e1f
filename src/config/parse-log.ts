// Which of the lines keepalived logs while it parses (Diagnostics.logLines) each of its processes writes. The parent
// parses global_defs; the VRRP and checker processes parse global_defs again and their own sections. The default
// script user is looked up once per process, at the first script that needs it: the parent's answer (global_defs
// scripts) is inherited by the children it forks, while each process forgets it at a reload.
import type { Diagnostic, Diagnostics, ParseLogLine } from './diagnostics';

export type ParsingProcess = 'parent' | 'vrrp' | 'check';

/** The parse log lines `process` writes, at start-up or at a reload. */
export function parseLogFor(diags: Diagnostics, process: ParsingProcess, reload: boolean): ParseLogLine[] {
  const mine = diags.logLines.filter((l) => l.scope === 'global' || l.scope === process);
  const globalAsk = mine.some((l) => l.defaultUser && l.scope === 'global');
  let asked = process !== 'parent' && !reload && globalAsk;
  return mine.filter((l) => {
    if (!l.defaultUser) return true;
    if (asked) return false;
    asked = true;
    return true;
  });
}

/** A process's configuration diagnostics with its parse log lines where they came, as text or as the diagnostic. */
export function interleaved(diags: Diagnostics, lines: readonly ParseLogLine[]): Array<Diagnostic | string> {
  const out: Array<Diagnostic | string> = [];
  let next = 0;
  diags.list.forEach((d, i) => {
    while (next < lines.length && (lines[next] as ParseLogLine).before <= i) out.push((lines[next++] as ParseLogLine).message);
    out.push(d);
  });
  while (next < lines.length) out.push((lines[next++] as ParseLogLine).message);
  return out;
}
