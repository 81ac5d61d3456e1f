// The IPVS client against the real kernel IPVS inside user-mode Linux: every kind of service (TCP/UDP/SCTP,
// fwmark, IPv4/IPv6), every scheduler and scheduler flag, persistence (timeout, netmask, IPv6 prefix, pe sip),
// one-packet scheduling, every forwarding method with tunnel types/ports/checksum flags, weights and thresholds.
// The oracle is ipvsadm: the same table written as ipvsadm rules and programmed by ipvsadm itself must list
// (`ipvsadm -Sn`, `ipvsadm -Ln --thresholds`) exactly as ours does; the client's GET must read back what was
// programmed. Also: errors name errno and request, edit, zero, flush, timeouts and the sync daemon.
import t from 'tap';
import { resolve } from 'node:path';
import type { IpvsDest, IpvsService, SyncDaemonConfig, TableService } from '../../src/ipvs/types';
import { runInUml, umlUnavailable } from './uml-vm';
import type { ProgramInput, ProgramOutput } from './guest/program-every-kind';

const skip = umlUnavailable();

const svc = (s: Partial<IpvsService> & Pick<IpvsService, 'scheduler'>): IpvsService => ({
  family: 'inet', fwmark: 0, protocol: 'TCP', address: '', port: 0, flags: 0, timeout: 0, netmask: 0xffffffff, peName: '', ...s,
});
const dest = (d: Partial<IpvsDest> & Pick<IpvsDest, 'address' | 'port'>): IpvsDest => ({
  family: 'inet', forward: 'masq', weight: 1, upperThreshold: 0, lowerThreshold: 0, tunnelType: 'ipip', tunnelPort: 0,
  tunnelChecksum: 'nocsum', ...d,
});

