// Skew_Time and Master_Down_Interval (RFC 3768 §6.1, RFC 5798 §6.1) in keepalived 2.2.7's integer microseconds,
// and the numeric address order used for the equal-priority tie-break (RFC 3768 / RFC 5798 §6.4.3).
import t from 'tap';
import { compareAddresses, masterDownIntervalUs, minSkewTimeUs, skewTimeUs } from '../../src/vrrp/instance';
import { addressGroups } from '../../src/vrrp/instance/address-compare';

t.test('v2 Skew_Time = (256 − Priority) / 256 s, independent of the interval (RFC 3768 §6.1)', async (t) => {
  t.equal(skewTimeUs(2, 100, 1_000_000), 609_375);
  t.equal(skewTimeUs(2, 100, 5_000_000), 609_375, 'advert_int does not enter');
  t.equal(skewTimeUs(2, 255, 1_000_000), 3_906, '1/256 s truncated to µs');
  t.equal(skewTimeUs(2, 1, 1_000_000), 996_093);
  t.equal(skewTimeUs(2, 0, 1_000_000), 1_000_000);
});

t.test('v3 Skew_Time = ((256 − Priority) × Master_Adver_Interval) / 256 (RFC 5798 §6.1)', async (t) => {
  t.equal(skewTimeUs(3, 100, 1_000_000), 609_375, '1 s interval: same as v2');
  t.equal(skewTimeUs(3, 100, 100_000), 60_937, '10 cs: 156 × 10 × 625 / 16 = 60937.5 truncated');
  t.equal(skewTimeUs(3, 200, 2_500_000), 546_875);
  t.equal(minSkewTimeUs(3, 1_000_000), 3_906);
  t.equal(minSkewTimeUs(2, 4_000_000), 3_906);
});

t.test('Master_Down_Interval = down_timer_adverts × Master_Adver_Interval + Skew_Time', async (t) => {
  t.equal(masterDownIntervalUs(2, 100, 1_000_000, 3), 3_609_375, 'the 3.609375 s seen on the wire for prio 100');
  t.equal(masterDownIntervalUs(2, 200, 1_000_000, 3), 3_218_750);
  t.equal(masterDownIntervalUs(2, 255, 1_000_000, 3), 3_003_906);
  t.equal(masterDownIntervalUs(2, 100, 2_000_000, 3), 6_609_375, 'v2 skew stays in seconds');
  t.equal(masterDownIntervalUs(3, 100, 2_000_000, 3), 7_218_750, 'v3 skew scales with the interval');
  t.equal(masterDownIntervalUs(2, 100, 1_000_000, 5), 5_609_375, 'down_timer_adverts 5');
});

t.test('IPv4 addresses compare as 32-bit numbers, not as text', async (t) => {
  t.equal(compareAddresses('10.0.0.9', '10.0.0.10'), -1);
  t.equal(compareAddresses('192.168.1.2', '10.200.200.200'), 1);
  t.equal(compareAddresses('10.0.0.1', '10.0.0.1'), 0);
  t.equal(compareAddresses('255.255.255.255', '0.0.0.0'), 1);
});

t.test('IPv6 addresses compare as 128-bit numbers', async (t) => {
  t.equal(compareAddresses('fe80::2', 'fe80::10'), -1);
  t.equal(compareAddresses('fe80::1:0', 'fe80::ffff'), 1);
  t.equal(compareAddresses('2001:db8::1', '2001:0db8:0000:0000:0000:0000:0000:0001'), 0);
  t.equal(compareAddresses('::ffff:10.0.0.9', '::ffff:10.0.0.10'), -1);
  t.equal(compareAddresses('fe80::1%eth0', 'fe80::1'), 0, 'zone ignored');
  t.same(addressGroups('1:2:3:4:5:6:1.2.3.4'), [1, 2, 3, 4, 5, 6, 0x102, 0x304]);
  t.same(addressGroups('::'), [0, 0, 0, 0, 0, 0, 0, 0]);
  t.throws(() => compareAddresses('10.0.0.1', 'fe80::1'), /different families/);
  t.throws(() => addressGroups('1::2::3'));
  t.throws(() => addressGroups('1:2:3:4:5:6:7:8:9'));
  t.throws(() => addressGroups('10.0.0.256'));
});
