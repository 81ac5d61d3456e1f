// global_defs firewall keywords. Debian's keepalived 2.2.7 is built with nftables and without iptables, so
// vrrp_iptables is kept only as a (reported) request for nftables, and vrrp_ipsets is not a keyword at all.
import { ConfigErr } from '../../diagnostics';
import type { BuildContext } from '../../parser/build-context';
import type { KeywordDef } from '../../parser/keyword-tree';
import { readIntWord, readUnsignedWord } from '../../values/read-number';
import { flag } from './flags';

/** The kernel's NFT_TABLE_MAXNAMELEN (including the NUL). */
const NFT_TABLE_MAXNAMELEN = 256;
const DEFAULT_TABLE = 'keepalived';
const DEFAULT_IPVS_TABLE = 'keepalived_ipvs';
const DEFAULT_IPVS_START_FWMARK = 1000;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const UINT32_MAX = 4294967295;

export function firewallKeywords(ctx: BuildContext): KeywordDef[] {
  const g = ctx.config.globalDefs;
  return [
    {
      name: 'vrrp_iptables',
      handler: (a) => {
        a.error(
          ConfigErr.GeneralError,
          "iptables not supported, using nftables instead. Please replace 'vrrp_iptables and 'vrrp_ipsets' with 'nftables' config option",
        );
        g.nftables = DEFAULT_TABLE;
        g.nftablesPriority = -1;
      },
    },
    {
      name: 'nftables',
      handler: (a) => {
        if (g.nftables !== undefined) return a.error(ConfigErr.GeneralError, 'nftables already specified - ignoring');
        if (a.has(1) && Buffer.byteLength(a.word(1)) >= NFT_TABLE_MAXNAMELEN) {
          return a.error(ConfigErr.GeneralError, 'nftables table name too long - ignoring');
        }
        g.nftables = a.has(1) ? a.word(1) : DEFAULT_TABLE;
        g.nftablesPriority = -1;
      },
    },
    {
      name: 'nftables_priority',
      handler: (a) => {
        const v = readIntWord(a, a.word(1), INT32_MIN, INT32_MAX);
        if (v === undefined) return a.error(ConfigErr.InvalidNumber, `invalid nftables chain priority '${a.word(1)}'`);
        g.nftablesPriority = v;
      },
    },
    flag('nftables_ifindex', () => (g.nftablesIfindex = true)),
    {
      name: 'nftables_ipvs',
      handler: (a) => {
        if (g.nftablesIpvs !== undefined) return a.error(ConfigErr.GeneralError, 'ipvs nftables already specified - ignoring');
        if (a.has(1) && Buffer.byteLength(a.word(1)) >= NFT_TABLE_MAXNAMELEN) {
          return a.error(ConfigErr.GeneralError, 'ipvs nftables table name too long - ignoring');
        }
        g.nftablesIpvs = a.has(1) ? a.word(1) : DEFAULT_IPVS_TABLE;
        g.nftablesIpvsPriority = -1;
        g.nftablesIpvsStartFwmark = DEFAULT_IPVS_START_FWMARK;
      },
    },
    {
      name: 'nftables_ipvs_priority',
      handler: (a) => {
        const v = readIntWord(a, a.word(1), INT32_MIN, INT32_MAX);
        if (v === undefined) return a.error(ConfigErr.InvalidNumber, `invalid ipvs nftables chain priority '${a.word(1)}'`);
        g.nftablesIpvsPriority = v;
      },
    },
    {
      name: 'nftables_ipvs_start_fwmark',
      handler: (a) => {
        const v = readUnsignedWord(a, a.word(1), 1, UINT32_MAX);
        if (v === undefined) return a.error(ConfigErr.InvalidNumber, `invalid ipvs nftables start_fwmark priority '${a.word(1)}'`);
        g.nftablesIpvsStartFwmark = v;
      },
    },
    flag('nftables_counters', () => (g.nftablesCounters = true)),
  ];
}
