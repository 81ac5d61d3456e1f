// Guest (inside UML): programs each case through our IPVS client and, separately, through ipvsadm itself from
// the same intent written as ipvsadm rules; returns both `ipvsadm -Sn` / `--thresholds` listings, our GET
// read-back, the errors of bad requests, timeouts, sync daemons, edit, zero and flush.
import { openIpvsClient } from '../../../src/ipvs/genl-client';
import type { IpvsClient, SyncDaemonConfig, TableService } from '../../../src/ipvs/types';
import { guestMain, ipvsadm, sh } from './guest-main';

export interface ProgramInput {
  table: TableService[];
  /** The same table as `ipvsadm -R` lines. */
  ipvsadmRules: string[];
  daemons: Array<{ config: SyncDaemonConfig; ipvsadmArgs: string[] }>;
}

export interface Listing {
  save: string[];
  thresholds: string[];
}

export interface ProgramOutput {
  info: unknown;
  ours: Listing;
  theirs: Listing;
  readBack: TableService[];
  errors: Record<string, string>;
  afterEdit: string[];
  timeouts: { set: unknown; get: unknown; ipvsadm: string[] };
  daemons: Array<{ ours: string[]; theirs: string[]; listed: SyncDaemonConfig[] }>;
  daemonsAfterStop: SyncDaemonConfig[];
  afterFlush: string[];
}

const listing = (): Listing => ({ save: ipvsadm('-Sn').sort(), thresholds: ipvsadm('-Ln', '--thresholds') });

async function errorOf(what: () => Promise<unknown>): Promise<string> {
  try {
    await what();
    return 'no error';
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
}

async function program(c: IpvsClient, table: TableService[]): Promise<void> {
  for (const t of table) {
    await c.addService(t.service);
    for (const d of t.dests) await c.addDest(t.service, d);
  }
}

guestMain<ProgramInput, ProgramOutput>(async (input) => {
  const c = await openIpvsClient();
  const info = await c.info();
  await program(c, input.table);
  const ours = listing();
  const readBack = await c.readTable();

  const first = input.table[0];
  const errors: Record<string, string> = {
    duplicateService: await errorOf(() => c.addService(first.service)),
    duplicateDest: await errorOf(() => c.addDest(first.service, first.dests[0])),
    unknownScheduler: await errorOf(() => c.addService({ ...first.service, port: 9, scheduler: 'nosuch' })),
    destOfMissingService: await errorOf(() => c.addDest({ ...first.service, port: 9 }, first.dests[0])),
    deleteMissingDest: await errorOf(() => c.deleteDest(first.service, { family: 'inet', address: '10.9.9.9', port: 1 })),
    deleteMissingService: await errorOf(() => c.deleteService({ ...first.service, port: 9 })),
    wrongFamilyAddress: await errorOf(() => c.addService({ ...first.service, address: 'fd00::1' })),
    badIpv6Prefix: await errorOf(() => c.addService({ ...first.service, family: 'inet6', address: 'fd00::99', netmask: 0 })),
    badWeight: await errorOf(() => c.addDest(first.service, { ...first.dests[0], port: 1, weight: -1 })),
  };

  // Edit: scheduler and flags of the first service, weight of its first destination.
  await c.editService({ ...first.service, scheduler: 'rr', flags: 0, timeout: 0, netmask: 0xffffffff, peName: '' });
  await c.editDest(first.service, { ...first.dests[0], weight: 9 });
  const afterEdit = ipvsadm('-Sn').sort();
  await c.zero();
  await c.zero(first.service);

  await c.flush();
  sh('sh', ['-c', `printf '%s\\n' ${input.ipvsadmRules.map((l) => `'${l}'`).join(' ')} | ipvsadm -R`]);
  const theirs = listing();
  await c.flush();

  const set = { tcp: 1000, tcpFin: 100, udp: 200 };
  await c.setTimeouts(set);
  const timeouts = { set, get: await c.getTimeouts(), ipvsadm: ipvsadm('-Ln', '--timeout') };

  const daemons: ProgramOutput['daemons'] = [];
  for (const d of input.daemons) {
    await c.startSyncDaemon(d.config);
    const listed = await c.listSyncDaemons();
    const oursD = ipvsadm('-Ln', '--daemon');
    await c.stopSyncDaemon(d.config.state);
    sh('ipvsadm', d.ipvsadmArgs);
    const theirsD = ipvsadm('-Ln', '--daemon');
    sh('ipvsadm', ['--stop-daemon', d.config.state]);
    daemons.push({ ours: oursD, theirs: theirsD, listed });
  }
  const daemonsAfterStop = await c.listSyncDaemons();

  await program(c, input.table);
  await c.flush();
  const afterFlush = ipvsadm('-Sn');
  c.close();
  return { info, ours, theirs, readBack, errors, afterEdit, timeouts, daemons, daemonsAfterStop, afterFlush };
});
