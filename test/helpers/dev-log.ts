// Capturing what a daemon sends to syslog: in a private mount namespace (`unshare -m sh -c WITH_DEV_LOG sh DIR SOCK
// CMD…`), /dev is replaced by a tmpfs at DIR holding null/zero/random/urandom and the test's datagram socket SOCK as
// /dev/log, then CMD runs there. Every line then arrives with its priority and process tag, keepalived's and ours.
export const WITH_DEV_LOG = `set -e
mount --make-rprivate /
mount -t tmpfs kts "$1"
for f in null zero urandom random; do touch "$1/$f"; mount --bind "/dev/$f" "$1/$f"; done
touch "$1/log"; mount --bind "$2" "$1/log"
mount --move "$1" /dev
shift 2
exec "$@"`;
