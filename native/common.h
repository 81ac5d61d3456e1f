/*
 * Shared declarations of the keepalived-ts native addon.
 *
 * The addon is plain C against node_api.h. Every socket is a "handle": a plain JS object
 * tagged with a type tag and wrapped (napi_wrap) around a ka_sock. The JS side never sees
 * a file descriptor number, so a closed handle can never reach another socket that reused
 * the number, and a double close is a no-op.
 */
#ifndef KA_COMMON_H
#define KA_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <net/if.h>
#include <node_api.h>
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <uv.h>

/* What a handle wraps. */
enum ka_kind { KA_KIND_PACKET = 1, KA_KIND_RAW = 2 };

/*
 * Receive metadata: per packet KA_META_STRIDE int32 words in the caller's Int32Array.
 * Addresses are stored as raw bytes (network order) in words 8..11 and 12..15; an IPv4
 * address occupies the first 4 bytes of its 16. Keep in sync with src/net/addon/layout.ts.
 */
#define KA_META_STRIDE 16
#define KA_META_LEN 0       /* bytes stored in the slot (<= slot size) */
#define KA_META_WIRE_LEN 1  /* length of the packet on the wire (> LEN when truncated) */
#define KA_META_FLAGS 2     /* KA_RECV_F_* */
#define KA_META_HOPS 3      /* IPv4 TTL / IPv6 hop limit, -1 when not reported */
#define KA_META_IFINDEX 4   /* arrival interface, 0 when not reported */
#define KA_META_FAMILY 5    /* 4 or 6 */
#define KA_META_AGE_US 6    /* µs from the kernel's arrival stamp to the recvmmsg return, -1 when not stamped */
#define KA_META_SRC 8       /* 16 bytes */
#define KA_META_DST 12      /* 16 bytes */

#define KA_RECV_F_TRUNC 1   /* the data did not fit in the slot */
#define KA_RECV_F_CTRUNC 2  /* ancillary data was truncated */

/*
 * Send descriptor: per packet KA_DESC_STRIDE int32 words in the caller's Int32Array.
 * Keep in sync with src/net/addon/layout.ts.
 */
#define KA_DESC_STRIDE 16
#define KA_DESC_OFFSET 0    /* offset of the packet in the data buffer */
#define KA_DESC_LEN 1       /* its length */
#define KA_DESC_FLAGS 2     /* KA_SEND_F_* */
#define KA_DESC_IFINDEX 3   /* pktinfo ifindex (0 = any) */
#define KA_DESC_HOPS 4      /* per-packet TTL / hop limit when KA_SEND_F_HOPS */
#define KA_DESC_DST 8       /* 16 bytes */
#define KA_DESC_SRC 12      /* 16 bytes: pktinfo source (all zero = kernel's choice) */

#define KA_SEND_F_PKTINFO 1 /* attach IP_PKTINFO / IPV6_PKTINFO (source and ifindex) */
#define KA_SEND_F_HOPS 2    /* attach IP_TTL / IPV6_HOPLIMIT */

/* Upper bounds. */
#define KA_MAX_RECV_SLOTS 1024
#define KA_SEND_CHUNK 64
#define KA_CTRL_SPACE 160   /* per-message ancillary buffer: pktinfo + hops + arrival timestamp */

/* A socket address of either family, and an aligned ancillary-data buffer. */
typedef union ka_addr {
  struct sockaddr sa;
  struct sockaddr_in v4;
  struct sockaddr_in6 v6;
} ka_addr;

typedef union ka_ctrl {
  struct cmsghdr align;
  uint8_t buf[KA_CTRL_SPACE];
} ka_ctrl;

typedef struct ka_recv ka_recv;

typedef struct ka_sock {
  int kind;                 /* enum ka_kind */
  int fd;                   /* -1 once closed */
  int family;               /* AF_PACKET, AF_INET or AF_INET6 */
  int protocol;
  char ifname[IF_NAMESIZE]; /* for error messages; "" when not bound to a device */
  napi_env env;
  ka_recv *recv;            /* receive state, NULL while not receiving */
  unsigned recv_gen;        /* bumped by every start/stop so a callback can see it changed */
} ka_sock;

/* ---- errors.c ---- */
const char *ka_errno_name(int err);
/* Throws Error("<what>[ on <ifname>]: ENAME (text)") with code, errno (negative) and syscall. */
void ka_throw_errno(napi_env env, const char *what, const char *ifname, int err);
/* The same with another explanation than strerror(err) in the parentheses. */
void ka_throw_errno_text(napi_env env, const char *what, const char *ifname, int err,
                         const char *text);
void ka_throw_type(napi_env env, const char *msg);
void ka_throw_range(napi_env env, const char *msg);
/* Passes an uncaught JS exception pending on env to process 'uncaughtException'. */
void ka_raise_pending(napi_env env);

