// The lab's second router: runs inside its namespace and speaks VRRPv2 with the wasm packet core: adverts are
// built in wasm and sent from a zero-copy view through raw-socket (IP_HDRINCL); received adverts land straight in
// wasm memory through the addon's recvmmsg and are decoded there. It listens to the current master, then
// advertises a higher priority long enough to take the VIP over, sending gratuitous ARPs through the addon's
// AF_PACKET socket, then resigns with a priority-0 advert. Events go to stdout as JSON lines for the orchestrator.
import * as raw from 'raw-socket';
import { DropReason } from '../vrrp/drop-reason';
import { AdvertV4, AUTH_PASS, decoded, decodeV4At, Expectation, receiveSlots } from '../core/wasm/vrrp-codec';
import { keySlots } from '../core/wasm/key-slots';
import { M } from '../core/wasm/module';
import { ipv4ToNumber, numberToIpv4 } from '../net/ipv4-number';
import { interfaceMac, IPPROTO_VRRP, PacketSocket, RawSocket } from '../net/addon';
import { buildGarp } from '../core/wasm/neighbour-frames';

const SOL_SOCKET = 1;
const SO_BINDTODEVICE = 25;
const IPPROTO_IP = 0;
const IP_HDRINCL = 3;
const IP_MULTICAST_LOOP = 34;
const VRRP_GROUP = '224.0.0.18';
/** keepalived's garp_master_repeat default. */
const GARP_REPEAT = 5;

interface SpeakerArgs {
  ifname: string; src: string; vip: string; vrid: number; priority: number; pass: string;
  listenMs: number; masterMs: number;
}

function parseArgs(argv: readonly string[]): SpeakerArgs {
  const get = (name: string): string => {
    const i = argv.indexOf(`--${name}`);
    if (i < 0 || i + 1 >= argv.length) throw new Error(`speaker: missing --${name}`);
    return argv[i + 1];
  };
  return {
    ifname: get('ifname'), src: get('src'), vip: get('vip'), vrid: Number(get('vrid')),
    priority: Number(get('priority')), pass: get('pass'), listenMs: Number(get('listen-ms')),
    masterMs: Number(get('master-ms')),
  };
}

function emit(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ t: Date.now(), ...event })}\n`);
}

/** The send socket: raw-socket with IP_HDRINCL, sending the wasm-built packet from its zero-copy view. */
function openSendSocket(ifname: string): raw.Socket {
  const s = raw.createSocket({ protocol: IPPROTO_VRRP });
  const dev = Buffer.from(`${ifname}\0`);
  s.setOption(SOL_SOCKET, SO_BINDTODEVICE, dev, dev.length);
  s.setOption(IPPROTO_IP, IP_HDRINCL, 1);
  s.setOption(IPPROTO_IP, IP_MULTICAST_LOOP, 0); // as keepalived: our own adverts must not come back to us
  s.pauseRecv(); // it would see every VRRP packet too; the receive socket below does the receiving
  return s;
}

/** The receive socket: the addon's recvmmsg writes packets straight into the wasm module's receive slots. */
function startReceiving(a: SpeakerArgs, onAdvert: (reason: DropReason, ttl: number) => void): RawSocket {
  const s = RawSocket.open({ family: 4, protocol: IPPROTO_VRRP, ifname: a.ifname });
  s.join(VRRP_GROUP);
  const slots = receiveSlots();
  const expect: Expectation = {
    mode: M.MULTICAST, version: 2, vrid: a.vrid, authType: AUTH_PASS, interval: 1, naddr: 1,
    keySlot: keySlots().slotFor(a.pass), lastSeq: 0,
  };
  s.startReceive((count) => {
    for (let i = 0; i < count; i++) onAdvert(decodeV4At(slots.ptr(i), s.packetLength(i), expect), s.ttl(i));
  }, { slots: slots.slots, slotSize: slots.slotSize, area: slots.area });
  return s;
}

function main(): void {
  const a = parseArgs(process.argv.slice(2));
  // Both sockets are held for the life of the process (a collected raw-socket Socket closes silently).
  const socket = openSendSocket(a.ifname);
  const receiver = startReceiving(a, (reason, ttl) => {
    if (decoded.vrid !== a.vrid) return;
    emit({ event: 'rx', src: numberToIpv4(decoded.src4), priority: decoded.priority, ttl, reason: DropReason[reason] });
  });
  socket.on('error', (err: Error) => emit({ event: 'error', message: err.message }));

  const advert = new AdvertV4({
    version: 2, vrid: a.vrid, priority: a.priority, addrs: [ipv4ToNumber(a.vip)], authType: AUTH_PASS,
    authPass: a.pass, interval: 1, src: ipv4ToNumber(a.src), dst: ipv4ToNumber(VRRP_GROUP),
  });
  let ipId = 0;
  const send = (priority: number): void => {
    advert.refresh(priority, ++ipId);
    socket.send(advert.view, 0, advert.length, VRRP_GROUP, (err: Error | null) => {
      if (err) emit({ event: 'error', message: err.message });
    });
    emit({ event: 'tx', priority, length: advert.length });
  };

  const garpSocket = PacketSocket.openByName(a.ifname);
  const sendGarps = (): void => {
    const frame = buildGarp(interfaceMac(a.ifname), ipv4ToNumber(a.vip));
    for (let i = 0; i < GARP_REPEAT; i++) garpSocket.send(frame);
    emit({ event: 'garp', count: GARP_REPEAT });
  };

  setTimeout(() => {
    emit({ event: 'advertising', priority: a.priority });
    send(a.priority); // the advert goes first, so the old master drops the VIP before the GARPs (as keepalived)
    sendGarps();
    const timer = setInterval(() => send(a.priority), 1000);
    setTimeout(() => {
      clearInterval(timer);
      send(0);
      emit({ event: 'resigned' });
      setTimeout(() => {
        garpSocket.close();
        receiver.close();
        socket.close();
        process.exit(0);
      }, 200);
    }, a.masterMs);
  }, a.listenMs);
}

main();
