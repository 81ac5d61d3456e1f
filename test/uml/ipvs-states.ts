// Kernel start states for the reconciler tests: a desired table mutated at random (services missing or with other
// settings, destinations missing, changed or extra) plus services we owned before and no longer want. Pure and
// seeded, so unit tests (FakeIpvs) and the UML test see the same states.
import { serviceId } from '../../src/ipvs/describe';
import type { IpvsDest, IpvsService, TableService } from '../../src/ipvs/types';
import { mulberry32 } from '../helpers/prng';

export interface StartState {
  name: string;
  table: TableService[];
  /** Ids of services we owned before (desired ones are owned anyway). */
  owned: string[];
}

const SCHEDULERS = ['rr', 'wrr', 'lc', 'wlc', 'sh', 'dh', 'sed', 'nq'];

/** Services we programmed in an earlier configuration and no longer want. */
export function staleServices(): TableService[] {
  const base = { family: 'inet' as const, flags: 0, timeout: 0, netmask: 0xffffffff, peName: '', scheduler: 'rr' };
  return [
    { service: { ...base, fwmark: 0, protocol: 'TCP', address: '10.10.9.1', port: 80 },
      dests: [{ family: 'inet', address: '10.20.9.1', port: 80, forward: 'route', weight: 1, upperThreshold: 0, lowerThreshold: 0, tunnelType: 'ipip', tunnelPort: 0, tunnelChecksum: 'nocsum' }] },
    { service: { ...base, fwmark: 77, protocol: undefined, address: '', port: 0 }, dests: [] },
  ];
}

function mutateService(s: IpvsService, rnd: () => number): IpvsService {
  const scheduler = SCHEDULERS[Math.floor(rnd() * SCHEDULERS.length)];
  const persistent = rnd() < 0.5;
  return { ...s, scheduler, flags: persistent ? 1 : 0, timeout: persistent ? 200 : 0, peName: '' };
}

function mutateDest(d: IpvsDest, rnd: () => number): IpvsDest {
  const r = rnd();
  if (r < 0.4) return { ...d, weight: d.weight + 1 + Math.floor(rnd() * 5) };
  if (r < 0.7) return { ...d, upperThreshold: 1000, lowerThreshold: 10 };
  // Another forwarding method; masq keeps the destination's own port, the others need the service's.
  return { ...d, forward: d.forward === 'route' ? 'tunnel' : 'route' };
}

function extraDest(s: IpvsService, i: number): IpvsDest {
  const six = s.family === 'inet6';
  return { family: s.family, address: six ? `fd00:99::${i + 1}` : `10.99.${i >> 8}.${(i & 255) + 1}`, port: s.fwmark ? 0 : s.port,
    forward: 'route', weight: 1, upperThreshold: 0, lowerThreshold: 0, tunnelType: 'ipip', tunnelPort: 0, tunnelChecksum: 'nocsum' };
}

/** Fixed states first (empty, already converged, everything changed, stale only), then `random` seeded ones. */
export function startStates(desired: TableService[], random: number, seed = 7): StartState[] {
  const stale = staleServices();
  const staleIds = stale.map((s) => serviceId(s.service));
  const rnd = mulberry32(seed);
  const states: StartState[] = [
    { name: 'empty', table: [], owned: [] },
    { name: 'converged', table: desired, owned: [] },
    { name: 'every setting changed', owned: [],
      table: desired.map((t, i) => ({ service: mutateService(t.service, rnd), dests: [...t.dests.map((d) => mutateDest(d, rnd)), extraDest(t.service, i)] })) },
    { name: 'stale services only', table: stale, owned: staleIds },
  ];
  for (let n = 0; n < random; n++) {
    const table: TableService[] = [];
    desired.forEach((t, i) => {
      if (rnd() < 0.25) return; // service missing
      const service = rnd() < 0.3 ? mutateService(t.service, rnd) : t.service;
      const dests: IpvsDest[] = [];
      for (const d of t.dests) {
        const r = rnd();
        if (r < 0.25) continue; // destination missing
        dests.push(r < 0.5 ? mutateDest(d, rnd) : d);
      }
      if (rnd() < 0.3) dests.push(extraDest(t.service, i + 100 * n));
      table.push({ service, dests });
    });
    states.push({ name: `random ${n + 1}`, table: [...table, ...stale], owned: staleIds });
  }
  return states;
}
