// Gratuitous ARPs and unsolicited NAs on one interface through an AF_PACKET socket bound to it (send-only): the
// frames are keepalived's (reference §4.9: ARP request with target MAC ff:…, NA from the VIP to ff02::1 with the
// Override flag), built in a wasm TX slot and sent `count` times back to back. Failures are counted, not thrown.
import { interfaceMac, ipBytes, PacketSocket } from '../addon';
import { buildGarp, buildUnsolicitedNa } from '../../core/wasm/neighbour-frames';
import { ipv4ToNumber } from '../ipv4-number';
import type { NeighbourSender } from './packet-io';

export class AddonNeighbourSender implements NeighbourSender {
  readonly stats = { sent: 0, congested: 0, errors: 0 };
  /** errno code of the last failure. */
  lastError = '';
  private readonly socket: PacketSocket;
  private mac: Buffer;

  constructor(readonly ifname: string) {
    this.socket = PacketSocket.openByName(ifname);
    this.mac = interfaceMac(ifname);
  }

  refreshMac(): void {
    this.mac = interfaceMac(this.ifname);
  }

  sendGarp(vip: string | number, count: number): number {
    return this.sendFrames(buildGarp(this.mac, typeof vip === 'number' ? vip : ipv4ToNumber(vip)), count);
  }

  sendUnsolicitedNa(vip: string | Uint8Array, count: number, router = false): number {
    return this.sendFrames(buildUnsolicitedNa(this.mac, typeof vip === 'string' ? ipBytes(vip) : vip, router), count);
  }

  private sendFrames(frame: Buffer, count: number): number {
    let sent = 0;
    for (let i = 0; i < count; i++) {
      try {
        this.socket.send(frame);
        sent++;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        if (code === 'EAGAIN' || code === 'ENOBUFS') this.stats.congested++;
        else this.stats.errors++;
        this.lastError = code;
      }
    }
    this.stats.sent += sent;
    return sent;
  }

  close(): void {
    this.socket.close();
  }
}
