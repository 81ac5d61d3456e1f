// The purpose-built fixture conf reader (test/helpers/keepalived-conf.ts) against a hand-written table of what each
// golden capture's .conf says, so a reader bug cannot quietly turn the golden expectations into tautologies.
import t from 'tap';
import { join } from 'node:path';
import { authData, parseConfTree, parseVrrpInstances, readVrrpInstances, wireInterval } from '../helpers/keepalived-conf';
import { CAPTURE_DIR, CAPTURE_NAMES } from './fixtures/captures';

const EXPECTED = {
  v2pass: { name: 'VI_1', version: 2, vrid: 51, priority: 150, advertInt: 1, wire: 1, authType: 'PASS', authPass: 'secret1',
    vips: ['10.77.0.100', '10.77.0.101'], peers: [], src: undefined },
  v2ah: { name: 'VI_2', version: 2, vrid: 52, priority: 120, advertInt: 1, wire: 1, authType: 'AH', authPass: 'ahpass',
    vips: ['10.77.0.102'], peers: [], src: undefined },
  v3v4: { name: 'VI_3', version: 3, vrid: 53, priority: 200, advertInt: 0.5, wire: 50, authType: 'NONE', authPass: undefined,
    vips: ['10.77.0.103', '10.77.0.104'], peers: [], src: undefined },
  v3v6: { name: 'VI_4', version: 3, vrid: 54, priority: 100, advertInt: 1, wire: 100, authType: 'NONE', authPass: undefined,
    vips: ['fe80::54', 'fd00:77::100'], peers: [], src: undefined },
  v3uni: { name: 'VI_5', version: 3, vrid: 55, priority: 180, advertInt: 1, wire: 100, authType: 'NONE', authPass: undefined,
    vips: ['10.77.0.105'], peers: ['10.77.0.2'], src: '10.77.0.1' },
  v2uniah: { name: 'VI_6', version: 2, vrid: 56, priority: 90, advertInt: 1, wire: 1, authType: 'AH', authPass: 'k3y',
    vips: ['10.77.0.106'], peers: ['10.77.0.2'], src: undefined },
} as const;

t.test('each fixture conf reads as written', async (t) => {
  for (const name of CAPTURE_NAMES) {
    const [c, ...more] = readVrrpInstances(join(CAPTURE_DIR, `${name}.conf`));
    const e = EXPECTED[name];
    t.equal(more.length, 0, `${name}: one instance`);
    t.equal(c.name, e.name, `${name}: name`);
    t.equal(c.state, 'MASTER', `${name}: state`);
    t.equal(c.interface, 'eth0', `${name}: interface`);
    t.equal(c.version, e.version, `${name}: version`);
    t.equal(c.vrid, e.vrid, `${name}: vrid`);
    t.equal(c.priority, e.priority, `${name}: priority`);
    t.equal(c.advertInt, e.advertInt, `${name}: advert_int`);
    t.equal(wireInterval(c), e.wire, `${name}: wire interval`);
    t.equal(c.authType, e.authType, `${name}: auth_type`);
    t.equal(c.authPass, e.authPass, `${name}: auth_pass`);
    t.same(c.vips.map((v) => v.address), e.vips, `${name}: VIPs in order`);
    t.same(c.unicastPeers, e.peers, `${name}: unicast peers`);
    t.equal(c.unicastSrcIp, e.src, `${name}: unicast_src_ip`);
  }
});

t.test('VIP line options stay with their VIP', async (t) => {
  const [c] = readVrrpInstances(join(CAPTURE_DIR, 'v2pass.conf'));
  t.same(c.vips[0], { address: '10.77.0.100', family: 4, prefix: 24, options: [] });
  t.same(c.vips[1], { address: '10.77.0.101', family: 4, prefix: 24, options: ['dev', 'eth0', 'label', 'eth0:1'] });
});

t.test('reader details', async (t) => {
  t.same(authData('secret1'), Buffer.from('secret1\0'), 'auth_data zero-padded to 8');
  t.same(authData('secret12345'), Buffer.from('secret12'), 'auth_data truncated to 8');
  const [v6] = parseVrrpInstances('vrrp_instance X {\n virtual_router_id 9\n virtual_ipaddress {\n  fd00::1/64\n }\n}\n');
  t.equal(v6.version, 3, 'IPv6 VIPs force VRRPv3');
  t.equal(v6.priority, 100, 'priority defaults to 100');
  t.equal(v6.advertInt, 1, 'advert_int defaults to 1');
  t.equal(v6.authType, 'NONE');
  const tree = parseConfTree('# comment\na b c ! trailing\nblk { x 1\n y { z }\n}\n');
  t.same(tree, [
    { key: 'a', args: ['b', 'c'], line: 2 },
    { key: 'blk', args: [], line: 3, children: [
      { key: 'x', args: ['1'], line: 3 },
      { key: 'y', args: [], line: 4, children: [{ key: 'z', args: [], line: 4 }] },
    ] },
  ]);
  t.throws(() => parseConfTree('a {\n'), /unterminated block/);
  t.throws(() => parseConfTree('}\n'), /unbalanced/);
  t.throws(() => parseVrrpInstances('vrrp_instance X {\n virtual_router_id 9\n virtual_ipaddress {\n  nope\n }\n}\n'),
    /not an IP address/);
});
