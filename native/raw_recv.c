/*
 * Receiving on raw IP sockets: a uv_poll watcher on the fd; on readability, recvmmsg reads
 * up to one batch into the caller's preallocated slots and metadata, and the JS callback is
 * called once per batch with the count. Nothing is allocated per packet.
 *
 * The slots and the metadata are reused by the next batch: the callback must decode (or
 * copy) before it returns. While receiving, the handle holds a strong reference to itself,
 * so a receiving socket is never garbage-collected; stopReceive/close release it.
 *
 * The callback is called with:
 *   count > 0  packets 0..count-1 are in the slots
 *   count < 0  -errno of a receive error (the watcher keeps running)
 */
#include "common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define KA_MAX_ROUNDS 8 /* batches per wakeup before yielding to the event loop */

struct ka_recv {
  uv_poll_t *poll;
  napi_ref self_ref, cb_ref, buf_ref, meta_ref;
  napi_async_context actx;
  uint8_t *buf;
  size_t slot_size;
  unsigned slots;
  int32_t *meta;
  struct mmsghdr *msgs;
  struct iovec *iov;
  ka_addr *names;
  ka_ctrl *ctrl;
};

static void free_poll(uv_handle_t *h) {
  free(h);
}

static void free_recv(napi_env env, ka_recv *r) {
  if (r->self_ref) napi_delete_reference(env, r->self_ref);
  if (r->cb_ref) napi_delete_reference(env, r->cb_ref);
  if (r->buf_ref) napi_delete_reference(env, r->buf_ref);
  if (r->meta_ref) napi_delete_reference(env, r->meta_ref);
  if (r->actx) napi_async_destroy(env, r->actx);
  free(r->msgs);
  free(r->iov);
  free(r->names);
  free(r->ctrl);
  free(r);
}

void ka_recv_stop(ka_sock *s) {
  ka_recv *r = s->recv;
  if (r == NULL) return;
  s->recv = NULL;
  s->recv_gen++;
  if (r->poll != NULL) {
    uv_poll_stop(r->poll);
    r->poll->data = NULL;
    uv_close((uv_handle_t *)r->poll, free_poll);
    r->poll = NULL;
  }
  free_recv(s->env, r);
}

/* µs between a kernel arrival stamp and now (both CLOCK_REALTIME); -1 when implausible (clock stepped). */
static int32_t age_us(const struct timespec *stamp, const struct timespec *now) {
  int64_t us = ((int64_t)now->tv_sec - stamp->tv_sec) * 1000000 + (now->tv_nsec - stamp->tv_nsec) / 1000;
  return us >= 0 && us < 1000000 ? (int32_t)us : -1;
}

