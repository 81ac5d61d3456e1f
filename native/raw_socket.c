/*
 * Raw IPv4/IPv6 sockets for VRRP (112) and AH (51): opening with one options object, and
 * multicast group membership.
 *
 * openRaw applies exactly the options it is given; the VRRP defaults (no multicast loop,
 * IP(V6)_MULTICAST_ALL 0, hop limit 255, receive metadata) live in src/net/addon/raw-socket.ts.
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#ifndef IP_MULTICAST_ALL
#define IP_MULTICAST_ALL 49
#endif
#ifndef IPV6_MULTICAST_ALL
#define IPV6_MULTICAST_ALL 29
#endif
#ifndef IPV6_RECVPKTINFO
#define IPV6_RECVPKTINFO 49
#endif
#ifndef IPV6_RECVHOPLIMIT
#define IPV6_RECVHOPLIMIT 51
#endif
#ifndef SO_RCVBUFFORCE
#define SO_RCVBUFFORCE 33
#endif
#ifndef SO_SNDBUFFORCE
#define SO_SNDBUFFORCE 32
#endif

/* setsockopt or throw "setsockopt(<name>) on <ifname>: ENAME". */
static int set_opt(napi_env env, int fd, const char *ifname, int level, int opt,
                   const void *val, socklen_t len, const char *name) {
  if (setsockopt(fd, level, opt, val, len) == 0) return 0;
  int err = errno;
  char what[64];
  snprintf(what, sizeof what, "setsockopt(%s)", name);
  ka_throw_errno(env, what, ifname, err);
  return -1;
}

static int set_int(napi_env env, int fd, const char *ifname, int level, int opt, int v,
                   const char *name) {
  return set_opt(env, fd, ifname, level, opt, &v, sizeof v, name);
}

/* SO_RCVBUFFORCE / SO_SNDBUFFORCE, falling back to the unforced option without CAP_NET_ADMIN. */
static int set_buf(napi_env env, int fd, const char *ifname, int force_opt, const char *force_name,
                   int opt, const char *name, int v) {
  if (setsockopt(fd, SOL_SOCKET, force_opt, &v, sizeof v) == 0) return 0;
  if (errno != EPERM) {
    int err = errno;
    char what[64];
    snprintf(what, sizeof what, "setsockopt(%s)", force_name);
    ka_throw_errno(env, what, ifname, err);
    return -1;
  }
  return set_int(env, fd, ifname, SOL_SOCKET, opt, v, name);
}

/* A classic BPF program that accepts nothing: for sockets that only send. */
static int drop_all(napi_env env, int fd, const char *ifname) {
  struct sock_filter insn[] = {{BPF_RET | BPF_K, 0, 0, 0}};
  struct sock_fprog prog = {1, insn};
  return set_opt(env, fd, ifname, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog,
                 "SO_ATTACH_FILTER");
}

typedef struct raw_opts {
  int32_t family, protocol;
  char ifname[IF_NAMESIZE];
  int hdrincl, multicast_all, multicast_loop, recv_meta, send_only;
  int32_t multicast_hops, unicast_hops, multicast_ifindex, tclass, checksum_offset;
  int32_t rcvbuf, sndbuf;
} raw_opts;

static int read_opts(napi_env env, napi_value obj, raw_opts *o) {
  napi_valuetype t;
  if (napi_typeof(env, obj, &t) != napi_ok || t != napi_object) {
    ka_throw_type(env, "options must be an object");
    return -1;
  }
  memset(o, 0, sizeof *o);
  o->family = 0;
  o->protocol = -1;
  o->hdrincl = o->multicast_all = o->multicast_loop = o->recv_meta = o->send_only = -1;
  o->multicast_hops = o->unicast_hops = o->multicast_ifindex = o->tclass = -1;
  o->checksum_offset = -2; /* -1 is a valid value: disable */
  o->rcvbuf = o->sndbuf = -1;
  if (ka_opt_int32(env, obj, "family", &o->family) != 0 ||
      ka_opt_int32(env, obj, "protocol", &o->protocol) != 0 ||
      ka_opt_string(env, obj, "ifname", o->ifname, sizeof o->ifname) != 0 ||
      ka_opt_bool(env, obj, "hdrincl", &o->hdrincl) != 0 ||
      ka_opt_bool(env, obj, "multicastAll", &o->multicast_all) != 0 ||
      ka_opt_bool(env, obj, "multicastLoop", &o->multicast_loop) != 0 ||
      ka_opt_bool(env, obj, "recvMeta", &o->recv_meta) != 0 ||
      ka_opt_bool(env, obj, "sendOnly", &o->send_only) != 0 ||
      ka_opt_int32(env, obj, "multicastHops", &o->multicast_hops) != 0 ||
      ka_opt_int32(env, obj, "unicastHops", &o->unicast_hops) != 0 ||
      ka_opt_int32(env, obj, "multicastIfindex", &o->multicast_ifindex) != 0 ||
      ka_opt_int32(env, obj, "tclass", &o->tclass) != 0 ||
      ka_opt_int32(env, obj, "checksumOffset", &o->checksum_offset) != 0 ||
      ka_opt_int32(env, obj, "rcvbuf", &o->rcvbuf) != 0 ||
      ka_opt_int32(env, obj, "sndbuf", &o->sndbuf) != 0) {
    return -1;
  }
  if (o->family != 4 && o->family != 6) {
    ka_throw_range(env, "options.family must be 4 or 6");
    return -1;
  }
  if (o->protocol < 0 || o->protocol > 255) {
    ka_throw_range(env, "options.protocol must be an IP protocol number (0-255)");
    return -1;
  }
  if (o->family == 6 && o->hdrincl == 1) {
    ka_throw_range(env, "options.hdrincl is for IPv4 sockets only");
    return -1;
  }
  if (o->family == 4 && o->checksum_offset != -2) {
    ka_throw_range(env, "options.checksumOffset (IPV6_CHECKSUM) is for IPv6 sockets only");
    return -1;
  }
  return 0;
}

