// Sync groups in keepalived's completion pass: members looked up by name (vrrp_sync_set_group()), and, once the
// instances are complete, the group-level trackers checked against address-owner members
// (sync_group_tracking_init()).
import { ConfigErr } from '../diagnostics';
import type { BuildContext } from '../parser/build-context';
import type { VrrpInstance, VrrpSyncGroup } from '../model/vrrp';
import { instanceDraft, syncGroupDraft } from '../sections/vrrp-draft';
import { syncGroupSmtpAlert } from '../sections/vrrp-sync-group';
import type { VrrpGlobals } from './vrrp-globals';

const OWNER = 255;

function error(ctx: BuildContext, message: string): void {
  ctx.diags.error(ConfigErr.GeneralError, undefined, message);
}

/** Resolves every group's members; groups left without members are removed, as keepalived frees them. */
export function resolveSyncGroups(ctx: BuildContext): void {
  const byName = new Map(ctx.config.vrrpInstances.map((v) => [v.name, v] as const));
  ctx.config.vrrpSyncGroups = ctx.config.vrrpSyncGroups.filter((g) => {
    const names = syncGroupDraft(g).members;
    if (names === undefined) {
      error(ctx, `Sync group ${g.name} has no virtual router(s). removing`);
      return false;
    }
    return setGroupMembers(ctx, g, names, byName);
  });
}

function setGroupMembers(
  ctx: BuildContext,
  g: VrrpSyncGroup,
  names: readonly string[],
  byName: ReadonlyMap<string, VrrpInstance>,
): boolean {
  // The group's state as keepalived works it out from the members' settings as written.
  let state: 'INIT' | 'MASTER' | 'BACKUP' = 'INIT';
  g.group = [];
  for (const name of names) {
    const vrrp = byName.get(name);
    if (vrrp === undefined) {
      error(ctx, `Virtual router ${name} specified in sync group ${g.name} doesn't exist - ignoring`);
      continue;
    }
    if (vrrp.syncGroup !== undefined) {
      error(ctx, `Virtual router ${name} cannot exist in more than one sync group; ignoring ${g.name}`);
      continue;
    }
    g.group.push(name);
    vrrp.syncGroup = g.name;
    const d = instanceDraft(vrrp);
    if (state === 'MASTER' && d.wantState === 'BACKUP') {
      error(
        ctx,
        `Sync group ${g.name} has some member(s) as address owner and some not as address owner. This won't work.`,
      );
    }
    if (state !== 'BACKUP') state = d.wantState === 'MASTER' && d.priority === OWNER ? 'MASTER' : 'BACKUP';
  }
  if (g.group.length === 0) {
    error(ctx, `Sync group ${g.name}, no matching virtual router found in group declaration - removing`);
    return false;
  }
  if (g.group.length === 1)
    error(ctx, `Sync group ${g.name} has only 1 virtual router(s) - this probably isn't what you want`);
  return true;
}

/** Group trackers cannot carry weights when a member is the address owner; default smtp_alert. */
export function syncGroupTracking(ctx: BuildContext, globals: VrrpGlobals): void {
  const byName = new Map(ctx.config.vrrpInstances.map((v) => [v.name, v] as const));
  for (const g of ctx.config.vrrpSyncGroups) {
    if (g.group.length === 0) continue;
    const hasOwner = g.group.some((n) => byName.get(n)?.priority === OWNER);
    const clear = (list: VrrpSyncGroup['trackScript'], what: string, tail: string): void => {
      for (const t of list) {
        if (hasOwner && t.weight !== 0) {
          error(
            ctx,
            `(${g.name}) Cannot have weighted track ${what} '${t.name}' with member having priority ${OWNER} - ${tail}`,
          );
          t.weight = 0;
        }
      }
    };
    clear(g.trackScript, 'script', 'clearing weight');
    clear(g.trackFile, 'file', 'setting weight 0');
    clear(g.trackProcess, 'process', 'setting weight 0');
    clear(g.trackBfd, 'bfd', 'setting weight 0');
    clear(g.trackInterface, 'interface', 'clearing weight');
    g.smtpAlert = syncGroupSmtpAlert(g) ?? globals.smtpAlertVrrp ?? globals.smtpAlert ?? false;
  }
}
