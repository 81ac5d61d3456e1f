// The reconciler's plan, on FakeIpvs: minimal ordered operations, foreign services never touched, stale owned
// services deleted, idempotent; and every seeded start state converges.
import t from 'tap';
import { FakeIpvs } from '../../src/ipvs/fake-ipvs';
import { serviceId } from '../../src/ipvs/describe';
import { planIpvs, reconcileIpvs } from '../../src/ipvs/reconcile';
import type { IpvsDest, IpvsService, TableService } from '../../src/ipvs/types';
import { staleServices, startStates } from '../uml/ipvs-states';

const svc = (address: string, over: Partial<IpvsService> = {}): IpvsService => ({
  family: 'inet', fwmark: 0, protocol: 'TCP', address, port: 80, scheduler: 'wlc', flags: 0, timeout: 0, netmask: 0xffffffff, peName: '', ...over,
});
const dst = (address: string, over: Partial<IpvsDest> = {}): IpvsDest => ({
  family: 'inet', address, port: 80, forward: 'route', weight: 1, upperThreshold: 0, lowerThreshold: 0, tunnelType: 'ipip', tunnelPort: 0, tunnelChecksum: 'nocsum', ...over,
});

const desired: TableService[] = [
  { service: svc('10.0.0.1'), dests: [dst('10.1.0.1'), dst('10.1.0.2', { weight: 3 })] },
  { service: svc('fd00::1', { family: 'inet6', netmask: 128 }), dests: [dst('fd00::10', { family: 'inet6' })] },
  { service: svc('', { fwmark: 5, protocol: undefined, port: 0 }), dests: [dst('10.1.0.3', { port: 0 })] },
];

async function loaded(table: TableService[]): Promise<FakeIpvs> {
  const f = new FakeIpvs();
  for (const x of table) {
    await f.addService(x.service);
    for (const d of x.dests) await f.addDest(x.service, d);
  }
  f.calls.length = 0;
  return f;
}

t.test('from empty: services then their destinations', async (t) => {
  const ops = planIpvs(desired, []);
  t.same(ops.map((o) => o.kind), ['add-service', 'add-dest', 'add-dest', 'add-service', 'add-dest', 'add-service', 'add-dest']);
});

t.test('minimal changes, deletions first, foreign untouched', async (t) => {
  const foreign: TableService = { service: svc('10.9.9.9'), dests: [dst('10.1.0.1', { weight: 50 })] };
  const stale: TableService = { service: svc('10.0.0.2'), dests: [dst('10.1.0.9')] };
  const current: TableService[] = [
    foreign, stale,
    { service: svc('10.0.0.1', { scheduler: 'rr' }), dests: [dst('10.1.0.1', { weight: 2 }), dst('10.1.0.8')] },
    { service: desired[1].service, dests: desired[1].dests },
  ];
  const f = await loaded(current);
  const r = await reconcileIpvs(f, desired, [serviceId(stale.service)]);
  t.same(f.calls, [
    'delete service TCP 10.0.0.2:80',
    'edit service TCP 10.0.0.1:80',
    'delete destination 10.1.0.8:80 from TCP 10.0.0.1:80',
    'edit destination 10.1.0.1:80 of TCP 10.0.0.1:80',
    'add destination 10.1.0.2:80 to TCP 10.0.0.1:80',
    'add service FWM 5',
    'add destination 10.1.0.3:0 to FWM 5',
  ]);
  t.same(r.failed, []);
  const table = await f.readTable();
  t.same(table.find((x) => x.service.address === '10.9.9.9'), foreign, 'foreign service exactly as it was');
  t.same(planIpvs(desired, table, [serviceId(stale.service)]), [], 'idempotent');
});

t.test('an IPv6 address written differently is the same destination', async (t) => {
  const cur: TableService[] = [{ service: desired[1].service, dests: [dst('fd00:0:0::10', { family: 'inet6' })] }];
  t.same(planIpvs([desired[1]], cur), []);
});

t.test('tunnel settings only matter for tunnels', async (t) => {
  const want: TableService[] = [{ service: desired[0].service, dests: [dst('10.1.0.1', { tunnelType: 'gue', tunnelPort: 1 })] }];
  t.same(planIpvs(want, [{ service: desired[0].service, dests: [dst('10.1.0.1')] }]), [], 'route: tunnel fields ignored');
  const tun: TableService[] = [{ service: desired[0].service, dests: [dst('10.1.0.1', { forward: 'tunnel', tunnelType: 'gue', tunnelPort: 1 })] }];
  t.equal(planIpvs(tun, [{ service: desired[0].service, dests: [dst('10.1.0.1', { forward: 'tunnel' })] }]).length, 1, 'tunnel: edited');
});

t.test('two entries for one service merge', async (t) => {
  const ops = planIpvs([desired[0], { service: desired[0].service, dests: [dst('10.1.0.7')] }], []);
  t.equal(ops.filter((o) => o.kind === 'add-service').length, 1);
  t.equal(ops.filter((o) => o.kind === 'add-dest').length, 3);
});

t.test('a failing operation is reported and the rest still run', async (t) => {
  const f = await loaded([]);
  const r = await reconcileIpvs(f, [{ service: svc('10.0.0.7', { scheduler: 'nosuch' }), dests: [dst('10.1.0.1')] }, desired[0]]);
  t.equal(r.failed.length, 2, 'the service (unknown scheduler) and its destination (no service)');
  t.match(r.failed[0].error.message, /add service TCP 10\.0\.0\.7:80: ENOENT/);
  t.match(r.failed[1].error.message, /ESRCH/);
  t.equal((await f.readTable()).length, 1, 'the other service is there');
});

t.test('every seeded start state converges in one pass', async (t) => {
  for (const s of startStates(desired, 20, 11)) {
    const f = await loaded(s.table);
    const r = await reconcileIpvs(f, desired, s.owned);
    t.same(r.failed, [], `${s.name}: no failure`);
    const after = await f.readTable();
    t.same(planIpvs(desired, after, s.owned), [], `${s.name}: converged`);
    const staleLeft = after.filter((x) => staleServices().some((st) => serviceId(st.service) === serviceId(x.service)));
    t.same(staleLeft, [], `${s.name}: stale services gone`);
  }
});
