// Error paths and handle life cycle of the addon, inside network namespaces: clear errors with errno
// codes instead of crashes, idempotent close, sends on closed sockets throw, dropped sockets are closed
// by the garbage collector, and a receiving socket is never collected while it receives.
import { resolve } from 'node:path';
import t from 'tap';
import { isAddonBuilt } from '../../src/net/addon';
import { createLab, NsAgent } from '../helpers/netns';

const AGENT = resolve(__dirname, 'fixtures', 'addon-agent.ts');

type RemoteError = Error & { code?: string };

async function rejection(p: Promise<unknown>): Promise<RemoteError | undefined> {
  try {
    await p;
    return undefined;
  } catch (e) {
    return e as RemoteError;
  }
}

if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('addon errors and life cycle', async (t) => {
    t.ok(isAddonBuilt(), 'native addon is built (npm run build)');
    if (!isAddonBuilt()) return;

    const lab = createLab([{ addrs: ['10.64.0.1/24', 'fd00:64::1/64'] }, { addrs: ['10.64.0.2/24', 'fd00:64::2/64'] }]);
    t.teardown(() => lab.cleanup());
    const [a, b] = lab.nodes;
    const agent = await NsAgent.start(a.ns, AGENT, ['--expose-gc']);
    t.teardown(() => agent.stop());
    const peer = await NsAgent.start(b.ns, AGENT);
    t.teardown(() => peer.stop());

    await t.test('opening on a missing interface throws ENODEV', async (t) => {
      for (const family of [4, 6]) {
        const e = await rejection(agent.call('openRaw', { name: 'x', options: { family, protocol: 112, ifname: 'nosuch0' } }));
        t.equal(e?.code, 'ENODEV', `IPv${family}: code ENODEV`);
        t.match(e?.message, /^setsockopt\(SO_BINDTODEVICE\) on nosuch0: ENODEV/, `IPv${family}: ${e?.message}`);
      }
      const e = await rejection(agent.call('openPacket', { name: 'x', ifname: 'nosuch0' }));
      t.equal(e?.code, 'ENODEV', 'packet socket: code ENODEV');
      t.match(e?.message, /nosuch0: ENODEV/, `packet socket: ${e?.message}`);
      const info = await agent.call<{ ifindex: number }>('info', { ifname: 'eth0' });
      t.equal(info.ifindex, a.ifindex, 'the agent process is still alive and answering');
    });

    await t.test('a bad multicast join names the option and the interface', async (t) => {
      await agent.call('openRaw', { name: 'j', options: { family: 6, protocol: 112, ifname: 'eth0' } });
      const e = await rejection(agent.call('join', { name: 'j', group: 'ff02::12', ifindex: 9999 }));
      t.equal(e?.code, 'ENODEV', 'code ENODEV');
      t.match(e?.message, /^setsockopt\(IPV6_ADD_MEMBERSHIP\) on eth0: ENODEV/, String(e?.message));
      const e4 = await rejection(agent.call('join', { name: 'j', group: '224.0.0.18' }));
      t.equal(e4?.code, 'ERR_OUT_OF_RANGE', 'an IPv4 group on an IPv6 socket is a RangeError');
      await agent.call('close', { name: 'j' });
    });

    await t.test('bad options are TypeErrors / RangeErrors', async (t) => {
      const e1 = await rejection(agent.call('openRaw', { name: 'x', options: { family: 5, protocol: 112 } }));
      t.equal(e1?.code, 'ERR_OUT_OF_RANGE', String(e1?.message));
      const e2 = await rejection(agent.call('openRaw', { name: 'x', options: { family: 4, protocol: 112, hdrincl: 'yes' } }));
      t.equal(e2?.code, 'ERR_INVALID_ARG_TYPE', String(e2?.message));
      const e3 = await rejection(agent.call('openRaw', { name: 'x', options: { family: 6, protocol: 112, hdrincl: true } }));
      t.equal(e3?.code, 'ERR_OUT_OF_RANGE', String(e3?.message));
    });

    await t.test('close twice is harmless; using a closed socket throws EBADF', async (t) => {
      await agent.call('openRaw', { name: 'c', options: { family: 6, protocol: 112, ifname: 'eth0' } });
      await agent.call('startReceive', { name: 'c' });
      t.equal(await agent.call('isOpen', { name: 'c' }), true, 'open');
      await agent.call('close', { name: 'c' });
      await agent.call('close', { name: 'c' });
      t.equal(await agent.call('isOpen', { name: 'c' }), false, 'closed after two close() calls');
      await agent.call('stopReceive', { name: 'c' });
      t.pass('stopReceive on a closed socket is harmless');
      const send = await rejection(agent.call('sendTo', { name: 'c', hex: '3101', dst: 'ff02::12' }));
      t.equal(send?.code, 'EBADF', `sendTo: ${send?.message}`);
      const batch = await rejection(agent.call('sendBatch', { name: 'c', packets: [{ hex: '3101', dst: 'ff02::12' }] }));
      t.equal(batch?.code, 'EBADF', `sendBatch: ${batch?.message}`);
      const recv = await rejection(agent.call('startReceive', { name: 'c' }));
      t.equal(recv?.code, 'EBADF', `startReceive: ${recv?.message}`);
      const join = await rejection(agent.call('join', { name: 'c', group: 'ff02::12' }));
      t.equal(join?.code, 'EBADF', `join: ${join?.message}`);

      await agent.call('openPacket', { name: 'p', ifname: 'eth0' });
      await agent.call('close', { name: 'p' });
      await agent.call('close', { name: 'p' });
      const frame = await rejection(agent.call('sendFrame', { name: 'p', hex: 'ff'.repeat(42) }));
      t.equal(frame?.code, 'EBADF', `sendFrame: ${frame?.message}`);
    });

    await t.test('dropped sockets are closed by the garbage collector', async (t) => {
      await agent.call('gc');
      const before = await agent.call<number>('fdCount');
      for (let i = 0; i < 20; i++) {
        await agent.call('openRaw', { name: `g${i}`, options: { family: i % 2 ? 4 : 6, protocol: 112, ifname: 'eth0' } });
        await agent.call('openPacket', { name: `gp${i}`, ifname: 'eth0' });
      }
      t.equal(await agent.call<number>('fdCount'), before + 40, '40 sockets open');
      for (let i = 0; i < 20; i++) {
        await agent.call('forget', { name: `g${i}` });
        await agent.call('forget', { name: `gp${i}` });
      }
      let after = 0;
      for (let k = 0; k < 10; k++) {
        await agent.call('gc');
        after = await agent.call<number>('fdCount');
        if (after === before) break;
      }
      t.equal(after, before, 'all 40 fds closed by finalizers, no crash');
    });

    await t.test('a receiving socket is not collected while it receives', async (t) => {
      await agent.call('openRaw', { name: 'live', options: { family: 6, protocol: 112, ifname: 'eth0' } });
      await agent.call('join', { name: 'live', group: 'ff02::12' });
      await agent.call('startReceive', { name: 'live' });
      await agent.call('forget', { name: 'live' });
      for (let k = 0; k < 3; k++) await agent.call('gc');
      await peer.call('openRaw', { name: 's', options: { family: 6, protocol: 112, ifname: 'eth0' } });
      const n = await peer.call<number>('sendBatch', {
        name: 's',
        packets: Array.from({ length: 10 }, (_, i) => ({ hex: `31${(60 + i).toString(16)}64`, dst: 'ff02::12' })),
      });
      t.equal(n, 10, 'peer sent 10');
      const got = await agent.call<unknown[]>('collect', { name: 'live', count: 10, timeoutMs: 5000 });
      t.equal(got.length, 10, 'the forgotten receiving socket still delivered all 10 packets after GC');
    });

    t.equal(await agent.stop(), 0, 'the agent exits cleanly with a forgotten receiving socket still open');
    t.equal(await peer.stop(), 0, 'the peer agent exits cleanly');
  });
}