// Each case: the table entry and the same thing as ipvsadm rules.
const cases: Array<[TableService, string[]]> = [
  [{ service: svc({ address: '10.1.0.1', port: 80, scheduler: 'wlc' }),
    dests: [dest({ address: '10.2.0.1', port: 8080, weight: 3, upperThreshold: 100, lowerThreshold: 10 }), dest({ address: '10.2.0.2', port: 8081, weight: 0 })] },
  ['-A -t 10.1.0.1:80 -s wlc', '-a -t 10.1.0.1:80 -r 10.2.0.1:8080 -m -w 3 -x 100 -y 10', '-a -t 10.1.0.1:80 -r 10.2.0.2:8081 -m -w 0']],
  [{ service: svc({ protocol: 'UDP', address: '10.1.0.2', port: 53, scheduler: 'rr', flags: 0x4 }),
    dests: [dest({ address: '10.2.0.3', port: 53, forward: 'route' })] },
  ['-A -u 10.1.0.2:53 -s rr -o', '-a -u 10.1.0.2:53 -r 10.2.0.3:53 -g -w 1']],
  [{ service: svc({ protocol: 'SCTP', address: '10.1.0.3', port: 9000, scheduler: 'sh', flags: 0x8 | 0x10 }),
    dests: [dest({ address: '10.2.0.4', port: 9000, forward: 'tunnel', weight: 5 })] },
  ['-A --sctp-service 10.1.0.3:9000 -s sh -b sh-fallback,sh-port', '-a --sctp-service 10.1.0.3:9000 -r 10.2.0.4:9000 -i -w 5']],
  [{ service: svc({ address: '10.1.0.4', port: 443, scheduler: 'lc', flags: 0x1, timeout: 300, netmask: 0xffffff00 }),
    dests: [dest({ address: '10.2.0.5', port: 443, forward: 'tunnel', tunnelType: 'gue', tunnelPort: 6080, tunnelChecksum: 'csum' })] },
  ['-A -t 10.1.0.4:443 -s lc -p 300 -M 255.255.255.0', '-a -t 10.1.0.4:443 -r 10.2.0.5:443 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum']],
  [{ service: svc({ fwmark: 7, protocol: undefined, scheduler: 'wrr', flags: 0x1, timeout: 600 }),
    dests: [dest({ address: '10.2.0.6', port: 0, forward: 'route', weight: 2 }),
      dest({ address: '10.2.0.7', port: 0, forward: 'tunnel', tunnelType: 'gre', tunnelChecksum: 'csum' })] },
  ['-A -f 7 -s wrr -p 600', '-a -f 7 -r 10.2.0.6:0 -g -w 2', '-a -f 7 -r 10.2.0.7:0 -i -w 1 --tun-type gre --tun-csum']],
  [{ service: svc({ family: 'inet6', address: 'fd00::1', port: 80, scheduler: 'lblc', flags: 0x1, timeout: 120, netmask: 64 }),
    dests: [dest({ family: 'inet6', address: 'fd00::10', port: 8080 }), dest({ family: 'inet6', address: 'fd00::11', port: 80, forward: 'route', weight: 4 })] },
  ['-A -t [fd00::1]:80 -s lblc -p 120 -M 64', '-a -t [fd00::1]:80 -r [fd00::10]:8080 -m -w 1', '-a -t [fd00::1]:80 -r [fd00::11]:80 -g -w 4']],
  [{ service: svc({ family: 'inet6', fwmark: 8, protocol: undefined, scheduler: 'lblcr', netmask: 128 }),
    dests: [dest({ family: 'inet6', address: 'fd00::12', port: 0, forward: 'route' })] },
  ['-A -f 8 -6 -s lblcr', '-a -f 8 -6 -r [fd00::12]:0 -g -w 1']],
  [{ service: svc({ protocol: 'UDP', address: '10.1.0.5', port: 5060, scheduler: 'dh', flags: 0x1, timeout: 60, peName: 'sip' }),
    dests: [dest({ address: '10.2.0.8', port: 5060 })] },
  ['-A -u 10.1.0.5:5060 -s dh -p 60 --pe sip', '-a -u 10.1.0.5:5060 -r 10.2.0.8:5060 -m -w 1']],
  [{ service: svc({ address: '10.1.0.6', port: 80, scheduler: 'sed' }), dests: [dest({ address: '10.2.0.9', port: 80, forward: 'route', upperThreshold: 10, lowerThreshold: 3 })] },
  ['-A -t 10.1.0.6:80 -s sed', '-a -t 10.1.0.6:80 -r 10.2.0.9:80 -g -w 1 -x 10 -y 3']],
  [{ service: svc({ address: '10.1.0.7', port: 80, scheduler: 'nq' }), dests: [dest({ address: '10.2.0.10', port: 80, forward: 'route', upperThreshold: 7 })] },
  ['-A -t 10.1.0.7:80 -s nq', '-a -t 10.1.0.7:80 -r 10.2.0.10:80 -g -w 1 -x 7']],
  [{ service: svc({ address: '10.1.0.8', port: 80, scheduler: 'mh', flags: 0x8 | 0x10 }), dests: [dest({ address: '10.2.0.11', port: 80, forward: 'route' })] },
  ['-A -t 10.1.0.8:80 -s mh -b mh-fallback,mh-port', '-a -t 10.1.0.8:80 -r 10.2.0.11:80 -g -w 1']],
  [{ service: svc({ address: '10.1.0.9', port: 80, scheduler: 'fo' }), dests: [dest({ address: '10.2.0.12', port: 80, forward: 'route', weight: 100 })] },
  ['-A -t 10.1.0.9:80 -s fo', '-a -t 10.1.0.9:80 -r 10.2.0.12:80 -g -w 100']],
  [{ service: svc({ address: '10.1.0.10', port: 80, scheduler: 'ovf' }), dests: [dest({ address: '10.2.0.13', port: 80, forward: 'route', weight: 2147483647 })] },
  ['-A -t 10.1.0.10:80 -s ovf', '-a -t 10.1.0.10:80 -r 10.2.0.13:80 -g -w 2147483647']],
  [{ service: svc({ address: '10.1.0.11', port: 0, scheduler: 'rr', flags: 0x1 | 0x20, timeout: 360 }), dests: [dest({ address: '10.2.0.14', port: 0, forward: 'route' })] },
  ['-A -t 10.1.0.11:0 -s rr -b flag-3 -p 360', '-a -t 10.1.0.11:0 -r 10.2.0.14:0 -g -w 1']],
];

const daemons: Array<{ config: SyncDaemonConfig; ipvsadmArgs: string[] }> = [
  { config: { state: 'master', interface: 'dummy0', syncId: 5, maxLen: 1400, mcastGroup: '224.0.0.81', mcastPort: 8849, mcastTtl: 2 },
    ipvsadmArgs: ['--start-daemon', 'master', '--mcast-interface', 'dummy0', '--syncid', '5', '--sync-maxlen', '1400', '--mcast-group', '224.0.0.81', '--mcast-port', '8849', '--mcast-ttl', '2'] },
  { config: { state: 'backup', interface: 'dummy0', syncId: 0, maxLen: 0, mcastGroup: '', mcastPort: 0, mcastTtl: 0 },
    ipvsadmArgs: ['--start-daemon', 'backup', '--mcast-interface', 'dummy0', '--syncid', '0'] },
];

