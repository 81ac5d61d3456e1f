// Our own configurations (test/uml/fixtures) for what the samples do not exercise: virtual_server_group ranges
// and fwmarks (IPv4 and IPv6, with persistence granularity), every scheduler and scheduler flag, ops, DR/TUN with
// tunnel types, ports and checksum flags, the sip persistence engine, port 0, thresholds, weight 0; and real
// servers that start down (alpha checkers that never pass), inhibit_on_failure, quorum/hysteresis with sorry
// servers (and sorry_server_inhibit). The real keepalived programs each inside user-mode Linux; ours must list
// the same. Checker blocks are kept: only `MISC_CHECK /bin/false` with alpha, which keeps a server down for good.
import t from 'tap';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkSame, compareCases } from './compare-with-keepalived';
import { runInUml, umlUnavailable } from './uml-vm';
import type { CompareResult } from './guest/keepalived-vs-ours';

const FIXTURES = join(__dirname, 'fixtures');

t.test('own virtual_server configs: our IPVS table = keepalived\'s', { skip: umlUnavailable() }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-extra-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const names = readdirSync(FIXTURES).filter((n) => n.endsWith('.conf')).sort();
  const cases = compareCases(dir, names.map((name) => ({ name, text: readFileSync(join(FIXTURES, name), 'utf8') })));
  const { result } = await runInUml<CompareResult[]>({
    guest: resolve(__dirname, 'guest', 'keepalived-vs-ours.ts'), input: cases, timeoutMs: 170_000,
  });
  checkSame(t, result, names);
});