/* ---- args.c ---- */
/* Each returns 0 on success, or throws and returns -1. */
int ka_arg_int32(napi_env env, napi_value v, const char *name, int32_t *out);
int ka_arg_bytes(napi_env env, napi_value v, const char *name, uint8_t **data, size_t *len);
int ka_arg_int32s(napi_env env, napi_value v, const char *name, int32_t **data, size_t *count);
int ka_arg_string(napi_env env, napi_value v, const char *name, char *out, size_t size);
/* Range of bytes [offset, offset+length) of a Uint8Array/Buffer, checked. */
int ka_arg_range(napi_env env, napi_value v, napi_value off, napi_value len, uint8_t **data,
                 size_t *length);
/* Optional properties of an options object: absent/undefined leaves *out unchanged. */
int ka_opt_int32(napi_env env, napi_value obj, const char *key, int32_t *out);
int ka_opt_bool(napi_env env, napi_value obj, const char *key, int *out);
int ka_opt_string(napi_env env, napi_value obj, const char *key, char *out, size_t size);
napi_value ka_undefined(napi_env env);
napi_value ka_int32(napi_env env, int32_t v);

/* ---- handle.c ---- */
/* Creates the JS handle for an open fd. On failure closes fd, throws, returns NULL. */
napi_value ka_handle_new(napi_env env, int kind, int fd, int family, int protocol,
                         const char *ifname);
/* The ka_sock of a handle of the given kind (0 = any), or throws and returns NULL. */
ka_sock *ka_handle_get(napi_env env, napi_value handle, int kind);
/* As ka_handle_get, and throws "<what> on <ifname>: EBADF (socket is closed)" if closed. */
ka_sock *ka_handle_open(napi_env env, napi_value handle, int kind, const char *what);
void ka_sock_close(ka_sock *s);
napi_value ka_js_close(napi_env env, napi_callback_info info);
napi_value ka_js_is_open(napi_env env, napi_callback_info info);
napi_value ka_js_fd_of(napi_env env, napi_callback_info info);

/* ---- packet_socket.c ---- */
napi_value ka_js_open_packet(napi_env env, napi_callback_info info);
napi_value ka_js_send_frame(napi_env env, napi_callback_info info);

/* ---- raw_socket.c ---- */
napi_value ka_js_open_raw(napi_env env, napi_callback_info info);
napi_value ka_js_join_group(napi_env env, napi_callback_info info);
napi_value ka_js_leave_group(napi_env env, napi_callback_info info);

/* ---- raw_send.c ---- */
napi_value ka_js_send_to(napi_env env, napi_callback_info info);
napi_value ka_js_send_batch(napi_env env, napi_callback_info info);

/* ---- raw_recv.c ---- */
napi_value ka_js_start_receive(napi_env env, napi_callback_info info);
napi_value ka_js_stop_receive(napi_env env, napi_callback_info info);
void ka_recv_stop(ka_sock *s);

/* ---- iface.c ---- */
napi_value ka_js_if_index(napi_env env, napi_callback_info info);
napi_value ka_js_if_name(napi_env env, napi_callback_info info);
napi_value ka_js_if_mac(napi_env env, napi_callback_info info);

/* ---- linkbeat.c ---- */
napi_value ka_js_if_link_probe(napi_env env, napi_callback_info info);

/* ---- syslog.c ---- */
napi_value ka_js_syslog_open(napi_env env, napi_callback_info info);
napi_value ka_js_syslog_send(napi_env env, napi_callback_info info);
napi_value ka_js_syslog_close(napi_env env, napi_callback_info info);

/* ---- signals.c ---- */
napi_value ka_js_signal_watch(napi_env env, napi_callback_info info);
napi_value ka_js_signal_unwatch(napi_env env, napi_callback_info info);

/* ---- stream_socket.c ---- */
napi_value ka_js_open_marked_stream(napi_env env, napi_callback_info info);
int ka_marked_socket(napi_env env, int32_t family, int type, int protocol, int32_t mark);

/* ---- datagram_socket.c ---- */
napi_value ka_js_open_marked_datagram(napi_env env, napi_callback_info info);

/* ---- local_name.c ---- */
napi_value ka_js_local_name(napi_env env, napi_callback_info info);

/* Fetches up to n arguments into argv (missing ones are undefined). */
#define KA_ARGS(env, info, n)                                                       \
  size_t argc = (n);                                                                \
  napi_value argv[(n) > 0 ? (n) : 1];                                               \
  if (napi_get_cb_info((env), (info), &argc, argv, NULL, NULL) != napi_ok) {        \
    return NULL;                                                                    \
  }                                                                                 \
  for (size_t ka_i_ = argc; ka_i_ < (size_t)(n); ka_i_++) argv[ka_i_] = ka_undefined(env)

#endif
