// global_defs { … }: every keyword keepalived 2.2.7 accepts there (later versions' keywords stay unknown, as in
// 2.2.7). The keywords are grouped by subject under ./global-defs/.
import type { BuildContext } from '../parser/build-context';
import { keywordTable, type KeywordDef } from '../parser/keyword-tree';
import { firewallKeywords } from './global-defs/firewall';
import { housekeepingKeywords } from './global-defs/housekeeping';
import { lvsKeywords } from './global-defs/lvs';
import { mailKeywords } from './global-defs/mail';
import { netlinkKeywords } from './global-defs/netlink';
import { processKeywords } from './global-defs/process';
import { scriptKeywords } from './global-defs/scripts';
import { snmpDbusKeywords } from './global-defs/snmp-dbus';
import { vrrpDefaultKeywords } from './global-defs/vrrp';

export function globalDefsKeywords(ctx: BuildContext): KeywordDef[] {
  return [
    {
      name: 'global_defs',
      sub: keywordTable([
        ...mailKeywords(ctx),
        ...processKeywords(ctx),
        ...scriptKeywords(ctx),
        ...vrrpDefaultKeywords(ctx),
        ...firewallKeywords(ctx),
        ...netlinkKeywords(ctx),
        ...lvsKeywords(ctx),
        ...snmpDbusKeywords(ctx),
        ...housekeepingKeywords(ctx),
      ]),
    },
  ];
}
