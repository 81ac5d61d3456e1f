// keepalived 2.2.7's linkbeat decisions (vrrp_if.c init_linkbeat_status / if_linkbeat_refresh_thread) as pure
// functions: which method an interface settles on, and what a later probe answer means.
import t from 'tap';
import { chooseLinkbeatMethod, linkbeatUp } from '../../src/vrrp/daemon/linkbeat';

const veth = { mii: -1, ethtool: 1, flags: 1 };

t.test('method order: MII, then ETHTOOL, then the flags alone', async (t) => {
  t.same(chooseLinkbeatMethod('eth0', undefined, veth), { type: 'ETHTOOL', up: true, note: undefined });
  t.same(chooseLinkbeatMethod('eth0', undefined, { mii: 0, ethtool: 1, flags: 1 }).type, 'MII');
  t.same(chooseLinkbeatMethod('eth0', undefined, { mii: -1, ethtool: -1, flags: 0 }), { type: 'IOCTL', up: false, note: undefined });
  t.same(chooseLinkbeatMethod('eth0', 'MII', veth), {
    type: 'ETHTOOL', up: true, note: '(eth0): Configured linkbeat type MII not supported, using ETHTOOL',
  });
  t.equal(chooseLinkbeatMethod('eth0', 'ETHTOOL', { mii: 1, ethtool: -1, flags: 1 }).type, 'MII', 'a failing ETHTOOL falls back to MII');
  t.equal(chooseLinkbeatMethod('eth0', 'IOCTL', veth).type, 'IOCTL', 'IOCTL is kept');
  t.equal(chooseLinkbeatMethod('eth0', undefined, { mii: -1, ethtool: 0, flags: 1 }).up, false, 'no link');
  t.equal(chooseLinkbeatMethod('eth0', undefined, { mii: -1, ethtool: 1, flags: -1 }).up, true, 'a failing flags ioctl keeps it up');
});

t.test('later probes: a failing MII/ETHTOOL probe counts as link, the flags decide', async (t) => {
  t.equal(linkbeatUp('ETHTOOL', { mii: -1, ethtool: 0, flags: 1 }), false);
  t.equal(linkbeatUp('ETHTOOL', { mii: -1, ethtool: -1, flags: 1 }), true);
  t.equal(linkbeatUp('MII', { mii: 1, ethtool: 1, flags: 0 }), false);
  t.equal(linkbeatUp('IOCTL', { mii: 0, ethtool: 0, flags: 1 }), true);
});
