// Every checker kind against real servers, side by side with keepalived 2.2.7's own checker process, inside
// user-mode Linux (the host kernel has no IPVS, without which keepalived's checker process exits). The servers
// start up, all go down at 7 s and come back at 16 s; for each real server the sequence of checker log lines of
// keepalived-ts must equal keepalived's, and each server must have received byte-identical requests from both.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { runDownUp, sameLinesPerServer, umlAvailable } from '../helpers/uml-checker-oracle';

const BODY_MD5 = createHash('md5').update('hello world\n').digest('hex');

const config = (dir: string): string => `
global_defs {
  router_id checker_oracle
}
SSL {
  certificate ${join(dir, 'cert.pem')}
  key ${join(dir, 'key.pem')}
}
virtual_server 10.9.0.1 80 {
  delay_loop 2
  lb_algo rr
  lb_kind NAT
  protocol TCP
  real_server 10.9.0.2 8080 {
    HTTP_GET {
      url {
        path /index.html
        status_code 200
      }
      connect_timeout 3
      retry 2
      delay_before_retry 1
    }
  }
  real_server 10.9.0.2 8081 {
    HTTP_GET {
      url {
        path /a
        digest ${BODY_MD5}
      }
      url {
        path /b?x=1
        status_code 200-299
      }
      http_protocol 1.1
      virtualhost www.example.test
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.2 8443 {
    SSL_GET {
      url {
        path /secure
      }
      enable_sni
      virtualhost sni.example.test
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.2 9000 {
    TCP_CHECK {
      connect_timeout 3
      retry 2
      delay_before_retry 1
    }
  }
  real_server 10.9.0.2 2525 {
    SMTP_CHECK {
      helo_name oracle.example.test
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.3 80 {
    MISC_CHECK {
      misc_path "${join(dir, 'misc.sh')} plain"
      misc_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.4 80 {
    weight 2
    MISC_CHECK {
      misc_path "${join(dir, 'misc.sh')} dynamic"
      misc_timeout 3
      misc_dynamic
      retry 0
    }
  }
  real_server 10.9.0.5 80 {
    PING_CHECK {
      connect_timeout 2
      retry 1
      delay_before_retry 1
    }
  }
}
virtual_server fd00::1 80 {
  delay_loop 2
  lb_algo rr
  lb_kind NAT
  protocol TCP
  real_server fd00::5 80 {
    PING_CHECK {
      connect_timeout 2
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
  real_server 10.9.0.2 5353 {
    DNS_CHECK {
      type A
      name www.example.test
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
  real_server 10.9.0.2 7777 {
    UDP_CHECK {
      require_reply
      connect_timeout 3
      retry 1
      delay_before_retry 1
    }
  }
}
`;

const MISC = (dir: string): string => `#!/bin/sh
# plain: 0 while the flag exists, else 1; dynamic: 7 (weight 5) while it exists, else 1.
if [ -e ${join(dir, 'flag')} ]; then
  [ "$1" = dynamic ] && exit 7
  exit 0
fi
exit 1
`;

t.test('each checker: keepalived-ts logs what keepalived logs, against the same servers', { skip: !umlAvailable() && 'needs user-mode Linux and keepalived' }, async (t) => {
  const outcome = await runDownUp(t, {
    prepare(dir) {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '2', '-subj', '/CN=sni.example.test'], { stdio: 'ignore' });
      writeFileSync(join(dir, 'misc.sh'), MISC(dir));
      chmodSync(join(dir, 'misc.sh'), 0o755);
      return { tlsKey: join(dir, 'key.pem'), tlsCert: join(dir, 'cert.pem') };
    },
    servers: [
      { kind: 'http', address: '10.9.0.2', port: 8080 },
      { kind: 'http', address: '10.9.0.2', port: 8081 },
      { kind: 'https', address: '10.9.0.2', port: 8443 },
      { kind: 'tcp', address: '10.9.0.2', port: 9000 },
      { kind: 'smtp', address: '10.9.0.2', port: 2525 },
      { kind: 'dns', address: '10.9.0.2', port: 5353 },
      { kind: 'udp', address: '10.9.0.2', port: 7777 },
    ],
    pingAddresses: ['10.9.0.5', 'fd00::5'],
    config,
    loAddresses: ['10.9.0.1/32', '10.9.0.2/32', '10.9.0.3/32', '10.9.0.4/32', 'fd00::1/128'],
  });
  // Each server's down and up (DNS_CHECK has no success line).
  sameLinesPerServer(t, outcome, [
    '[10.9.0.2]:tcp:8080', '[10.9.0.2]:tcp:8081', '[10.9.0.2]:tcp:8443', '[10.9.0.2]:tcp:9000',
    ':2525', '[10.9.0.3]:tcp:80', '[10.9.0.4]:tcp:80', '[10.9.0.5]:tcp:80', '[fd00::5]:tcp:80',
    '[10.9.0.2]:udp:5353', '[10.9.0.2]:udp:7777',
  ], (rs) => (rs.includes(':5353') ? 1 : 2));
  for (const [server, requests] of Object.entries(outcome.requests)) {
    if (server.startsWith('http')) t.equal(requests.length, server.includes(':8081') ? 2 : 1, `${server}: byte-identical requests (${JSON.stringify(requests)})`);
    if (server.startsWith('https')) {
      t.same(outcome.servernames[server], ['sni.example.test'], `${server}: both sent SNI sni.example.test`);
      t.same(outcome.clientCerts[server], ['sni.example.test'], `${server}: both presented the SSL block's certificate`);
    }
    if (server.startsWith('smtp')) t.same(requests.sort(), ['HELO oracle.example.test\r\n', 'QUIT\r\n'], `${server}: identical SMTP lines`);
  }
});
