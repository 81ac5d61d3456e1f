// Opening the IPVS client on this host's kernel: where the kernel has no IPVS (these machines, CI) the family
// cannot be resolved and the error says so (ENOENT naming the request), without a crash or a leaked socket;
// where it has IPVS, the client opens and answers GET_INFO.
import t from 'tap';
import { existsSync } from 'node:fs';
import { openIpvsClient } from '../../src/ipvs/genl-client';

t.test('open the IPVS client on the host kernel', async (t) => {
  if (existsSync('/proc/net/ip_vs')) {
    const c = await openIpvsClient();
    t.match(await c.info(), { version: /^\d+\.\d+\.\d+$/ });
    c.close();
    return;
  }
  await t.rejects(openIpvsClient({ timeoutMs: 2000 }), { name: 'NetlinkError', code: 'ENOENT', message: /^resolve generic netlink family IPVS: ENOENT/ });
});
