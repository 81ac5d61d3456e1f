// global_defs receive-buffer sizes of keepalived's netlink and process-monitor sockets, each with a `_force` twin
// (SO_RCVBUFFORCE, to exceed rmem_max).
import { ConfigErr } from '../../diagnostics';
import type { GlobalDefs } from '../../model/global-defs';
import type { BuildContext } from '../../parser/build-context';
import type { KeywordDef } from '../../parser/keyword-tree';
import { readUnsignedWord } from '../../values/read-number';
import { optionalBool } from './flags';

const UINT_MAX = 4294967295;

type SizeField =
  | 'vrrpNetlinkCmdRcvBufs'
  | 'vrrpNetlinkMonitorRcvBufs'
  | 'processMonitorRcvBufs'
  | 'lvsNetlinkCmdRcvBufs'
  | 'lvsNetlinkMonitorRcvBufs';
type ForceField = `${SizeField}Force`;

const SOCKETS: ReadonlyArray<readonly [string, SizeField]> = [
  ['vrrp_netlink_cmd', 'vrrpNetlinkCmdRcvBufs'],
  ['vrrp_netlink_monitor', 'vrrpNetlinkMonitorRcvBufs'],
  ['process_monitor', 'processMonitorRcvBufs'],
  ['lvs_netlink_cmd', 'lvsNetlinkCmdRcvBufs'],
  ['lvs_netlink_monitor', 'lvsNetlinkMonitorRcvBufs'],
];

export function netlinkKeywords(ctx: BuildContext): KeywordDef[] {
  const g: GlobalDefs = ctx.config.globalDefs;
  return SOCKETS.flatMap(([prefix, field]): KeywordDef[] => [
    {
      name: `${prefix}_rcv_bufs`,
      handler: (a) => {
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, `${prefix}_rcv_bufs size missing`);
        const size = readUnsignedWord(a, a.word(1), 0, UINT_MAX);
        if (size === undefined) return a.error(ConfigErr.GeneralError, `${prefix}_rcv_bufs size (${a.word(1)}) invalid`);
        // 0 keeps the kernel default.
        if (size !== 0) g[field] = size;
      },
    },
    optionalBool(`${prefix}_rcv_bufs_force`, (v) => (g[`${field}Force` as ForceField] = v)),
  ]);
}
