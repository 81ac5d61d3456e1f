// A two-member vrrp_sync_group (VI_1 on eth0 / br0, VI_2 on eth1 / br1) on two routers, keepalived 2.2.7 and
// keepalived-ts, run twice with the roles swapped: the group owner (priority 150) takes both VIPs at start; then
// the owner's eth1 goes down, its group goes to FAULT (VI_1 too, although its own link is up: it sends priority 0),
// and the peer (priority 100) takes both VIPs — its VI_1 hears the priority 0 at once but is held in BACKUP until
// its VI_2 times out too, then the group goes MASTER together. Same outcome whichever implementation is the owner,
// and the owner's and the peer's sync-group and state log lines are the same for both implementations.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { startDaemon, type Implementation, type VrrpDaemon } from '../../src/lab/vrrp-daemon';
import { createSyncLab, messages, syncConf, until, VIP1, VIP2 } from '../helpers/sync-group-lab';

const STATE_LINE = /^(VRRP_Group\(G1\)|\(VI_\d\) Entering \w+ STATE)/;

interface Outcome {
  owner: string[];
  peer: string[];
}

async function scenario(t: Test, ownerImpl: Implementation, peerImpl: Implementation): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'kts-sync-failover-'));
  const sl = createSyncLab(2);
  const [ownerNode, peerNode] = sl.nodes;
  const daemons: VrrpDaemon[] = [];
  try {
    const start = (impl: Implementation, node: typeof ownerNode, priority: number, name: string): VrrpDaemon => {
      const sub = join(dir, name);
      const conf = join(dir, `${name}.conf`);
      mkdirSync(sub);
      writeFileSync(conf, syncConf({ dir: sub, priority, routerId: name }));
      const d = startDaemon({ impl, ns: node.ns, conf, dir: sub });
      daemons.push(d);
      return d;
    };
    // The owner first, so the peer (whichever starts faster) never sees a moment without a master.
    const owner = start(ownerImpl, ownerNode, 150, 'owner');
    let peer: VrrpDaemon | undefined;
    const vips = (node: typeof ownerNode): boolean[] => [sl.has(node, 'eth0', VIP1), sl.has(node, 'eth1', VIP2)];
    const show = (): string => `owner ${vips(ownerNode)} peer ${vips(peerNode)}\nowner:\n${messages(owner).join('\n')}` +
      `\npeer:\n${peer ? messages(peer).join('\n') : ''}`;
    await until(() => owner.state('VI_1') === 'MASTER' && owner.state('VI_2') === 'MASTER', 30000, show);
    peer = start(peerImpl, peerNode, 100, 'peer');
    await until(() => vips(ownerNode).every(Boolean), 10000, show);
    const p = peer;
    await until(() => p.state('VI_1') === 'BACKUP' && p.state('VI_2') === 'BACKUP', 30000, show);
    t.same(vips(peerNode), [false, false], `${peerImpl} peer holds no VIP while ${ownerImpl} owns the group`);

    sl.link(ownerNode, 'eth1', false);
    await until(() => owner.state('VI_1') === 'FAULT' && owner.state('VI_2') === 'FAULT', 15000, show);
    t.pass(`${ownerImpl}: eth1 down took the whole group to FAULT`);
    await until(() => vips(peerNode).every(Boolean), 20000, show);
    t.pass(`${peerImpl} peer took both VIPs`);
    t.same(vips(ownerNode), [false, false], `${ownerImpl} owner released both VIPs`);
    // The VIPs can be seen before the state lines have come through the log pipe on a busy machine.
    await until(() => p.state('VI_1') === 'MASTER' && p.state('VI_2') === 'MASTER', 5000, show);
    t.pass(`${peerImpl} peer: both members MASTER`);
    return {
      owner: messages(owner).filter((l) => STATE_LINE.test(l)),
      peer: messages(p).filter((l) => STATE_LINE.test(l)),
    };
  } finally {
    for (const d of daemons) await d.stop('SIGTERM');
    await sl.lab.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
}

t.test('sync group failover: the same outcome whichever implementation owns the group', async (t) => {
  let theirsOwner: Outcome | undefined;
  let oursOwner: Outcome | undefined;
  await t.test('keepalived owns the group, keepalived-ts is the peer', async (t) => {
    theirsOwner = await scenario(t, 'keepalived', 'keepalived-ts');
  });
  await t.test('keepalived-ts owns the group, keepalived is the peer', async (t) => {
    oursOwner = await scenario(t, 'keepalived-ts', 'keepalived');
  });
  if (!theirsOwner || !oursOwner) return;
  t.same(oursOwner.owner, theirsOwner.owner, 'the owner logs the same group and state lines (ours as keepalived)');
  t.same(theirsOwner.peer, oursOwner.peer, 'the peer logs the same group and state lines (ours as keepalived)');
});
