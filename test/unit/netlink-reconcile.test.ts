// src/net/netlink/reconcile-addresses.ts (the pure planner) and apply-address-plan.ts / in-flight.ts (the executor),
// against the in-memory kernel: owned addresses converge on the desired set, foreign ones are never touched, a
// second run is a no-op, keepalived's order holds, and one failure does not stop the others.
import t from 'tap';
import { applyAddressPlan, reconcileAddresses } from '../../src/net/netlink/apply-address-plan';
import { FakeNetlink } from '../../src/net/netlink/fake-netlink';
import { runInFlight } from '../../src/net/netlink/in-flight';
import { addressKey, addressMatches, planAddresses, planIsEmpty } from '../../src/net/netlink/reconcile-addresses';
import { AddressSpec, KernelAddress } from '../../src/net/netlink/types';

const eth0 = { index: 2, ifname: 'eth0' };
const v4 = (address: string, extra: Partial<AddressSpec> = {}): AddressSpec => ({ ...eth0, family: 4, address, prefix: 24, ...extra });
const v6 = (address: string, prefix = 128, extra: Partial<AddressSpec> = {}): AddressSpec => ({ ...eth0, family: 6, address, prefix, ...extra });
const kernelOf = async (spec: AddressSpec[]): Promise<KernelAddress[]> => {
  const k = new FakeNetlink([{ index: 2, name: 'eth0' }]);
  for (const s of spec) k.externalAddAddress(s);
  return k.listAddresses();
};
const texts = (specs: AddressSpec[]): string[] => specs.map((s) => `${s.address}/${s.prefix}`);

t.test('identity and matching', async (t) => {
  t.equal(addressKey(v6('fd00:0:0::1')), addressKey(v6('fd00::1')), 'canonical IPv6 text');
  t.not(addressKey(v4('10.0.0.1')), addressKey(v4('10.0.0.1', { prefix: 32 })), 'the prefix is part of the identity');
  const [k] = await kernelOf([v4('10.0.0.5', { label: 'eth0:1', broadcast: '10.0.0.255' })]);
  t.ok(addressMatches(v4('10.0.0.5', { label: 'eth0:1', broadcast: '10.0.0.255' }), k), 'same attributes');
  t.notOk(addressMatches(v4('10.0.0.5', { label: 'eth0:2', broadcast: '10.0.0.255' }), k), 'label differs');
  t.notOk(addressMatches(v4('10.0.0.5', { label: 'eth0:1' }), k), 'broadcast differs');
  t.notOk(addressMatches(v4('10.0.0.5', { label: 'eth0:1', broadcast: '10.0.0.255', scope: 253 }), k), 'scope differs');
  const [plain] = await kernelOf([v4('10.0.0.6')]);
  t.ok(addressMatches(v4('10.0.0.6'), plain), "an unlabelled IPv4 address matches the kernel's default label");
  const [d6] = await kernelOf([v6('fd00::5')]);
  t.ok(addressMatches(v6('fd00::5'), d6), 'IPv6 defaults: nodad, deprecated');
  t.notOk(addressMatches(v6('fd00::5', 128, { nodad: false }), d6), '-nodad differs');
  t.notOk(addressMatches(v6('fd00::5', 128, { preferredLft: 'forever' }), d6), 'preferred_lft forever differs');
});

t.test('plan from an arbitrary state', async (t) => {
  const kernel = await kernelOf([
    v4('10.0.0.1'), // the interface's primary: foreign
    v4('10.0.0.200', { label: 'eth0:other' }), // another program's: foreign
    v4('10.0.0.101', { label: 'eth0:1' }), // owned, no longer desired
    v4('10.0.0.102', { label: 'eth0:old' }), // owned, label changed
    v4('10.0.0.103', { label: 'eth0:3' }), // owned, right
    v6('fd00::105', 64), // owned with the old prefix
  ]);
  const desired = [v4('10.0.0.102', { label: 'eth0:2' }), v4('10.0.0.103', { label: 'eth0:3' }), v4('10.0.0.104'), v6('fd00::105')];
  const owned = [v4('10.0.0.101'), v6('fd00::105', 64)];
  const plan = planAddresses(desired, kernel, owned);
  t.same(texts(plan.remove), ['10.0.0.102/24', 'fd00::105/64', '10.0.0.101/24'], 'removals: reverse order, foreign untouched');
  t.same(texts(plan.add), ['10.0.0.102/24', '10.0.0.104/24', 'fd00::105/128'], 'additions in desired order');
  t.same(texts(plan.keep), ['10.0.0.103/24'], 'kept');
  t.equal(plan.remove[0].label, 'eth0:old', 'a removal names the address as the kernel has it');
});

