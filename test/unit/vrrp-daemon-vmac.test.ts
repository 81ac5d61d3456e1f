// The daemon's VMAC work on fakes, in virtual time: what it asks the kernel for (macvlan, devconf, address
// generation, up, the VIP on the VMAC, deletion at stop), the sysctls it writes, the source of its adverts and
// GARPs on the segment, rp_filter cleared and restored, a VMAC deleted by someone else re-created.
import t from 'tap';
import { config, FakeWorld, instanceBlock, S } from './vrrp-daemon-harness';

const MAC = '00:00:5e:00:01:33';
/** The harness's configurations see every interface as existing, so keepalived's naming skips to vrrp1000.51. */
const VMAC = 'vrrp1000.51';

t.test('use_vmac: created, configured, carries the VIP, removed at stop', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  await a.daemon.start(config(instanceBlock({ priority: 150, extra: '  use_vmac' })));
  const calls = a.netlink.calls.map((c) => c.target).filter((x) => /link/.test(x));
  t.same(calls.slice(0, 5), [
    'links',
    `add link ${VMAC} link 2 address ${MAC} type macvlan mode private`,
    'set link index 3 arpIgnore 1 acceptLocal 1 rpFilter 0 promoteSecondaries 1',
    'set link index 2 arpIgnore 1 arpFilter 1',
    'set link index 3 addrgenmode none',
  ], 'the macvlan, its devconf and the base devconf, then no IPv6 address generation');
  t.ok(calls.includes('set link index 3 up'), 'then up');
  t.same(a.sysctl.writes, [{ name: `net.ipv6.conf.${VMAC}.disable_ipv6`, value: 1 }], 'IPv6 off on an IPv4 VMAC');
  t.equal(a.state(), 'BACKUP', 'BACKUP with the VMAC up');
  await w.runFor(4 * S);
  t.equal(a.state(), 'MASTER', 'MASTER');
  t.same(a.netlink.addresses().filter((x) => x.index === 3).map((x) => `${x.address}/${x.prefix}`), ['10.9.0.100/24'], 'the VIP on the VMAC');
  const adverts = w.segment.sent.filter((f) => f.family === 4 && f.from.name.endsWith(VMAC));
  t.ok(adverts.length > 0, `adverts leave from the VMAC (${w.segment.sent.map((f) => f.from.name).join(',')})`);
  t.ok(w.segment.neighbourBursts.some((b) => b.kind === 'garp' && b.from.name.endsWith(VMAC) && b.vip === '10.9.0.100'), 'GARPs from the VMAC');
  await a.daemon.shutdown();
  t.ok(a.netlink.calls.some((c) => c.op === 'deleteLink' && c.target === 'delete link index 3'), 'deleted at stop');
  t.ok(a.lines.includes(`(VI_1) Success removing VMAC interface ${VMAC}`), 'with keepalived\'s line');
});

t.test('rp_filter: raised where needed, all cleared, put back at stop', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  for (const [k, v] of [['all', 2], ['default', 0], ['eth0', 0], ['lo', 0]] as const) a.sysctl.values.set(`net.ipv4.conf.${k}.rp_filter`, v);
  await a.daemon.start(config(instanceBlock({ extra: '  use_vmac' })));
  t.same(a.lines.filter((l) => l.includes('rp_filter')), [
    'NOTICE: setting sysctl net.ipv4.conf.default.rp_filter from 0 to 2',
    'NOTICE: setting sysctl net.ipv4.conf.all.rp_filter from 2 to 0',
  ], 'keepalived\'s NOTICE lines');
  t.equal(a.sysctl.values.get('net.ipv4.conf.eth0.rp_filter'), 2, 'the named interface raised');
  t.equal(a.sysctl.values.get('net.ipv4.conf.lo.rp_filter'), 0, 'an interface the configuration does not name left alone');
  await a.daemon.shutdown();
  t.same(['all', 'default', 'eth0'].map((k) => a.sysctl.values.get(`net.ipv4.conf.${k}.rp_filter`)), [2, 0, 0], 'all put back');
});

t.test('a VMAC deleted by someone else: FAULT, re-created, back to MASTER', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  await a.daemon.start(config(instanceBlock({ priority: 150, extra: '  use_vmac' })));
  await w.runFor(4 * S);
  t.equal(a.state(), 'MASTER');
  a.netlink.externalRemoveLink(3);
  await w.runFor(1000);
  t.ok(a.lines.includes(`Interface ${VMAC} deleted`), 'noticed');
  t.equal(a.netlink.calls.filter((c) => c.op === 'addMacvlan').length, 2, 're-created');
  await w.runFor(5 * S);
  t.equal(a.state(), 'MASTER', 'MASTER again');
  const states = a.lines.filter((l) => /Entering/.test(l));
  t.same(states.slice(-3), ['(VI_1) Entering FAULT STATE', '(VI_1) Entering BACKUP STATE', '(VI_1) Entering MASTER STATE'], 'through FAULT and BACKUP');
  const index = (await a.netlink.listLinks()).find((l) => l.name === VMAC)?.index;
  t.ok(a.netlink.addresses().some((x) => x.address === '10.9.0.100' && x.index === index), 'the VIP on the new VMAC');
});

t.test('an IPv4 instance with IPv6 eVIPs keeps IPv6 on its VMAC, and still gets the IPv4 settings', async (t) => {
  const w = new FakeWorld();
  t.teardown(() => w.close());
  const a = w.node('A', '10.9.0.1');
  await a.daemon.start(config(instanceBlock({ extra: '  use_vmac\n  virtual_ipaddress_excluded {\n    fd00:9::100/64\n  }' })));
  t.same(a.sysctl.writes, [{ name: `net.ipv6.conf.${VMAC}.disable_ipv6`, value: 0 }], 'IPv6 left on');
  t.ok(a.netlink.calls.some((c) => c.target === 'set link index 3 arpIgnore 1 acceptLocal 1 rpFilter 0 promoteSecondaries 1'), 'IPv4 devconf set');
  t.notOk(a.netlink.calls.some((c) => c.op === 'addAddress' && /fe80/.test(c.target)), 'no link-local copied (IPv4 instance)');
});
