// Keywords keepalived accepts only outside every block (inside global_defs they are unknown): namespaces, instance
// name, pid directory, child wait time and link-beat polling.
import { ConfigErr } from '../diagnostics';
import type { BuildContext } from '../parser/build-context';
import type { KeywordDef } from '../parser/keyword-tree';
import { TIMER_HZ, readUnsigned } from '../values/read-number';

const UINT_MAX = 4294967295;

export function topLevelKeywords(ctx: BuildContext): KeywordDef[] {
  const top = ctx.config.topLevel;
  return [
    {
      name: 'net_namespace',
      handler: (a) => {
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'net_namespace name missing - ignoring');
        if (top.netNamespace !== undefined) {
          return a.error(ConfigErr.GeneralError, `Duplicate net_namespace definition ${a.word(1)} - ignoring`);
        }
        top.netNamespace = a.word(1);
        top.usePidDir = true;
      },
    },
    {
      name: 'net_namespace_ipvs',
      handler: (a) => {
        // keepalived names the duplicate with the line's second word even when there is none (and exits then).
        if (top.netNamespaceIpvs !== undefined) {
          return a.error(ConfigErr.GeneralError, `Duplicate net_namespace_ipvs definition ${a.word(1)} - ignoring`);
        }
        top.netNamespaceIpvs = a.has(1) ? a.word(1) : '';
      },
    },
    { name: 'namespace_with_ipsets', handler: () => void (top.namespaceWithIpsets = true) },
    {
      name: 'instance',
      handler: (a) => {
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'instance name missing - ignoring');
        if (top.instance !== undefined) {
          return a.error(ConfigErr.GeneralError, `Duplicate instance definition ${a.word(1)} - ignoring`);
        }
        top.instance = a.word(1);
        top.usePidDir = true;
      },
    },
    { name: 'use_pid_dir', handler: () => void (top.usePidDir = true) },
    {
      name: 'child_wait_time',
      handler: (a) => {
        const secs = readUnsigned(a, 1, 0, UINT_MAX);
        if (secs === undefined) return a.error(ConfigErr.GeneralError, `Invalid child_wait_time ${a.word(1)}`);
        top.childWaitTimeUs = secs * TIMER_HZ;
      },
    },
    { name: 'linkbeat_use_polling', handler: () => void (top.linkbeatUsePolling = true) },
  ];
}
