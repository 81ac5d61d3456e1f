// Inside user-mode Linux, where IPVS exists and keepalived's checker process runs unmodified: the checker
// benchmark's trials (trials.ts) with the real server addresses on dummy0. The VM has one CPU, so the HTTP server
// and the checker process share it; `ipvsadm -Ln` checks that every real server stayed in the table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { guestMain, ipvsadm, sh, sleep } from '../../test/uml/guest/guest-main';
import type { CheckerBenchInput, GuestOutput } from './plan';
import { benchConfig, realAddress, runTrials, Server, type TrialEnv } from './trials';

function setSysctl(name: string, value: string): void {
  writeFileSync(`/proc/sys/${name.replace(/\./g, '/')}`, value);
}

const umlEnv: TrialEnv = {
  wrap: (_role, argv) => argv,
  ipvsDestinations: () => ipvsadm('-Ln').filter((l) => l.trim().startsWith('->')).length,
  async settle() {
    const end = Date.now() + 30_000;
    while (ipvsadm('-Ln').length !== 0) {
      if (Date.now() > end) throw new Error('IPVS table not emptied after a trial');
      await sleep(200);
    }
  },
};

async function run(input: CheckerBenchInput): Promise<GuestOutput> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-chbench-'));
  // 1000 connections opened at once every second: deep accept queues, and ports back quickly.
  setSysctl('net.core.somaxconn', '8192');
  setSysctl('net.ipv4.tcp_max_syn_backlog', '8192');
  setSysctl('net.ipv4.ip_local_port_range', '10000 65000');
  setSysctl('net.ipv4.tcp_tw_reuse', '1');
  writeFileSync(join(dir, 'addrs'), Array.from({ length: input.reals }, (_, i) => `addr add ${realAddress(i)}/32 dev dummy0\n`).join(''));
  sh('ip', ['-batch', join(dir, 'addrs')]);
  const conf = join(dir, 'keepalived.conf');
  writeFileSync(conf, benchConfig(input, input.digest));
  const server = new Server(umlEnv, input.port, input.bodyBytes);
  try {
    await server.ready();
    const trials = await runTrials(umlEnv, input, conf, dir, server);
    return { trials, clockTicksPerSecond: Number(sh('getconf', ['CLK_TCK']).trim()), cpus: Number(sh('nproc', []).trim()) };
  } finally {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) guestMain(run);
