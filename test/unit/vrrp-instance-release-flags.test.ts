// -V (--dont-release-vrrp) and -X (--release-vips) in the state machine: keepalived 2.2.7's vrrp_restore_interface
// opens the VIP removal with either flag, and netlink_iplist removes an address that this run did not set only
// with -V (force). Measured live in test/interop/vrrp-release-vips-*.test.ts; here the actions.
import t from 'tap';
import type { Action } from '../../src/vrrp/instance';
import { Harness, S } from './vrrp-instance-harness';

function vipRemovals(a: readonly Action[]): Action[] {
  return a.filter((x) => x.kind === 'remove' && (x.what === 'vips' || x.what === 'evips'));
}

for (const flags of [{}, { releaseVips: true }, { dontReleaseVrrp: true }]) {
  const name = JSON.stringify(flags);
  t.test(`reload of a BACKUP that never set its VIPs, ${name}`, async (t) => {
    const h = new Harness({ priority: 100, evips: ['e'], ...flags });
    h.start(0);
    h.runUntil(1 * S);
    t.equal(h.inst.state, 'BACKUP');
    const a = h.inst.reload(h.now, h.inst.settings);
    const dontRelease = 'dontReleaseVrrp' in flags;
    const opened = dontRelease || 'releaseVips' in flags;
    t.same(vipRemovals(a), opened
      ? [
          { kind: 'remove', what: 'vips', items: ['10.0.0.100/24'], force: dontRelease },
          { kind: 'remove', what: 'evips', items: ['e'], force: dontRelease },
        ]
      : [], dontRelease ? 'forced removal of every configured address' : opened ? 'only addresses set by this run (none)' : 'nothing');
  });
}