static void fill_meta(const ka_sock *s, const ka_recv *r, unsigned i, const struct timespec *now) {
  int32_t *m = r->meta + (size_t)i * KA_META_STRIDE;
  const struct msghdr *h = &r->msgs[i].msg_hdr;
  const uint8_t *data = r->buf + (size_t)i * r->slot_size;
  uint8_t *src = (uint8_t *)(m + KA_META_SRC);
  uint8_t *dst = (uint8_t *)(m + KA_META_DST);
  unsigned wire = r->msgs[i].msg_len;
  int got_hops = 0, got_dst = 0;

  memset(m, 0, KA_META_STRIDE * sizeof *m);
  m[KA_META_WIRE_LEN] = (int32_t)wire;
  m[KA_META_LEN] = (int32_t)(wire < r->slot_size ? wire : r->slot_size);
  m[KA_META_FLAGS] = ((h->msg_flags & MSG_TRUNC) ? KA_RECV_F_TRUNC : 0) |
                     ((h->msg_flags & MSG_CTRUNC) ? KA_RECV_F_CTRUNC : 0);
  m[KA_META_HOPS] = -1;
  m[KA_META_AGE_US] = -1;
  m[KA_META_FAMILY] = s->family == AF_INET ? 4 : 6;

  const ka_addr *a = &r->names[i];
  if (s->family == AF_INET) {
    if (h->msg_namelen >= sizeof a->v4) memcpy(src, &a->v4.sin_addr, 4);
  } else {
    if (h->msg_namelen >= sizeof a->v6) memcpy(src, &a->v6.sin6_addr, 16);
  }

  for (struct cmsghdr *c = CMSG_FIRSTHDR(h); c != NULL; c = CMSG_NXTHDR((struct msghdr *)h, c)) {
    if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) {
      int v;
      memcpy(&v, CMSG_DATA(c), sizeof v);
      m[KA_META_HOPS] = v;
      got_hops = 1;
    } else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
      struct in_pktinfo pi;
      memcpy(&pi, CMSG_DATA(c), sizeof pi);
      m[KA_META_IFINDEX] = pi.ipi_ifindex;
      memcpy(dst, &pi.ipi_addr, 4);
      got_dst = 1;
    } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT) {
      int v;
      memcpy(&v, CMSG_DATA(c), sizeof v);
      m[KA_META_HOPS] = v;
      got_hops = 1;
    } else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS) {
      struct timespec stamp;
      memcpy(&stamp, CMSG_DATA(c), sizeof stamp);
      m[KA_META_AGE_US] = age_us(&stamp, now);
    } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
      struct in6_pktinfo pi;
      memcpy(&pi, CMSG_DATA(c), sizeof pi);
      m[KA_META_IFINDEX] = (int32_t)pi.ipi6_ifindex;
      memcpy(dst, &pi.ipi6_addr, 16);
      got_dst = 1;
    }
  }
  /* Raw IPv4 sockets deliver the IP header: fall back to it without ancillary data. */
  if (s->family == AF_INET && m[KA_META_LEN] >= 20 && (data[0] >> 4) == 4) {
    if (!got_hops) m[KA_META_HOPS] = data[8];
    if (!got_dst) memcpy(dst, data + 16, 4);
  }
}

