/* A TCP socket carrying a firewall mark (SO_MARK) before it connects: Node's net module cannot set socket options
 * ahead of connect(), so genhash -m and the checkers' fwmark get the socket here and hand it to net.Socket. */
#include "common.h"

#include <errno.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

/* A socket of this family (4|6), type and protocol with SO_MARK set; -1 with a JS exception pending on failure. */
int ka_marked_socket(napi_env env, int32_t family, int type, int protocol, int32_t mark) {
  if (family != 4 && family != 6) {
    ka_throw_range(env, "family must be 4 or 6");
    return -1;
  }
  int fd = socket(family == 6 ? AF_INET6 : AF_INET, type | SOCK_CLOEXEC, protocol);
  if (fd < 0) {
    ka_throw_errno(env, "socket", NULL, errno);
    return -1;
  }
  unsigned value = (unsigned)mark;
  if (setsockopt(fd, SOL_SOCKET, SO_MARK, &value, sizeof value) != 0) {
    int err = errno;
    close(fd);
    ka_throw_errno(env, "setsockopt(SO_MARK)", NULL, err);
    return -1;
  }
  return fd;
}

/* openMarkedStream(family 4|6, mark) -> fd of an unconnected, blocking TCP socket with SO_MARK set. */
napi_value ka_js_open_marked_stream(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 2);
  int32_t family;
  int32_t mark;
  if (ka_arg_int32(env, argv[0], "family", &family) != 0) return NULL;
  if (ka_arg_int32(env, argv[1], "mark", &mark) != 0) return NULL;
  int fd = ka_marked_socket(env, family, SOCK_STREAM, IPPROTO_TCP, mark);
  return fd < 0 ? NULL : ka_int32(env, fd);
}
