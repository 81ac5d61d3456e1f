// `-d` shows every keyword of every shared sample config: each keyword the sample sets appears in the dump under
// its canonical name, with the value the parser resolved, and defaults the sample does not set are shown too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { dumpConfigText } from '../../src/config/dump/dump-text';
import { loadConfig } from '../../src/config/load';
import { liveSystem, SystemView } from '../../src/config/system-view';
import { FIXTURES_DIR } from '../helpers/fixtures-dir';

const SAMPLES = join(FIXTURES_DIR, 'keepalived-samples');

/** Blocks whose lines are entries (addresses, names), not keywords. */
const VALUE_BLOCKS = new Set([
  'virtual_ipaddress', 'virtual_ipaddress_excluded', 'virtual_routes', 'virtual_rules', 'static_ipaddress',
  'static_routes', 'static_rules', 'notification_email', 'group', 'track_interface', 'track_script', 'track_file',
  'track_process', 'track_bfd', 'unicast_peer', 'linkbeat_interfaces', 'interface_up_down_delays', 'interfaces',
]);

/** Keywords the model stores under another keyword's name (keepalived aliases). */
const CANONICAL: Record<string, string> = {
  lvs_sched: 'lb_algo',
  lvs_method: 'lb_kind',
  vrrp_track_file: 'track_file',
  nb_get_retry: 'retry',
  neighbour_ip: 'neighbor_ip',
  lvs_process_name: 'checker_process_name',
  enable_snmp_keepalived: 'enable_snmp_vrrp',
};

/** A machine that has every interface the samples name (eth0..eth3), so every instance is fully resolved. */
const everyInterface: SystemView = {
  ...liveSystem,
  interfaceExists: () => true,
  // Unknown link facts read as an ordinary Ethernet interface.
  readText: (path) => (path.startsWith('/sys/class/net/') ? undefined : liveSystem.readText(path)),
};

/**
 * Blocks keepalived 2.2.7 itself drops from these samples, so the resolved configuration has none of their
 * keywords: conditional_conf's vrrp_script has a script only for the ids `high`/`low` (which also select network
 * namespaces this machine does not have), and lvs_syncd's sync group lists its members outside a `group` block.
 */
const DROPPED_BY_KEEPALIVED: Record<string, readonly string[]> = {
  'keepalived.conf.conditional_conf': ['vrrp_script', 'interval', 'timeout', 'rise', 'fall'],
  'keepalived.conf.vrrp.lvs_syncd': ['vrrp_sync_group'],
};

/** Root blocks the dump prints as headings rather than as keywords. */
const HEADINGS = new Set(['global_defs', 'static_ipaddress', 'static_routes', 'static_rules', 'SSL']);

/** The keywords a sample file sets, from the first word of each line outside value blocks. */
function keywordsOf(text: string): Set<string> {
  const found = new Set<string>();
  let valueDepth = 0;
  let pendingValueBlock = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/[#!].*$/, '').trim();
    if (line === '') continue;
    for (const piece of line.split(/(?=[{}])|(?<=[{}])/).map((p) => p.trim()).filter(Boolean)) {
      if (piece === '{') {
        if (valueDepth > 0 || pendingValueBlock) valueDepth++;
        pendingValueBlock = false;
        continue;
      }
      if (piece === '}') {
        if (valueDepth > 0) valueDepth--;
        continue;
      }
      if (valueDepth > 0) continue;
      const word = piece.split(/\s+/)[0] as string;
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(word)) continue;
      if (word.startsWith('@')) continue;
      pendingValueBlock = VALUE_BLOCKS.has(word);
      found.add(CANONICAL[word] ?? word);
    }
  }
  return found;
}

for (const name of readdirSync(SAMPLES).sort()) {
  t.test(name, async (t) => {
    const path = join(SAMPLES, name);
    const text = readFileSync(path, 'utf8');
    const result = loadConfig(path, { configId: 'lb1', system: everyInterface });
    t.equal(result.abort, undefined, 'the sample parses to the end');
    const dump = dumpConfigText(result.config);
    const dropped = DROPPED_BY_KEEPALIVED[name] ?? [];
    for (const kw of dropped) t.notMatch(dump, new RegExp(`(^|[\\s{])${kw} `, 'm'), `${kw}: dropped, as keepalived drops it`);
    for (const kw of keywordsOf(text)) {
      if (HEADINGS.has(kw) || dropped.includes(kw)) continue;
      t.match(dump, new RegExp(`(^|[\\s{])${kw}( |$)`, 'm'), `dump shows ${kw}`);
    }
  });
}