/* One recvmmsg. Returns the count, 0 when nothing is waiting, or -errno. */
static int receive_batch(const ka_sock *s, ka_recv *r) {
  for (unsigned i = 0; i < r->slots; i++) {
    struct msghdr *h = &r->msgs[i].msg_hdr;
    r->iov[i].iov_base = r->buf + (size_t)i * r->slot_size;
    r->iov[i].iov_len = r->slot_size;
    h->msg_name = &r->names[i];
    h->msg_namelen = sizeof r->names[i];
    h->msg_iov = &r->iov[i];
    h->msg_iovlen = 1;
    h->msg_control = r->ctrl[i].buf;
    h->msg_controllen = sizeof r->ctrl[i].buf;
    h->msg_flags = 0;
    r->msgs[i].msg_len = 0;
  }
  int n;
  do {
    n = recvmmsg(s->fd, r->msgs, r->slots, MSG_DONTWAIT | MSG_TRUNC, NULL);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -errno;
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  for (int i = 0; i < n; i++) fill_meta(s, r, (unsigned)i, &now);
  return n;
}

static void on_poll(uv_poll_t *poll, int status, int events) {
  (void)events;
  ka_sock *s = poll->data;
  if (s == NULL || s->recv == NULL || s->fd < 0) return;
  ka_recv *r = s->recv;
  napi_env env = s->env;
  unsigned gen = s->recv_gen;
  napi_handle_scope scope;
  napi_value self, cb, arg, result;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  /* `self` in this scope keeps the handle (and so s) alive even if the callback stops. */
  if (napi_get_reference_value(env, r->self_ref, &self) != napi_ok ||
      napi_get_reference_value(env, r->cb_ref, &cb) != napi_ok || self == NULL || cb == NULL) {
    napi_close_handle_scope(env, scope);
    return;
  }
  for (int round = 0; round < KA_MAX_ROUNDS; round++) {
    int n = status < 0 ? status : receive_batch(s, r);
    if (n == 0) break;
    napi_create_int32(env, n, &arg);
    if (napi_make_callback(env, r->actx, self, cb, 1, &arg, &result) != napi_ok) {
      ka_raise_pending(env);
      break;
    }
    /* The callback may have stopped, restarted or closed: r may be gone. */
    if (s->recv_gen != gen || s->fd < 0) break;
    if (n < 0 || (unsigned)n < r->slots) break;
  }
  napi_close_handle_scope(env, scope);
}

/*
 * startReceive(handle, buffer, slotSize, meta, callback) -> number of slots.
 * buffer: Uint8Array split into slots of slotSize bytes; meta: Int32Array of
 * KA_META_STRIDE words per slot; callback(count). Replaces an earlier start.
 */
napi_value ka_js_start_receive(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 5);
  ka_sock *s = ka_handle_open(env, argv[0], KA_KIND_RAW, "startReceive");
  uint8_t *buf;
  size_t buflen, words;
  int32_t slot_size, *meta;
  napi_valuetype t;
  if (s == NULL) return NULL;
  if (ka_arg_bytes(env, argv[1], "buffer", &buf, &buflen) != 0) return NULL;
  if (ka_arg_int32(env, argv[2], "slotSize", &slot_size) != 0) return NULL;
  if (ka_arg_int32s(env, argv[3], "meta", &meta, &words) != 0) return NULL;
  if (napi_typeof(env, argv[4], &t) != napi_ok || t != napi_function) {
    ka_throw_type(env, "callback must be a function");
    return NULL;
  }
  if (slot_size < 64) {
    ka_throw_range(env, "slotSize must be at least 64 bytes");
    return NULL;
  }
  size_t slots = buflen / (size_t)slot_size;
  if (words / KA_META_STRIDE < slots) slots = words / KA_META_STRIDE;
  if (slots > KA_MAX_RECV_SLOTS) slots = KA_MAX_RECV_SLOTS;
  if (slots == 0) {
    ka_throw_range(env, "buffer and meta must hold at least one slot");
    return NULL;
  }

  ka_recv_stop(s);
  ka_recv *r = calloc(1, sizeof *r);
  if (r == NULL) goto nomem;
  r->buf = buf;
  r->slot_size = (size_t)slot_size;
  r->slots = (unsigned)slots;
  r->meta = meta;
  r->msgs = calloc(slots, sizeof *r->msgs);
  r->iov = calloc(slots, sizeof *r->iov);
  r->names = calloc(slots, sizeof *r->names);
  r->ctrl = calloc(slots, sizeof *r->ctrl);
  r->poll = calloc(1, sizeof *r->poll);
  if (!r->msgs || !r->iov || !r->names || !r->ctrl || !r->poll) goto nomem_r;

  napi_value name;
  uv_loop_t *loop;
  if (napi_create_reference(env, argv[0], 1, &r->self_ref) != napi_ok ||
      napi_create_reference(env, argv[1], 1, &r->buf_ref) != napi_ok ||
      napi_create_reference(env, argv[3], 1, &r->meta_ref) != napi_ok ||
      napi_create_reference(env, argv[4], 1, &r->cb_ref) != napi_ok ||
      napi_create_string_utf8(env, "KeepalivedRawSocket", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_async_init(env, argv[0], name, &r->actx) != napi_ok ||
      napi_get_uv_event_loop(env, &loop) != napi_ok) {
    free(r->poll);
    free_recv(env, r);
    napi_throw_error(env, NULL, "startReceive: could not set up the receive state");
    return NULL;
  }
  int rc = uv_poll_init(loop, r->poll, s->fd);
  if (rc == 0) {
    r->poll->data = s;
    rc = uv_poll_start(r->poll, UV_READABLE, on_poll);
    if (rc != 0) {
      /* initialised: must go through uv_close */
      uv_close((uv_handle_t *)r->poll, free_poll);
      r->poll = NULL;
    }
  } else {
    free(r->poll);
    r->poll = NULL;
  }
  if (rc != 0) {
    free_recv(env, r);
    ka_throw_errno(env, "uv_poll_start", s->ifname, -rc);
    return NULL;
  }
  s->recv = r;
  s->recv_gen++;
  return ka_int32(env, (int32_t)slots);

nomem_r:
  free(r->poll);
  free(r->msgs);
  free(r->iov);
  free(r->names);
  free(r->ctrl);
  free(r);
nomem:
  ka_throw_errno(env, "startReceive", s->ifname, ENOMEM);
  return NULL;
}

/* stopReceive(handle): idempotent; also fine on a closed handle. */
napi_value ka_js_stop_receive(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 1);
  ka_sock *s = ka_handle_get(env, argv[0], KA_KIND_RAW);
  if (s == NULL) return NULL;
  ka_recv_stop(s);
  return ka_undefined(env);
}
