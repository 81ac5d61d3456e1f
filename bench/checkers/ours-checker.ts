// keepalived-ts's side of the checker benchmark where `keepalived-ts -C` cannot run (the host: no IPVS, and our
// checker process exits FATAL without it, as keepalived's does): one process doing what that checker child does
// for HTTP_GET, from the same pieces: the configuration loaded, IPVS programmed at start (startIpvs), every checker
// created with createChecker() and its verdicts fed to LvsState, whose log lines go to stdout; SIGTERM stops the
// checkers and removes the services. While every real server stays up (the benchmark's steady state) the IPVS table
// does not change, so verdicts that would change it are only logged (the report counts such lines as failures).
// BENCH_IPVS=fake: an in-memory IPVS (on a host without IPVS, where keepalived runs with the sockopt stub).
//   node -r ts-node/register/transpile-only ours-checker.ts keepalived.conf
import { loadConfig } from '../../src/config/load';
import { createChecker, type HealthChecker } from '../../src/check/checkers';
import type { LvsAction } from '../../src/check/real-server/actions';
import { LvsState } from '../../src/check/real-server/lvs-state';
import { FakeIpvs, openIpvsClient, startIpvs, stopIpvs } from '../../src/ipvs';

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function take(actions: LvsAction[]): void {
  for (const a of actions) if (a.type === 'log') out(a.line);
}

async function main(): Promise<void> {
  const loaded = loadConfig(process.argv[2] ?? '/etc/keepalived/keepalived.conf', { configTest: false });
  if (loaded.abort) throw new Error(`configuration: ${JSON.stringify(loaded.abort)}`);
  const config = loaded.config;
  const ipvs = process.env.BENCH_IPVS === 'fake' ? new FakeIpvs() : await openIpvsClient();
  const { session } = await startIpvs(ipvs, config);
  const lvs = new LvsState(config);
  take(lvs.start());
  take(lvs.activateCheckers());

  const checkers: HealthChecker[] = [];
  config.virtualServers.forEach((vs, vsIndex) => {
    vs.realServers.forEach((rs, rsIndex) => {
      rs.checkers.forEach((checker, checkerIndex) => {
        if (checker.type !== 'HTTP_GET' && checker.type !== 'SSL_GET' && checker.type !== 'TCP_CHECK') return;
        const c = createChecker({ checker, rs, vs, ssl: config.ssl, logAllFailures: config.globalDefs.checkerLogAllFailures }, { log: out });
        c.onResult((up, weight) => take(lvs.checkerEvent({ vsIndex, rsIndex, checkerIndex }, up, weight)));
        checkers.push(c);
      });
    });
  });
  for (const c of checkers) c.start();
  out(`bench: ${checkers.length} checkers started`);

  let stopping = false;
  process.on('SIGTERM', () => {
    if (stopping) return;
    stopping = true;
    for (const c of checkers) c.stop();
    take(lvs.shutdown());
    void stopIpvs(ipvs, config, session).finally(() => process.exit(0));
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
