// The lines keepalived logs at config load for each cause that starts an instance in FAULT, in its order:
// interfaces, tracked files and processes (initialise_tracking_priorities walks those for all instances first),
// then the instance's scripts. BFD and other causes log nothing here.
import type { TrackerValue } from './events';
import * as L from './log-lines';
import { trackerEffect } from './priority';
import type { InstanceSettings } from './settings';

export function faultCauseLines(
  s: InstanceSettings, values: ReadonlyMap<string, TrackerValue>, ownInterfaceDown: boolean,
): string[] {
  const lines: string[] = [];
  if (ownInterfaceDown) lines.push(L.faultInterfaceDown(s.name, s.interfaceName));
  for (const kind of ['interface', 'file', 'process', 'script'] as const) {
    for (const t of s.trackers) {
      if (t.kind !== kind) continue;
      const value = values.get(t.id);
      if (!trackerEffect(t, value).fault) continue;
      if (kind === 'interface') lines.push(L.faultInterfaceDown(s.name, t.id));
      else if (kind === 'process') lines.push(L.faultProcess(s.name, t.id));
      else if (kind === 'script') lines.push(L.faultScript(s.name, t.id));
      else {
        // keepalived prints the computed status: −254 for a weight-0 file, value × weight (× −1) otherwise.
        const v = typeof value === 'number' ? value : 0;
        lines.push(L.faultFile(s.name, t.id, t.weight === 0 ? -254 : v * t.weight * (t.reverse ? -1 : 1)));
      }
    }
  }
  return lines;
}
