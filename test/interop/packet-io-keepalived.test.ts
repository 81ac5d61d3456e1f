// The real PacketIO against keepalived 2.2.7, both directions, every mode. keepalived runs in namespace B with one
// instance per mode (v2 PASS, v2 AH, v3 IPv4, v3 IPv6, v3 unicast, v2 AH unicast) plus one VRID we do not run;
// our PacketIO runs in namespace A (one agent, one IPv4 and one IPv6 channel for all of them).
// (a) we receive and decode each instance's adverts: VRID, version, priority, TTL / hop limit 255, source,
//     destination, VIPs, no drops; the extra VRID is counted as unknown;
// (b) keepalived accepts ours: a priority-200 advert per mode makes it log "(VI_n) Master received advert from
//     <our address> with higher priority 200, ours 100" and enter BACKUP, and it logs no receive error.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';
import { processExists } from '../../src/core/supervisor/pid-file';
import { isAddonBuilt } from '../../src/net/addon';
import type { EndpointSpec } from '../../src/net/packet-io';
import { createLab, NsAgent, spawnInNs } from '../helpers/netns';
import type { AgentAdvert, AgentCounters } from './fixtures/packet-io-agent';

const AGENT = resolve(__dirname, 'fixtures', 'packet-io-agent.ts');
const KEEPALIVED = '/usr/sbin/keepalived';
const OURS4 = '10.92.0.1';
const THEIRS4 = '10.92.0.2';

interface Case {
  name: string;
  /** keepalived's instance body lines (besides interface, vrid, priority, advert_int). */
  conf: string[];
  spec: Omit<EndpointSpec, 'name' | 'priority'>;
  unicast?: boolean;
}

const CASES: Case[] = [
  {
    name: 'VI_1', conf: ['state MASTER', 'authentication {', '  auth_type PASS', '  auth_pass secret', '}', 'virtual_ipaddress {', '  10.92.0.101/24', '}'],
    spec: { ifname: 'eth0', family: 4, version: 2, vrid: 51, vips: ['10.92.0.101'], wireInterval: 1, authType: 1, authPass: 'secret' },
  },
  {
    // AH refuses initial state MASTER below priority 255: it becomes master after the master-down interval
    name: 'VI_2', conf: ['state BACKUP', 'authentication {', '  auth_type AH', '  auth_pass ahsecret', '}', 'virtual_ipaddress {', '  10.92.0.102/24', '}'],
    spec: { ifname: 'eth0', family: 4, version: 2, vrid: 52, vips: ['10.92.0.102'], wireInterval: 1, authType: 2, authPass: 'ahsecret' },
  },
  {
    name: 'VI_3', conf: ['state MASTER', 'version 3', 'virtual_ipaddress {', '  10.92.0.103/24', '  10.92.0.113/24', '}'],
    spec: { ifname: 'eth0', family: 4, version: 3, vrid: 53, vips: ['10.92.0.103', '10.92.0.113'], wireInterval: 100 },
  },
  {
    name: 'VI_4', conf: ['state MASTER', 'version 3', 'virtual_ipaddress {', '  fd00:92::104/64', '}'],
    spec: { ifname: 'eth0', family: 6, version: 3, vrid: 54, vips: ['fd00:92::104'], wireInterval: 100 },
  },
  {
    name: 'VI_5', unicast: true,
    conf: ['state MASTER', 'version 3', `unicast_src_ip ${THEIRS4}`, 'unicast_peer {', `  ${OURS4}`, '}', 'virtual_ipaddress {', '  10.92.0.105/24', '}'],
    spec: { ifname: 'eth0', family: 4, version: 3, vrid: 55, vips: ['10.92.0.105'], wireInterval: 100, unicastPeers: [THEIRS4] },
  },
  {
    name: 'VI_6', unicast: true,
    conf: ['state BACKUP', `unicast_src_ip ${THEIRS4}`, 'unicast_peer {', `  ${OURS4}`, '}', 'authentication {', '  auth_type AH', '  auth_pass uniah', '}',
      'virtual_ipaddress {', '  10.92.0.106/24', '}'],
    spec: { ifname: 'eth0', family: 4, version: 2, vrid: 56, vips: ['10.92.0.106'], wireInterval: 1, authType: 2, authPass: 'uniah', unicastPeers: [THEIRS4] },
  },
];

/** An instance we do not register: its adverts are "unknown VRID" on our channel. */
const UNKNOWN = ['vrrp_instance VI_9 {', '  state MASTER', '  interface eth0', '  virtual_router_id 59', '  priority 100', '  advert_int 1',
  '  virtual_ipaddress {', '    10.92.0.109/24', '  }', '}'];

function keepalivedConf(): string {
  const out = ['global_defs {', `  router_id kts_${process.pid}`, '}'];
  for (const c of CASES) {
    out.push(`vrrp_instance ${c.name} {`, '  interface eth0', `  virtual_router_id ${c.spec.vrid}`, '  priority 100', '  advert_int 1');
    for (const l of c.conf) out.push(`  ${l}`);
    out.push('}');
  }
  out.push(...UNKNOWN, '');
  return out.join('\n');
}

