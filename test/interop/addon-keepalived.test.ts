// Interop with the real keepalived 2.2.7: keepalived runs a VRRPv3 IPv6 instance in namespace B, becomes
// master, and namespace A receives its adverts with the addon, checking what raw-socket cannot see:
// hop limit 255, destination ff02::12 and the arrival ifindex.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import t from 'tap';
import { processExists } from '../../src/core/supervisor/pid-file';
import { isAddonBuilt } from '../../src/net/addon';
import { createLab, NsAgent, spawnInNs } from '../helpers/netns';

const AGENT = resolve(__dirname, 'fixtures', 'addon-agent.ts');
const KEEPALIVED = '/usr/sbin/keepalived';

interface Received {
  len: number;
  hops: number;
  ifindex: number;
  src: string;
  dst: string;
  hex: string;
}

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else if (!existsSync(KEEPALIVED)) {
  t.plan(0, `${KEEPALIVED} is not installed`);
} else {
  t.test('adverts of keepalived 2.2.7 (VRRPv3, IPv6) received with the addon', async (t) => {
    t.ok(isAddonBuilt(), 'native addon is built (npm run build)');
    if (!isAddonBuilt()) return;

    const lab = createLab([{ addrs: ['fd00:61::1/64'] }, { addrs: ['fd00:61::2/64'] }]);
    t.teardown(() => lab.cleanup());
    const [a, b] = lab.nodes;

    const dir = mkdtempSync(join(tmpdir(), 'kts-keepalived-'));
    t.teardown(() => rmSync(dir, { recursive: true, force: true }));
    const conf = join(dir, 'keepalived.conf');
    writeFileSync(
      conf,
      [
        'global_defs {',
        `  router_id kts_${process.pid}`,
        '}',
        'vrrp_instance VI_60 {',
        '  state BACKUP',
        '  interface eth0',
        '  version 3',
        '  virtual_router_id 60',
        '  priority 100',
        '  advert_int 1',
        '  virtual_ipaddress {',
        '    fd00:61::100/64',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const pidFiles = ['keepalived.pid', 'vrrp.pid', 'checkers.pid'].map((f) => join(dir, f));

    const agent = await NsAgent.start(a.ns, AGENT);
    t.teardown(() => agent.stop());
    await agent.call('openRaw', { name: 'r', options: { family: 6, protocol: 112, ifname: 'eth0' } });
    await agent.call('join', { name: 'r', group: 'ff02::12' });
    await agent.call('startReceive', { name: 'r' });

    const started = Date.now();
    const kad = spawnInNs(b.ns, KEEPALIVED, ['-n', '-l', '-D', '-f', conf, '-p', pidFiles[0], '-r', pidFiles[1], '-c', pidFiles[2]]);
    const stopKeepalived = async (): Promise<void> => {
      await kad.stop('SIGTERM', 10000);
      // the parent waits for its children on SIGTERM; make sure none is left
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

    const [advert] = await agent.call<Received[]>('collect', { name: 'r', count: 1, timeoutMs: 10000 });
    const elapsed = Date.now() - started;
    t.ok(advert, `an advert arrived ${elapsed} ms after keepalived started`);
    if (!advert) {
      t.comment(kad.stderr().slice(-3000));
      t.comment(kad.stdout().toString().slice(-3000));
      return;
    }
    const data = Buffer.from(advert.hex, 'hex');
    t.equal(advert.hops, 255, 'hop limit 255');
    t.equal(advert.dst, 'ff02::12', 'destination ff02::12');
    t.equal(advert.src, b.linkLocal, "source is B's link-local address");
    t.equal(advert.ifindex, a.ifindex, "arrived on A's eth0");
    t.equal(data[0], 0x31, 'VRRP version 3, type advertisement (0x31)');
    t.equal(data[1], 60, 'vrid 60');
    t.equal(data[2], 100, 'priority 100');
    t.equal(data[3], 1, 'one address');
    t.equal(data.readUInt16BE(4) & 0x0fff, 100, 'max advert interval 100 cs');
    t.equal(data.length, 8 + 16, 'header + one IPv6 address');
    t.equal(data.subarray(8, 24).toString('hex'), 'fd000061000000000000000000000100', 'the VIP fd00:61::100');
    await kad.waitFor(/Entering MASTER STATE/, 3000).then(
      () => t.pass('keepalived logged "Entering MASTER STATE"'),
      (e: Error) => t.fail(e.message),
    );

    // The other direction: our priority-200 advert, sent with sendTo (the kernel fills the checksum at
    // offset 6), makes keepalived step down.
    await agent.call('openRaw', {
      name: 's',
      options: { family: 6, protocol: 112, ifname: 'eth0', checksumOffset: 6, tclass: 0xc0, sendOnly: true },
    });
    const ours = Buffer.concat([Buffer.from([0x31, 60, 200, 1, 0x00, 100, 0, 0]), data.subarray(8, 24)]);
    t.equal(await agent.call('sendTo', { name: 's', hex: ours.toString('hex'), dst: 'ff02::12' }), ours.length, 'sent our advert');
    const stepDown = new RegExp(`advert from ${a.linkLocal} with higher priority 200[^]*Entering BACKUP STATE`);
    await kad.waitFor(stepDown, 5000).then(
      () => t.pass(`keepalived logged "Master received advert from ${a.linkLocal} with higher priority 200" and entered BACKUP`),
      (e: Error) => t.fail(e.message),
    );

    const vrrpPid = existsSync(pidFiles[1]) ? Number(readFileSync(pidFiles[1], 'utf8').trim()) : 0;
    t.ok(vrrpPid > 0 && processExists(vrrpPid), `keepalived's VRRP child ${vrrpPid} is running`);
    await stopKeepalived();
    t.equal(await kad.exited, 0, 'keepalived exited with status 0 on SIGTERM');
    t.notOk(processExists(kad.pid), 'keepalived is gone');
    t.notOk(vrrpPid > 0 && processExists(vrrpPid), 'its VRRP child is gone');
    t.equal(await agent.stop(), 0, 'the agent exits cleanly');
  });
}