static int apply_v4(napi_env env, int fd, const raw_opts *o) {
  const char *ifn = o->ifname;
  if (o->hdrincl >= 0 && set_int(env, fd, ifn, IPPROTO_IP, IP_HDRINCL, o->hdrincl, "IP_HDRINCL"))
    return -1;
  if (o->multicast_all >= 0 &&
      set_int(env, fd, ifn, IPPROTO_IP, IP_MULTICAST_ALL, o->multicast_all, "IP_MULTICAST_ALL"))
    return -1;
  if (o->multicast_loop >= 0 &&
      set_int(env, fd, ifn, IPPROTO_IP, IP_MULTICAST_LOOP, o->multicast_loop, "IP_MULTICAST_LOOP"))
    return -1;
  if (o->multicast_hops >= 0 &&
      set_int(env, fd, ifn, IPPROTO_IP, IP_MULTICAST_TTL, o->multicast_hops, "IP_MULTICAST_TTL"))
    return -1;
  if (o->unicast_hops >= 0 &&
      set_int(env, fd, ifn, IPPROTO_IP, IP_TTL, o->unicast_hops, "IP_TTL"))
    return -1;
  if (o->multicast_ifindex > 0) {
    struct ip_mreqn m;
    memset(&m, 0, sizeof m);
    m.imr_ifindex = o->multicast_ifindex;
    if (set_opt(env, fd, ifn, IPPROTO_IP, IP_MULTICAST_IF, &m, sizeof m, "IP_MULTICAST_IF"))
      return -1;
  }
  if (o->tclass >= 0 && set_int(env, fd, ifn, IPPROTO_IP, IP_TOS, o->tclass, "IP_TOS"))
    return -1;
  if (o->recv_meta == 1) {
    if (set_int(env, fd, ifn, IPPROTO_IP, IP_PKTINFO, 1, "IP_PKTINFO") ||
        set_int(env, fd, ifn, IPPROTO_IP, IP_RECVTTL, 1, "IP_RECVTTL"))
      return -1;
  }
  return 0;
}

static int apply_v6(napi_env env, int fd, const raw_opts *o) {
  const char *ifn = o->ifname;
  if (o->multicast_all >= 0 && set_int(env, fd, ifn, IPPROTO_IPV6, IPV6_MULTICAST_ALL,
                                       o->multicast_all, "IPV6_MULTICAST_ALL"))
    return -1;
  if (o->multicast_loop >= 0 && set_int(env, fd, ifn, IPPROTO_IPV6, IPV6_MULTICAST_LOOP,
                                        o->multicast_loop, "IPV6_MULTICAST_LOOP"))
    return -1;
  if (o->multicast_hops >= 0 && set_int(env, fd, ifn, IPPROTO_IPV6, IPV6_MULTICAST_HOPS,
                                        o->multicast_hops, "IPV6_MULTICAST_HOPS"))
    return -1;
  if (o->unicast_hops >= 0 && set_int(env, fd, ifn, IPPROTO_IPV6, IPV6_UNICAST_HOPS,
                                      o->unicast_hops, "IPV6_UNICAST_HOPS"))
    return -1;
  if (o->multicast_ifindex > 0 && set_int(env, fd, ifn, IPPROTO_IPV6, IPV6_MULTICAST_IF,
                                          o->multicast_ifindex, "IPV6_MULTICAST_IF"))
    return -1;
  if (o->tclass >= 0 &&
      set_int(env, fd, ifn, IPPROTO_IPV6, IPV6_TCLASS, o->tclass, "IPV6_TCLASS"))
    return -1;
  if (o->checksum_offset != -2 && set_int(env, fd, ifn, IPPROTO_IPV6, IPV6_CHECKSUM,
                                          o->checksum_offset, "IPV6_CHECKSUM"))
    return -1;
  if (o->recv_meta == 1) {
    if (set_int(env, fd, ifn, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1, "IPV6_RECVPKTINFO") ||
        set_int(env, fd, ifn, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1, "IPV6_RECVHOPLIMIT"))
      return -1;
  }
  return 0;
}

