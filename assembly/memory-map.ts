// Every buffer the module uses is a static region reserved here at compile time. Nothing is ever allocated at run
// time, so linear memory never grows and the zero-copy views the TypeScript facade holds stay valid for the life of
// the process. The facade learns these addresses through the exported getters in index.ts.

/** Transmit slots: adverts and GARP/NA frames are built here and sent from a view (sendmmsg can take a batch). */
export const TX_SLOT_COUNT: i32 = 64;
export const TX_SLOT_SIZE: i32 = 2048;
export const TX_BASE: usize = memory.data(TX_SLOT_COUNT * TX_SLOT_SIZE, 16);

/** Receive slots: the addon's recvmmsg writes straight into these, or one received packet is copied in once. */
export const RX_SLOT_COUNT: i32 = 64;
export const RX_SLOT_SIZE: i32 = 2048;
export const RX_BASE: usize = memory.data(RX_SLOT_COUNT * RX_SLOT_SIZE, 16);

/** Result of the last decode: 32 u32 words, layout in vrrp-consts.ts (R_*). */
export const RESULT: usize = memory.data(128, 16);

/** IPv6 receive metadata that the IPv6 raw socket does not put in the packet: src(16) dst(16) hop limit(u32). */
export const META6: usize = memory.data(48, 16);

/** Scratch for AH ICV computation (a copy of the packet with the mutable fields zeroed). */
export const AH_SCRATCH: usize = memory.data(2048, 16);

/** Persistent per-instance data (VIP lists, IPv6 addresses, advert templates), handed out by the facade's arena. */
export const ARENA_SIZE: i32 = 1 << 20;
export const ARENA_BASE: usize = memory.data(ARENA_SIZE, 16);

/** Bulk input for streaming MD5: the facade copies a body chunk here, then calls md5Update. */
export const BULK_SIZE: i32 = 65536;
export const BULK_BASE: usize = memory.data(BULK_SIZE, 16);

/** Digest output (16 bytes MD5, 12 bytes ICV). */
export const DIGEST: usize = memory.data(16, 16);
