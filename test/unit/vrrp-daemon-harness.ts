// Daemons on a fake segment in virtual time: each node has a FakePacketIO port on one FakeSegment, its own
// FakeNetlink kernel, a memory log and a recording script runner; one ManualTime drives the shared scheduler and the
// segment together, so a run is deterministic and takes milliseconds for seconds of protocol time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load';
import type { KeepalivedConfig } from '../../src/config/model/keepalived-config';
import { liveSystem } from '../../src/config/system-view';
import { FakeNetlink, type LinkInfo, type MacvlanSpec } from '../../src/net/netlink';
import { FakeSysctl } from '../../src/net/sysctl/sysctl';
import { FakePacketIO, FakeSegment } from '../../src/net/packet-io';
import { Logger, MemorySink } from '../../src/core/logging';
import { FakeRun, FakeScriptRunner } from '../../src/core/process';
import { Scheduler } from '../../src/vrrp/daemon/scheduler';
import { ManualTime } from '../../src/vrrp/daemon/time-source';
import { VrrpDaemon, VrrpDaemonOptions } from '../../src/vrrp/daemon/vrrp-daemon';

export const S = 1_000_000;
export const MS = 1000;

const dir = mkdtempSync(join(tmpdir(), 'kts-daemon-unit-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
let confCount = 0;

/** Loads a keepalived.conf text as the daemon would, on a machine where every interface exists. */
export function config(text: string): KeepalivedConfig {
  const path = join(dir, `k${confCount++}.conf`);
  writeFileSync(path, text);
  const r = loadConfig(path, { configTest: false, system: { ...liveSystem, interfaceExists: () => true } });
  if (r.abort) throw new Error(`config aborted: ${r.abort.message}`);
  return r.config;
}

/** One vrrp_instance block with keepalived's usual test defaults (VRID 51, PASS auth, one VIP). */
export function instanceBlock(o: {
  name?: string; state?: string; priority?: number; vrid?: number; vips?: string[]; advert?: string; extra?: string;
} = {}): string {
  return `vrrp_instance ${o.name ?? 'VI_1'} {
  state ${o.state ?? 'BACKUP'}
  interface eth0
  virtual_router_id ${o.vrid ?? 51}
  priority ${o.priority ?? 100}
  advert_int ${o.advert ?? '1'}
  authentication {
    auth_type PASS
    auth_pass secret
  }
  virtual_ipaddress {
${(o.vips ?? ['10.9.0.100/24']).map((v) => `    ${v}`).join('\n')}
  }
${o.extra ?? ''}
}
`;
}

/** A fake kernel whose macvlans also appear as ports of the node's FakePacketIO (a VMAC's packets use the segment). */
class NodeNetlink extends FakeNetlink {
  constructor(links: ReadonlyArray<Partial<LinkInfo> & { index: number; name: string }>, private readonly onMacvlan: (spec: MacvlanSpec, index: number) => void) {
    super(links);
  }

  override async addMacvlan(spec: MacvlanSpec): Promise<number> {
    const index = await super.addMacvlan(spec);
    this.onMacvlan(spec, index);
    return index;
  }
}

export class FakeNode {
  readonly io: FakePacketIO;
  readonly netlink: FakeNetlink;
  /** /proc/sys of the node: all.rp_filter 0 unless a test says otherwise. */
  readonly sysctl = new FakeSysctl();
  readonly sink = new MemorySink();
  readonly runner = new FakeScriptRunner((run) => run.exit(0));
  readonly daemon: VrrpDaemon;

  constructor(readonly world: FakeWorld, readonly name: string, readonly ip: string, options: Partial<VrrpDaemonOptions> = {}) {
    this.io = new FakePacketIO(name);
    this.io.attach(world.segment, { ifname: 'eth0', ifindex: 2, ipv4: [ip], linkLocal: `fe80::${name.toLowerCase().charCodeAt(0).toString(16)}` });
    this.netlink = new NodeNetlink([{ index: 1, name: 'lo' }, { index: 2, name: 'eth0', mac: '02:00:00:00:00:01' }], (spec, index) => {
      if (!this.io.ports.has(spec.name)) this.io.attach(world.segment, { ifname: spec.name, ifindex: index, mac: spec.mac });
    });
    this.sysctl.values.set('net.ipv4.conf.all.rp_filter', 0);
    this.netlink.externalAddAddress({ index: 2, ifname: 'eth0', family: 4, address: ip, prefix: 24 });
    const log = new Logger({ sinks: [this.sink], detail: 1 });
    this.daemon = new VrrpDaemon(
      { io: this.io, netlink: this.netlink, monitor: this.netlink.monitor(), scheduler: world.scheduler, log, scripts: this.runner, sysctl: this.sysctl },
      { logDetail: true, dontReleaseVrrp: false, tmpDir: dir, ...options },
    );
  }

  /** Everything logged (with -D). */
  get lines(): string[] {
    return this.sink.messages();
  }

  /** Scripts started, in order. */
  get scripts(): FakeRun[] {
    return this.runner.runs;
  }

  /** Addresses on eth0 other than the node's own. */
  vips(): string[] {
    return this.netlink.addresses().filter((a) => a.address !== this.ip).map((a) => `${a.address}/${a.prefix}`);
  }

  state(instance = 'VI_1'): string | undefined {
    return this.daemon.instance(instance)?.inst.state;
  }
}

export class FakeWorld {
  readonly time = new ManualTime();
  readonly scheduler = new Scheduler(this.time);
  readonly segment: FakeSegment;
  readonly nodes: FakeNode[] = [];

  constructor(delayUs = 100) {
    this.segment = new FakeSegment({ delay: delayUs });
  }

  node(name: string, ip: string, options: Partial<VrrpDaemonOptions> = {}): FakeNode {
    const n = new FakeNode(this, name, ip, options);
    this.nodes.push(n);
    return n;
  }

  get now(): number {
    return this.time.current;
  }

  /** Lets promises and the fake kernel's notifications (delivered on a later turn) run. */
  async settle(): Promise<void> {
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  }

  /** Runs virtual time to t (µs), delivering packets and firing timers in time order. */
  async runTo(t: number): Promise<void> {
    for (;;) {
      await this.settle();
      const due = this.segment.nextDue() ?? Infinity;
      const wake = this.time.nextWake ?? Infinity;
      const next = Math.min(due, wake);
      if (next > t) break;
      const at = Math.max(this.time.current, next);
      this.time.current = at;
      this.segment.now = at;
      if (due <= wake) this.segment.deliverDue();
      else this.time.advanceTo(at);
    }
    this.time.current = Math.max(this.time.current, t);
    this.segment.now = this.time.current;
    await this.settle();
  }

  async runFor(dt: number): Promise<void> {
    await this.runTo(this.time.current + dt);
  }

  close(): void {
    for (const n of this.nodes) n.daemon.close();
    this.scheduler.close();
  }
}
