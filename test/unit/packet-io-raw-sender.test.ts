// The real channels' send path against a scripted socket: uncorked copies go out one by one, corked ones in
// batches that never hold more than their capacity (a full batch is sent at once: no unbounded queue), and a copy
// the kernel refuses is counted on its instance (EAGAIN / ENOBUFS as congestion, anything else as an error).
import t from 'tap';
import type { RawSocket, SendBatch } from '../../src/net/addon';
import { EndpointSpec, FakePacketIO, FakeSegment } from '../../src/net/packet-io';
import type { Endpoint } from '../../src/net/packet-io';
import { RawSender } from '../../src/net/packet-io/raw-sender';

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`sendmsg: ${code}`), { code });

/** A socket double: records what is sent; `refuse` says which send (by running index) fails with what code. */
class ScriptedSocket {
  sent: number[] = [];
  batches: number[] = [];
  private n = 0;
  constructor(private readonly refuse: (i: number) => string | undefined = () => undefined) {}

  sendTo(data: Uint8Array): number {
    const code = this.refuse(this.n++);
    if (code) throw errno(code);
    this.sent.push(data[0]);
    return data.length;
  }

  sendBatch(batch: SendBatch, start = 0, count = batch.count - start): number {
    this.batches.push(count);
    let ok = 0;
    for (let i = start; i < start + count; i++) {
      const code = this.refuse(this.n);
      if (code) {
        if (ok === 0) {
          this.n++;
          throw errno(code);
        }
        return ok; // like sendmmsg: a short count, the failing one is reported by the next call
      }
      this.n++;
      this.sent.push(batch.data[batch.desc[i * 16]]);
      ok++;
    }
    return ok;
  }
}

function owners(n: number): Endpoint[] {
  const io = new FakePacketIO('N');
  io.attach(new FakeSegment(), { ipv4: ['10.9.0.1'] });
  const ch = io.openChannel('eth0', 4);
  return Array.from({ length: n }, (_, i) => {
    const s: EndpointSpec = { name: `VI_${i}`, ifname: 'eth0', family: 4, version: 3, vrid: i + 1, priority: 100, vips: ['10.9.0.100'], wireInterval: 100 };
    return ch.register(s, { onAdvert() {} }) as Endpoint;
  });
}

const DST = Uint8Array.of(224, 0, 0, 18);
const pkt = (tag: number): Buffer => Buffer.from([tag, 1, 2, 3]);

t.test('uncorked: one send per copy; refusals counted, never thrown', async (t) => {
  const sock = new ScriptedSocket((i) => (i === 1 ? 'EAGAIN' : i === 2 ? 'ENETDOWN' : undefined));
  const s = new RawSender(sock as unknown as RawSocket, 4, 64);
  const [ep] = owners(1);
  const results = [0, 1, 2, 3].map((i) => s.send(pkt(i), DST, 2, -1, null, ep));
  t.same(results, [true, false, false, true]);
  t.same(sock.sent, [0, 3]);
  t.same([ep.counters.sent, ep.counters.sendCongested, ep.counters.sendErrors, ep.counters.lastSendError], [2, 1, 1, 'ENETDOWN']);
});

t.test('corked: batches of at most the capacity, flushed when full and on uncork', async (t) => {
  const sock = new ScriptedSocket();
  const s = new RawSender(sock as unknown as RawSocket, 4, 64);
  const eps = owners(2);
  s.setCorked(true);
  for (let i = 0; i < 10; i++) t.ok(s.send(pkt(i), DST, 2, -1, null, eps[i % 2]));
  t.same(sock.batches, [4, 4], 'two full batches went out while corked');
  s.setCorked(false);
  t.same(sock.batches, [4, 4, 2], 'the rest on uncork');
  t.same(sock.sent, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'in order');
  t.same(eps.map((e) => e.counters.sent), [5, 5], 'each copy counted on its owner');
});

t.test('corked: a refused copy in a batch is counted on its owner, the rest still go', async (t) => {
  const sock = new ScriptedSocket((i) => (i === 1 ? 'ENOBUFS' : i === 2 ? 'EPERM' : undefined));
  const s = new RawSender(sock as unknown as RawSocket, 8, 64);
  const eps = owners(4);
  s.setCorked(true);
  eps.forEach((ep, i) => s.send(pkt(i), DST, 2, -1, null, ep));
  s.setCorked(false);
  t.same(sock.sent, [0, 3]);
  t.same(eps.map((e) => [e.counters.sent, e.counters.sendCongested, e.counters.sendErrors]), [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]);
});
