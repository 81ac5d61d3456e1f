// The checkers' fwmark connect option, side by side with keepalived 2.2.7's checker process inside user-mode Linux.
// Policy routing makes the mark matter: the servers' addresses (10.9.1.0/24, ports 8100-8199) are unreachable for
// unmarked packets, and packets marked 7 are looked up in the local table, where they are. So a checker reaches its
// server only if its socket really carries SO_MARK 7 from before connect(). The servers listen on 10.9.1.2 (checked
// with fwmark 7) and 10.9.1.3 (the same checks without it): every kind keepalived marks (TCP_CHECK, HTTP_GET,
// SMTP_CHECK, UDP_CHECK, DNS_CHECK) must come up on .2 and stay down on .3, with keepalived's lines.
import t from 'tap';
import type { ServerPlan } from '../../src/lab/checker-oracle/plan';
import { linesOf, runDownUp, sameLinesPerServer, umlAvailable } from '../helpers/uml-checker-oracle';

const MARKED = '10.9.1.2';
const UNMARKED = '10.9.1.3';

const retries = `
      connect_timeout 3
      retry 1
      delay_before_retry 1`;

/** One real server per kind at `address`, its checkers marked with `mark` (0: no fwmark line). */
function realServers(address: string, mark: number): { tcp: string; udp: string } {
  const fw = mark ? `\n      fwmark ${mark}` : '';
  const tcp = `
  real_server ${address} 8101 {
    TCP_CHECK {${fw}${retries}
    }
  }
  real_server ${address} 8102 {
    HTTP_GET {
      url {
        path /index.html
        status_code 200
      }${fw}${retries}
    }
  }
  real_server ${address} 8103 {
    SMTP_CHECK {
      helo_name fwmark.example.test${fw}${retries}
    }
  }`;
  const udp = `
  real_server ${address} 8104 {
    UDP_CHECK {
      require_reply${fw}${retries}
    }
  }
  real_server ${address} 8105 {
    DNS_CHECK {
      type A
      name www.example.test${fw}${retries}
    }
  }`;
  return { tcp, udp };
}

const config = (): string => {
  const marked = realServers(MARKED, 7);
  const unmarked = realServers(UNMARKED, 0);
  return `
virtual_server 10.9.0.1 80 {
  delay_loop 2
  lb_algo rr
  lb_kind NAT
  protocol TCP
  alpha
${marked.tcp}
${unmarked.tcp}
}
virtual_server 10.9.0.1 53 {
  delay_loop 2
  lb_algo rr
  lb_kind NAT
  protocol UDP
  alpha
${marked.udp}
${unmarked.udp}
}
`;
};

const servers = (address: string): ServerPlan[] => [
  { kind: 'tcp', address, port: 8101 },
  { kind: 'http', address, port: 8102 },
  { kind: 'smtp', address, port: 8103 },
  { kind: 'udp', address, port: 8104 },
  { kind: 'dns', address, port: 8105 },
];

const ROUTING = [
  // The local table moves behind the two rules that decide by mark.
  'ip rule add pref 100 lookup local',
  'ip rule del pref 0',
  'ip rule add pref 5 fwmark 7 lookup local',
  'ip rule add pref 6 to 10.9.1.0/24 dport 8100-8199 unreachable',
];

t.test('fwmark: marked checkers reach servers that only marked packets can reach, as keepalived\'s do', { skip: !umlAvailable() && 'needs user-mode Linux and keepalived' }, async (t) => {
  const outcome = await runDownUp(t, {
    servers: [...servers(MARKED), ...servers(UNMARKED)],
    config,
    loAddresses: ['10.9.0.1/32', `${MARKED}/32`, `${UNMARKED}/32`],
    initCommands: ROUTING,
  });
  const marked = [`[${MARKED}]:tcp:8101`, `[${MARKED}]:tcp:8102`, `[${MARKED}]:udp:8104`, `[${MARKED}]:udp:8105`];
  const unmarked = marked.map((rs) => rs.replace(MARKED, UNMARKED));
  // HTTP_GET in alpha mode logs nothing for a server it never reached (both sides): 0 lines is its answer.
  sameLinesPerServer(t, outcome, [...marked, ...unmarked], (rs) => (rs === `[${UNMARKED}]:tcp:8102` ? 0 : 1));
  // SMTP lines name the server as [addr]:port or [addr]:tcp:port: picked by kind and address.
  for (const address of [MARKED, UNMARKED]) {
    const smtp = (lines: string[]): string[] => linesOf(lines, `${address}]`).filter((l) => /SMTP/.test(l));
    t.ok(smtp(outcome.keepalived).length >= 1, `keepalived logged SMTP for ${address}`);
    t.same(smtp(outcome.ours), smtp(outcome.keepalived), `SMTP_CHECK lines for ${address}`);
  }

  // Marked: up at the start (a success line where the kind has one), down at 7 s, up again at 16 s.
  for (const rs of [marked[0], marked[2]]) {
    const ours = linesOf(outcome.ours, rs);
    t.ok(ours.filter((l) => / success\.$/.test(l)).length >= 2, `${rs}: reached twice with fwmark 7 (${JSON.stringify(ours)})`);
  }
  // Unmarked: never reached, so never a success line, and the servers never saw a request from either side.
  for (const rs of unmarked) {
    t.notOk(linesOf(outcome.ours, rs).some((l) => /success/.test(l)), `${rs}: not reached without the mark`);
  }
  for (const [server, requests] of Object.entries(outcome.requests)) {
    if (server.includes(UNMARKED)) t.same(requests, [], `${server}: no request without the mark`);
    else if (server.startsWith('http') || server.startsWith('smtp')) t.ok(requests.length >= 1, `${server}: requests arrived with the mark`);
  }
});
