// Loading of the in-repo native addon (native/, plain C on node_api.h) and its raw function signatures.
//
// This is the only TypeScript file that knows where the .node binary lives and what its functions take;
// the typed wrappers next to it (interfaces.ts, packet-socket.ts, raw-socket.ts) reach it through native().
// Loading is lazy and happens once: the first call finds, loads and layout-checks the binary, and a failure
// is kept and thrown again by every later native() call.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../core/package-root';
import { DESC_STRIDE, META_STRIDE } from './layout';
import type { RawSocketOptions } from './raw-socket';

// ---------------------------------------------------------------------------------------------------
// The raw addon interface (keep in sync with native/*.c)

declare const nativeHandleBrand: unique symbol;
/** An opaque socket handle created by the addon. */
export type NativeHandle = { readonly [nativeHandleBrand]: true };

/** What openRaw in C takes: the same fields as RawSocketOptions, with the wrapper's defaults filled in. */
export type NativeRawOptions = RawSocketOptions;

export interface NativeAddon {
  openPacket(ifindex: number, ethertype: number): NativeHandle;
  sendFrame(h: NativeHandle, data: Uint8Array, offset: number, length: number): number;
  openRaw(options: NativeRawOptions): NativeHandle;
  joinGroup(h: NativeHandle, group: Uint8Array, ifindex: number): void;
  leaveGroup(h: NativeHandle, group: Uint8Array, ifindex: number): void;
  sendTo(
    h: NativeHandle,
    data: Uint8Array,
    offset: number,
    length: number,
    dst: Uint8Array,
    ifindex: number,
    hops: number,
    src: Uint8Array | null,
  ): number;
  sendBatch(h: NativeHandle, data: Uint8Array, desc: Int32Array, start: number, count: number): number;
  startReceive(
    h: NativeHandle,
    buffer: Uint8Array,
    slotSize: number,
    meta: Int32Array,
    callback: (count: number) => void,
  ): number;
  stopReceive(h: NativeHandle): void;
  close(h: NativeHandle): void;
  isOpen(h: NativeHandle): boolean;
  /** The socket's descriptor number (-1 once closed). */
  fdOf(h: NativeHandle): number;
  ifIndex(name: string): number;
  ifName(ifindex: number): string;
  ifMac(name: string): Buffer;
  /** [mii, ethtool, flags]: -1 not available, 0 no link, 1 link (linkbeat.c). */
  ifLinkProbe(name: string): [number, number, number];
  /** 0 or -errno. */
  syslogOpen(path: string): number;
  /** Bytes sent or -errno. */
  syslogSend(data: Uint8Array): number;
  syslogClose(): void;
  signalWatch(signum: number, callback: (signum: number) => void): void;
  signalUnwatch(signum: number): void;
  /** fd of an unconnected TCP socket (family 4 or 6) with SO_MARK set; the mark as a 32-bit pattern. */
  openMarkedStream(family: number, mark: number): number;
  /** fd of an unconnected UDP socket with SO_MARK set, bound when bindAddr (4 or 16 bytes) or bindPort is given. */
  openMarkedDatagram(family: number, mark: number, bindAddr: Uint8Array | null, bindPort: number): number;
  localName(): string | null;
  readonly META_STRIDE: number;
  readonly DESC_STRIDE: number;
  readonly MAX_RECV_SLOTS: number;
}

// ---------------------------------------------------------------------------------------------------
// Loading

const ADDON_FILE = 'keepalived_native.node';
let addon: NativeAddon | undefined;
let loadError: Error | undefined;

/** Where the built addon is expected. */
export function addonPath(): string {
  return join(packageRoot(), 'native', 'build', 'Release', ADDON_FILE);
}

function tryLoad(): NativeAddon | undefined {
  if (addon || loadError) return addon;
  const file = addonPath();
  if (!existsSync(file)) {
    loadError = Object.assign(new Error(`native addon not built: run npm run build (${file} is missing)`), {
      code: 'ERR_ADDON_NOT_BUILT',
    });
    return undefined;
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(file) as NativeAddon;
    if (loaded.META_STRIDE !== META_STRIDE || loaded.DESC_STRIDE !== DESC_STRIDE) {
      throw new Error('layout mismatch between native/common.h and src/net/addon/layout.ts; rebuild the addon');
    }
    addon = loaded;
  } catch (e) {
    const err = e as Error;
    loadError = Object.assign(new Error(`native addon could not be loaded from ${file}: ${err.message}`), {
      code: 'ERR_ADDON_LOAD',
    });
  }
  return addon;
}

/** Whether the native addon is built and loads. */
export function isAddonBuilt(): boolean {
  return tryLoad() !== undefined;
}

/** The addon, or throws "native addon not built: run npm run build". */
export function native(): NativeAddon {
  const a = tryLoad();
  if (!a) throw loadError as Error;
  return a;
}
