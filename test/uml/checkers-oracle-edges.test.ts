// Checker edge cases side by side with keepalived 2.2.7's checker process inside user-mode Linux: alpha mode and
// a server that is down from the start, log_all_failures lines (refused, status, regex, digest, TLS handshake,
// a Content-Length that the body does not fill (with fast_recovery), refused connections, an SMTP server that hangs up, a DNS port that is closed, timeouts), regex and
// regex_no_match, regex_options and offsets (which keepalived counts from the status line: its regex also sees
// the headers when they arrive with body bytes), IPv6 (the bracketed Host header), connect_ip/connect_port, UDP payload and reply_data, a
// MISC_CHECK script that has to be killed at misc_timeout, and connect timeouts to an address that never answers.
// connect_timeout is 3 s throughout: user-mode Linux on a loaded machine can stall a server for over a second.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runDownUp, sameLinesPerServer, umlAvailable } from '../helpers/uml-checker-oracle';

const config = (dir: string): string => `
virtual_server 10.9.0.1 80 {
  delay_loop 2
  lb_algo rr
  lb_kind NAT
  protocol TCP
  alpha
  real_server 10.9.0.2 8090 {
    HTTP_GET {
      url {
        path /late
        regex "hel+o"
      }
      log_all_failures
      connect_timeout 3
      retry 2
      delay_before_retry 1
    }
  }
  real_server 10.9.0.2 8091 {
    HTTP_GET {
      url {
        path /nomatch
        regex "^goodbye"
        regex_no_match
        status_code 200 500
      }
      log_all_failures
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.2 8092 {
    alpha off
    HTTP_GET {
      url {
        path /r1
        regex "WORLD"
        regex_options caseless
        regex_min_offset 2
        regex_max_offset 6
      }
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.2 8093 {
    alpha off
    HTTP_GET {
      url {
        path /r2
        regex "HTTP/1\\.0 200"
        regex_max_offset 3
      }
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.2 8094 {
    alpha off
    SSL_GET {
      url {
        path /plain
      }
      log_all_failures
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.2 8095 {
    alpha off
    HTTP_GET {
      url {
        path /digest
        digest 00112233445566778899aabbccddeeff
      }
      log_all_failures
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.2 8096 {
    alpha off
    HTTP_GET {
      url {
        path /
      }
      log_all_failures
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.9 25 {
    SMTP_CHECK {
      connect_ip 10.9.0.2
      connect_port 9001
      helo_name edge.test
      log_all_failures
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.11 80 {
    alpha off
    HTTP_GET {
      url {
        path /hangup
      }
      connect_ip 10.9.0.2
      connect_port 9001
      log_all_failures
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.2 8097 {
    HTTP_GET {
      url {
        path /short
        digest 6f5902ac237024bdd0c176cb93063dc4
      }
      fast_recovery
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.6 80 {
    TCP_CHECK {
      connect_ip 10.9.0.2
      connect_port 9001
      log_all_failures
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.7 80 {
    TCP_CHECK {
      log_all_failures
      connect_timeout 3
      retry 0
    }
  }
  real_server 10.9.0.8 80 {
    alpha off
    HTTP_GET {
      url {
        path /
      }
      log_all_failures
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.3 80 {
    MISC_CHECK {
      misc_path ${join(dir, 'slow.sh')}
      misc_timeout 2
      retry 1
      delay_before_retry 1
      log_all_failures
    }
  }
}
virtual_server fd00::1 80 {
  delay_loop 2
  lb_algo rr
  lb_kind NAT
  protocol TCP
  real_server fd00::2 8080 {
    HTTP_GET {
      url {
        path /v6
      }
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
}
virtual_server 10.9.0.1 53 {
  delay_loop 2
  lb_algo rr
  lb_kind NAT
  protocol UDP
  real_server 10.9.0.2 7779 {
    DNS_CHECK {
      name closed.test
      log_all_failures
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.10 7778 {
    UDP_CHECK {
      connect_ip 10.9.0.2
      log_all_failures
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.2 7778 {
    UDP_CHECK {
      payload 68656c6c6f
      require_reply
      reply_data 6865xx6c6f
      min_reply_length 5
      max_reply_length 5
      log_all_failures
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
}
`;

const SLOW = (dir: string): string => `#!/bin/sh
[ -e ${join(dir, 'flag')} ] && exit 0
exec sleep 30
`;

t.test('checker edge cases: keepalived-ts logs what keepalived logs', { skip: !umlAvailable() && 'needs user-mode Linux and keepalived' }, async (t) => {
  const outcome = await runDownUp(t, {
    prepare(dir) {
      writeFileSync(join(dir, 'slow.sh'), SLOW(dir));
      chmodSync(join(dir, 'slow.sh'), 0o755);
    },
    servers: [
      { kind: 'http', address: '10.9.0.2', port: 8090, inverted: true },
      { kind: 'http', address: '10.9.0.2', port: 8091 },
      { kind: 'http', address: '10.9.0.2', port: 8092 },
      { kind: 'http', address: '10.9.0.2', port: 8093 },
      { kind: 'http', address: '10.9.0.2', port: 8094 },
      { kind: 'http', address: '10.9.0.2', port: 8095 },
      { kind: 'http', address: '10.9.0.2', port: 8097 },
      { kind: 'tcp', address: '10.9.0.2', port: 9001 },
      { kind: 'http', address: 'fd00::2', port: 8080 },
      { kind: 'udp', address: '10.9.0.2', port: 7778 },
    ],
    config,
    loAddresses: ['10.9.0.1/32', '10.9.0.2/32', '10.9.0.3/32', 'fd00::1/128', 'fd00::2/128'],
  });
  sameLinesPerServer(t, outcome, ['[10.9.0.2]:tcp:8090', '[10.9.0.2]:tcp:8091', '[10.9.0.2]:tcp:8092', '[10.9.0.2]:tcp:8093', '[10.9.0.2]:tcp:8094', '[10.9.0.2]:tcp:8095', '[10.9.0.2]:tcp:8096', '[10.9.0.2]:tcp:8097', '[10.9.0.11]:tcp:80', ':9001', '[10.9.0.2]:udp:7779', '[10.9.0.10]:udp:7778', '[10.9.0.6]:tcp:80', '[10.9.0.7]:tcp:80', '[10.9.0.8]:tcp:80', '[10.9.0.3]:tcp:80', '[fd00::2]:tcp:8080', '[10.9.0.2]:udp:7778']);
  const v6 = outcome.requests['http fd00::2:8080'] ?? [];
  t.same(v6, ['GET /v6 HTTP/1.0\r\nUser-Agent: KeepAliveClient\r\nHost: [fd00::2]:8080\r\n\r\n'], 'IPv6 Host header, same bytes from both');
});
