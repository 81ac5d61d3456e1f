/* Interface look-ups in the calling process's network namespace: index, name, MAC address. */
#include "common.h"

#include <errno.h>
#include <net/if_arp.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* ifIndex(name) -> ifindex; throws ENODEV when there is no such interface. */
napi_value ka_js_if_index(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 1);
  char name[IF_NAMESIZE];
  if (ka_arg_string(env, argv[0], "ifname", name, sizeof name) != 0) return NULL;
  unsigned idx = if_nametoindex(name);
  if (idx == 0) {
    ka_throw_errno(env, "if_nametoindex", name, errno);
    return NULL;
  }
  return ka_int32(env, (int32_t)idx);
}

/* ifName(ifindex) -> name; throws ENXIO when there is no such interface. */
napi_value ka_js_if_name(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 1);
  int32_t idx;
  char name[IF_NAMESIZE];
  napi_value r;
  if (ka_arg_int32(env, argv[0], "ifindex", &idx) != 0) return NULL;
  if (idx <= 0 || if_indextoname((unsigned)idx, name) == NULL) {
    char what[48];
    snprintf(what, sizeof what, "if_indextoname(%d)", idx);
    ka_throw_errno(env, what, NULL, idx <= 0 ? ENXIO : errno);
    return NULL;
  }
  napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &r);
  return r;
}

/* ifMac(name) -> Buffer of the 6-byte hardware address (SIOCGIFHWADDR). */
napi_value ka_js_if_mac(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 1);
  struct ifreq ifr;
  napi_value out;
  void *data;
  memset(&ifr, 0, sizeof ifr);
  if (ka_arg_string(env, argv[0], "ifname", ifr.ifr_name, sizeof ifr.ifr_name) != 0) return NULL;
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    ka_throw_errno(env, "socket(AF_INET, SOCK_DGRAM)", ifr.ifr_name, errno);
    return NULL;
  }
  int rc = ioctl(fd, SIOCGIFHWADDR, &ifr);
  int err = errno;
  close(fd);
  if (rc != 0) {
    ka_throw_errno(env, "ioctl(SIOCGIFHWADDR)", ifr.ifr_name, err);
    return NULL;
  }
  if (napi_create_buffer_copy(env, 6, ifr.ifr_hwaddr.sa_data, &data, &out) != napi_ok) return NULL;
  return out;
}
