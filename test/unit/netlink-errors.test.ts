// src/net/netlink/errors.ts: whatever the netlink package throws (its 'Request rejected: EEXIST' strings, its
// timeout, socket ErrnoExceptions) becomes one NetlinkError with the errno name, number and operation.
import t from 'tap';
import { errnoName, errnoNumber, fromKernelErrno, NetlinkError, toNetlinkError } from '../../src/net/netlink/errors';

t.test('errno names and numbers', async (t) => {
  t.equal(errnoName(17), 'EEXIST');
  t.equal(errnoName(-99), 'EADDRNOTAVAIL', 'sign does not matter');
  t.equal(errnoName(4000), 'E4000', 'unknown number');
  t.equal(errnoNumber('ENODEV'), 19);
  t.equal(errnoNumber('ENOSUCH'), 0);
});

t.test('NetlinkError', async (t) => {
  const e = new NetlinkError('EEXIST', 'add address 10.0.0.1/24 dev eth0');
  t.ok(e instanceof Error, 'is an Error');
  t.equal(e.name, 'NetlinkError');
  t.equal(e.code, 'EEXIST');
  t.equal(e.errno, 17);
  t.equal(e.operation, 'add address 10.0.0.1/24 dev eth0');
  t.equal(e.message, 'add address 10.0.0.1/24 dev eth0: EEXIST (File exists)', "glibc's strerror text, as keepalived logs it");
  t.equal(new NetlinkError('EADDRNOTAVAIL', 'x').message, 'x: EADDRNOTAVAIL (Cannot assign requested address)');
  t.equal(new NetlinkError('ENOTSUP_X', 'x').message, 'x: ENOTSUP_X', 'no text for an unknown code');
});

t.test('kernel NLMSG_ERROR codes', async (t) => {
  t.match(fromKernelErrno(-17, 'op'), { code: 'EEXIST', errno: 17 });
  t.match(fromKernelErrno(-99, 'op'), { code: 'EADDRNOTAVAIL', errno: 99 });
  t.match(fromKernelErrno(-19, 'op'), { code: 'ENODEV', errno: 19 });
  t.match(fromKernelErrno(-3, 'op'), { code: 'ESRCH', errno: 3 });
});

t.test('from what the package throws', async (t) => {
  t.match(toNetlinkError(new Error('Request rejected: EEXIST'), 'add'), { code: 'EEXIST', errno: 17, operation: 'add' });
  t.match(toNetlinkError(new Error('Request rejected: EADDRNOTAVAIL'), 'del'), { code: 'EADDRNOTAVAIL', errno: 99 });
  t.match(toNetlinkError(new Error('Request rejected: -19'), 'x'), { code: 'ENODEV' }, 'a number the package could not name');
  t.match(toNetlinkError('Request rejected: ENODEV', 'x'), { code: 'ENODEV' }, 'a thrown string');
  t.match(toNetlinkError(new Error('Timeout has been reached'), 'x'), { code: 'ETIMEDOUT', errno: 110 }, 'a timeout');
  const sock = Object.assign(new Error('Error when receiving Netlink message'), { name: 'ErrnoException', errno: 105, code: 'ENOBUFS' });
  t.match(toNetlinkError(sock, 'monitor'), { code: 'ENOBUFS', errno: 105 }, 'a socket ErrnoException');
  t.match(toNetlinkError({ errno: -22 }, 'x'), { code: 'EINVAL' }, 'an errno only');
  const other = toNetlinkError(new Error('Unexpected route message received'), 'list');
  t.match(other, { code: 'EIO', operation: 'list: Unexpected route message received' }, 'anything else keeps its text');
  const same = new NetlinkError('EEXIST', 'y');
  t.equal(toNetlinkError(same, 'z'), same, 'a NetlinkError passes through');
});
