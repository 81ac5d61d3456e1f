// Local type declarations for raw-socket 1.8.1 (there is no @types/raw-socket), written against
// node_modules/raw-socket/index.js and src/raw.cc (the README lists createSocket options that
// index.js does not read: only protocol, addressFamily and bufferSize are used).
//
// Pitfalls (reference/platform-notes.md, section 1): a Socket is garbage-collected (and its fd
// closed) unless the program keeps a reference to it; every 'message' buffer is a view of one
// shared receive buffer that the next packet overwrites.
declare module 'raw-socket' {
  import { EventEmitter } from 'node:events';

  /** Address families: IPv4 = 1, IPv6 = 2 (and the reverse mapping). */
  export const AddressFamily: {
    readonly IPv4: 1;
    readonly IPv6: 2;
    readonly 1: 'IPv4';
    readonly 2: 'IPv6';
  };
  export type AddressFamilyValue = 1 | 2;

  /** Common protocol numbers (and the reverse mapping); any IP protocol number may be used. */
  export const Protocol: {
    readonly None: 0;
    readonly ICMP: 1;
    readonly TCP: 6;
    readonly UDP: 17;
    readonly ICMPv6: 58;
    readonly [value: number]: string;
  };

  /** setOption/getOption levels. */
  export const SocketLevel: {
    readonly SOL_SOCKET: number;
    readonly IPPROTO_IP: number;
    readonly IPPROTO_IPV6: number;
  };

  /** setOption/getOption option names known to the module (any number may be passed). */
  export const SocketOption: {
    readonly SO_BROADCAST: number;
    readonly SO_RCVBUF: number;
    readonly SO_RCVTIMEO: number;
    readonly SO_SNDBUF: number;
    readonly SO_SNDTIMEO: number;
    /** Linux only. */
    readonly SO_BINDTODEVICE?: number;
    readonly IP_HDRINCL: number;
    readonly IP_OPTIONS: number;
    readonly IP_TOS: number;
    readonly IP_TTL: number;
    /** Synonym of IPV6_UNICAST_HOPS. */
    readonly IPV6_TTL: number;
    readonly IPV6_UNICAST_HOPS: number;
    readonly IPV6_V6ONLY: number;
    /** Windows only. */
    readonly IPV6_HDRINCL?: number;
  };

  export interface SocketOptions {
    /** IP protocol number. Default 0 (Protocol.None). */
    protocol?: number;
    /** AddressFamily.IPv4 (default) or AddressFamily.IPv6. */
    addressFamily?: AddressFamilyValue;
    /** Size of the shared receive buffer. Default 4096. */
    bufferSize?: number;
  }

  /** The native wrap (internal API; send() here is synchronous and bypasses the queue). */
  export interface SocketWrap extends EventEmitter {
    close(): SocketWrap;
    getOption(level: number, option: number, value: Buffer, length: number): number;
    pause(recvPaused: boolean, sendPaused: boolean): SocketWrap;
    recv(buffer: Buffer, callback: (buffer: Buffer, bytes: number, source: string) => void): SocketWrap;
    send(buffer: Buffer, offset: number, length: number, address: string, callback: (bytes: number) => void): SocketWrap;
    setOption(level: number, option: number, value: number): SocketWrap;
    setOption(level: number, option: number, value: Buffer, length: number): SocketWrap;
  }

  /** error is null on success; bytes is undefined when the request was rejected before sending. */
  export type SendCallback = (this: Socket, error: Error | null, bytes?: number) => void;

  export class Socket extends EventEmitter {
    constructor(options?: SocketOptions);
    /** Queued send requests (drained one per writable event). */
    requests: Array<{
      buffer: Buffer;
      offset: number;
      length: number;
      address: string;
      afterCallback: SendCallback;
      beforeCallback: (() => void) | null;
    }>;
    /** The shared receive buffer: every 'message' buffer is a view of it. */
    buffer: Buffer;
    recvPaused: boolean;
    sendPaused: boolean;
    wrap: SocketWrap;

    close(): this;
    /** getsockopt into value; returns the option length. */
    getOption(level: number, option: number, value: Buffer, length: number): number;
    /** setsockopt with a 4-byte unsigned int. */
    setOption(level: number, option: number, value: number): void;
    /** setsockopt with the first `length` bytes of a buffer (a struct). */
    setOption(level: number, option: number, value: Buffer, length: number): void;
    pauseRecv(): this;
    pauseSend(): this;
    resumeRecv(): this;
    resumeSend(): this;
    /**
     * Queues buffer[offset, offset+length) for address (an IPv4 or IPv6 literal). beforeCallback runs
     * just before the send; afterCallback(error, bytes) after it (or at once on a bad argument).
     */
    send(buffer: Buffer, offset: number, length: number, address: string, afterCallback: SendCallback): this;
    send(
      buffer: Buffer,
      offset: number,
      length: number,
      address: string,
      beforeCallback: (() => void) | null | undefined,
      afterCallback: SendCallback,
    ): this;

    /** buffer is a view of the shared receive buffer, valid until the next packet; source is the sender's address. */
    on(event: 'message', listener: (buffer: Buffer, source: string) => void): this;
    /** The socket closes itself after emitting an error. */
    on(event: 'error', listener: (error: Error) => void): this;
    on(event: 'close', listener: () => void): this;
    once(event: 'message', listener: (buffer: Buffer, source: string) => void): this;
    once(event: 'error', listener: (error: Error) => void): this;
    once(event: 'close', listener: () => void): this;
  }

  export function createSocket(options?: SocketOptions): Socket;

  /** A checksum region: a whole Buffer, or a part of one. */
  export type ChecksumInput = Buffer | { buffer: Buffer; offset: number; length: number };
  /** RFC 1071 one's-complement checksum over all inputs as if they were one buffer. */
  export function createChecksum(...inputs: ChecksumInput[]): number;
  /** Writes checksum big-endian at buffer[offset], buffer[offset+1]; returns buffer. */
  export function writeChecksum(buffer: Buffer, offset: number, checksum: number): Buffer;

  export function htonl(value: number): number;
  export function htons(value: number): number;
  export function ntohl(value: number): number;
  export function ntohs(value: number): number;
}
