// SIGUSR1 with the checker process running, live against keepalived inside user-mode Linux (IPVS): keepalived -C
// and keepalived-ts -C run side by side on the same configuration (each on its own virtual addresses, which the
// comparison maps onto each other), against the same real servers, each with its own TMPDIR. Once every checker
// has settled, both get SIGUSR1: keepalived_check.data and keepalived_parent.data must be the same files (only
// the MISC_CHECK's last run time differs), and both must log the same lines for the signal. keepalived-ts and the
// test servers run from dist/ (`npx tsc -p tsconfig.build.json` first).
import t from 'tap';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { daemonLine, UmlShell, umlAvailable } from '../helpers/uml-shell';

const REPO = resolve(__dirname, '..', '..');
const OURS = '10.10.1.';
const THEIRS = '10.10.2.';
const RS = '10.21.1.';

// Every checker settles into a state that stays put between delay_loops: up and retried 0 times, or down with
// retry 0 (so no retry count is in flight when the signal comes).
const config = (vip: string, dir: string): string => `
global_defs {
  router_id dumps
  lvs_timeouts tcp 900 tcpfin 30 udp 60
}
track_file tf1 {
  file ${dir}/tf1
  weight 3
}
track_file unused {
  file ${dir}/tf2
}
virtual_server ${vip}1 80 {
  delay_loop 2
  lb_algo wrr
  lb_kind NAT
  protocol TCP
  quorum 2
  hysteresis 1
  sorry_server ${RS}9 8080
  real_server ${RS}1 8080 {
    weight 2
    HTTP_GET {
      url {
        path /
        status_code 200
      }
      connect_timeout 2
      retry 1
      delay_before_retry 1
    }
  }
  real_server ${RS}2 8080 {
    TCP_CHECK {
      connect_timeout 2
      fwmark 7
    }
  }
  real_server ${RS}3 8081 {
    inhibit_on_failure
    TCP_CHECK {
      connect_timeout 2
      retry 0
    }
  }
  real_server ${RS}4 8080 {
    MISC_CHECK {
      misc_path "/bin/false x"
      retry 0
    }
  }
  real_server ${RS}5 8080 {
    PING_CHECK {
      connect_timeout 2
    }
  }
  real_server ${RS}8 8080 {
    HTTP_GET {
      url {
        path /first
      }
      url {
        path /second
      }
      connect_timeout 2
      retry 0
    }
  }
  real_server ${RS}10 8080 {
    weight 5
    FILE_CHECK {
      track_file tf1
      weight 2 reverse
    }
  }
}
virtual_server ${vip}1 53 {
  delay_loop 2
  lb_algo rr
  lb_kind DR
  protocol UDP
  persistence_timeout 30
  real_server ${RS}6 53 {
    UDP_CHECK {
      connect_timeout 2
      retry 0
      require_reply
    }
  }
  real_server ${RS}7 53 {
    DNS_CHECK {
      type A
      name www.example.test
      connect_timeout 2
      retry 0
    }
  }
}
`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, cond: () => boolean, ms = 40_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** The log lines without their time stamps. */
function logLines(file: string): string[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => l.replace(/^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}: /, ''));
}

/** A dump with keepalived's virtual addresses made ours and the run time of the MISC_CHECK script blanked. */
function normalised(file: string): string {
  return readFileSync(file, 'utf8').split(THEIRS).join(OURS).replace(LAST_RAN, 'Last ran = …');
}

/** MISC_CHECK's "Last ran = SECONDS.USECS (ctime.USECS)": its shape is compared, not its value. */
const LAST_RAN = /Last ran = \d+\.\d{6} \(\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4}\.\d{6}\)/g;

