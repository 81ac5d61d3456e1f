// Every route and rule attribute keepalived takes, as static_routes / static_rules and as an instance's
// virtual_routes / virtual_rules, run by keepalived and keepalived-ts in twin namespaces: the kernel must hold the
// same routes (IPv4 and IPv6, every table), rules and addresses in both once MASTER, and the same after SIGTERM.
// Then a virtual route deleted by hand sends both MASTERs back to BACKUP (and, alone on the link, MASTER again).
import t from 'tap';
import { convergedDiff, ipIn, kernelState, pollUntil, stateDiff, Twins } from '../helpers/route-twins';

const ROUTES = (n: number, table: number): string => `
    10.${n}.1.0/24 via 10.168.200.254 dev eth0 table ${table} metric 10
    10.${n}.2.0/24 dev eth1 src 10.168.100.1 scope link protocol 99
    blackhole 10.${n}.3.0/24 table ${table}
    unreachable 10.${n}.4.0/24 metric 5
    prohibit 10.${n}.5.0/24
    throw 10.${n}.6.0/24 table ${table}
    local 10.${n}.7.1 dev eth0 table ${table}
    10.${n}.8.0/24 via 10.168.200.254 dev eth0 mtu lock 1400 advmss 1360 rtt 100 rttvar 50 reordering 3 window 65535 cwnd 10 ssthresh 20 initcwnd 10 initrwnd 20 rto_min 200 hoplimit 32 features ecn quickack 1 congctl cubic
    10.${n}.9.0/24 via 10.168.201.254 dev eth3 onlink realms 5
    10.${n}.10.0/24 nexthop via 10.168.200.254 dev eth0 weight 2 nexthop via 10.168.100.254 dev eth1 weight 3
    10.${n}.11.0/24 via inet6 fd00:1::fe dev eth0
    10.${n}.12.0/24 tos 0x10 via 10.168.200.254 dev eth0
    10.${n}.13.0/24 dev eth2 realms 2/3 fastopen_no_cookie 1
    fd00:${n}:1::/64 via fd00:1::fe dev eth0 metric 100
    fd00:${n}:2::/64 dev eth1 table ${table} pref high
    fd00:${n}:3::/64 from fd00:1::/64 via fd00:1::fe dev eth0
    blackhole fd00:${n}:4::/64
    fd00:${n}:5::/64 nexthop via fd00:1::fe dev eth0 weight 1 nexthop via fd00:2::fe dev eth1 weight 4
    fd00:${n}:6::/64 via fd00:1::fe dev eth0 mtu 1400 hoplimit 10
    default via 10.168.200.254 dev eth0 table ${table + 10}`;

const RULES = (n: number, base: number): string => `
    from 10.${n}.0.0/16 table 101 priority ${base}
    to 10.${n + 1}.0.0/16 lookup 101 priority ${base + 1}
    from 10.${n + 2}.0.0/16 to 10.${n + 3}.0.0/16 tos 0x10 table 101 priority ${base + 2}
    fwmark 0x10/0xff table 101 priority ${base + 3}
    fwmark 7 table 101 priority ${base + 4}
    iif eth0 table 101 priority ${base + 5}
    oif eth1 table 101 priority ${base + 6}
    uidrange 1000-2000 table 101 priority ${base + 7}
    ipproto 6 sport 1000-2000 dport 80 table 101 priority ${base + 8}
    from 10.${n + 4}.0.0/16 goto ${base + 50} priority ${base + 9}
    from 10.${n + 5}.0.0/16 nop priority ${base + 10}
    table 101 suppress_prefixlength 0 priority ${base + 11}
    table 101 suppress_ifgroup 5 priority ${base + 12}
    not from 10.${n + 6}.0.0/16 table 101 priority ${base + 13}
    from 10.${n + 7}.0.0/16 realms 3/4 table 101 priority ${base + 14}
    from 10.${n + 8}.0.0/16 blackhole priority ${base + 15}
    from 10.${n + 9}.0.0/16 prohibit priority ${base + 16}
    from fd00:${n}::/32 table 101 priority ${base + 20}
    inet6 fwmark 5 table 101 priority ${base + 21}
    to fd00:${n + 1}::/32 unreachable priority ${base + 22}
    priority ${base + 50} table 102`;

const CONF = `global_defs {
  router_id corpus
}
static_routes {${ROUTES(50, 101)}
}
static_rules {${RULES(50, 100)}
}
vrrp_instance VI_1 {
  state BACKUP
  interface eth0
  virtual_router_id 61
  priority 100
  advert_int 1
  virtual_ipaddress {
    10.168.200.100/24
  }
  virtual_routes {${ROUTES(60, 103)}
  }
  virtual_rules {${RULES(70, 300)}
  }
}
`;

t.test('route and rule corpus, static and virtual', async (t) => {
  const twins = await Twins.create();
  t.teardown(() => twins.cleanup());
  const before = await kernelState(twins.theirs.ns);
  twins.start(CONF);
  await twins.waitBoth(/\(VI_1\) Entering MASTER STATE/);
  t.same(await convergedDiff(twins), [], 'routes, rules and addresses agree with keepalived while MASTER');
  const master = await kernelState(twins.theirs.ns);
  t.ok(master['ip -j route show table all'].some((r) => r.includes('"10.60.10.0/24"')), 'keepalived installed the virtual multipath route');
  t.ok(master['ip -j rule'].some((r) => r.includes('"priority":300,')), 'keepalived installed the virtual rules');

  // A virtual route deleted by hand: keepalived goes back to BACKUP (and, alone, becomes MASTER again).
  const marks = twins.both.map((x) => x.log().length - 1);
  await Promise.all(twins.both.map((x) => ipIn(x.ns, ['route', 'del', '10.60.1.0/24', 'dev', 'eth0', 'table', '103', 'metric', '10'])));
  const backAgain = await pollUntil(async () => twins.both.every((x, i) => {
    const lines = x.log().slice(marks[i]);
    const b = lines.findIndex((l) => l === '(VI_1) Entering BACKUP STATE');
    return b >= 0 && lines.slice(b).includes('(VI_1) Entering MASTER STATE');
  }), 20000);
  t.ok(backAgain, 'both went BACKUP on the deletion, then MASTER again');
  if (!backAgain) for (const [i, x] of twins.both.entries()) t.comment(x.kind, x.log().slice(marks[i]).join('\n'));
  t.same(await convergedDiff(twins), [], 'and agree again once MASTER');
  t.same(stateDiff(master, await kernelState(twins.ours.ns)), [], 'with the deleted virtual route back');

  await twins.stop();
  t.same(await convergedDiff(twins, 5000), [], 'both leave the same state after SIGTERM');
  t.same(stateDiff(before, await kernelState(twins.ours.ns)), [], 'which is the state before start');
});
