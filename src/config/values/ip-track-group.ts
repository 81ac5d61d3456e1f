// `track_group NAME` in a static address, route or rule: keepalived looks the group up while it parses the entry,
// so only a track_group block that comes earlier in the file counts.
import type { BuildContext } from '../parser/build-context';

export function trackGroupDefined(ctx: BuildContext, name: string): boolean {
  return ctx.config.trackGroups.some((g) => (g as { name?: unknown }).name === name);
}
