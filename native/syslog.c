/*
 * The syslog connection: one non-blocking AF_UNIX datagram socket per process, connected to
 * the syslog socket (normally /dev/log), like the one glibc's openlog() keeps.
 *
 * Node has no unix datagram sockets, and syslog(3) itself can block the event loop (a full
 * receive queue on /dev/log blocks a plain send), so the socket is SOCK_NONBLOCK and a message
 * that does not fit is dropped (-EAGAIN) instead. The message bytes, header included, are
 * built by the caller (src/core/logging/). Errors are returned as -errno, never thrown, so
 * logging can never throw.
 */
#include "common.h"

#include <errno.h>
#include <string.h>
#include <sys/un.h>
#include <unistd.h>

/* One connection per process (per loaded addon), as with openlog(). */
static int log_fd = -1;

static void log_close(void) {
  if (log_fd >= 0) close(log_fd);
  log_fd = -1;
}

/* syslogOpen(path) -> 0 or -errno. Replaces any previous connection. */
napi_value ka_js_syslog_open(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 1);
  struct sockaddr_un sun;
  memset(&sun, 0, sizeof sun);
  sun.sun_family = AF_UNIX;
  if (ka_arg_string(env, argv[0], "path", sun.sun_path, sizeof sun.sun_path) != 0) return NULL;
  log_close();
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return ka_int32(env, -errno);
  if (connect(fd, (struct sockaddr *)&sun, sizeof sun) != 0) {
    int err = errno;
    close(fd);
    return ka_int32(env, -err);
  }
  log_fd = fd;
  return ka_int32(env, 0);
}

/* syslogSend(bytes) -> bytes sent or -errno (-ENOTCONN when not open, -EAGAIN when full). */
napi_value ka_js_syslog_send(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 1);
  uint8_t *data;
  size_t len;
  if (ka_arg_bytes(env, argv[0], "data", &data, &len) != 0) return NULL;
  if (log_fd < 0) return ka_int32(env, -ENOTCONN);
  ssize_t n;
  do {
    n = send(log_fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  return ka_int32(env, n < 0 ? -errno : (int32_t)n);
}

/* syslogClose(): idempotent. */
napi_value ka_js_syslog_close(napi_env env, napi_callback_info info) {
  (void)info;
  log_close();
  return ka_undefined(env);
}
