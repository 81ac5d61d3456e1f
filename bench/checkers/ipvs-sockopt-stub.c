/*
 * Benchmark-only LD_PRELOAD stub for hosts without IPVS: keepalived's checker process exits at start when the
 * kernel has no IPVS. Its IPVS library falls back from generic netlink (no "IPVS" family here) to the
 * IP_VS_SO_* socket options on a raw socket; this stub answers those options with success (an empty, zeroed
 * reply for the GET ones) so the checkers run while nothing is programmed. Every other call goes to libc.
 * Built by bench/cases/checkers.ts with `cc -shared -fPIC`; never part of the product.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>

#define IPVS_FIRST (64 + 1024 + 64)
#define IPVS_LAST (IPVS_FIRST + 15)

static int is_ipvs(int level, int optname)
{
	return level == IPPROTO_IP && optname >= IPVS_FIRST && optname <= IPVS_LAST;
}

int setsockopt(int fd, int level, int optname, const void *optval, socklen_t optlen)
{
	static int (*real)(int, int, int, const void *, socklen_t);
	if (is_ipvs(level, optname))
		return 0;
	if (!real)
		real = (int (*)(int, int, int, const void *, socklen_t))dlsym(RTLD_NEXT, "setsockopt");
	return real(fd, level, optname, optval, optlen);
}

int getsockopt(int fd, int level, int optname, void *optval, socklen_t *optlen)
{
	static int (*real)(int, int, int, void *, socklen_t *);
	if (is_ipvs(level, optname)) {
		if (optval && optlen)
			memset(optval, 0, *optlen);
		return 0;
	}
	if (!real)
		real = (int (*)(int, int, int, void *, socklen_t *))dlsym(RTLD_NEXT, "getsockopt");
	return real(fd, level, optname, optval, optlen);
}
