// `vrrp_sync_group NAME { group { VI_1 VI_2 … } … }` (vrrp_parser.c). Members are resolved after the whole file
// is read (validateVrrp), tracked objects as each entry is read, as keepalived does.
import { ConfigErr } from '../diagnostics';
import type { BuildContext } from '../parser/build-context';
import type { KeywordDef } from '../parser/keyword-tree';
import { keywordTable } from '../parser/keyword-tree';
import type { TrackedObject, VrrpSyncGroup } from '../model/vrrp';
import { checkTrueFalse } from '../values/bool';
import { readScript } from '../values/script';
import { syncGroupDraft } from './vrrp-draft';
import { addTracked, TrackKind } from './vrrp-tracking';

type GroupNotify = 'notifyMaster' | 'notifyBackup' | 'notifyFault' | 'notifyStop' | 'notify';

export function newVrrpSyncGroup(name: string, pos: VrrpSyncGroup['pos']): VrrpSyncGroup {
  return {
    name,
    group: [],
    trackInterface: [],
    trackScript: [],
    trackFile: [],
    trackProcess: [],
    trackBfd: [],
    notifyMaster: undefined,
    notifyBackup: undefined,
    notifyFault: undefined,
    notifyStop: undefined,
    notify: undefined,
    smtpAlert: false,
    notifyPriorityChanges: undefined,
    syncGroupTrackingWeight: false,
    pos,
  };
}

/** Sync-group smtp_alert as given (undefined: from global_defs), for validateVrrp. */
const smtpAlertGiven = new WeakMap<VrrpSyncGroup, boolean>();

export function syncGroupSmtpAlert(group: VrrpSyncGroup): boolean | undefined {
  return smtpAlertGiven.get(group);
}

export function vrrpSyncGroupKeywords(ctx: BuildContext): KeywordDef[] {
  let orphan: VrrpSyncGroup | undefined;
  const last = (): VrrpSyncGroup => {
    const list = ctx.config.vrrpSyncGroups;
    return list[list.length - 1] ?? (orphan ??= newVrrpSyncGroup('', { file: '', line: 0 }));
  };

  const notifyScript = (name: string, field: GroupNotify): KeywordDef => ({
    name,
    handler: (a) => {
      const g = last();
      if (g[field] !== undefined) {
        a.error(
          ConfigErr.GeneralError,
          `vrrp group ${g.name}: ${name} script already specified - ignoring ${a.word(1)}`,
        );
        return;
      }
      g[field] = readScript(ctx, a, 1, `${name} script for sync group ${g.name}`, { scope: 'vrrp', type: 'notify' });
    },
  });

  const trackBlock = (name: string, kind: TrackKind, pick: (g: VrrpSyncGroup) => TrackedObject[]): KeywordDef => ({
    name,
    handler: (a) => {
      const g = last();
      a.readBlockLines((entry) => addTracked(ctx, kind, g.name, pick(g), entry));
    },
  });

  const sub = keywordTable([
    {
      name: 'group',
      handler: (a) => {
        const g = last();
        const d = syncGroupDraft(g);
        if (d.members !== undefined) {
          a.error(ConfigErr.GeneralError, `Group list already specified for sync group ${g.name}`);
          a.skipBlock();
          return;
        }
        const { words } = a.readBlockWords();
        if (words.length === 0) a.error(ConfigErr.GeneralError, `Warning - sync group ${g.name} has empty group block`);
        else d.members = words;
      },
    },
    trackBlock('track_interface', 'interface', (g) => g.trackInterface),
    trackBlock('track_script', 'script', (g) => g.trackScript),
    trackBlock('track_file', 'file', (g) => g.trackFile),
    trackBlock('track_process', 'process', (g) => g.trackProcess),
    trackBlock('track_bfd', 'bfd', (g) => g.trackBfd),
    notifyScript('notify_backup', 'notifyBackup'),
    notifyScript('notify_master', 'notifyMaster'),
    notifyScript('notify_fault', 'notifyFault'),
    notifyScript('notify_stop', 'notifyStop'),
    notifyScript('notify', 'notify'),
    {
      name: 'smtp_alert',
      handler: (a) => {
        const g = last();
        const res = a.has(1) ? checkTrueFalse(a.word(1)) : true;
        if (res === undefined) a.error(ConfigErr.GeneralError, `Invalid vrrp_group smtp_alert parameter ${a.word(1)}`);
        else smtpAlertGiven.set(g, res);
      },
    },
    {
      name: 'global_tracking',
      handler: (a) => {
        const g = last();
        a.error(
          ConfigErr.GeneralError,
          `(${g.name}) global_tracking is deprecated. Use track_interface/script/file on the sync group`,
        );
        g.syncGroupTrackingWeight = true;
      },
    },
    { name: 'sync_group_tracking_weight', handler: () => (last().syncGroupTrackingWeight = true) },
    {
      name: 'notify_priority_changes',
      handler: (a) => {
        const g = last();
        const res = a.has(1) ? checkTrueFalse(a.word(1)) : true;
        if (res === undefined) {
          a.error(
            ConfigErr.GeneralError,
            `(${g.name}) Invalid value '${a.word(1)}' for sync group notify_priority_changes specified`,
          );
        } else g.notifyPriorityChanges = res;
      },
    },
  ]);

  return [
    {
      name: 'vrrp_sync_group',
      handler: (a) => {
        if (a.count !== 2) {
          a.error(ConfigErr.GeneralError, 'vrrp_sync_group must have a name - skipping');
          a.skipBlock();
          return;
        }
        const name = a.word(1);
        if (ctx.config.vrrpSyncGroups.some((g) => g.name === name)) {
          a.error(ConfigErr.GeneralError, `vrrp sync group ${name} already defined`);
          a.skipBlock();
          return;
        }
        ctx.config.vrrpSyncGroups.push(newVrrpSyncGroup(name, a.pos));
      },
      sub,
    },
  ];
}
