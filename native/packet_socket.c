/*
 * AF_PACKET sockets bound to one interface, for sending whole Ethernet frames:
 * gratuitous ARP, and the unsolicited IPv6 neighbour advertisement that keepalived sends
 * with the VIP as IPv6 source (an IPv6 header built by the caller).
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* openPacket(ifindex, ethertype) -> handle. ethertype 0 makes a send-only socket. */
napi_value ka_js_open_packet(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 2);
  int32_t ifindex, ethertype;
  if (ka_arg_int32(env, argv[0], "ifindex", &ifindex) != 0) return NULL;
  if (ka_arg_int32(env, argv[1], "ethertype", &ethertype) != 0) return NULL;
  if (ifindex <= 0) {
    ka_throw_range(env, "ifindex must be a positive interface index");
    return NULL;
  }
  if (ethertype < 0 || ethertype > 0xffff) {
    ka_throw_range(env, "ethertype must be between 0 and 0xffff");
    return NULL;
  }

  char ifname[IF_NAMESIZE] = "";
  if (if_indextoname((unsigned)ifindex, ifname) == NULL) {
    snprintf(ifname, sizeof ifname, "ifindex %d", ifindex);
  }

  int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, htons((uint16_t)ethertype));
  if (fd < 0) {
    ka_throw_errno(env, "socket(AF_PACKET, SOCK_RAW)", ifname, errno);
    return NULL;
  }
  struct sockaddr_ll sll;
  memset(&sll, 0, sizeof sll);
  sll.sll_family = AF_PACKET;
  sll.sll_protocol = htons((uint16_t)ethertype);
  sll.sll_ifindex = ifindex;
  if (bind(fd, (struct sockaddr *)&sll, sizeof sll) != 0) {
    int err = errno;
    close(fd);
    ka_throw_errno(env, "bind(AF_PACKET)", ifname, err);
    return NULL;
  }
  return ka_handle_new(env, KA_KIND_PACKET, fd, AF_PACKET, ethertype, ifname);
}

/* sendFrame(handle, data, offset, length) -> bytes sent. */
napi_value ka_js_send_frame(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 4);
  ka_sock *s = ka_handle_open(env, argv[0], KA_KIND_PACKET, "sendFrame");
  uint8_t *data;
  size_t len;
  if (s == NULL) return NULL;
  if (ka_arg_range(env, argv[1], argv[2], argv[3], &data, &len) != 0) return NULL;
  ssize_t n;
  do {
    n = send(s->fd, data, len, 0);
  } while (n < 0 && errno == EINTR);
  if (n < 0) {
    ka_throw_errno(env, "send(AF_PACKET)", s->ifname, errno);
    return NULL;
  }
  return ka_int32(env, (int32_t)n);
}
