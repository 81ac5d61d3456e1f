// src/net/netlink/command-channel.ts without a kernel: the netlink package's socket is replaced by a stand-in, so
// the reply handling can be driven into every corner — NLMSG_ERROR with and without errno, a timeout, a socket
// error while requests are in flight, close(), and a malformed spec — and each must end as a NetlinkError.
import { EventEmitter } from 'node:events';
import t from 'tap';
import type * as CommandChannelModule from '../../src/net/netlink/command-channel';

interface Sent {
  type: number;
  flags: number;
  timeout?: number;
  checkError?: boolean;
}

/** A stand-in for RtNetlinkSocket: `socket.request` answers with whatever the test queued. */
function standIn(): { sock: unknown; sent: Sent[]; answer: (a: () => Promise<unknown>) => void; emitter: EventEmitter } {
  const emitter = new EventEmitter();
  const sent: Sent[] = [];
  const answers: Array<() => Promise<unknown>> = [];
  const socket = Object.assign(emitter, {
    request: (type: number, _data: unknown, o: Sent) => {
      sent.push({ type, flags: o.flags, timeout: o.timeout, checkError: o.checkError });
      const a = answers.shift();
      return a ? a() : new Promise(() => {});
    },
    close: () => emitter.emit('closed'),
  });
  return { sock: { socket }, sent, answer: (a) => answers.push(a), emitter };
}

function errorReply(errno: number): [Array<{ type: number; data: Buffer }>, object] {
  const data = Buffer.alloc(20);
  data.writeInt32LE(errno, 0);
  return [[{ type: 2, data }], {}];
}

async function rejectionCode(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return 'resolved';
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string };
    return { name: err.name, code: err.code, message: err.message };
  }
}

t.test('replies, errors, timeout, close', async (t) => {
  const s = standIn();
  const real = await import('netlink');
  const { createCommandChannel } = t.mockRequire('../../src/net/netlink/command-channel', {
    netlink: { ...real, createRtNetlink: () => s.sock },
  }) as typeof CommandChannelModule;
  const cmd = createCommandChannel({ timeoutMs: 25 });
  const vip = { index: 3, ifname: 'eth0', family: 4 as const, address: '10.0.0.100', prefix: 24 };

  s.answer(async () => errorReply(0));
  t.equal(await cmd.addAddress(vip), undefined, 'an ACK (errno 0) resolves');
  t.match(s.sent[0], { type: 20, flags: 0x600, timeout: 25, checkError: false }, 'RTM_NEWADDR, CREATE|EXCL, our timeout, raw replies');

  s.answer(async () => errorReply(-17));
  t.match(await rejectionCode(cmd.addAddress(vip)), { name: 'NetlinkError', code: 'EEXIST', message: 'add address 10.0.0.100/24 dev eth0: EEXIST (File exists)' });
  s.answer(async () => errorReply(-99));
  t.match(await rejectionCode(cmd.deleteAddress(vip)), { code: 'EADDRNOTAVAIL' }, 'RTM_DELADDR refused');
  t.equal(s.sent[2].type, 21, 'RTM_DELADDR');

  s.answer(async () => { throw new Error('Timeout has been reached'); });
  t.match(await rejectionCode(cmd.listLinks()), { code: 'ETIMEDOUT', message: /^list links: ETIMEDOUT/ }, 'the package timeout');
  t.match(s.sent[3], { type: 18, flags: 0x300 }, 'RTM_GETLINK dump');

  s.answer(async () => { throw new Error('Request rejected: ENODEV'); });
  t.match(await rejectionCode(cmd.addRule({ family: 4, priority: 5, table: 9 })), { code: 'ENODEV' }, "the package's own error strings");

  t.match(await rejectionCode(cmd.addAddress({ ...vip, prefix: 99 })), { code: 'EINVAL', message: /bad prefix length 99/ }, 'malformed spec');
  t.equal(s.sent.length, 5, 'a malformed spec sends nothing');

  // Two requests in flight, then the socket reports ENOBUFS: both fail at once, not after the timeout.
  const a = rejectionCode(cmd.addAddress(vip));
  const b = rejectionCode(cmd.addRoute({ family: 4, dst: '10.1.0.0', dstLen: 16, via: '10.0.0.1' }));
  s.emitter.emit('error', Object.assign(new Error('Error when receiving Netlink message'), { code: 'ENOBUFS', errno: 105 }));
  t.match(await a, { code: 'ENOBUFS' }, 'in-flight add fails with ENOBUFS');
  t.match(await b, { code: 'ENOBUFS', message: /^add route 10\.1\.0\.0\/16 via 10\.0\.0\.1/ }, 'in-flight route fails with ENOBUFS');

  const pending = rejectionCode(cmd.listAddresses());
  cmd.close();
  t.match(await pending, { code: 'ECANCELED' }, 'close() cancels what is in flight');
  t.match(await rejectionCode(cmd.listRoutes()), { code: 'ECANCELED' }, 'and refuses new requests');
  cmd.close();
  t.pass('close() is idempotent');
});
