// An in-memory IpvsClient for unit tests of the code that uses one (the reconciler, the checker side): the same
// errors the kernel gives (EEXIST for a duplicate, ESRCH for a missing service, ENOENT for a missing destination
// or an unknown scheduler) and the table in insertion order. Every call is recorded in `calls`.
import { NetlinkError } from '../net/netlink/errors';
import { describeDest, describeService, destId, serviceId } from './describe';
import type {
  DestEntry, DestKey, IpvsClient, IpvsDest, IpvsInfo, IpvsService, IpvsTimeouts, ServiceEntry, ServiceKey,
  SyncDaemonConfig, TableService,
} from './types';

const SCHEDULERS = new Set(['rr', 'wrr', 'lc', 'wlc', 'lblc', 'lblcr', 'dh', 'sh', 'sed', 'nq', 'mh', 'fo', 'ovf']);

export class FakeIpvs implements IpvsClient {
  private readonly services = new Map<string, { service: IpvsService; dests: Map<string, IpvsDest> }>();
  private timeouts: IpvsTimeouts = { tcp: 900, tcpFin: 120, udp: 300 };
  private readonly daemons: SyncDaemonConfig[] = [];
  readonly calls: string[] = [];
  closed = false;

  async info(): Promise<IpvsInfo> {
    return { version: '1.2.1', connTableSize: 4096 };
  }

  async listServices(): Promise<ServiceEntry[]> {
    return [...this.services.values()].map((s) => ({ ...s.service, stats: undefined }));
  }

  async getService(key: ServiceKey): Promise<ServiceEntry> {
    return { ...this.need(key, `get service ${describeService(key)}`).service, stats: undefined };
  }

  async listDests(service: ServiceKey): Promise<DestEntry[]> {
    const s = this.services.get(serviceId(service));
    return s ? [...s.dests.values()].map((d) => ({ ...d, activeConns: 0, inactiveConns: 0, persistentConns: 0, stats: undefined })) : [];
  }

  async readTable(): Promise<TableService[]> {
    return [...this.services.values()].map((s) => ({ service: { ...s.service }, dests: [...s.dests.values()].map((d) => ({ ...d })) }));
  }

  async addService(s: IpvsService): Promise<void> {
    const op = this.record(`add service ${describeService(s)}`);
    if (this.services.has(serviceId(s))) throw new NetlinkError('EEXIST', op);
    this.checkScheduler(s, op);
    this.services.set(serviceId(s), { service: copyService(s), dests: new Map() });
  }

  async editService(s: IpvsService): Promise<void> {
    const op = this.record(`edit service ${describeService(s)}`);
    const cur = this.need(s, op);
    this.checkScheduler(s, op);
    cur.service = copyService(s);
  }

  async deleteService(key: ServiceKey): Promise<void> {
    const op = this.record(`delete service ${describeService(key)}`);
    this.need(key, op);
    this.services.delete(serviceId(key));
  }

  async addDest(service: ServiceKey, d: IpvsDest): Promise<void> {
    const op = this.record(`add destination ${describeDest(d)} to ${describeService(service)}`);
    const s = this.need(service, op);
    if (s.dests.has(destId(d))) throw new NetlinkError('EEXIST', op);
    s.dests.set(destId(d), { ...d });
  }

  async editDest(service: ServiceKey, d: IpvsDest): Promise<void> {
    const op = this.record(`edit destination ${describeDest(d)} of ${describeService(service)}`);
    const s = this.need(service, op);
    if (!s.dests.has(destId(d))) throw new NetlinkError('ENOENT', op);
    s.dests.set(destId(d), { ...d });
  }

  async deleteDest(service: ServiceKey, d: DestKey): Promise<void> {
    const op = this.record(`delete destination ${describeDest(d)} from ${describeService(service)}`);
    const s = this.need(service, op);
    if (!s.dests.delete(destId(d))) throw new NetlinkError('ENOENT', op);
  }

  async flush(): Promise<void> {
    this.record('flush services');
    this.services.clear();
  }

  async zero(service?: ServiceKey): Promise<void> {
    const op = this.record(service ? `zero counters of ${describeService(service)}` : 'zero all counters');
    if (service) this.need(service, op);
  }

  async getTimeouts(): Promise<IpvsTimeouts> {
    return { ...this.timeouts };
  }

  async setTimeouts(t: IpvsTimeouts): Promise<void> {
    this.record(`set timeouts tcp ${t.tcp} tcpfin ${t.tcpFin} udp ${t.udp}`);
    this.timeouts = { tcp: t.tcp || this.timeouts.tcp, tcpFin: t.tcpFin || this.timeouts.tcpFin, udp: t.udp || this.timeouts.udp };
  }

  async startSyncDaemon(c: SyncDaemonConfig): Promise<void> {
    const op = this.record(`start sync daemon ${c.state} on ${c.interface} syncid ${c.syncId}`);
    if (this.daemons.some((d) => d.state === c.state)) throw new NetlinkError('EEXIST', op);
    // The kernel looks the multicast interface up first (keepalived's reload sends none).
    if (c.interface === '') throw new NetlinkError('ENODEV', op);
    this.daemons.push({ ...c });
  }

  async stopSyncDaemon(state: 'master' | 'backup'): Promise<void> {
    const op = this.record(`stop sync daemon ${state}`);
    const i = this.daemons.findIndex((d) => d.state === state);
    if (i < 0) throw new NetlinkError('ESRCH', op);
    this.daemons.splice(i, 1);
  }

  async listSyncDaemons(): Promise<SyncDaemonConfig[]> {
    return this.daemons.map((d) => ({ ...d }));
  }

  close(): void {
    this.closed = true;
  }

  private record(op: string): string {
    if (this.closed) throw new NetlinkError('ECANCELED', op);
    this.calls.push(op);
    return op;
  }

  private need(key: ServiceKey, op: string): { service: IpvsService; dests: Map<string, IpvsDest> } {
    const s = this.services.get(serviceId(key));
    if (!s) throw new NetlinkError('ESRCH', op);
    return s;
  }

  private checkScheduler(s: IpvsService, op: string): void {
    if (!SCHEDULERS.has(s.scheduler)) throw new NetlinkError('ENOENT', op);
  }
}

function copyService(s: IpvsService): IpvsService {
  const { family, fwmark, protocol, address, port, scheduler, flags, timeout, netmask, peName } = s;
  return fwmark > 0
    ? { family, fwmark, protocol: undefined, address: '', port: 0, scheduler, flags, timeout, netmask, peName }
    : { family, fwmark, protocol, address, port, scheduler, flags, timeout, netmask, peName };
}
