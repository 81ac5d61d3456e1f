// `keepalived -t` against loadConfig on the same file, for virtual_server / real_server / checker configurations,
// valid and broken: the exit codes must match. keepalived's verdict is measured live, never written down here.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configTestExitCode, loadConfig } from '../../src/config/load';
import { formatDiagnostic } from '../../src/config/diagnostics';

const haveKeepalived = spawnSync('keepalived', ['-v'], { stdio: 'ignore' }).status === 0;

/** A virtual_server with one real server: VS-level lines, RS-level lines, and the header words. */
function vs(vsLines: string, rsLines = '', header = '10.0.0.1 80'): string {
  return `virtual_server ${header} {\n${vsLines}\n  real_server 10.0.0.2 80 {\n${rsLines}\n  }\n}\n`;
}

/** The usual TCP NAT service settings. */
const SVC = '  protocol TCP\n  lb_algo rr\n  lb_kind NAT';

/** A checker block inside the usual service. */
function checker(type: string, body: string, before = ''): string {
  return vs(SVC, `${before}\n    ${type} {\n${body}\n    }`);
}

const SECURE = 'global_defs {\n  script_user root\n  enable_script_security\n}\n';

const CASES: ReadonlyArray<readonly [string, string]> = [
  // virtual_server headers
  ['valid minimal TCP NAT', vs(SVC, '    TCP_CHECK {\n    }')],
  ['no protocol defaults to UDP', vs('  lb_algo rr\n  lb_kind NAT')],
  ['no lb_algo defaults to wlc', vs('  protocol TCP\n  lb_kind NAT')],
  ['no lb_kind defaults to NAT', vs('  protocol TCP\n  lb_algo rr')],
  ['no port: zero port made persistent', vs(SVC, '', '10.0.0.1')],
  ['port 0 with persistence', vs(`${SVC}\n  persistence_timeout`, '', '10.0.0.1 0')],
  ['port out of range', vs(SVC, '', '10.0.0.1 65536')],
  ['bad virtual server address', vs(SVC, '', '10.0.0.256 80')],
  ['virtual server without parameters', 'virtual_server {\n}\n'],
  ['fwmark not a number', vs(SVC, '', 'fwmark abc')],
  ['fwmark service DR', vs('  lb_algo rr\n  lb_kind DR', '', 'fwmark 1')],
  ['fwmark with protocol and ha_suspend', vs('  lb_algo rr\n  lb_kind DR\n  protocol TCP\n  ha_suspend', '', 'fwmark 1')],
  ['fwmark virtual server without mark (keepalived crashes)', vs(SVC, '', 'fwmark')],
  ['group virtual server without name (keepalived crashes)', vs(SVC, '', 'group')],
  ['IPv6 service', 'virtual_server fd00::1 443 {\n  protocol TCP\n  lb_algo rr\n  lb_kind DR\n  real_server fd00::2 443 {\n  }\n}\n'],
  ['real server family mismatch', vs(SVC, '', 'fd00::1 80')],
  ['tunnelled real server of the other family', 'virtual_server 10.0.0.1 80 {\n  protocol TCP\n  lb_algo rr\n  lb_kind TUN\n  real_server fd00::2 80 {\n  }\n}\n'],
  ['virtual server without real servers', 'virtual_server 10.0.0.1 80 {\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n}\n'],
  ['duplicate real server', 'virtual_server 10.0.0.1 80 {\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  real_server 10.0.0.2 80 {\n  }\n  real_server 10.0.0.2 80 {\n  }\n}\n'],
  ['DR real server port differs', vs('  protocol TCP\n  lb_algo rr\n  lb_kind DR', '', '10.0.0.1 81')],
  ['DR real server without port', 'virtual_server 10.0.0.1 80 {\n  protocol TCP\n  lb_algo rr\n  lb_kind DR\n  real_server 10.0.0.2 {\n  }\n}\n'],
  ['NAT real server without port', 'virtual_server 10.0.0.1 80 {\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  real_server 10.0.0.2 {\n  }\n}\n'],
  ['bad real server address skips its block', 'virtual_server 10.0.0.1 80 {\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  real_server 10.0.0.256 80 {\n    weight 5\n    TCP_CHECK {\n    }\n  }\n  real_server 10.0.0.3 80 {\n  }\n}\n'],
  // virtual_server keywords
  ['every scheduler', ['rr', 'wrr', 'lc', 'wlc', 'lblc', 'sh', 'mh', 'dh', 'fo', 'ovf', 'lblcr', 'sed', 'nq', 'twos'].map((s) => vs(`  protocol TCP\n  lvs_sched ${s}\n  lvs_method NAT`, '', `10.0.0.1 ${80 + s.length}`)).join('')],
  ['unknown scheduler', vs('  protocol TCP\n  lb_algo bogus\n  lb_kind NAT')],
  ['hashed is refused outside sh', vs(`${SVC}\n  hashed`)],
  ['sh flags with sh', vs('  protocol TCP\n  lb_algo sh\n  lb_kind NAT\n  sh-port\n  sh-fallback\n  mh-port')],
  ['sh-port with rr', vs(`${SVC}\n  sh-port`)],
  ['ops with TCP', vs(`${SVC}\n  ops`)],
  ['ops with UDP and flags', vs('  protocol UDP\n  lb_algo mh\n  lb_kind NAT\n  ops\n  flag-1\n  flag-2\n  flag-3\n  mh-port\n  mh-fallback')],
  ['lb_kind bogus', vs('  protocol TCP\n  lb_algo rr\n  lb_kind nat')],
  ['lb_kind without method', vs('  protocol TCP\n  lb_algo rr\n  lb_kind')],
  ['TUN gue with port and csum', vs('  protocol TCP\n  lb_algo rr\n  lb_kind TUN type gue port 6080 csum')],
  ['TUN gue without port', vs('  protocol TCP\n  lb_algo rr\n  lb_kind TUN type gue')],
  ['TUN ipip with csum', vs('  protocol TCP\n  lb_algo rr\n  lb_kind TUN type ipip csum')],
  ['TUN gre remcsum', vs('  protocol TCP\n  lb_algo rr\n  lb_kind TUN type gre remcsum')],
  ['DR with extra word', vs('  protocol TCP\n  lb_algo rr\n  lb_kind DR foo')],
  ['persistence_timeout without value', vs(`${SVC}\n  persistence_timeout`)],
  ['persistence_timeout 0', vs(`${SVC}\n  persistence_timeout 0`)],
  ['persistence_timeout too large', vs(`${SVC}\n  persistence_timeout 2678401`)],
  ['persistence_timeout maximum', vs(`${SVC}\n  persistence_timeout 2678400`)],
  ['persistence_granularity mask', vs(`${SVC}\n  persistence_granularity 255.255.255.0`)],
  ['persistence_granularity inet_aton forms', vs(`${SVC}\n  persistence_granularity 1.2.3`)],
  ['persistence_granularity bad', vs(`${SVC}\n  persistence_granularity abc`)],
  ['persistence_granularity IPv6 prefix on fwmark', vs('  lb_algo rr\n  lb_kind DR\n  persistence_granularity 129', '', 'fwmark 3')],
  ['persistence_engine too long', vs(`${SVC}\n  persistence_engine abcdefghijklmnopqrstuvwxyz`)],
  ['protocol case-insensitive', vs('  protocol sctp\n  lb_algo rr\n  lb_kind NAT')],
  ['protocol unknown', vs('  protocol icmp\n  lb_algo rr\n  lb_kind NAT')],
  ['ip_family conflicts', vs(`${SVC}\n  ip_family inet6`)],
  ['ip_family unknown', vs('  lb_algo rr\n  lb_kind DR\n  ip_family bogus', '', 'fwmark 1')],
  ['ip_family inet6 with IPv4 real server', vs('  lb_algo rr\n  lb_kind DR\n  ip_family inet6', '', 'fwmark 1')],
  ['quorum 0', vs(`${SVC}\n  quorum 0`)],
  ['quorum above total weight', vs(`${SVC}\n  quorum 5`)],
  ['quorum within weight', vs(`${SVC}\n  quorum 5\n  hysteresis 2`, '    weight 10')],
  ['hysteresis equal to quorum', vs(`${SVC}\n  quorum 2\n  hysteresis 2`, '    weight 10')],
  ['real server weight 0 (hysteresis wraps)', vs(SVC, '    weight 0')],
  ['virtual server weight 0', vs(`${SVC}\n  weight 0`)],
  ['real server weight negative', vs(SVC, '    weight -1')],
  ['timers at every level', vs(`${SVC}\n  delay_loop 1.5\n  connect_timeout 2\n  delay_before_retry 0\n  warmup 0\n  retry 3`, '    delay_loop 2\n    connect_timeout 1.000001\n    delay_before_retry 1\n    warmup 3\n    retry 2')],
  ['delay_loop 0', vs(`${SVC}\n  delay_loop 0`)],
  ['delay_loop too many decimals', vs(`${SVC}\n  delay_loop 1.0000001`)],
  ['warmup not a number (accepted as 0)', vs(`${SVC}\n  warmup abc`)],
  ['retry 0', vs(`${SVC}\n  retry 0`)],
  ['real server retry fraction', vs(SVC, '    retry 1.5')],
  ['smtp_alert invalid', vs(`${SVC}\n  smtp_alert maybe`, '    smtp_alert maybe')],
  ['booleans and virtualhost', vs(`${SVC}\n  smtp_alert no\n  alpha\n  omega\n  inhibit_on_failure\n  virtualhost www\n  snmp_name vs1\n  ha_suspend`, '    inhibit_on_failure off\n    alpha yes\n    smtp_alert\n    virtualhost rs\n    snmp_name rs1\n    uthreshold 100\n    lthreshold 10')],
  ['real server booleans invalid', vs(SVC, '    inhibit_on_failure maybe\n    alpha maybe')],
  ['thresholds invalid', vs(SVC, '    uthreshold -1\n    lthreshold x')],
  ['virtualhost and snmp_name missing', vs(`${SVC}\n  virtualhost\n  snmp_name`, '    virtualhost\n    snmp_name a b')],
  ['sorry server without port', vs(`${SVC}\n  sorry_server 10.0.0.9\n  sorry_server_inhibit\n  sorry_server_lvs_method DR`)],
  ['sorry server keywords before sorry_server', vs(`${SVC}\n  sorry_server_inhibit\n  sorry_server_lvs_method DR`)],
  ['sorry server family mismatch', vs(`${SVC}\n  sorry_server fd00::9 80`)],
  ['sorry server bad address', vs(`${SVC}\n  sorry_server 10.0.0.256 80`)],
  ['DR sorry server port differs', vs('  protocol TCP\n  lb_algo rr\n  lb_kind DR\n  sorry_server 10.0.0.9 81')],
  ['sorry server equals real server with other inhibit', vs(`${SVC}\n  sorry_server 10.0.0.2 80`, '    inhibit_on_failure')],
  ['real server lvs_method TUN options', vs(SVC, '    lvs_method TUN type gue port 1 remcsum')],
  ['unknown keyword in real server', vs(SVC, '    ha_suspend')],
  // virtual_server_group
  ['group with address, range and fwmark entries', 'virtual_server_group G1 {\n  10.0.0.1 80\n  10.0.0.10-20 80\n  10.0.1.0/24 80\n  fwmark 5 inet\n}\nvirtual_server group G1 {\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  real_server 10.0.0.2 80 {\n  }\n}\n'],
  ['group entry errors', 'virtual_server_group G1 {\n  10.0.0.1 80\n  10.0.0.5-3 80\n  10.0.0.1-300 80\n  10.0.0.9-10.0.0.1 80\n  10.0.0.1/24 80\n  10.0.0.0/33 80\n  fwmark 7 bogus\n  fwmark x\n  10.0.0.300 80\n}\n'],
  ['group range with extra characters', 'virtual_server_group G1 {\n  10.0.0.1-5x 80\n  10.0.0.2 80\n}\n'],
  ['empty group', 'virtual_server_group G2 {\n}\n'],
  ['group mixing families with bare fwmark', 'virtual_server_group G3 {\n  10.0.0.1 80\n  fd00::1 80\n  fwmark 1\n}\n'],
  ['group with extra word (keepalived exits)', 'virtual_server_group G4 extra {\n  10.0.0.1 80\n}\n'],
  ['group without name', 'virtual_server_group {\n  10.0.0.1 80\n}\n'],
  ['group fwmark entry without mark', 'virtual_server_group G5 {\n  fwmark\n}\n'],
  ['virtual server naming an unknown group', vs(SVC, '', 'group NOPE')],
  ['group used twice', 'virtual_server_group G1 {\n  10.0.0.1 80\n}\n' + vs(SVC, '', 'group G1') + vs(SVC, '', 'group G1')],
  ['fwmark group with ha_suspend', 'virtual_server_group G1 {\n  fwmark 1\n}\n' + vs('  lb_algo rr\n  lb_kind DR\n  ha_suspend', '', 'group G1')],
  ['group without port made persistent', 'virtual_server_group G1 {\n  10.0.0.1\n}\n' + vs(SVC, '', 'group G1')],
  ['group DR ports differ', 'virtual_server_group G1 {\n  10.0.0.1 81\n}\n' + vs('  protocol TCP\n  lb_algo rr\n  lb_kind DR', '', 'group G1')],
  ['group defined after its virtual server, defined twice', vs(SVC, '', 'group G1') + 'virtual_server_group G1 {\n  10.0.0.1 80\n}\nvirtual_server_group G1 {\n  10.0.0.9\n}\n'],
  ['group range and mask edge cases', 'virtual_server_group G1 {\n  10.0.0.1- 80\n  fd00::/64 80\n  fd00::1/64 80\n  10.0.0.1 80 extra\n  10.0.0.0/32 80\n  fwmark 4294967295\n  fwmark 4294967296\n}\n'],
  // parse flow
  ['checker block nested in a checker (keepalived crashes)', vs(SVC, '    HTTP_GET {\n      TCP_CHECK {\n      }\n      url {\n        path /\n      }\n    }')],
  ['url outside HTTP_GET', vs(SVC, '    url {\n      path /\n    }')],
  ['signed numbers', vs(`${SVC}\n  weight +5\n  quorum +2`, '    weight 2147483647', '10.0.0.1 +80')],
  ['real server method inherited when the real server is read', vs('  protocol TCP\n  lb_algo rr\n  lb_kind DR', '', '10.0.0.1 80').replace('}\n}\n', '}\n  lb_kind NAT\n  real_server 10.0.0.3 81 {\n  }\n}\n')],
  ['virtual server block left empty', 'virtual_server 10.0.0.1 80 {\n}\n'],
  ['global smtp_alert_checker', 'global_defs {\n  smtp_alert_checker off\n}\n' + vs(SVC)],
  // SSL
  ['SSL block', 'SSL {\n  password secret\n  ca /etc/ssl/ca.pem\n  certificate /etc/ssl/c.pem\n  key /etc/ssl/k.pem\n}\n' + checker('SSL_GET', '      url {\n        path /\n      }')],
  ['SSL twice and missing values', 'SSL {\n  password\n  bogus 1\n}\nSSL {\n  password p\n  password q\n}\n'],
  ['SSL_GET without SSL block', checker('SSL_GET', '      url {\n        path /\n      }')],
  // common checker keywords
  ['common keywords valid', checker('TCP_CHECK', '      connect_ip 10.0.0.5\n      connect_port 81\n      bindto 10.0.0.9\n      bind_port 5000\n      bind_if lo\n      connect_timeout 3\n      fwmark 7\n      retry 2\n      delay_before_retry 2\n      warmup 2\n      delay_loop 2\n      alpha\n      log_all_failures no')],
  ['common keywords invalid', checker('TCP_CHECK', '      connect_ip 10.0.0.256\n      connect_port 0\n      bind_port 70000\n      bind_if aaaaaaaaaaaaaaaaaaaaaaaaa\n      connect_timeout 0\n      fwmark -1\n      retry -1\n      delay_before_retry x\n      delay_loop 0\n      alpha maybe\n      log_all_failures maybe')],
  ['bindto family differs', checker('TCP_CHECK', '      bindto fd00::1\n      connect_ip 10.0.0.5')],
  ['link-local destination without bind_if', checker('TCP_CHECK', '      connect_ip fe80::1')],
  ['link-local destination with bind_if', checker('PING_CHECK', '      connect_ip fe80::1\n      bind_if lo')],
  ['unknown keyword in checker', checker('TCP_CHECK', '      misc_path /bin/true')],
  // HTTP_GET / SSL_GET
  ['HTTP_GET full', checker('HTTP_GET', '      url {\n        path /index.html\n        digest 0123456789ABCDEF0123456789abcdef\n        status_code 200 301-302\n        virtualhost www\n        regex "ok.*"\n        regex_no_match\n        regex_options caseless multiline\n        regex_min_offset 2\n        regex_max_offset 100\n        regex_stack 1000 2000\n      }\n      url {\n        path /health\n      }\n      virtualhost example\n      http_protocol 1.1\n      enable_sni\n      fast_recovery yes\n      nb_get_retry 2')],
  ['HTTP_GET url errors', checker('HTTP_GET', '      url {\n        path /\n        digest 0123456789abcdef0123456789abcdeg\n      }\n      url {\n        path /x\n        digest 0123\n        status_code 99 300-250 600 abc 404-\n        virtualhost\n        regex "a(b"\n        regex_min_offset 5 6\n      }\n      http_protocol 2.0\n      enable_sni maybe')],
  ['HTTP_GET duplicate digest', checker('HTTP_GET', '      url {\n        path /\n        digest 0123456789ABCDEF0123456789abcdef\n        digest 0123456789ABCDEF0123456789abcdef\n      }')],
  ['HTTP_GET status code 99', checker('HTTP_GET', '      url {\n        path /\n        status_code 99\n      }')],
  ['HTTP_GET status code range 100-599', checker('HTTP_GET', '      url {\n        path /\n        status_code 100-599\n      }')],
  ['HTTP_GET PCRE2-only, PCRE2-invalid and untranslatable regexes', checker('HTTP_GET', '      url {\n        path /a\n        regex "(?i)\\\\Aok++(?>x|y)\\\\z"\n        regex_options dotall ungreedy bogus\n      }\n      url {\n        path /b\n        regex "(?<=a+)b"\n      }\n      url {\n        path /c\n        regex "a{2}{3}"\n      }\n      url {\n        path /d\n        regex "(a)(?1)"\n        regex_options utf\n      }')],
  ['HTTP_GET regex options without regex', checker('HTTP_GET', '      url {\n        path /\n        regex_options caseless\n        regex_no_match\n      }')],
  ['HTTP_GET url without path after another checker', checker('HTTP_GET', '      url {\n        digest 0123456789abcdef0123456789abcdef\n      }', '    TCP_CHECK {\n    }')],
  ['HTTP_GET without url after a TCP_CHECK', checker('HTTP_GET', '', '    TCP_CHECK {\n    }')],
  ['HTTP_GET without url alone (keepalived crashes)', checker('HTTP_GET', '')],
  ['HTTP_GET without url after MISC_CHECK (keepalived crashes)', SECURE + checker('HTTP_GET', '', '    MISC_CHECK {\n      misc_path /bin/true\n    }')],
  ['HTTP_GET link-local connect_ip', checker('HTTP_GET', '      url {\n        path /\n      }\n      connect_ip fe80::1')],
  // SMTP_CHECK
  ['SMTP_CHECK with host blocks', checker('SMTP_CHECK', '      helo_name mx.example.com\n      host {\n        connect_ip 10.0.0.7\n        connect_port 25\n      }\n      host {\n        connect_ip 10.0.0.256\n      }')],
  ['SMTP_CHECK helo_name missing', checker('SMTP_CHECK', '      helo_name')],
  // DNS_CHECK
  ['DNS_CHECK valid', checker('DNS_CHECK', '      type aaaa\n      name example.com.')],
  ['DNS_CHECK bogus type', checker('DNS_CHECK', '      type bogus')],
  ['DNS_CHECK names', checker('DNS_CHECK', '      name a..b\n      name .x\n      name x.com\n      name example.com\n      name again')],
  ['DNS_CHECK type without value', checker('DNS_CHECK', '      type')],
  // UDP_CHECK
  ['UDP_CHECK valid', checker('UDP_CHECK', '      payload 01 02 0304\n      require_reply 0X 12\n      min_reply_length 2\n      max_reply_length 10')],
  ['UDP_CHECK errors', checker('UDP_CHECK', '      payload\n      payload 0g\n      require_reply zz\n      min_reply_length 70000\n      max_reply_length -1\n      min_reply_length 10\n      max_reply_length 5')],
  // MISC_CHECK
  ['MISC_CHECK without script security', checker('MISC_CHECK', '      misc_path "/bin/true arg"')],
  ['MISC_CHECK with script security', SECURE + checker('MISC_CHECK', '      misc_path "/bin/true arg"\n      misc_timeout 5\n      misc_dynamic\n      user root\n      retry 2')],
  ['MISC_CHECK without misc_path', checker('MISC_CHECK', '')],
  ['MISC_CHECK misc_path without value', checker('MISC_CHECK', '      misc_path')],
  ['MISC_CHECK misc_path empty string', checker('MISC_CHECK', '      misc_path ""')],
  ['MISC_CHECK unknown user', checker('MISC_CHECK', '      misc_path /bin/true\n      misc_timeout x\n      user nosuchuser\n      retry 3')],
  ['MISC_CHECK user without name', checker('MISC_CHECK', '      misc_path /bin/true\n      user')],
  ['MISC_CHECK misc_path extra word', checker('MISC_CHECK', '      misc_path /bin/true nosuchuser')],
  ['MISC_CHECK missing script with security', SECURE + checker('MISC_CHECK', '      misc_path /nonexistent/check')],
  ['MISC_CHECK in a dropped real server still counts', 'virtual_server 10.0.0.1 80 {\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  real_server fd00::1 80 {\n    MISC_CHECK {\n      misc_path /bin/true\n    }\n  }\n  real_server 10.0.0.3 80 {\n  }\n}\n'],
  ['MISC_CHECK in a virtual server without real servers left', 'virtual_server 10.0.0.1 80 {\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  real_server 10.0.0.2 80 {\n    MISC_CHECK {\n      misc_path /bin/true\n    }\n  }\n  real_server 10.0.0.2 80 {\n  }\n}\n'],
  // notify and quorum scripts
  ['notify_up without script security', vs(SVC, '    notify_up /bin/true\n    TCP_CHECK {\n    }')],
  ['notify_up twice', SECURE + vs(SVC, '    notify_up /bin/true\n    notify_up /bin/false')],
  ['notify_up without value', vs(SVC, '    notify_up')],
  ['quorum_up twice', SECURE + vs(`${SVC}\n  quorum_up /bin/true\n  quorum_up /bin/true\n  quorum_down /bin/true`)],
  ['quorum script of a virtual server dropped for no real servers', 'virtual_server 10.0.0.1 80 {\n  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n  quorum_up /bin/true\n}\n'],
  // FILE_CHECK / BFD_CHECK
  ['FILE_CHECK after its track_file', 'track_file tf {\n  file /tmp/keepalived-ts-tf.state\n}\n' + checker('FILE_CHECK', '      track_file tf\n      weight 5 reverse')],
  ['FILE_CHECK before its track_file', checker('FILE_CHECK', '      track_file tf') + 'track_file tf {\n  file /tmp/keepalived-ts-tf.state\n}\n'],
  ['FILE_CHECK without track_file', checker('FILE_CHECK', '      weight 1')],
  ['FILE_CHECK weight errors', 'track_file tf {\n  file /tmp/keepalived-ts-tf.state\n}\n' + checker('FILE_CHECK', '      track_file tf\n      weight\n      weight 3000000000\n      weight 1 sideways')],
  ['BFD_CHECK after its bfd_instance', 'bfd_instance b1 {\n  neighbor_ip 10.0.0.2\n}\n' + checker('BFD_CHECK', '      name b1\n      alpha')],
  ['BFD_CHECK before its bfd_instance', checker('BFD_CHECK', '      name b1') + 'bfd_instance b1 {\n  neighbor_ip 10.0.0.2\n}\n'],
  ['BFD_CHECK without name', checker('BFD_CHECK', '      alpha')],
  ['BFD_CHECK on a bfd_instance for VRRP only', 'bfd_instance b1 {\n  neighbor_ip 10.0.0.2\n  vrrp\n}\n' + checker('BFD_CHECK', '      name b1')],
  ['BFD_CHECK name errors', 'bfd_instance b1 {\n  neighbor_ip 10.0.0.2\n}\n' + checker('BFD_CHECK', '      name b1 b2') + checker('BFD_CHECK', '      name b1\n      name b1')],
];

t.test('keepalived -t and loadConfig agree on checker configurations', { skip: haveKeepalived ? false : 'keepalived is not installed' }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kts-check-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  t.ok(CASES.length >= 60, 'enough cases');
  CASES.forEach(([name, text], i) => {
    const file = join(dir, `case-${i}.conf`);
    writeFileSync(file, text);
    const pid = (n: string): string => join(dir, `${i}-${n}.pid`);
    const k = spawnSync('keepalived', ['-t', '-f', file, '-p', pid('k'), '-r', pid('v'), '-c', pid('c'), '-b', pid('b')], {
      encoding: 'utf8',
    });
    // keepalived's crash (SIGSEGV) on bad input is reported by ours as a configuration error.
    const expected = k.status ?? (k.signal === 'SIGSEGV' ? 5 : -1);
    const ours = loadConfig(file, { configTest: true });
    const got = configTestExitCode(ours);
    const keepalivedSaid = [...new Set((k.stderr ?? '').split('\n').filter(Boolean))].join('\n');
    t.equal(got, expected, name, {
      keepalived: keepalivedSaid,
      ours: ours.diags.list.map(formatDiagnostic).join('\n'),
    });
  });
});
