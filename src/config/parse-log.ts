// What each of keepalived's processes logs while it reads the configuration: its share of the diagnostics and of the
// lines keepalived logs while it parses (Diagnostics.logLines), in the order keepalived reads the file. The parent
// parses global_defs and the root-only keywords; the VRRP and checker processes parse their own blocks, and global_defs
// again only at a reload; what is wrong whatever the block (an unknown root keyword, a stray brace) every process
// reports. The default script user is looked up once per process, at the first script that needs it: the parent's
// answer (global_defs scripts) is inherited by the children it forks, while each process forgets it at a reload.
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

/** Whether `process` reports `d` when the daemon runs (start-up, or a reload). */
export function reportsDiagnostic(d: Diagnostic, process: ParsingProcess, reload: boolean): boolean {
  // The parent's own checks (the startup/shutdown scripts) are made at start-up only.
  if (d.process !== undefined) return d.process === process && !(process === 'parent' && reload);
  switch (d.owner) {
    case 'any':
      return true;
    case 'global':
      return process === 'parent' || reload;
    case 'children':
      return process !== 'parent';
    default:
      return d.owner === process;
  }
}

/**
 * What `process` logs while it reads the configuration, in keepalived's order: its diagnostics with its parse log
 * lines where they came, as text or as the diagnostic. keepalived reads the file once from the top; we read
 * global_defs first, so the entries are put back in the order of the root blocks they came from.
 */
export function processParseLog(
  diags: Diagnostics,
  process: ParsingProcess,
  reload: boolean,
  /** Other lines the process logs as it reads, each with its place (Diagnostics.root). */
  extra: ReadonlyArray<{ root: number; text: string }> = [],
): Array<Diagnostic | string> {
  const lines = parseLogFor(diags, process, reload);
  const entries: Array<{ root: number; item: Diagnostic | string }> = extra.map((e) => ({ root: e.root, item: e.text }));
  let next = 0;
  const flush = (upTo: number): void => {
    for (; next < lines.length && (lines[next] as ParseLogLine).before <= upTo; next++) {
      const l = lines[next] as ParseLogLine;
      entries.push({ root: l.root, item: l.message });
    }
  };
  diags.list.forEach((d, i) => {
    flush(i);
    if (reportsDiagnostic(d, process, reload)) entries.push({ root: d.root, item: d });
  });
  flush(Infinity);
  // Array.prototype.sort is stable: entries of one block keep their order.
  return entries.sort((a, b) => (a.root === b.root ? 0 : a.root < b.root ? -1 : 1)).map((e) => e.item);
}
