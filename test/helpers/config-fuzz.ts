// Fuzzing the whole configuration loader (lexer, keyword tree, every section, validation) with random and mutated
// configurations: nothing may escape as an exception, and every error found while reading names its file:line.
// config-parser-fuzz-N.test.ts run quarters of the inputs with their own seeds, so tap spreads them over the cores.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Diagnostic } from '../../src/config/diagnostics';
import { loadConfig } from '../../src/config/load';
import { MemoryFs } from '../../src/config/lexer';
import type { SystemView } from '../../src/config/system-view';
import { FIXTURES_DIR } from './fixtures-dir';
import { mulberry32 } from './prng';

/** A fixed machine, so the fuzz never touches the file system or the network configuration. */
const machine: SystemView = {
  interfaceExists: (name) => name === 'eth0' || name === 'lo',
  hostname: () => 'fuzzhost',
  user: (key) => (key === 'root' || key === '0' ? { name: 'root', uid: 0, gid: 0, dir: '/root' } : undefined),
  group: (key) => (key === 'root' || key === '0' ? { name: 'root', gid: 0 } : undefined),
  stat: () => undefined,
  readText: () => undefined,
  uid: () => 0,
};

const SEEDS = readdirSync(join(FIXTURES_DIR, 'keepalived-samples'))
  .map((f) => readFileSync(join(FIXTURES_DIR, 'keepalived-samples', f), 'utf8'))
  .concat(
    readdirSync(join(__dirname, '..', 'fixtures', 'config-corpus'))
      .filter((f) => f.endsWith('.conf'))
      .map((f) => readFileSync(join(__dirname, '..', 'fixtures', 'config-corpus', f), 'utf8')),
  );

const WORDS = [
  'global_defs', 'vrrp_instance', 'virtual_server', 'real_server', 'vrrp_sync_group', 'vrrp_script', 'track_file',
  'static_ipaddress', 'static_routes', 'static_rules', 'virtual_ipaddress', 'virtual_routes', 'virtual_rules',
  'HTTP_GET', 'SSL_GET', 'TCP_CHECK', 'MISC_CHECK', 'DNS_CHECK', 'UDP_CHECK', 'url', 'path', 'digest', 'status_code',
  'state', 'MASTER', 'BACKUP', 'interface', 'eth0', 'virtual_router_id', 'priority', 'advert_int', 'authentication',
  'auth_type', 'PASS', 'AH', 'auth_pass', 'unicast_peer', 'lb_algo', 'lb_kind', 'protocol', 'TCP', 'UDP', 'weight',
  'delay_loop', 'quorum', 'hysteresis', 'group', 'notify', 'script', 'interval', 'fall', 'rise', 'include', '@lb1',
  '@^lb1', '$X=', '$X', '${X}', '~SEQ(i,1,3)', '${i}', '{', '}', '"', "'", '#', '!', '\\', '10.0.0.1', '10.0.0.1/24',
  'fd00::1', 'dev', 'brd', 'scope', 'label', 'via', 'table', 'from', 'to', '0', '1', '255', '256', '-1', '1.5', 'abc',
  'yes', 'no', 'nopreempt', 'preempt_delay', 'track_script', 'track_interface', 'bfd_instance', 'SSL', 'fwmark',
];

function randomConfig(rnd: () => number): string {
  const lines: string[] = [];
  const n = 1 + Math.floor(rnd() * 30);
  for (let i = 0; i < n; i++) {
    const k = Math.floor(rnd() * 6);
    const words: string[] = [];
    for (let j = 0; j <= k; j++) words.push(WORDS[Math.floor(rnd() * WORDS.length)] as string);
    lines.push(words.join(rnd() < 0.1 ? '' : ' '));
  }
  return lines.join('\n');
}

function mutate(text: string, rnd: () => number): string {
  let lines = text.split('\n');
  const edits = 1 + Math.floor(rnd() * 4);
  for (let e = 0; e < edits && lines.length > 0; e++) {
    const at = Math.floor(rnd() * lines.length);
    switch (Math.floor(rnd() * 6)) {
      case 0: lines.splice(at, 1); break;
      case 1: lines.splice(at, 0, lines[Math.floor(rnd() * lines.length)] as string); break;
      case 2: lines = lines.slice(0, at); break;
      case 3: {
        const l = lines[at] as string;
        const c = Math.floor(rnd() * (l.length + 1));
        lines[at] = l.slice(0, c) + String.fromCharCode(32 + Math.floor(rnd() * 95)) + l.slice(c + 1);
        break;
      }
      case 4: lines[at] = `${lines[at]} ${WORDS[Math.floor(rnd() * WORDS.length)]}`; break;
      default: lines[at] = (lines[at] as string).split(/\s+/).slice(0, 1 + Math.floor(rnd() * 2)).join(' ');
    }
  }
  return lines.join('\n');
}

/** Errors about files (a missing include) name the file rather than a line. */
const aboutFiles = (d: Diagnostic): boolean => /config files?|include|no config files matched|open problem/i.test(d.message);

export interface FuzzOutcome {
  escaped: number;
  unplaced: number;
  firstProblem: string;
}

/** Loads `inputs` configurations from `seed` (half random, half mutated samples and corpus files). */
export function fuzzLoader(seed: number, inputs: number): FuzzOutcome {
  const rnd = mulberry32(seed);
  // Includes resolve in an empty in-memory tree: the fuzz reads nothing from this machine.
  const files = new MemoryFs();
  const out: FuzzOutcome = { escaped: 0, unplaced: 0, firstProblem: '' };
  for (let i = 0; i < inputs; i++) {
    const text = i % 2 === 0 ? randomConfig(rnd) : mutate(SEEDS[Math.floor(rnd() * SEEDS.length)] as string, rnd);
    try {
      const r = loadConfig('/fuzz/keepalived.conf', { text, files, configTest: true, configId: 'lb1', system: machine });
      const bad = r.diags.list.find((d) => d.severity === 'error' && d.phase === 'read' && !d.pos && !aboutFiles(d));
      if (bad) {
        out.unplaced++;
        out.firstProblem ||= `no position for "${bad.message}" in:\n${text}`;
      }
    } catch (err) {
      out.escaped++;
      out.firstProblem ||= `${(err as Error).stack}\nin:\n${text}`;
    }
  }
  return out;
}
