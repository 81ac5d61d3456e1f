/*
 * Socket handles: the life cycle of a ka_sock behind a JS object.
 *
 * - The handle is a plain object, type-tagged so that a foreign object is rejected with a
 *   TypeError instead of being dereferenced.
 * - close() stops the receive watcher and closes the fd once; later calls do nothing.
 * - If the handle is garbage-collected while open, the finalizer closes the fd. A handle
 *   that is receiving is held by a strong reference of its own (see raw_recv.c), so a
 *   receiving socket is never collected behind the program's back.
 */
#include "common.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const napi_type_tag ka_sock_tag = {0x6b6565706c697665ULL, 0x642d74732d736f63ULL};

void ka_sock_close(ka_sock *s) {
  if (s == NULL) return;
  ka_recv_stop(s);
  if (s->fd >= 0) {
    close(s->fd);
    s->fd = -1;
  }
}

static void finalize(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  ka_sock *s = data;
  ka_sock_close(s);
  free(s);
}

napi_value ka_handle_new(napi_env env, int kind, int fd, int family, int protocol,
                         const char *ifname) {
  ka_sock *s = calloc(1, sizeof *s);
  napi_value obj;
  if (s == NULL) {
    close(fd);
    ka_throw_errno(env, "calloc", NULL, ENOMEM);
    return NULL;
  }
  s->kind = kind;
  s->fd = fd;
  s->family = family;
  s->protocol = protocol;
  s->env = env;
  if (ifname != NULL) {
    strncpy(s->ifname, ifname, sizeof s->ifname - 1);
  }
  if (napi_create_object(env, &obj) != napi_ok ||
      napi_type_tag_object(env, obj, &ka_sock_tag) != napi_ok ||
      napi_wrap(env, obj, s, finalize, NULL, NULL) != napi_ok) {
    close(fd);
    free(s);
    napi_throw_error(env, NULL, "could not create the socket handle");
    return NULL;
  }
  return obj;
}

ka_sock *ka_handle_get(napi_env env, napi_value handle, int kind) {
  bool tagged = false;
  napi_valuetype t;
  void *data = NULL;
  if (napi_typeof(env, handle, &t) != napi_ok || t != napi_object ||
      napi_check_object_type_tag(env, handle, &ka_sock_tag, &tagged) != napi_ok || !tagged ||
      napi_unwrap(env, handle, &data) != napi_ok || data == NULL) {
    ka_throw_type(env, "handle must be a socket handle returned by the addon");
    return NULL;
  }
  ka_sock *s = data;
  if (kind != 0 && s->kind != kind) {
    ka_throw_type(env, kind == KA_KIND_RAW ? "handle must be a raw IP socket handle"
                                           : "handle must be a packet socket handle");
    return NULL;
  }
  return s;
}

ka_sock *ka_handle_open(napi_env env, napi_value handle, int kind, const char *what) {
  ka_sock *s = ka_handle_get(env, handle, kind);
  if (s == NULL) return NULL;
  if (s->fd < 0) {
    ka_throw_errno_text(env, what, s->ifname, EBADF, "socket is closed");
    return NULL;
  }
  return s;
}

/* close(handle): idempotent. */
napi_value ka_js_close(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 1);
  ka_sock *s = ka_handle_get(env, argv[0], 0);
  if (s == NULL) return NULL;
  ka_sock_close(s);
  return ka_undefined(env);
}

/* isOpen(handle) -> boolean */
/* fdOf(handle) -> the socket's descriptor number (-1 once closed): the data dump prints it as keepalived does. */
napi_value ka_js_fd_of(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 1);
  ka_sock *s = ka_handle_get(env, argv[0], 0);
  napi_value r;
  if (s == NULL) return NULL;
  napi_create_int32(env, s->fd, &r);
  return r;
}

napi_value ka_js_is_open(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 1);
  ka_sock *s = ka_handle_get(env, argv[0], 0);
  napi_value r;
  if (s == NULL) return NULL;
  napi_get_boolean(env, s->fd >= 0, &r);
  return r;
}
