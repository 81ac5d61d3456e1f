/*
 * Signal watchers for signals Node cannot name. keepalived's JSON dump and STATS_CLEAR
 * functions use real-time signals (SIGRTMIN+2 = 36 and SIGRTMAX-1 = 63 on glibc/Linux);
 * process.on() only accepts the classic signal names, and an unhandled real-time signal
 * terminates the process. A libuv signal handle on Node's own loop delivers them as
 * callbacks on the main thread.
 *
 * One watcher per signal number; watching a signal again replaces the callback. The handle
 * is unref'd: like Node's own signal listeners, it does not keep the process alive.
 */
#include "common.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>

#define KA_MAX_SIGNAL 64

typedef struct ka_sigwatch {
  uv_signal_t handle;
  napi_env env;
  napi_ref cb_ref;
  napi_async_context actx;
} ka_sigwatch;

static ka_sigwatch *watchers[KA_MAX_SIGNAL + 1];

static void free_watch(uv_handle_t *h) {
  free(h->data);
}

static void unwatch(int signum) {
  ka_sigwatch *w = watchers[signum];
  if (w == NULL) return;
  watchers[signum] = NULL;
  uv_signal_stop(&w->handle);
  napi_delete_reference(w->env, w->cb_ref);
  napi_async_destroy(w->env, w->actx);
  uv_close((uv_handle_t *)&w->handle, free_watch);
}

static void on_signal(uv_signal_t *h, int signum) {
  ka_sigwatch *w = h->data;
  napi_env env = w->env;
  napi_handle_scope scope;
  napi_value cb, recv, arg, result;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  if (napi_get_reference_value(env, w->cb_ref, &cb) == napi_ok && cb != NULL &&
      napi_get_global(env, &recv) == napi_ok && napi_create_int32(env, signum, &arg) == napi_ok &&
      napi_make_callback(env, w->actx, recv, cb, 1, &arg, &result) != napi_ok) {
    ka_raise_pending(env);
  }
  napi_close_handle_scope(env, scope);
}

static int signum_arg(napi_env env, napi_value v, int32_t *signum) {
  if (ka_arg_int32(env, v, "signum", signum) != 0) return -1;
  if (*signum < 1 || *signum > KA_MAX_SIGNAL || *signum == SIGKILL || *signum == SIGSTOP) {
    ka_throw_range(env, "signum must be a catchable signal number (1-64)");
    return -1;
  }
  return 0;
}

/* signalWatch(signum, callback(signum)): replaces an earlier watcher of signum. */
napi_value ka_js_signal_watch(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 2);
  int32_t signum;
  napi_valuetype t;
  if (signum_arg(env, argv[0], &signum) != 0) return NULL;
  if (napi_typeof(env, argv[1], &t) != napi_ok || t != napi_function) {
    ka_throw_type(env, "callback must be a function");
    return NULL;
  }
  unwatch(signum);
  ka_sigwatch *w = calloc(1, sizeof *w);
  if (w == NULL) {
    ka_throw_errno(env, "signalWatch", NULL, ENOMEM);
    return NULL;
  }
  uv_loop_t *loop;
  napi_value name, resource;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok ||
      napi_create_string_utf8(env, "KeepalivedSignal", NAPI_AUTO_LENGTH, &name) != napi_ok ||
      napi_create_object(env, &resource) != napi_ok ||
      napi_async_init(env, resource, name, &w->actx) != napi_ok) {
    free(w);
    napi_throw_error(env, NULL, "signalWatch: could not set up the watcher");
    return NULL;
  }
  if (napi_create_reference(env, argv[1], 1, &w->cb_ref) != napi_ok) {
    napi_async_destroy(env, w->actx);
    free(w);
    napi_throw_error(env, NULL, "signalWatch: could not reference the callback");
    return NULL;
  }
  w->env = env;
  w->handle.data = w;
  int rc = uv_signal_init(loop, &w->handle);
  int started = rc == 0 ? uv_signal_start(&w->handle, on_signal, signum) : rc;
  if (started != 0) {
    napi_delete_reference(env, w->cb_ref);
    napi_async_destroy(env, w->actx);
    if (rc == 0) {
      uv_close((uv_handle_t *)&w->handle, free_watch); /* initialised: must go through uv_close */
    } else {
      free(w);
    }
    ka_throw_errno(env, "uv_signal_start", NULL, -started);
    return NULL;
  }
  uv_unref((uv_handle_t *)&w->handle);
  watchers[signum] = w;
  return ka_undefined(env);
}

/* signalUnwatch(signum): idempotent; the signal gets its previous disposition back. */
napi_value ka_js_signal_unwatch(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 1);
  int32_t signum;
  if (signum_arg(env, argv[0], &signum) != 0) return NULL;
  unwatch(signum);
  return ka_undefined(env);
}
