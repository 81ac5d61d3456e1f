// Packet I/O for the VRRP daemon behind one interface (packet-io.ts): AddonPacketIO on raw sockets, FakePacketIO
// on an in-memory FakeSegment. See packet-io.ts for how the daemon opens a channel, registers an instance, sends
// and receives.
export type {
  Channel, EndpointHandlers, EndpointSpec, Family, NeighbourSender, PacketIO, VrrpEndpoint,
} from './packet-io';
export { AddonPacketIO } from './addon-packet-io';
export type { AddonPacketIOOptions } from './addon-packet-io';
export { FakePacketIO, FakePort } from './fake-packet-io';
export type { FakePacketIOOptions, FakePortConfig } from './fake-packet-io';
export { FakeSegment } from './fake-segment';
export type { FakeFrame, FakeNeighbourBurst, FakeSegmentOptions, PlainAdvert } from './fake-segment';
export { RxAdvert } from './rx-advert';
export { ChannelCounters, EndpointCounters } from './drop-counters';
export { Endpoint, VRRP_GROUP4, VRRP_GROUP6 } from './endpoint';
export type { HandlerErrorSink } from './channel';
