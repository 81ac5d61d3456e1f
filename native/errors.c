/* Errors: JS Error objects that say what failed, on which interface, and the errno name. */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

const char *ka_errno_name(int err) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 32))
  const char *name = strerrorname_np(err);
  if (name != NULL) return name;
#endif
  switch (err) {
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EFAULT: return "EFAULT";
    case EINVAL: return "EINVAL";
    case ENODEV: return "ENODEV";
    case ENXIO: return "ENXIO";
    case EMSGSIZE: return "EMSGSIZE";
    case ENOBUFS: return "ENOBUFS";
    case EADDRINUSE: return "EADDRINUSE";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case ENETDOWN: return "ENETDOWN";
    case ENETUNREACH: return "ENETUNREACH";
    case EHOSTUNREACH: return "EHOSTUNREACH";
    case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
    case EAFNOSUPPORT: return "EAFNOSUPPORT";
    case ENOPROTOOPT: return "ENOPROTOOPT";
    default: return "EUNKNOWN";
  }
}

static void set_prop(napi_env env, napi_value obj, const char *key, napi_value v) {
  if (v != NULL) napi_set_named_property(env, obj, key, v);
}

void ka_throw_errno(napi_env env, const char *what, const char *ifname, int err) {
  ka_throw_errno_text(env, what, ifname, err, strerror(err));
}

void ka_throw_errno_text(napi_env env, const char *what, const char *ifname, int err,
                         const char *text) {
  char msg[256];
  const char *name = ka_errno_name(err);
  if (ifname != NULL && ifname[0] != '\0') {
    snprintf(msg, sizeof msg, "%s on %s: %s (%s)", what, ifname, name, text);
  } else {
    snprintf(msg, sizeof msg, "%s: %s (%s)", what, name, text);
  }
  napi_value js_msg, js_code, error, v;
  if (napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &js_msg) != napi_ok) return;
  if (napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &js_code) != napi_ok) return;
  if (napi_create_error(env, js_code, js_msg, &error) != napi_ok) return;
  if (napi_create_int32(env, -err, &v) == napi_ok) set_prop(env, error, "errno", v);
  /* syscall: the text of `what` up to its first '(' */
  char syscall[64];
  size_t n = strcspn(what, "(");
  if (n >= sizeof syscall) n = sizeof syscall - 1;
  memcpy(syscall, what, n);
  syscall[n] = '\0';
  if (napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &v) == napi_ok) {
    set_prop(env, error, "syscall", v);
  }
  napi_throw(env, error);
}

void ka_throw_type(napi_env env, const char *msg) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
}

void ka_throw_range(napi_env env, const char *msg) {
  napi_throw_range_error(env, "ERR_OUT_OF_RANGE", msg);
}

void ka_raise_pending(napi_env env) {
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) != napi_ok || !pending) return;
  napi_value e;
  if (napi_get_and_clear_last_exception(env, &e) == napi_ok) napi_fatal_exception(env, e);
}
