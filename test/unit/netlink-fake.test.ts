// src/net/netlink/fake-netlink.ts: the in-memory kernel refuses what the real one refuses (EEXIST, EADDRNOTAVAIL,
// ENODEV, ESRCH, ENOENT), reports addresses the way the kernel does, and tells its monitors about every change.
import t from 'tap';
import { FakeNetlink } from '../../src/net/netlink/fake-netlink';
import { NetlinkError } from '../../src/net/netlink/errors';
import { AddressSpec, NetlinkEvent } from '../../src/net/netlink/types';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e instanceof NetlinkError ? e.code : `not a NetlinkError: ${String(e)}`;
  }
}

const links = [{ index: 1, name: 'lo' }, { index: 2, name: 'eth0', mac: '02:00:00:00:00:02' }];

t.test('addresses', async (t) => {
  const k = new FakeNetlink(links);
  const primary: AddressSpec = { index: 2, family: 4, address: '10.0.0.1', prefix: 24 };
  const vip: AddressSpec = { index: 2, family: 4, address: '10.0.0.100', prefix: 24, label: 'eth0:1', broadcast: '10.0.0.255' };
  const vip6: AddressSpec = { index: 2, family: 6, address: 'fd00::100', prefix: 128 };
  k.externalAddAddress(primary);
  await k.addAddress(vip);
  await k.addAddress(vip6);
  const list = await k.listAddresses();
  t.match(list[0], { address: '10.0.0.1', label: 'eth0', flags: { secondary: false } }, 'primary, default label');
  t.match(list[1], { address: '10.0.0.100', label: 'eth0:1', broadcast: '10.0.0.255', flags: { secondary: true } }, 'VIP is secondary');
  t.match(list[2], { address: 'fd00::100', flags: { nodad: true, deprecated: true }, preferredLft: 0 }, 'IPv6 /128: nodad, deprecated');
  t.equal((await k.listAddresses({ family: 6 })).length, 1, 'family filter');

  t.equal(await code(k.addAddress(vip)), 'EEXIST', 'duplicate IPv4');
  t.equal(await code(k.addAddress({ ...vip6, prefix: 64 })), 'EEXIST', 'IPv6 is one address whatever the prefix');
  t.equal(await code(k.addAddress({ ...vip, prefix: 32 })), undefined, 'IPv4 with another prefix is another address');
  t.equal(await code(k.deleteAddress({ ...vip6, prefix: 64 })), 'EADDRNOTAVAIL', 'IPv6 delete needs the prefix');
  t.equal(await code(k.deleteAddress({ ...vip, address: '10.0.0.99' })), 'EADDRNOTAVAIL', 'missing');
  t.equal(await code(k.addAddress({ ...vip, index: 9 })), 'ENODEV', 'unknown interface');
  t.equal(await code(k.addAddress({ ...vip, prefix: 40 })), 'EINVAL', 'malformed');
  await k.deleteAddress(vip);
  t.notOk(k.addresses().some((a) => a.address === '10.0.0.100' && a.prefix === 24), 'deleted');
});

t.test('events', async (t) => {
  const k = new FakeNetlink(links);
  const mon = k.monitor();
  const seen: NetlinkEvent[] = [];
  mon.onEvent((e) => seen.push(e));
  mon.primeLinks(await k.listLinks());
  const vip: AddressSpec = { index: 2, family: 4, address: '10.0.0.100', prefix: 32 };
  await k.addAddress(vip);
  t.same(seen, [], 'delivered asynchronously, like a socket');
  await tick();
  t.match(seen.shift(), { type: 'address-added', address: { address: '10.0.0.100', index: 2, label: 'eth0' } });
  k.externalDeleteAddress(vip);
  await tick();
  t.match(seen.shift(), { type: 'address-removed', address: { address: '10.0.0.100', prefix: 32 } }, 'someone else deleted it');

  k.externalSetLink({ index: 2, running: false });
  k.externalSetLink({ index: 2, running: true });
  k.externalSetLink({ index: 3, name: 'eth1' });
  k.externalSetLink({ index: 2, mtu: 9000 });
  await tick();
  t.same(seen.splice(0).map((e) => e.type), ['link-down', 'link-up', 'link-added', 'link-changed']);
  k.externalAddAddress({ index: 3, family: 4, address: '10.1.0.1', prefix: 24 });
  k.externalRemoveLink(3);
  await tick();
  t.same(seen.splice(0).map((e) => e.type), ['address-added', 'address-removed', 'link-removed'], 'addresses go with their link');

  const off = mon.onEvent(() => t.fail('removed listener called'));
  off();
  mon.close();
  await k.addAddress(vip);
  await tick();
  t.same(seen, [], 'a closed monitor reports nothing');
});

t.test('routes, rules, injected failures, call log', async (t) => {
  const k = new FakeNetlink(links);
  const route = { family: 4 as const, dst: '10.2.0.0', dstLen: 16, via: '10.0.0.254', table: 100 };
  await k.addRoute(route);
  t.equal(await code(k.addRoute(route)), 'EEXIST');
  t.match(await k.listRoutes({ table: 100 }), [{ dst: '10.2.0.0', via: '10.0.0.254', protocol: 18, scope: 0 }]);
  await k.deleteRoute(route);
  t.equal(await code(k.deleteRoute(route)), 'ESRCH');

  const rule = { family: 4 as const, from: '10.2.0.0', fromLen: 16, table: 100, priority: 10 };
  await k.addRule(rule);
  t.equal(await code(k.addRule(rule)), 'EEXIST');
  t.match(await k.listRules(4), [{ from: '10.2.0.0', table: 100, action: 'table', protocol: 18 }]);
  await k.deleteRule(rule);
  t.equal(await code(k.deleteRule(rule)), 'ENOENT');

  k.failNext('addAddress', 'ETIMEDOUT', (target) => target.includes('10.0.0.7'));
  t.equal(await code(k.addAddress({ index: 2, family: 4, address: '10.0.0.6', prefix: 32 })), undefined, 'not the matching one');
  t.equal(await code(k.addAddress({ index: 2, family: 4, address: '10.0.0.7', prefix: 32 })), 'ETIMEDOUT', 'injected');
  t.equal(await code(k.addAddress({ index: 2, family: 4, address: '10.0.0.7', prefix: 32 })), undefined, 'only once');
  t.same(k.calls.slice(-3).map((c) => c.op), ['addAddress', 'addAddress', 'addAddress'], 'calls are logged');
});
