// The typed model of a whole keepalived.conf. Field names are the camelCase of keepalived's canonical keyword
// (virtual_router_id → virtualRouterId), so the dump and tools can name every setting by its keyword.
import { emptyGlobalDefs, emptyTopLevel, GlobalDefs, TopLevel } from './global-defs';
import type { GarpGroup, LinkbeatInterface, InterfaceUpDownDelay, TrackGroup } from './interface-groups';
import { emptyStaticAddresses, StaticAddresses } from './static-routing';
import type { TrackFile, VrrpScript, VrrpTrackProcess } from './trackers';
import type { VrrpInstance, VrrpSyncGroup } from './vrrp';
import type { BfdInstance } from './bfd';
import type { SslContext, VirtualServer, VirtualServerGroup } from './virtual-server';

export interface KeepalivedConfig {
  /** Keywords allowed only outside any block (net_namespace, instance, use_pid_dir, …). */
  topLevel: TopLevel;
  globalDefs: GlobalDefs;
  linkbeatInterfaces: LinkbeatInterface[];
  interfaceUpDownDelays: InterfaceUpDownDelay[];
  trackGroups: TrackGroup[];
  garpGroups: GarpGroup[];
  statics: StaticAddresses;
  trackFiles: TrackFile[];
  vrrpScripts: VrrpScript[];
  vrrpTrackProcesses: VrrpTrackProcess[];
  vrrpSyncGroups: VrrpSyncGroup[];
  vrrpInstances: VrrpInstance[];
  bfdInstances: BfdInstance[];
  ssl: SslContext | undefined;
  virtualServerGroups: VirtualServerGroup[];
  virtualServers: VirtualServer[];
}

/** A configuration with nothing set: every default is applied by the section parsers and validators. */
export function emptyConfig(): KeepalivedConfig {
  return {
    topLevel: emptyTopLevel(),
    globalDefs: emptyGlobalDefs(),
    linkbeatInterfaces: [],
    interfaceUpDownDelays: [],
    trackGroups: [],
    garpGroups: [],
    statics: emptyStaticAddresses(),
    trackFiles: [],
    vrrpScripts: [],
    vrrpTrackProcesses: [],
    vrrpSyncGroups: [],
    vrrpInstances: [],
    bfdInstances: [],
    ssl: undefined,
    virtualServerGroups: [],
    virtualServers: [],
  };
}
