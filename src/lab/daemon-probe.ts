// Does an implementation's daemon run at all? One node on a throw-away segment is started with the lab's command
// line and must log "(VI_1) Entering BACKUP|MASTER STATE"; then it is stopped. The interop tests and the lab use the
// answer to decide whether keepalived-ts legs can run yet.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../core/package-root';
import { createVrrpCluster } from './vrrp-cluster';
import type { Implementation } from './vrrp-daemon';

export interface ProbeResult {
  ready: boolean;
  /** Why not (the daemon's last log lines, its exit status), or how long it took to enter a state. */
  detail: string;
}

export async function probeDaemon(impl: Implementation, timeoutMs = 10000): Promise<ProbeResult> {
  if (impl === 'keepalived-ts' && !process.env.KEEPALIVED_TS_BIN && !existsSync(join(packageRoot(), 'dist', 'src', 'cli', 'keepalived.js'))) {
    return { ready: false, detail: 'dist/ is not built (npm run build:ts)' };
  }
  const cluster = await createVrrpCluster({
    instance: { version: 3, family: 4, advertInt: 0.1 }, nodes: [{ priority: 100 }], capture: false, notify: false, net: 254,
  });
  try {
    const t0 = Date.now();
    const d = cluster.start(0, impl);
    try {
      await d.waitForLine(/\(VI_1\) Entering (BACKUP|MASTER) STATE/, timeoutMs);
      return { ready: true, detail: `entered a VRRP state ${Date.now() - t0} ms after start` };
    } catch {
      const last = d.lines.slice(-2).map((l) => l.text).join(' | ') || '(no output)';
      const what = d.running() ? `no "(VI_1) Entering … STATE" within ${timeoutMs} ms` : `exits ${await d.exited} at start-up`;
      return { ready: false, detail: `${what}: ${last}` };
    }
  } finally {
    await cluster.cleanup();
  }
}