/** keepalived's log lines about a received advert it refused (vrrp_check_packet and the read dispatcher). */
const RECEIVE_ERROR = /invalid|wrong version|too (short|long)|IPSEC|[Cc]hecksum|authentication|auth type|advertisement interval mismatch|address list|Received (an |)advert .*(vrid|for)|ttl/i;

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else if (!existsSync(KEEPALIVED)) {
  t.plan(0, `${KEEPALIVED} is not installed`);
} else {
  t.test('PacketIO and keepalived 2.2.7, both directions, every mode', async (t) => {
    t.ok(isAddonBuilt(), 'native addon is built (npm run build)');
    if (!isAddonBuilt()) return;

    const lab = createLab([{ addrs: [`${OURS4}/24`, 'fd00:92::1/64'] }, { addrs: [`${THEIRS4}/24`, 'fd00:92::2/64'] }]);
    t.teardown(() => lab.cleanup());
    const [a, b] = lab.nodes;

    const agent = await NsAgent.start(a.ns, AGENT);
    t.teardown(() => agent.stop());
    for (const c of CASES) await agent.call('register', { name: c.name, spec: { ...c.spec, name: c.name, priority: 50 } });

    const dir = mkdtempSync(join(tmpdir(), 'kts-packet-io-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const conf = join(dir, 'keepalived.conf');
    writeFileSync(conf, keepalivedConf());
    const pidFiles = ['keepalived.pid', 'vrrp.pid', 'checkers.pid'].map((f) => join(dir, f));
    const kad = spawnInNs(b.ns, KEEPALIVED, ['-n', '-l', '-D', '-f', conf, '-p', pidFiles[0], '-r', pidFiles[1], '-c', pidFiles[2]]);
    const stopKeepalived = async (): Promise<void> => {
      await kad.stop('SIGTERM', 10000);
      for (const f of pidFiles.slice(1)) {
        const pid = existsSync(f) ? Number(readFileSync(f, 'utf8').trim()) : 0;
        if (pid > 0 && processExists(pid)) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // gone
          }
        }
      }
    };
    t.teardown(stopKeepalived);
    const log = (): string => kad.stderr() + kad.stdout().toString();

    // (a) keepalived → PacketIO
    for (const c of CASES) {
      await t.test(`(a) we receive ${c.name}: v${c.spec.version} IPv${c.spec.family}${c.spec.authType === 2 ? ' AH' : c.spec.authType === 1 ? ' PASS' : ''}${c.unicast ? ' unicast' : ''}`, async (t) => {
        const got = await agent.call<AgentAdvert[]>('collect', { name: c.name, count: 2, timeoutMs: 15000 });
        t.equal(got.length, 2, 'two adverts received and accepted');
        if (got.length === 0) {
          t.comment(log().slice(-3000));
          return;
        }
        const src = c.spec.family === 4 ? THEIRS4 : b.linkLocal;
        const dst = c.unicast ? OURS4 : c.spec.family === 4 ? '224.0.0.18' : 'ff02::12';
        t.same(
          { vrid: got[0].vrid, version: got[0].version, priority: got[0].priority, ttl: got[0].ttl, src: got[0].src, dst: got[0].dst, addrs: got[0].addrs, interval: got[0].interval },
          { vrid: c.spec.vrid, version: c.spec.version, priority: 100, ttl: 255, src, dst, addrs: c.spec.vips, interval: c.spec.wireInterval },
          `VRID ${c.spec.vrid}, v${c.spec.version}, priority 100, TTL/hop limit 255, ${src} > ${dst}, VIPs ${c.spec.vips.join(' ')}`,
        );
        t.equal(got[0].ifindex, a.ifindex, 'arrived on our eth0');
        if (c.spec.authType === 2) t.ok(got[1].ahSeq > got[0].ahSeq, `AH sequence ${got[0].ahSeq} → ${got[1].ahSeq}`);
        const counters = await agent.call<AgentCounters>('counters', { name: c.name });
        t.same(Object.keys(counters.reasons), ['Ok'], `no drops (${JSON.stringify(counters.reasons)})`);
      });
    }
    const ch4 = await agent.call<{ unknownVrid: number; unattributed: number }>('channel', { ifname: 'eth0', family: 4 });
    t.ok(ch4.unknownVrid > 0, `VRID 59 (not ours) counted as unknown on the IPv4 channel (${ch4.unknownVrid})`);
    t.equal(ch4.unattributed, 0, 'nothing unattributable');

    // (b) PacketIO → keepalived
    for (const c of CASES) {
      await t.test(`(b) keepalived accepts ours: ${c.name}`, async (t) => {
        const ours = c.spec.family === 4 ? OURS4 : a.linkLocal;
        let ahSequence: number | undefined;
        if (c.spec.authType === 2) {
          // keepalived drops an AH sequence it has already seen (its own counter included): go past it
          const [last] = await agent.call<AgentAdvert[]>('collect', { name: c.name, count: 1, timeoutMs: 3000 });
          ahSequence = (last?.ahSeq ?? 0) + 1000;
        }
        const sent = await agent.call<number>('send', { name: c.name, priority: 200, ahSequence });
        t.equal(sent, 1, 'one advert handed to the kernel');
        const re = new RegExp(`\\(${c.name}\\) Master received advert from ${ours.replace(/\./g, '\\.')} with higher priority 200, ours 100[^]*\\(${c.name}\\) Entering BACKUP STATE`);
        await kad.waitFor(re, 5000).then(
          () => t.pass(`keepalived: "(${c.name}) Master received advert from ${ours} with higher priority 200, ours 100" → BACKUP`),
          (e: Error) => {
            t.fail(e.message);
            t.comment(log().slice(-4000));
          },
        );
      });
    }

    const errors = log().split('\n').filter((l) => /\(VI_\d\)|VRRP|IPSEC/.test(l) && RECEIVE_ERROR.test(l));
    t.same(errors, [], 'keepalived logged no receive error');
    const vrrpPid = existsSync(pidFiles[1]) ? Number(readFileSync(pidFiles[1], 'utf8').trim()) : 0;
    await stopKeepalived();
    t.equal(await kad.exited, 0, 'keepalived exited with status 0 on SIGTERM');
    t.notOk(vrrpPid > 0 && processExists(vrrpPid), 'its VRRP child is gone');
    t.equal(await agent.stop(), 0, 'the agent exits cleanly');
  });
}
