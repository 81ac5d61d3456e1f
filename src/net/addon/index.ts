// Typed wrapper of the in-repo native addon (native/, plain C on node_api.h): the public API of
// src/net/addon/, so `import … from '../net/addon'` sees one module. It offers:
// - PacketSocket (packet-socket.ts): AF_PACKET bound to one interface, sends whole Ethernet frames
//   (gratuitous ARP, keepalived-identical unsolicited NA with the VIP as IPv6 source).
// - RawSocket (raw-socket.ts): raw IPv4/IPv6 socket (VRRP 112, AH 51) with sendmmsg batches, per-packet
//   pktinfo and hop limit, and a recvmmsg receive path that fills preallocated slots and reports TTL /
//   hop limit, destination and ifindex per packet without allocating.
// - SendBatch (send-batch.ts): the preallocated buffer + descriptor table that RawSocket.sendBatch sends from.
// - the syslog connection (syslog-socket.ts): a non-blocking unix datagram socket to /dev/log.
// - handlers for real-time signals (signal-watch.ts), which process.on() cannot take.
// - interface look-ups (interfaces.ts: index, name, MAC, linkbeat link probes) in the calling process's
//   network namespace.
// - markedTcpSocket (marked-stream.ts): a TCP client socket with SO_MARK set before it connects.
// - localName (local-name.ts): the host's canonical name, as keepalived finds its default router_id.
// - ipBytes / ipString (addresses.ts) and addonPath / isAddonBuilt (native.ts, the only file that knows
//   the addon's raw function signatures; the memory layouts are in layout.ts).
//
// Lifetime: a socket is closed by close() (idempotent). A receiving socket is held alive by the addon
// itself until stopReceive()/close(), so it is never garbage-collected while in use. A socket that is
// dropped without close() is closed by its finalizer when collected.
export { addonPath, isAddonBuilt } from './native';
export { ipBytes, ipString } from './addresses';
export { interfaceIndex, interfaceLinkProbe, interfaceMac, interfaceName } from './interfaces';
export type { LinkProbe } from './interfaces';
export { localName } from './local-name';
export { markedTcpSocket } from './marked-stream';
export { ETH_P_ARP, ETH_P_IPV6, PacketSocket } from './packet-socket';
export { IPPROTO_AH, IPPROTO_VRRP, RawSocket } from './raw-socket';
export type { RawSocketOptions, ReceiveOptions } from './raw-socket';
export { SendBatch } from './send-batch';
export { unwatchSignal, watchSignal } from './signal-watch';
export { DEFAULT_SYSLOG_PATH, syslogClose, syslogOpen, syslogSend } from './syslog-socket';
export type { BatchPacketOptions } from './send-batch';
