/*
 * Sending on raw IP sockets: sendTo (one packet, sendmsg) and sendBatch (many packets in
 * one sendmmsg call per 64), each packet with its own destination and optionally
 * IP_PKTINFO / IPV6_PKTINFO (source address and ifindex, as keepalived chooses its source)
 * and IP_TTL / IPV6_HOPLIMIT.
 */
#include "common.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

/* One packet as the descriptor describes it. */
typedef struct ka_pkt {
  uint8_t *data;
  size_t len;
  int flags;
  int ifindex;
  int hops;
  const uint8_t *dst; /* 4 or 16 bytes, by family */
  const uint8_t *src;
} ka_pkt;

/* IPv6 destinations that need a scope id: link-local unicast and link/interface-local multicast. */
static int needs_scope(const uint8_t *a) {
  return (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) ||
         (a[0] == 0xff && ((a[1] & 0x0f) == 0x01 || (a[1] & 0x0f) == 0x02));
}

static void build(const ka_sock *s, const ka_pkt *p, struct msghdr *m, struct iovec *iov,
                  ka_addr *addr, ka_ctrl *ctrl) {
  memset(m, 0, sizeof *m);
  memset(addr, 0, sizeof *addr);
  iov->iov_base = p->data;
  iov->iov_len = p->len;
  m->msg_iov = iov;
  m->msg_iovlen = 1;
  m->msg_name = addr;
  size_t clen = 0;
  struct cmsghdr *c = NULL;
  m->msg_control = ctrl->buf;
  m->msg_controllen = sizeof ctrl->buf;

  if (s->family == AF_INET) {
    addr->v4.sin_family = AF_INET;
    memcpy(&addr->v4.sin_addr, p->dst, 4);
    m->msg_namelen = sizeof addr->v4;
    if (p->flags & KA_SEND_F_PKTINFO) {
      c = c == NULL ? CMSG_FIRSTHDR(m) : CMSG_NXTHDR(m, c);
      c->cmsg_level = IPPROTO_IP;
      c->cmsg_type = IP_PKTINFO;
      c->cmsg_len = CMSG_LEN(sizeof(struct in_pktinfo));
      struct in_pktinfo pi;
      memset(&pi, 0, sizeof pi);
      pi.ipi_ifindex = p->ifindex;
      memcpy(&pi.ipi_spec_dst, p->src, 4);
      memcpy(CMSG_DATA(c), &pi, sizeof pi);
      clen += CMSG_SPACE(sizeof(struct in_pktinfo));
    }
    if (p->flags & KA_SEND_F_HOPS) {
      c = c == NULL ? CMSG_FIRSTHDR(m) : CMSG_NXTHDR(m, c);
      c->cmsg_level = IPPROTO_IP;
      c->cmsg_type = IP_TTL;
      c->cmsg_len = CMSG_LEN(sizeof(int));
      memcpy(CMSG_DATA(c), &p->hops, sizeof(int));
      clen += CMSG_SPACE(sizeof(int));
    }
  } else {
    addr->v6.sin6_family = AF_INET6;
    memcpy(&addr->v6.sin6_addr, p->dst, 16);
    if (p->ifindex > 0 && needs_scope(p->dst)) addr->v6.sin6_scope_id = (uint32_t)p->ifindex;
    m->msg_namelen = sizeof addr->v6;
    if (p->flags & KA_SEND_F_PKTINFO) {
      c = c == NULL ? CMSG_FIRSTHDR(m) : CMSG_NXTHDR(m, c);
      c->cmsg_level = IPPROTO_IPV6;
      c->cmsg_type = IPV6_PKTINFO;
      c->cmsg_len = CMSG_LEN(sizeof(struct in6_pktinfo));
      struct in6_pktinfo pi;
      memset(&pi, 0, sizeof pi);
      memcpy(&pi.ipi6_addr, p->src, 16);
      pi.ipi6_ifindex = (unsigned)p->ifindex;
      memcpy(CMSG_DATA(c), &pi, sizeof pi);
      clen += CMSG_SPACE(sizeof(struct in6_pktinfo));
    }
    if (p->flags & KA_SEND_F_HOPS) {
      c = c == NULL ? CMSG_FIRSTHDR(m) : CMSG_NXTHDR(m, c);
      c->cmsg_level = IPPROTO_IPV6;
      c->cmsg_type = IPV6_HOPLIMIT;
      c->cmsg_len = CMSG_LEN(sizeof(int));
      memcpy(CMSG_DATA(c), &p->hops, sizeof(int));
      clen += CMSG_SPACE(sizeof(int));
    }
  }
  m->msg_controllen = clen;
  if (clen == 0) m->msg_control = NULL;
}

static int check_hops(napi_env env, int flags, int hops) {
  if ((flags & KA_SEND_F_HOPS) && (hops < 0 || hops > 255)) {
    ka_throw_range(env, "hop limit / TTL must be between 0 and 255");
    return -1;
  }
  return 0;
}

/*
 * sendTo(handle, data, offset, length, dst, ifindex?, hops?, src?) -> bytes sent.
 * dst/src: Uint8Array of 4 (IPv4) or 16 (IPv6) bytes. hops >= 0 attaches IP_TTL /
 * IPV6_HOPLIMIT. src (may be all zero) attaches pktinfo with src and ifindex.
 */