t.test('SIGUSR1: keepalived_check.data and keepalived_parent.data as keepalived writes them', { skip: umlAvailable() ? undefined : 'no user-mode Linux' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-chkdump-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const uml = await UmlShell.boot(join(dir, 'uml'));
  t.teardown(() => uml.close());
  const f = (name: string): string => join(dir, name);

  writeFileSync(f('tf1'), '4\n');
  writeFileSync(f('tf2'), '0\n');
  await uml.run(`for a in 1 2 3 4 5 6 7 8 9 10; do ip addr add ${RS}$a/32 dev lo; done; ip addr add ${OURS}1/32 dev lo; ip addr add ${THEIRS}1/32 dev lo`);
  const control = f('down.json');
  writeFileSync(control, '[]');
  const servers = join(REPO, 'dist', 'src', 'lab', 'checker-oracle', 'switch-servers-main.js');
  await uml.run(`setsid ${process.execPath} ${servers} ${control} ${RS}1:8080 ${RS}2:8080 > ${f('servers.log')} 2>&1 < /dev/null &`);
  await waitFor('the real servers', () => existsSync(`${control}.ready`));

  for (const who of ['ours', 'ka'] as const) {
    mkdirSync(f(`${who}-tmp`));
    writeFileSync(f(`${who}.conf`), config(who === 'ours' ? OURS : THEIRS, dir));
    await uml.run(daemonLine(who, '-C', f(`${who}.conf`), f, `TMPDIR=${f(`${who}-tmp`)}`));
  }
  t.teardown(() => uml.run(`for p in ${f('ka.p')} ${f('ours.p')}; do [ -e $p ] && kill $(cat $p); done; true`).then(() => undefined));

  // Settled: a result line for every real server on both sides, then more than a delay_loop of quiet.
  const settled = (who: string): boolean => {
    const lines = logLines(f(`${who}.log`));
    return [1, 2, 3, 4, 5, 6, 7, 8].every((n) => lines.some((l) => l.includes(`${RS}${n}]`) && !l.startsWith('Activating')));
  };
  await waitFor('every checker has a result', () => settled('ka') && settled('ours'));
  await sleep(3000);
  const before = { ka: logLines(f('ka.log')).length, ours: logLines(f('ours.log')).length };
  await uml.run(`kill -USR1 $(cat ${f('ka.p')}) $(cat ${f('ours.p')})`);
  const files = (who: string): string[] => [join(f(`${who}-tmp`), 'keepalived_check.data'), join(f(`${who}-tmp`), 'keepalived_parent.data')];
  await waitFor('the dump files', () => [...files('ka'), ...files('ours')].every((x) => existsSync(x)));
  await sleep(1000); // written whole (ours asynchronously)

  const [kaCheck, kaParent] = files('ka').map(normalised) as [string, string];
  const [ourCheck, ourParent] = files('ours').map(normalised) as [string, string];
  t.ok(kaCheck.includes('------< Health checkers >------'), "keepalived's checker dump has its checkers");
  for (const line of ['------< Checker track files >------', '   Tracked Files', '   Failed URL = /first']) {
    t.ok(kaCheck.includes(`${line}\n`), `keepalived writes "${line.trim()}" here`);
  }
  t.equal(ourCheck, kaCheck, 'keepalived_check.data');
  t.equal(ourParent, kaParent, 'keepalived_parent.data');
  if (ourCheck !== kaCheck) t.comment(`keepalived:\n${kaCheck}`);

  // The signal's own lines (pids made N; the check results that may interleave are left out).
  const signalLines = (who: 'ka' | 'ours'): string[] =>
    logLines(f(`${who}.log`)).slice(before[who]).filter((l) => /^(Printing|Script user)/.test(l)).map((l) => l.replace(/\(\d+\)/, '(N)')).sort();
  t.same(signalLines('ours'), signalLines('ka'), 'the lines logged for SIGUSR1');

  // A reload (SIGHUP to the parent) that keeps every virtual and real server: keepalived marks them reloaded and
  // keeps each real server's weight as its previous effective weight.
  const reloads = { ka: logLines(f('ka.log')).filter((l) => l === 'Reloading').length, ours: logLines(f('ours.log')).filter((l) => l === 'Reloading').length };
  await uml.run(`rm -f ${[...files('ka'), ...files('ours')].join(' ')}; kill -HUP $(cat ${f('ka.p')}) $(cat ${f('ours.p')})`);
  for (const who of ['ka', 'ours'] as const) {
    await waitFor(`${who}: the reload`, () => logLines(f(`${who}.log`)).filter((l) => l === 'Reloading').length > reloads[who]);
  }
  await sleep(5000); // more than a delay_loop: the checkers have run again
  await uml.run(`kill -USR1 $(cat ${f('ka.p')}) $(cat ${f('ours.p')})`);
  await waitFor('the dump files after the reload', () => [...files('ka'), ...files('ours')].every((x) => existsSync(x)));
  await sleep(1000);
  const kaAfter = normalised(files('ka')[0] as string);
  t.match(kaAfter, /\n {3}reloaded = 1\n/, 'keepalived marks what stayed as reloaded');
  t.match(kaAfter, /previous effective_weight = 2\n/, "and keeps a real server's weight from before the reload");
  t.equal(normalised(files('ours')[0] as string), kaAfter, 'keepalived_check.data after a reload');
});

