// The memory layouts shared with the native addon: the int32 word tables that the C side reads and
// writes (native/common.h KA_META_*, KA_DESC_*). Keep in sync with native/common.h; native.ts refuses to
// load an addon whose strides differ. They live in one file of their own so that native.ts can check
// them without depending on the socket wrappers that use them.

// Receive metadata layout: int32 words per packet (native/common.h KA_META_*).
export const META_STRIDE = 16;
export const META_LEN = 0;
export const META_WIRE_LEN = 1;
export const META_FLAGS = 2;
export const META_HOPS = 3;
export const META_IFINDEX = 4;
/** µs from the kernel's arrival stamp to the receive call; -1 when not stamped. */
export const META_AGE_US = 6;
export const META_SRC = 8; // 16 bytes
export const META_DST = 12; // 16 bytes
export const RECV_F_TRUNC = 1;
export const RECV_F_CTRUNC = 2;

// Send descriptor layout: int32 words per packet (native/common.h KA_DESC_*).
export const DESC_STRIDE = 16;
export const DESC_OFFSET = 0;
export const DESC_LEN = 1;
export const DESC_FLAGS = 2;
export const DESC_IFINDEX = 3;
export const DESC_HOPS = 4;
export const DESC_DST = 8; // 16 bytes
export const DESC_SRC = 12; // 16 bytes
export const SEND_F_PKTINFO = 1;
export const SEND_F_HOPS = 2;
