// The lab's measuring instruments, which every takeover figure of the interop tests, the lab and the failover
// benchmark rests on: the pcap reader (complete records only, while tcpdump writes), the frame decoder (checked
// frame by frame against tshark on the keepalived 2.2.7 captures), the takeover finder and the protocol bounds.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { pcapRecords } from '../../src/lab/pcap-records';
import { findTakeover, protocolBoundMs, skewMs } from '../../src/lab/takeover';
import { wireEvents, type AdvertEvent, type WireEvent } from '../../src/lab/wire-events';
import { CAPTURE_DIR } from '../helpers/fixtures-dir';
import { readVrrpInstances } from '../helpers/keepalived-conf';

const CAPTURES = ['v2pass', 'v2ah', 'v3v4', 'v3v6', 'v3uni', 'v2uniah'];

function tshark(file: string): string[][] {
  const out = execFileSync('tshark', ['-r', file, '-Y', 'vrrp or arp.isgratuitous == 1 or icmpv6.type == 136', '-T', 'fields', '-E', 'separator=,',
    '-e', 'frame.time_epoch', '-e', 'eth.src', '-e', 'vrrp.version', '-e', 'vrrp.virt_rtr_id', '-e', 'vrrp.prio',
    '-e', 'arp.src.proto_ipv4', '-e', 'icmpv6.nd.na.target_address'], { encoding: 'utf8' });
  return out.trim().split('\n').map((l) => l.split(','));
}

const hasTshark = ((): boolean => {
  try {
    execFileSync('tshark', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

for (const name of CAPTURES) {
  const file = join(CAPTURE_DIR, `${name}.pcap`);
  t.test(`${name}.pcap decodes as tshark reads it`, { skip: !existsSync(file) ? 'capture missing' : !hasTshark ? 'tshark missing' : false }, async (t) => {
    const events = wireEvents(pcapRecords(readFileSync(file), file));
    const rows = tshark(file);
    t.equal(events.length, rows.length, `${rows.length} adverts and announcements`);
    rows.forEach((r, i) => {
      const e = events[i];
      const [time, mac, version, vrid, prio, arp, na] = r;
      const got = e.kind === 'advert' ? [e.version, e.vrid, e.priority].join(',') : e.address;
      const want = version ? [version, Number(vrid), prio].join(',') : arp || na;
      if (Math.abs(e.timeUs - Number(time) * 1e6) > 1 || e.srcMac !== mac || got !== want) {
        t.fail(`frame ${i}: ${JSON.stringify(e)} vs tshark ${r.join(',')}`);
      }
    });
    const adverts = events.filter((e): e is AdvertEvent => e.kind === 'advert');
    t.ok(adverts.every((a) => a.ah === (name === 'v2ah' || name === 'v2uniah')), 'AH framing recognised');
    const advertInt = readVrrpInstances(join(CAPTURE_DIR, `${name}.conf`))[0].advertInt;
    t.ok(adverts.every((a) => a.intervalS === advertInt), `interval ${advertInt} s as configured (v2 seconds, v3 centiseconds)`);
  });
}

t.test('pcapRecords: a record still being written is left for the next read', async (t) => {
  const file = join(CAPTURE_DIR, 'v2pass.pcap');
  if (!existsSync(file)) return void t.comment('capture missing');
  const buf = readFileSync(file);
  const all = pcapRecords(buf);
  t.ok(all.length > 2);
  t.equal(pcapRecords(buf.subarray(0, buf.length - 1)).length, all.length - 1, 'cut inside the last record');
  t.equal(pcapRecords(buf.subarray(0, 24)).length, 0, 'header only');
  t.equal(pcapRecords(buf.subarray(0, 10)).length, 0, 'not even a header yet');
  t.throws(() => pcapRecords(Buffer.alloc(40, 1)), /not a little-endian libpcap/);
});

t.test('protocol bounds', async (t) => {
  t.equal(skewMs(2, 100, 1), 609.375, 'v2 priority 100: 156/256 s');
  t.equal(skewMs(2, 100, 3), 609.375, 'v2 skew does not scale with the interval');
  t.equal(skewMs(3, 100, 0.01), 6.093, 'v3 priority 100 at 10 ms (integer microseconds)');
  t.equal(protocolBoundMs('crash', 2, 100, 1), 3609.375);
  t.equal(protocolBoundMs('crash', 3, 100, 0.01), 36.093);
  t.equal(protocolBoundMs('stop', 3, 150, 0.1), 41.406);
});

t.test('findTakeover: last advert of the old master to the first of the new', async (t) => {
  const A = 'aa:00:00:00:00:01';
  const B = 'aa:00:00:00:00:02';
  const ad = (timeUs: number, srcMac: string, priority: number): WireEvent => ({
    kind: 'advert', timeUs, srcMac, src: '', dst: '', version: 3, vrid: 51, priority, intervalS: 0.01, ttl: 255, ah: false, authType: 0,
  });
  const events: WireEvent[] = [
    ad(1000, B, 100), // an old mastership of B, before the stop
    ad(10_000, A, 200), ad(20_000, A, 200), ad(25_000, A, 0),
    ad(31_000, B, 100), { kind: 'garp', timeUs: 31_500, srcMac: B, address: '10.0.0.100' }, ad(41_000, B, 100),
  ];
  const tk = findTakeover(events, A, B, 22_000, ['10.0.0.100']);
  t.equal(tk?.lastOld.priority, 0, 'the priority-0 advert is the last of the old master');
  t.equal(tk?.gapMs, 6);
  t.equal(tk?.announceMs, 6.5);
  t.equal(findTakeover(events, A, B, 50_000), undefined, 'nothing before the new master advertises');
});
