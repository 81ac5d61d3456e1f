// What a reload treats as "the same" (keepalived 2.2.7's vrrp_exist and compare_ipaddress), and where the dumps
// go (its set_tmp_dir and open_dump_file).
import t from 'tap';
import { planInstance } from '../../src/vrrp/daemon/instance-plan';
import { dumpDirectory, dumpPaths } from '../../src/vrrp/daemon/dump-paths';
import { config, instanceBlock } from './vrrp-daemon-harness';

const plan = (text: string, k = 0) => {
  const c = config(text);
  return planInstance(c.vrrpInstances[k], c, { logDetail: false });
};

t.test('instance identity: VRID, family, interface, multicast group or unicast source — not the name', async (t) => {
  const base = plan(instanceBlock({ name: 'VI_1', vrid: 51, priority: 100 }));
  t.equal(plan(instanceBlock({ name: 'OTHER', vrid: 51, priority: 200, advert: '3' })).matchKey, base.matchKey,
    'name, priority and interval are not part of it');
  t.equal(plan(instanceBlock({ vrid: 51, extra: 'mcast_dst_ip 224.0.0.18' })).matchKey, base.matchKey,
    'the default group given explicitly is the same group');
  t.not(plan(instanceBlock({ vrid: 51, extra: 'mcast_dst_ip 224.0.0.19' })).matchKey, base.matchKey, 'another group');
  t.not(plan(instanceBlock({ vrid: 52 })).matchKey, base.matchKey, 'another VRID');
  t.not(plan(instanceBlock({ vrid: 51, extra: 'unicast_peer {\n    10.9.0.2\n  }' })).matchKey, base.matchKey, 'unicast');
  t.not(plan(instanceBlock({ vrid: 51, extra: 'use_vmac' })).matchKey, base.matchKey, 'VMAC use');
  const uni = (src: string) => plan(instanceBlock({ vrid: 51, extra: `unicast_src_ip ${src}\n  unicast_peer {\n    10.9.0.2\n  }` })).matchKey;
  t.equal(uni('10.9.0.1'), uni('10.9.0.1'));
  t.not(uni('10.9.0.1'), uni('10.9.0.3'), 'unicast: another source address');
});

t.test('address identity: address, prefix, interface, scope, label — not brd', async (t) => {
  const id = (vip: string) => plan(instanceBlock({ vips: [vip] })).vips[0].id;
  t.equal(id('10.9.0.100/24'), id('10.9.0.100/24 brd 10.9.0.255'), 'brd does not make another address');
  t.not(id('10.9.0.100/24'), id('10.9.0.100/25'), 'prefix');
  t.not(id('10.9.0.100/24'), id('10.9.0.100/24 label eth0:1'), 'label');
  t.not(id('10.9.0.100/24'), id('10.9.0.100/24 scope link'), 'scope');
});

t.test('dump paths', async (t) => {
  t.equal(dumpDirectory({ TMPDIR: '/var/tmp/x' }), '/var/tmp/x', '$TMPDIR when absolute');
  t.equal(dumpDirectory({ TMPDIR: 'relative' }), '/tmp', 'else /tmp');
  t.equal(dumpDirectory({}), '/tmp');
  const none = { dataUseInstance: false, instance: undefined, netNamespace: undefined };
  t.same(dumpPaths('/tmp', none), { data: '/tmp/keepalived.data', stats: '/tmp/keepalived.stats', json: '/tmp/keepalived.json' });
  t.equal(dumpPaths('/tmp', { ...none, instance: 'a' }).data, '/tmp/keepalived.data', 'data_use_instance off');
  t.equal(dumpPaths('/tmp', { dataUseInstance: true, instance: 'a', netNamespace: undefined }).data, '/tmp/keepalived.a.data');
  t.equal(dumpPaths('/tmp', { dataUseInstance: true, instance: 'a', netNamespace: 'ns1' }).data, '/tmp/keepalived.ns1_a.data');
  t.equal(dumpPaths('/tmp', { dataUseInstance: true, instance: undefined, netNamespace: 'ns1' }).stats, '/tmp/keepalived.stats',
    'only the data file is renamed');
});