/*
 * openRaw({family, protocol, ifname?, hdrincl?, multicastAll?, multicastLoop?,
 *          multicastHops?, unicastHops?, multicastIfindex?, tclass?, checksumOffset?,
 *          rcvbuf?, sndbuf?, recvMeta?, sendOnly?}) -> handle
 */
napi_value ka_js_open_raw(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 1);
  raw_opts o;
  if (read_opts(env, argv[0], &o) != 0) return NULL;
  int domain = o.family == 4 ? AF_INET : AF_INET6;
  const char *ifn = o.ifname;

  int fd = socket(domain, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, o.protocol);
  if (fd < 0) {
    char what[64];
    snprintf(what, sizeof what, "socket(%s, SOCK_RAW, %d)", o.family == 4 ? "AF_INET" : "AF_INET6",
             o.protocol);
    ka_throw_errno(env, what, ifn, errno);
    return NULL;
  }
  if (o.send_only == 1 && drop_all(env, fd, ifn) != 0) goto fail;
  if (ifn[0] != '\0' &&
      set_opt(env, fd, ifn, SOL_SOCKET, SO_BINDTODEVICE, ifn, (socklen_t)strlen(ifn) + 1,
              "SO_BINDTODEVICE") != 0)
    goto fail;
  if (o.rcvbuf > 0 && set_buf(env, fd, ifn, SO_RCVBUFFORCE, "SO_RCVBUFFORCE", SO_RCVBUF, "SO_RCVBUF", o.rcvbuf))
    goto fail;
  if (o.sndbuf > 0 && set_buf(env, fd, ifn, SO_SNDBUFFORCE, "SO_SNDBUFFORCE", SO_SNDBUF, "SO_SNDBUF", o.sndbuf))
    goto fail;
  if ((o.family == 4 ? apply_v4(env, fd, &o) : apply_v6(env, fd, &o)) != 0) goto fail;
  /* Arrival stamps: a backup's master-down timer counts from when the advert arrived, not from when the
   * event loop got round to it. */
  if (o.send_only != 1 && set_int(env, fd, ifn, SOL_SOCKET, SO_TIMESTAMPNS, 1, "SO_TIMESTAMPNS") != 0) goto fail;
  return ka_handle_new(env, KA_KIND_RAW, fd, domain, o.protocol, ifn);

fail:
  close(fd);
  return NULL;
}

/* joinGroup / leaveGroup (handle, group: Uint8Array(4|16), ifindex) */
static napi_value membership(napi_env env, napi_callback_info info, int join) {
  KA_ARGS(env, info, 3);
  ka_sock *s = ka_handle_open(env, argv[0], KA_KIND_RAW, join ? "joinGroup" : "leaveGroup");
  uint8_t *group;
  size_t glen;
  int32_t ifindex;
  if (s == NULL) return NULL;
  if (ka_arg_bytes(env, argv[1], "group", &group, &glen) != 0) return NULL;
  if (ka_arg_int32(env, argv[2], "ifindex", &ifindex) != 0) return NULL;
  if (s->family == AF_INET) {
    if (glen != 4) {
      ka_throw_range(env, "group must be 4 bytes on an IPv4 socket");
      return NULL;
    }
    struct ip_mreqn m;
    memset(&m, 0, sizeof m);
    memcpy(&m.imr_multiaddr, group, 4);
    m.imr_ifindex = ifindex;
    if (set_opt(env, s->fd, s->ifname, IPPROTO_IP, join ? IP_ADD_MEMBERSHIP : IP_DROP_MEMBERSHIP,
                &m, sizeof m, join ? "IP_ADD_MEMBERSHIP" : "IP_DROP_MEMBERSHIP") != 0)
      return NULL;
  } else {
    if (glen != 16) {
      ka_throw_range(env, "group must be 16 bytes on an IPv6 socket");
      return NULL;
    }
    struct ipv6_mreq m;
    memset(&m, 0, sizeof m);
    memcpy(&m.ipv6mr_multiaddr, group, 16);
    m.ipv6mr_interface = (unsigned)ifindex;
    if (set_opt(env, s->fd, s->ifname, IPPROTO_IPV6,
                join ? IPV6_ADD_MEMBERSHIP : IPV6_DROP_MEMBERSHIP, &m, sizeof m,
                join ? "IPV6_ADD_MEMBERSHIP" : "IPV6_DROP_MEMBERSHIP") != 0)
      return NULL;
  }
  return ka_undefined(env);
}

napi_value ka_js_join_group(napi_env env, napi_callback_info info) {
  return membership(env, info, 1);
}

napi_value ka_js_leave_group(napi_env env, napi_callback_info info) {
  return membership(env, info, 0);
}
