/* Link probes for linkbeat polling: the three ways keepalived asks a NIC whether it has link (MII registers,
 * ETHTOOL_GLINK, the interface flags), each answered by a short ioctl that never waits on the device. */
#include "common.h"

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/mii.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* name is at most IFNAMSIZ-1 bytes (ka_arg_string bounds it); the ifreq was zeroed. */
static void set_name(struct ifreq *ifr, const char *name) {
  memcpy(ifr->ifr_name, name, strnlen(name, IFNAMSIZ - 1));
}

static struct mii_ioctl_data *mii_data(struct ifreq *ifr) {
  return (struct mii_ioctl_data *)(void *)&ifr->ifr_ifru;
}

static int mii_read(int fd, struct ifreq *ifr, uint16_t phy, uint16_t reg, uint16_t *out) {
  struct mii_ioctl_data *d = mii_data(ifr);
  d->phy_id = phy;
  d->reg_num = reg;
  if (ioctl(fd, SIOCGMIIREG, ifr) < 0) return -1;
  *out = d->val_out;
  return 0;
}

/* -1: no MII on this NIC; else the Basic Mode Status Register's link bit (read twice: the bit latches low). */
static int probe_mii(int fd, const char *name) {
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  set_name(&ifr, name);
  if (ioctl(fd, SIOCGMIIPHY, &ifr) < 0) return -1;
  uint16_t phy = mii_data(&ifr)->phy_id;
  uint16_t bmcr, bmsr, again;
  if (mii_read(fd, &ifr, phy, MII_BMCR, &bmcr) < 0 || bmcr == 0xffff) return -1;
  if (mii_read(fd, &ifr, phy, MII_BMSR, &bmsr) < 0 || bmsr == 0) return -1;
  if (mii_read(fd, &ifr, phy, MII_BMSR, &again) < 0) again = 0;
  return ((bmsr | again) & BMSR_LSTATUS) ? 1 : 0;
}

/* -1: the driver has no ETHTOOL_GLINK; else its link bit. */
static int probe_ethtool(int fd, const char *name) {
  struct ifreq ifr;
  struct ethtool_value ev = {.cmd = ETHTOOL_GLINK, .data = 0};
  memset(&ifr, 0, sizeof ifr);
  set_name(&ifr, name);
  ifr.ifr_data = (char *)&ev;
  if (ioctl(fd, SIOCETHTOOL, &ifr) < 0) return -1;
  return ev.data ? 1 : 0;
}

/* 1 when IFF_UP and IFF_RUNNING are both set; 0 when not, or when the interface is gone (ENODEV); -1 for any
 * other failure (keepalived then keeps the link up). */
static int probe_flags(int fd, const char *name) {
  struct ifreq ifr;
  memset(&ifr, 0, sizeof ifr);
  set_name(&ifr, name);
  if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) return errno == ENODEV ? 0 : -1;
  return (ifr.ifr_flags & (IFF_UP | IFF_RUNNING)) == (IFF_UP | IFF_RUNNING) ? 1 : 0;
}

/* ifLinkProbe(name) -> [mii, ethtool, flags], each as described above. */
napi_value ka_js_if_link_probe(napi_env env, napi_callback_info info) {
  KA_ARGS(env, info, 1);
  char name[IFNAMSIZ];
  if (ka_arg_string(env, argv[0], "ifname", name, sizeof name) != 0) return NULL;
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    ka_throw_errno(env, "socket(AF_INET, SOCK_DGRAM)", name, errno);
    return NULL;
  }
  int r[3] = {probe_mii(fd, name), probe_ethtool(fd, name), probe_flags(fd, name)};
  close(fd);
  napi_value out;
  if (napi_create_array_with_length(env, 3, &out) != napi_ok) return NULL;
  for (uint32_t i = 0; i < 3; i++) napi_set_element(env, out, i, ka_int32(env, r[i]));
  return out;
}