t.test('the IPVS client programs what ipvsadm programs, and reads it back', { skip }, async (t) => {
  const input: ProgramInput = { table: cases.map((c) => c[0]), ipvsadmRules: cases.flatMap((c) => c[1]), daemons };
  const { result: r } = await runInUml<ProgramOutput>({
    guest: resolve(__dirname, 'guest', 'program-every-kind.ts'), input, dummyAddresses: ['10.3.0.1/24', 'fd00:3::1/64'],
  });
  t.match(r.info, { version: '1.2.1' }, 'GET_INFO');
  t.ok(r.ours.save.length >= 30, `ipvsadm -Sn lists ${r.ours.save.length} rules`);
  t.same(r.ours.save, r.theirs.save, 'ipvsadm -Sn: ours = ipvsadm\'s');
  t.same(r.ours.thresholds, r.theirs.thresholds, 'ipvsadm -Ln --thresholds: ours = ipvsadm\'s');
  t.equal(r.readBack.length, cases.length, 'GET dump: every service');
  // The read-back equals what was programmed (order within the kernel's hash table is not ours to choose).
  const key = (x: object): string => JSON.stringify(x, Object.keys(x).sort());
  const norm = (tab: TableService[]): string[] => tab.map((s) => `${key(s.service)} ${s.dests.map(key).sort().join(' ')}`).sort();
  t.same(norm(r.readBack), norm(input.table), 'GET dump reads back exactly what was programmed');

  t.match(r.errors.duplicateService, /^NetlinkError: add service TCP 10\.1\.0\.1:80: EEXIST \(File exists\)$/);
  t.match(r.errors.duplicateDest, /^NetlinkError: add destination 10\.2\.0\.1:8080 to TCP 10\.1\.0\.1:80: EEXIST/);
  t.match(r.errors.unknownScheduler, /^NetlinkError: add service TCP 10\.1\.0\.1:9: ENOENT/);
  t.match(r.errors.destOfMissingService, /^NetlinkError: add destination .* to TCP 10\.1\.0\.1:9: ESRCH/);
  t.match(r.errors.deleteMissingDest, /^NetlinkError: delete destination 10\.9\.9\.9:1 from TCP 10\.1\.0\.1:80: ENOENT/);
  t.match(r.errors.deleteMissingService, /^NetlinkError: delete service TCP 10\.1\.0\.1:9: ESRCH/);
  t.match(r.errors.wrongFamilyAddress, /^NetlinkError: add service TCP fd00::1:80: fd00::1 is not an IPv4 address: EINVAL/);
  t.match(r.errors.badIpv6Prefix, /^NetlinkError: add service TCP \[fd00::99\]:80: invalid IPv6 prefix 0: EINVAL/);
  t.match(r.errors.badWeight, /^NetlinkError: add destination 10\.2\.0\.1:1 to TCP 10\.1\.0\.1:80: invalid weight -1: EINVAL/);

  t.ok(r.afterEdit.includes('-A -t 10.1.0.1:80 -s rr'), 'edit service: scheduler changed');
  t.ok(r.afterEdit.includes('-a -t 10.1.0.1:80 -r 10.2.0.1:8080 -m -w 9'), 'edit destination: weight changed');

  t.same(r.timeouts.get, r.timeouts.set, 'timeouts read back');
  t.same(r.timeouts.ipvsadm, ['Timeout (tcp tcpfin udp): 1000 100 200'], 'ipvsadm --timeout shows them');

  for (const [i, d] of r.daemons.entries()) {
    t.same(d.ours, d.theirs, `sync daemon ${daemons[i].config.state}: ipvsadm -Ln --daemon same as ipvsadm's`);
    t.ok(d.ours.length === 1, `one daemon listed: ${d.ours.join(' | ')}`);
    t.match(d.listed, [{ state: daemons[i].config.state, interface: 'dummy0', syncId: daemons[i].config.syncId }], 'GET_DAEMON reads it back');
  }
  t.match(r.daemons[0].listed[0], { maxLen: 1400, mcastGroup: '224.0.0.81', mcastPort: 8849, mcastTtl: 2 });
  t.same(r.daemonsAfterStop, [], 'stopped daemon is gone');
  t.same(r.afterFlush, [], 'flush empties the table');
});