// The configuration's side of the dump for what the first test does not have: an SSL block, a virtual server group
// (ranges and a fwmark), a fwmark service with sh flags, persistence and TUN, a sorry server, SSL_GET with
// several urls and a regex, UDP_CHECK with payload and reply data, SMTP_CHECK, MISC_CHECK with misc_dynamic and
// checker options (bindto, fwmark). Its servers are not there: the run-time lines (states, weights, retries,
// errnos) depend on when each attempt failed and are blanked; keepalived and keepalived-ts run one after the other.
const wide = `
global_defs {
  router_id WIDE
  checker_log_all_failures
  vrrp_garp_master_delay 3
  lvs_flush_on_stop VS
}
SSL {
  password secret
}
virtual_server_group G1 {
  10.10.20.1-5 80
  10.10.21.1 81
  fwmark 9
}
virtual_server group G1 {
  delay_loop 3
  lb_algo wlc
  lb_kind DR
  protocol TCP
  quorum 2
  hysteresis 1
  sorry_server 10.21.2.9 80
  real_server 10.21.2.2 80 {
    weight 3
    TCP_CHECK {
      connect_timeout 2
      bindto 127.0.0.1
      retry 2
      delay_before_retry 2
    }
  }
}
virtual_server fwmark 7 {
  delay_loop 4
  lb_algo sh
  lb_kind TUN
  sh-port
  persistence_timeout 30
  persistence_granularity 255.255.255.0
  alpha
  omega
  real_server 10.21.2.3 {
    SSL_GET {
      url {
        path /a
        status_code 200 301-302
      }
      url {
        path /b
        regex "ab+c"
        regex_no_match
        regex_options caseless
      }
      virtualhost foo.example
      enable_sni
      http_protocol 1.1
    }
  }
}
virtual_server 10.10.30.1 53 {
  delay_loop 5
  lb_algo rr
  lb_kind NAT
  protocol UDP
  ops
  warmup 2
  retry 4
  real_server 10.21.2.4 53 {
    inhibit_on_failure
    UDP_CHECK {
      payload 0102ab
      require_reply
      reply_data 01x2
      min_reply_length 2
      max_reply_length 40
      fwmark 5
    }
  }
  real_server 10.21.2.5 53 {
    weight 2
    MISC_CHECK {
      misc_path "/bin/true arg1"
      misc_timeout 3
      misc_dynamic
    }
    SMTP_CHECK {
      helo_name mail.test
    }
  }
}
`;

/** The lines whose values are run-time state. */
const RUNTIME = /^(\s*)(Up|Has run|Retries iterations|Current weight|alive|quorum_state_up|num failed checkers|RS set|effective weight|Last status|RIP = .*WEIGHT) = .*$|^\s*(Last errno|Failed URL) = .*\n/gm;

t.test('SIGUSR1 on a wide configuration: the same dump once run-time values are set aside', { skip: umlAvailable() ? undefined : 'no user-mode Linux' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-chkdump2-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const uml = await UmlShell.boot(join(dir, 'uml'));
  t.teardown(() => uml.close());
  const f = (name: string): string => join(dir, name);
  writeFileSync(f('wide.conf'), wide);
  const dumps: Record<string, string> = {};
  for (const who of ['ka', 'ours'] as const) {
    mkdirSync(f(`${who}-tmp`));
    await uml.run(daemonLine(who, '-C', f('wide.conf'), f, `TMPDIR=${f(`${who}-tmp`)}`));
    await waitFor(`${who}: its checkers`, () => logLines(f(`${who}.log`)).some((l) => l.startsWith('Activating healthchecker for service [10.21.2.5]')));
    await uml.run(`kill -USR1 $(cat ${f(`${who}.p`)})`);
    const file = join(f(`${who}-tmp`), 'keepalived_check.data');
    await waitFor(`${who}: the dump`, () => existsSync(file));
    await sleep(1000);
    await uml.run(`kill $(cat ${f(`${who}.p`)}); while [ -e ${f(`${who}.p`)} ]; do sleep 0.2; done`);
    dumps[who] = readFileSync(file, 'utf8').replace(LAST_RAN, 'Last ran = …').replace(RUNTIME, (m, indent: string | undefined, key: string | undefined) =>
      key === undefined ? '' : key.startsWith('RIP') ? `${indent ?? ''}${key.replace(/WEIGHT = .*/, 'WEIGHT = …')}` : `${indent ?? ''}${key} = …`);
  }
  t.ok((dumps.ka ?? '').includes('Virtual Server Group = G1'), "keepalived's dump has the group");
  t.equal(dumps.ours, dumps.ka, 'keepalived_check.data, run-time values aside');
});