napi_value ka_js_send_to(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 8);
  ka_sock *s = ka_handle_open(env, argv[0], KA_KIND_RAW, "sendTo");
  if (s == NULL) return NULL;
  size_t alen = s->family == AF_INET ? 4 : 16;
  ka_pkt p;
  size_t dlen, slen;
  uint8_t *dst, *src = NULL;
  napi_valuetype t;
  memset(&p, 0, sizeof p);
  p.hops = -1;
  if (ka_arg_range(env, argv[1], argv[2], argv[3], &p.data, &p.len) != 0) return NULL;
  if (ka_arg_bytes(env, argv[4], "dst", &dst, &dlen) != 0) return NULL;
  if (dlen != alen) {
    ka_throw_range(env, alen == 4 ? "dst must be 4 bytes on an IPv4 socket"
                                  : "dst must be 16 bytes on an IPv6 socket");
    return NULL;
  }
  napi_typeof(env, argv[5], &t);
  if (t != napi_undefined && ka_arg_int32(env, argv[5], "ifindex", &p.ifindex) != 0) return NULL;
  napi_typeof(env, argv[6], &t);
  if (t != napi_undefined && ka_arg_int32(env, argv[6], "hops", &p.hops) != 0) return NULL;
  napi_typeof(env, argv[7], &t);
  if (t != napi_undefined && t != napi_null) {
    if (ka_arg_bytes(env, argv[7], "src", &src, &slen) != 0) return NULL;
    if (slen != alen) {
      ka_throw_range(env, "src must have the same length as dst");
      return NULL;
    }
    p.flags |= KA_SEND_F_PKTINFO;
  }
  if (p.hops >= 0) p.flags |= KA_SEND_F_HOPS;
  if (check_hops(env, p.flags, p.hops) != 0) return NULL;
  p.dst = dst;
  p.src = src;

  struct msghdr m;
  struct iovec iov;
  ka_addr addr;
  ka_ctrl ctrl;
  build(s, &p, &m, &iov, &addr, &ctrl);
  ssize_t n;
  do {
    n = sendmsg(s->fd, &m, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    ka_throw_errno(env, "sendmsg", s->ifname, errno);
    return NULL;
  }
  return ka_int32(env, (int32_t)n);
}

/*
 * sendBatch(handle, data, desc, start, count) -> packets sent.
 * desc: Int32Array of KA_DESC_STRIDE words per packet (see common.h). Sends packets
 * start..start+count-1 with sendmmsg, 64 per call. Returns how many were sent; when
 * fewer than count, the next one failed (call again from start+sent to get its error).
 * Throws when the first packet cannot be sent.
 */
napi_value ka_js_send_batch(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 5);
  ka_sock *s = ka_handle_open(env, argv[0], KA_KIND_RAW, "sendBatch");
  uint8_t *data;
  size_t dlen, words;
  int32_t *desc, start, count;
  if (s == NULL) return NULL;
  if (ka_arg_bytes(env, argv[1], "data", &data, &dlen) != 0) return NULL;
  if (ka_arg_int32s(env, argv[2], "desc", &desc, &words) != 0) return NULL;
  if (ka_arg_int32(env, argv[3], "start", &start) != 0) return NULL;
  if (ka_arg_int32(env, argv[4], "count", &count) != 0) return NULL;
  if (start < 0 || count < 0 || ((size_t)start + (size_t)count) * KA_DESC_STRIDE > words) {
    ka_throw_range(env, "start + count exceeds the packets described by desc");
    return NULL;
  }
  /* Validate every descriptor before sending anything. */
  for (int32_t i = start; i < start + count; i++) {
    const int32_t *d = desc + (size_t)i * KA_DESC_STRIDE;
    if (d[KA_DESC_OFFSET] < 0 || d[KA_DESC_LEN] < 0 ||
        (size_t)d[KA_DESC_OFFSET] + (size_t)d[KA_DESC_LEN] > dlen) {
      char msg[128];
      snprintf(msg, sizeof msg, "packet %d: offset %d + length %d is outside the data of %zu bytes",
               i, d[KA_DESC_OFFSET], d[KA_DESC_LEN], dlen);
      ka_throw_range(env, msg);
      return NULL;
    }
    if (check_hops(env, d[KA_DESC_FLAGS], d[KA_DESC_HOPS]) != 0) return NULL;
  }

  struct mmsghdr msgs[KA_SEND_CHUNK];
  struct iovec iov[KA_SEND_CHUNK];
  ka_addr addrs[KA_SEND_CHUNK];
  ka_ctrl ctrls[KA_SEND_CHUNK];
  int32_t sent = 0;
  while (sent < count) {
    int n = count - sent > KA_SEND_CHUNK ? KA_SEND_CHUNK : count - sent;
    for (int k = 0; k < n; k++) {
      const int32_t *d = desc + (size_t)(start + sent + k) * KA_DESC_STRIDE;
      ka_pkt p;
      p.data = data + d[KA_DESC_OFFSET];
      p.len = (size_t)d[KA_DESC_LEN];
      p.flags = d[KA_DESC_FLAGS];
      p.ifindex = d[KA_DESC_IFINDEX];
      p.hops = d[KA_DESC_HOPS];
      p.dst = (const uint8_t *)(d + KA_DESC_DST);
      p.src = (const uint8_t *)(d + KA_DESC_SRC);
      build(s, &p, &msgs[k].msg_hdr, &iov[k], &addrs[k], &ctrls[k]);
      msgs[k].msg_len = 0;
    }
    int r;
    do {
      r = sendmmsg(s->fd, msgs, (unsigned)n, 0);
    } while (r < 0 && errno == EINTR);
    if (r < 0) {
      if (sent == 0) {
        ka_throw_errno(env, "sendmmsg", s->ifname, errno);
        return NULL;
      }
      break;
    }
    sent += r;
    if (r < n) break;
  }
  return ka_int32(env, sent);
}
