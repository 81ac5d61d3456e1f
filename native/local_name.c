/* The host's name as keepalived finds it: the canonical name the resolver gives for uname's node name. */
#include "common.h"

#include <netdb.h>
#include <string.h>
#include <sys/utsname.h>

/* localName() -> the canonical name (getaddrinfo with AI_CANONNAME), or null when the node name does not resolve. */
napi_value ka_js_local_name(napi_env env, napi_callback_info info) {
  (void)info;
  struct utsname name;
  struct addrinfo hints, *res = NULL;
  napi_value r;
  memset(&hints, 0, sizeof hints);
  hints.ai_flags = AI_CANONNAME;
  if (uname(&name) < 0 || getaddrinfo(name.nodename, NULL, &hints, &res) != 0) {
    napi_get_null(env, &r);
    return r;
  }
  if (res && res->ai_canonname) napi_create_string_utf8(env, res->ai_canonname, NAPI_AUTO_LENGTH, &r);
  else napi_get_null(env, &r);
  freeaddrinfo(res);
  return r;
}