t.test('never removes what it does not own', async (t) => {
  const kernel = await kernelOf([v4('10.0.0.1'), v6('fd00::1', 64)]);
  // VIPs configured by mistake on top of the primary addresses.
  const plan = planAddresses([v4('10.0.0.1', { prefix: 32 }), v6('fd00::1')], kernel);
  t.same(plan.remove, [], 'primary addresses stay');
  t.same(texts(plan.add), ['10.0.0.1/32', 'fd00::1/128'], 'the VIPs are attempted (the IPv6 one will fail EEXIST)');
  t.same(planAddresses([], kernel, []), { remove: [], add: [], keep: [] }, 'owning nothing: nothing to do');
});

t.test('converges with the fake kernel; the second run is a no-op', async (t) => {
  const k = new FakeNetlink([{ index: 2, name: 'eth0' }, { index: 3, name: 'eth1' }]);
  k.externalAddAddress(v4('10.0.0.1'));
  k.externalAddAddress(v4('10.0.0.101', { label: 'eth0:1' }));
  const vips = [v4('10.0.0.100', { label: 'eth0:1', broadcast: '10.0.0.255' }), v6('fd00::100')];
  const evips = [{ index: 3, ifname: 'eth1', family: 4 as const, address: '192.168.0.100', prefix: 32 }];
  const desired = [...vips, ...evips];
  const first = await reconcileAddresses(k, desired, [v4('10.0.0.101')]);
  t.same(first.result.failures, [], 'no failures');
  t.equal(first.result.added.length, 3, 'added');
  t.equal(first.result.removed.length, 1, 'removed the stale one');
  const mutations = k.calls.filter((c) => c.op !== 'listAddresses').map((c) => c.target);
  t.same(mutations, [
    'delete address 10.0.0.101/24 dev eth0',
    'add address 10.0.0.100/24 dev eth0', 'add address fd00::100/128 dev eth0', 'add address 192.168.0.100/32 dev eth1',
  ], 'removals first, then VIPs, then eVIPs');
  t.same(k.addresses().map((a) => `${a.address}/${a.prefix}`).sort(),
    ['10.0.0.1/24', '10.0.0.100/24', '192.168.0.100/32', 'fd00::100/128'], 'kernel = desired + foreign');

  const second = planAddresses(desired, await k.listAddresses(), [v4('10.0.0.101')]);
  t.ok(planIsEmpty(second), 'second plan is empty');
  const calls = k.calls.length;
  await reconcileAddresses(k, desired);
  t.equal(k.calls.filter((c, i) => i >= calls && c.op !== 'listAddresses').length, 0, 'second run sends nothing');

  k.calls.length = 0;
  await reconcileAddresses(k, [], desired);
  t.same(k.calls.filter((c) => c.op === 'deleteAddress').map((c) => c.target), [
    'delete address 192.168.0.100/32 dev eth1', 'delete address fd00::100/128 dev eth0', 'delete address 10.0.0.100/24 dev eth0',
  ], 'leaving MASTER: eVIPs, then VIPs, in reverse');
  t.same(k.addresses().map((a) => a.address), ['10.0.0.1'], 'only the primary left');
});

t.test('failures are per address', async (t) => {
  const k = new FakeNetlink([{ index: 2, name: 'eth0' }]);
  k.externalAddAddress(v4('10.0.0.50'));
  k.failNext('addAddress', 'ETIMEDOUT', (s) => s.includes('10.0.0.11/'));
  const plan = { add: [v4('10.0.0.10'), v4('10.0.0.11'), v4('10.0.0.50'), v4('10.0.0.12')], remove: [v4('10.0.0.99')], keep: [] };
  const r = await applyAddressPlan(k, plan, { maxInFlight: 2 });
  t.same(texts(r.added), ['10.0.0.10/24', '10.0.0.12/24'], 'the others went through');
  t.same(r.failures.map((f) => [f.action, f.address.address, f.error.code]), [['add', '10.0.0.11', 'ETIMEDOUT'], ['add', '10.0.0.50', 'EEXIST']]);
  t.same(texts(r.alreadyGone), ['10.0.0.99/24'], 'deleting a missing address is not a failure');
  k.failNext('deleteAddress', 'EPERM');
  const r2 = await applyAddressPlan(k, { add: [], remove: [v4('10.0.0.10')], keep: [] });
  t.match(r2.failures, [{ action: 'remove', error: { code: 'EPERM' } }], 'a real removal failure is reported');
});

t.test('runInFlight: bounded, in order, every task runs', async (t) => {
  const started: number[] = [];
  let active = 0;
  let peak = 0;
  const results = await runInFlight([0, 1, 2, 3, 4, 5, 6], 3, async (i) => {
    started.push(i);
    peak = Math.max(peak, ++active);
    await new Promise((r) => setTimeout(r, (7 - i) * 2));
    active--;
    if (i === 2) throw new Error('boom');
    return i * 10;
  });
  t.same(started, [0, 1, 2, 3, 4, 5, 6], 'started in order');
  t.equal(peak, 3, 'never more than the limit in flight');
  t.same(results.map((r) => (r.ok ? r.value : 'failed')), [0, 10, 'failed', 30, 40, 50, 60], 'results by position');
  t.same(await runInFlight([], 5, async () => 1), [], 'empty');
});
