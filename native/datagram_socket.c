/* A UDP socket carrying a firewall mark (SO_MARK), optionally bound: Node's dgram module cannot set socket options,
 * so the checkers' fwmark (UDP_CHECK, DNS_CHECK) gets the socket here and hands it to dgram, which adopts the fd.
 * The bind is done here too, since dgram does not bind a socket it adopts. */
#include "common.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* openMarkedDatagram(family 4|6, mark, bindAddr: Uint8Array(4|16) | null, bindPort) -> fd of an unconnected UDP
 * socket with SO_MARK set, bound when bindAddr or bindPort is given. */
napi_value ka_js_open_marked_datagram(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 4);
  int32_t family;
  int32_t mark;
  int32_t port;
  if (ka_arg_int32(env, argv[0], "family", &family) != 0) return NULL;
  if (ka_arg_int32(env, argv[1], "mark", &mark) != 0) return NULL;
  if (ka_arg_int32(env, argv[3], "bindPort", &port) != 0) return NULL;
  if (family != 4 && family != 6) {
    ka_throw_range(env, "family must be 4 or 6");
    return NULL;
  }
  if (port < 0 || port > 65535) {
    ka_throw_range(env, "bindPort must be in [0, 65535]");
    return NULL;
  }
  napi_valuetype t;
  if (napi_typeof(env, argv[2], &t) != napi_ok) return NULL;
  uint8_t *addr = NULL;
  size_t addr_len = 0;
  if (t != napi_null && t != napi_undefined) {
    if (ka_arg_bytes(env, argv[2], "bindAddr", &addr, &addr_len) != 0) return NULL;
    if (addr_len != (family == 6 ? 16u : 4u)) {
      ka_throw_range(env, "bindAddr must be 4 (IPv4) or 16 (IPv6) bytes, matching family");
      return NULL;
    }
  }
  int fd = ka_marked_socket(env, family, SOCK_DGRAM, IPPROTO_UDP, mark);
  if (fd < 0) return NULL;
  if (addr != NULL || port != 0) {
    struct sockaddr_storage ss;
    socklen_t len;
    memset(&ss, 0, sizeof ss);
    if (family == 6) {
      struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
      s6->sin6_family = AF_INET6;
      s6->sin6_port = htons((uint16_t)port);
      if (addr != NULL) memcpy(&s6->sin6_addr, addr, 16);
      len = sizeof *s6;
    } else {
      struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
      s4->sin_family = AF_INET;
      s4->sin_port = htons((uint16_t)port);
      if (addr != NULL) memcpy(&s4->sin_addr, addr, 4);
      len = sizeof *s4;
    }
    if (bind(fd, (struct sockaddr *)&ss, len) != 0) {
      int err = errno;
      close(fd);
      ka_throw_errno(env, "bind", NULL, err);
      return NULL;
    }
  }
  return ka_int32(env, fd);
}
