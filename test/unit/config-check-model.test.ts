// The checker side of the model: every virtual_server / real_server / checker / group / SSL keyword parsed into
// resolved values, with keepalived 2.2.7's defaults and inheritance applied.
import t from 'tap';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configTestExitCode, loadConfig, type LoadResult } from '../../src/config/load';
import type {
  Checker,
  DnsCheck,
  HttpGetCheck,
  RealServer,
  SmtpCheck,
  SslGetCheck,
  TcpCheck,
  UdpCheck,
  VirtualServer,
} from '../../src/config/model/virtual-server';
import { statusCodeAccepted } from '../../src/config/model/virtual-server';

const dir = mkdtempSync(join(tmpdir(), 'kts-check-model-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

function load(text: string): LoadResult {
  const file = join(dir, `m${n++}.conf`);
  writeFileSync(file, text);
  return loadConfig(file, { configTest: true });
}

function only(r: LoadResult): VirtualServer {
  const vs = r.config.virtualServers[0];
  if (vs === undefined) throw new Error('no virtual server');
  return vs;
}

function rs(v: VirtualServer, i = 0): RealServer {
  const r = v.realServers[i];
  if (r === undefined) throw new Error(`no real server ${i}`);
  return r;
}

function ck<T extends Checker>(r: RealServer, i = 0): T {
  return r.checkers[i] as T;
}

const SVC = '  protocol TCP\n  lb_algo rr\n  lb_kind NAT\n';

t.test('virtual server defaults', async (t) => {
  const r = load('virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 {\n    TCP_CHECK {\n    }\n  }\n}\n');
  t.equal(configTestExitCode(r), 5, 'defaults are applied with errors, as keepalived');
  const v = only(r);
  t.match(v, {
    name: '10.0.0.1 80',
    address: '10.0.0.1',
    port: 80,
    ipFamily: 'inet',
    protocol: 'UDP',
    lbAlgo: 'wlc',
    lbKind: { method: 'NAT', type: 'ipip', port: 0, checksum: 'nocsum' },
    delayLoopUs: 60_000_000,
    connectTimeoutUs: 5_000_000,
    retry: undefined,
    delayBeforeRetryUs: undefined,
    warmupUs: undefined,
    persistenceTimeout: 0,
    quorum: 1,
    hysteresis: 0,
    weight: 1,
    smtpAlert: false,
    alpha: false,
    omega: false,
    haSuspend: false,
    inhibitOnFailure: false,
    schedulerFlags: [],
  });
  const real = rs(v);
  t.match(real, {
    address: '10.0.0.2',
    port: 80,
    weight: 1,
    smtpAlert: true,
    inhibitOnFailure: false,
    alpha: false,
    connectTimeoutUs: 5_000_000,
    delayLoopUs: 60_000_000,
    lvsMethod: { method: 'NAT' },
  });
  t.match(ck<TcpCheck>(real), {
    type: 'TCP_CHECK',
    retry: 1,
    delayBeforeRetryUs: 1_000_000,
    warmupUs: 60_000_000,
    delayLoopUs: 60_000_000,
    connectTimeoutUs: 5_000_000,
    connectIp: '10.0.0.2',
    connectPort: 0,
    alpha: false,
    logAllFailures: false,
    fwmark: 0,
  });
});

t.test('virtual server keywords', async (t) => {
  const r = load(
    `virtual_server 10.0.0.1 443 {\n  protocol udp\n  lvs_sched sh\n  sh-port\n  sh-fallback\n  ops\n  flag-2\n  lvs_method TUN type gue port 6080 csum\n` +
      `  persistence_timeout 600\n  persistence_granularity 255.255.255.0\n  persistence_engine sip\n  ha_suspend\n  smtp_alert\n` +
      `  virtualhost www.example.com\n  snmp_name web\n  alpha\n  omega\n  quorum 3\n  hysteresis 1\n  weight 2\n  inhibit_on_failure\n` +
      `  delay_loop 2.5\n  connect_timeout 1.25\n  retry 4\n  delay_before_retry 0.5\n  warmup 7\n  ip_family inet\n` +
      `  sorry_server 10.0.0.9 8443\n  sorry_server_inhibit\n  sorry_server_lvs_method DR\n` +
      `  real_server 10.0.0.2 443 {\n  }\n  real_server 10.0.0.3 443 {\n    weight 5\n  }\n}\n`,
  );
  t.equal(configTestExitCode(r), 5, 'the DR sorry server port is reset, an error in keepalived');
  t.match(only(r), {
    protocol: 'UDP',
    lbAlgo: 'sh',
    schedulerFlags: ['sh-port', 'sh-fallback', 'ops', 'flag-2'],
    lbKind: { method: 'TUN', type: 'gue', port: 6080, checksum: 'csum' },
    persistenceTimeout: 600,
    persistenceGranularity: '255.255.255.0',
    persistenceEngine: 'sip',
    haSuspend: true,
    smtpAlert: true,
    virtualhost: 'www.example.com',
    snmpName: 'web',
    alpha: true,
    omega: true,
    quorum: 3,
    hysteresis: 1,
    weight: 2,
    inhibitOnFailure: true,
    delayLoopUs: 2_500_000,
    connectTimeoutUs: 1_250_000,
    retry: 4,
    delayBeforeRetryUs: 500_000,
    warmupUs: 7_000_000,
    ipFamily: 'inet',
    sorryServer: { address: '10.0.0.9', port: 443, inhibit: true, lvsMethod: { method: 'DR' } },
  });
  const v = only(r);
  t.match(rs(v, 0), { weight: 2, alpha: true, inhibitOnFailure: true, retry: 4, delayLoopUs: 2_500_000, warmupUs: 7_000_000 });
  t.equal(rs(v, 1).weight, 5);
});

t.test('persistence and protocol corrections', async (t) => {
  t.equal(only(load(`virtual_server 10.0.0.1 80 {\n${SVC}  persistence_timeout\n  real_server 10.0.0.2 {\n  }\n}\n`)).persistenceTimeout, 360);
  t.equal(only(load(`virtual_server 10.0.0.1 {\n${SVC}  real_server 10.0.0.2 {\n  }\n}\n`)).persistenceTimeout, 360, 'port 0 ⇒ persistent');
  t.equal(
    only(load(`virtual_server 10.0.0.1 80 {\n${SVC}  persistence_granularity 24\n  real_server 10.0.0.2 {\n  }\n}\n`)).persistenceTimeout,
    360,
    'granularity alone implies the default timeout',
  );
  const ops = only(load(`virtual_server 10.0.0.1 80 {\n${SVC}  ops\n  real_server 10.0.0.2 {\n  }\n}\n`));
  t.same(ops.schedulerFlags, [], 'ops cleared unless UDP');
  const fw = only(load('virtual_server fwmark 7 {\n  protocol TCP\n  lb_algo rr\n  lb_kind DR\n  ha_suspend\n  real_server 10.0.0.2 80 {\n  }\n}\n'));
  t.match(fw, { name: 'fwmark 7', fwmark: 7, address: undefined, protocol: undefined, haSuspend: false, ipFamily: 'inet' });
  t.equal(rs(fw).port, 0, 'fwmark ⇒ real server port cleared');
  const badHash = only(load(`virtual_server 10.0.0.1 80 {\n${SVC}  hashed\n  sh-port\n  real_server 10.0.0.2 {\n  }\n}\n`));
  t.same(badHash.schedulerFlags, [], 'hashed and sh-port refused with rr');
});

t.test('real server ports, weights, quorum and hysteresis', async (t) => {
  const dr = only(
    load('virtual_server 10.0.0.1 80 {\n  protocol TCP\n  lb_algo rr\n  lb_kind DR\n  real_server 10.0.0.2 81 {\n  }\n  real_server 10.0.0.3 {\n    lvs_method NAT\n  }\n}\n'),
  );
  t.equal(rs(dr, 0).port, 80, 'DR port forced to the service port');
  t.equal(rs(dr, 1).port, 80, 'NAT without port inherits the service port');
  t.match(rs(dr, 1).lvsMethod, { method: 'NAT' });
  const zero = only(load(`virtual_server 10.0.0.1 80 {\n${SVC}  real_server 10.0.0.2 80 {\n    weight 0\n  }\n}\n`));
  t.equal(zero.quorum, 0, 'quorum reduced to the total weight');
  t.equal(zero.hysteresis, 4294967295, 'hysteresis wraps as keepalived’s unsigned arithmetic does');
  const q = only(load(`virtual_server 10.0.0.1 80 {\n${SVC}  quorum 10\n  hysteresis 3\n  real_server 10.0.0.2 80 {\n    weight 4\n  }\n}\n`));
  t.match(q, { quorum: 4, hysteresis: 3 });
  const dup = only(load(`virtual_server 10.0.0.1 80 {\n${SVC}  real_server 10.0.0.2 80 {\n  }\n  real_server 10.0.0.2 80 {\n  }\n}\n`));
  t.equal(dup.realServers.length, 1, 'duplicate real server removed');
  const fam = load(`virtual_server 10.0.0.1 80 {\n${SVC}  real_server fd00::2 80 {\n  }\n  real_server 10.0.0.3 80 {\n  }\n}\n`);
  t.same(only(fam).realServers.map((x) => x.address), ['10.0.0.3'], 'other-family real server skipped');
  t.same(load(`virtual_server 10.0.0.1 80 {\n${SVC}}\n`).config.virtualServers, [], 'no real servers ⇒ no virtual server');
  const real = rs(
    only(
      load(
        `virtual_server 10.0.0.1 80 {\n${SVC}  real_server 10.0.0.2 80 {\n    uthreshold 100\n    lthreshold 10\n    inhibit_on_failure\n    alpha no\n` +
          `    retry 3\n    delay_before_retry 2\n    warmup 4\n    connect_timeout 6\n    delay_loop 8\n    smtp_alert off\n    virtualhost rs.example\n` +
          `    snmp_name rs1\n    lvs_method TUN type gre csum\n  }\n}\n`,
      ),
    ),
  );
  t.match(real, {
    uthreshold: 100,
    lthreshold: 10,
    inhibitOnFailure: true,
    alpha: false,
    retry: 3,
    delayBeforeRetryUs: 2_000_000,
    warmupUs: 4_000_000,
    connectTimeoutUs: 6_000_000,
    delayLoopUs: 8_000_000,
    smtpAlert: false,
    virtualhost: 'rs.example',
    snmpName: 'rs1',
    lvsMethod: { method: 'TUN', type: 'gre', port: 0, checksum: 'csum' },
  });
});

t.test('checker inheritance and per-type defaults', async (t) => {
  const v = only(
    load(
      `virtual_server 10.0.0.1 80 {\n${SVC}  delay_loop 10\n  real_server 10.0.0.2 80 {\n    connect_timeout 2\n` +
        `    TCP_CHECK {\n      retry 5\n      delay_before_retry 4\n      warmup 0\n      delay_loop 3\n      alpha\n      log_all_failures\n` +
        `      connect_ip 10.0.0.5\n      connect_port 8080\n      bindto 10.0.0.9\n      bind_port 5000\n      bind_if lo\n      fwmark 7\n      connect_timeout 1\n    }\n` +
        `    HTTP_GET {\n      url {\n        path /\n      }\n    }\n    DNS_CHECK {\n    }\n    PING_CHECK {\n    }\n  }\n}\n`,
    ),
  );
  const real = rs(v);
  t.match(ck<TcpCheck>(real, 0), {
    retry: 5,
    delayBeforeRetryUs: 4_000_000,
    warmupUs: 0,
    delayLoopUs: 3_000_000,
    alpha: true,
    logAllFailures: true,
    connectIp: '10.0.0.5',
    connectPort: 8080,
    bindto: '10.0.0.9',
    bindPort: 5000,
    bindIf: 'lo',
    fwmark: 7,
    connectTimeoutUs: 1_000_000,
  });
  t.match(ck<HttpGetCheck>(real, 1), { retry: 1, delayBeforeRetryUs: 3_000_000, warmupUs: 10_000_000, delayLoopUs: 10_000_000, connectTimeoutUs: 2_000_000 });
  t.match(ck<DnsCheck>(real, 2), { retry: 3, delayBeforeRetryUs: 10_000_000, dnsType: 'SOA', name: '.' });
  t.match(ck(real, 3), { type: 'PING_CHECK', retry: 1, delayBeforeRetryUs: 1_000_000 });
});

t.test('HTTP_GET and SSL_GET', async (t) => {
  const real = rs(
    only(
      load(
        `virtual_server 10.0.0.1 80 {\n${SVC}  real_server 10.0.0.2 80 {\n    HTTP_GET {\n      url {\n        path /index.html\n` +
          `        digest 0123456789ABCDEF0123456789abcdef\n        status_code 200 204 301-302 303 599\n        virtualhost url.example\n` +
          `        regex "ok.*done"\n        regex_no_match\n        regex_options caseless multiline bogus\n        regex_min_offset 2\n        regex_max_offset 100\n` +
          `        regex_stack 1000 2000\n      }\n      url {\n        path /health\n        regex_options dotall\n      }\n      virtualhost chk.example\n` +
          `      http_protocol 1.0c\n      enable_sni\n      fast_recovery\n      nb_get_retry 2\n    }\n    SSL_GET {\n      url {\n        path /s\n      }\n      http_protocol 1.1\n    }\n  }\n}\n`,
      ),
    ),
  );
  const http = ck<HttpGetCheck>(real, 0);
  t.match(http, { type: 'HTTP_GET', virtualhost: 'chk.example', httpProtocol: '1.0C', enableSni: true, fastRecovery: true, retry: 2 });
  t.match(http.url[0], {
    path: '/index.html',
    digest: '0123456789abcdef0123456789abcdef',
    statusCode: ['200', '204', '301-303', '599'],
    virtualhost: 'url.example',
    regex: 'ok.*done',
    regexNoMatch: true,
    regexOptions: ['caseless', 'multiline'],
    regexMinOffset: 2,
    regexMaxOffset: 100,
    regexStack: [1000, 2000],
  });
  t.match(http.url[1], { path: '/health', statusCode: ['200-299'], regex: undefined, regexOptions: [] }, 'options without regex dropped');
  t.ok(statusCodeAccepted(http.url[0] as never, 302));
  t.notOk(statusCodeAccepted(http.url[0] as never, 250));
  t.match(ck<SslGetCheck>(real, 1), { type: 'SSL_GET', httpProtocol: '1.1', url: [{ path: '/s', statusCode: ['200-299'] }] });
});

t.test('SMTP, DNS, UDP checkers', async (t) => {
  const real = rs(
    only(
      load(
        `virtual_server 10.0.0.1 25 {\n${SVC}  real_server 10.0.0.2 25 {\n    SMTP_CHECK {\n      helo_name mx.example\n      host {\n        connect_ip 10.0.0.7\n        connect_port 2525\n      }\n    }\n` +
          `    SMTP_CHECK {\n    }\n    DNS_CHECK {\n      type aaaa\n      name example.com\n    }\n` +
          `    UDP_CHECK {\n      payload 0A 0b0c 1\n      require_reply 01 xX\n      min_reply_length 2\n      max_reply_length 100\n    }\n    UDP_CHECK {\n    }\n  }\n}\n`,
      ),
    ),
  );
  t.same(
    real.checkers.map((c) => c.type),
    ['SMTP_CHECK', 'SMTP_CHECK', 'SMTP_CHECK', 'DNS_CHECK', 'UDP_CHECK', 'UDP_CHECK'],
    'a host block adds one more SMTP checker when its SMTP_CHECK closes',
  );
  t.match(ck<SmtpCheck>(real, 0), { heloName: 'mx.example', connectIp: '10.0.0.2', connectPort: 25 });
  t.match(ck<SmtpCheck>(real, 1), { heloName: 'mx.example', connectIp: '10.0.0.7', connectPort: 2525 });
  t.match(ck<SmtpCheck>(real, 2), { heloName: 'smtpchecker.keepalived.org' });
  t.match(ck<DnsCheck>(real, 3), { dnsType: 'AAAA', name: 'example.com' });
  t.match(ck<UdpCheck>(real, 4), { payload: '0a 0b 0c 01', requireReply: true, replyData: '01 xx', minReplyLength: 2, maxReplyLength: 100 });
  t.match(ck<UdpCheck>(real, 5), { payload: undefined, requireReply: false, replyData: undefined, minReplyLength: 0, maxReplyLength: 255 });
});

t.test('virtual_server_group entries and group services', async (t) => {
  const r = load(
    'virtual_server_group G1 {\n  10.0.0.1 80\n  10.0.0.10-20 80\n  10.0.1.0/24\n  10.0.2.1-10.0.2.9 81\n  fwmark 5 inet\n  fwmark 6\n}\n' +
      'virtual_server_group G6 {\n  fd00::1-ff 80\n  fd00:1::/120 80\n  fwmark 9 inet6\n}\n' +
      `virtual_server group G1 {\n${SVC}  real_server 10.0.0.2 80 {\n  }\n}\nvirtual_server group G1 {\n${SVC}  real_server 10.0.0.3 80 {\n  }\n}\n`,
  );
  t.match(r.config.virtualServerGroups, [
    {
      name: 'G1',
      addressRanges: [
        { family: 'inet', address: '10.0.0.1', addressEnd: '10.0.0.1', port: 80 },
        { family: 'inet', address: '10.0.0.10', addressEnd: '10.0.0.20', port: 80 },
        { family: 'inet', address: '10.0.1.0', addressEnd: '10.0.1.255', port: 0 },
        { family: 'inet', address: '10.0.2.1', addressEnd: '10.0.2.9', port: 81 },
      ],
      fwmarks: [
        { fwmark: 5, family: 'inet' },
        { fwmark: 6, family: undefined },
      ],
    },
    {
      name: 'G6',
      addressRanges: [
        { family: 'inet6', address: 'fd00::1', addressEnd: 'fd00::ff', port: 80 },
        { family: 'inet6', address: 'fd00:1::', addressEnd: 'fd00:1::ff', port: 80 },
      ],
      fwmarks: [{ fwmark: 9, family: 'inet6' }],
    },
  ]);
  const [a, b] = r.config.virtualServers;
  t.match(a, { name: 'group G1', group: 'G1', address: undefined, ipFamily: 'inet', persistenceTimeout: 360 }, 'a port-less range makes it persistent');
  t.match(b, { group: 'G1', realServers: [{ address: '10.0.0.3', port: 80 }] });
  t.same(load(`virtual_server group NOPE {\n${SVC}  real_server 10.0.0.2 80 {\n  }\n}\n`).config.virtualServers, [], 'unknown group: dropped');
  t.same(load('virtual_server_group E {\n}\n').config.virtualServerGroups, [], 'empty group removed');
  t.same(load('virtual_server_group M {\n  10.0.0.1 80\n  fd00::1 80\n  fwmark 1\n}\n').config.virtualServerGroups, [], 'both families and a bare fwmark: removed');
});

t.test('SSL block', async (t) => {
  const r = load('SSL {\n  password secret\n  ca /etc/ca.pem\n  certificate /etc/c.pem\n  key /etc/k.pem\n}\n');
  t.same(r.config.ssl, { password: 'secret', ca: '/etc/ca.pem', certificate: '/etc/c.pem', key: '/etc/k.pem' });
  t.equal(configTestExitCode(r), 0);
  t.equal(load('virtual_server 10.0.0.1 80 {\n  real_server 10.0.0.2 80 {\n  }\n}\n').config.ssl, undefined, 'none unless given');
});

t.test('what keepalived drops while parsing', async (t) => {
  const r = load(
    `virtual_server 10.0.0.1 80 {\n${SVC}  real_server 10.0.0.2 80 {\n    PING_CHECK {\n    }\n    TCP_CHECK {\n      connect_ip fe80::1\n    }\n    HTTP_GET {\n      url {\n        digest 00\n      }\n    }\n` +
      `    HTTP_GET {\n      url {\n        path /\n      }\n    }\n    DNS_CHECK {\n      type bogus\n      name x.com\n    }\n  }\n}\n`,
  );
  t.equal(configTestExitCode(r), 5);
  const real = rs(only(r));
  t.same(real.checkers.map((c) => c.type), ['PING_CHECK', 'HTTP_GET', 'DNS_CHECK'], 'link-local without bind_if and url-less HTTP_GET dropped');
  t.match(ck<DnsCheck>(real, 2), { dnsType: 'SOA', name: '.' }, 'bad type and name ignored');
  const crash = load(`virtual_server 10.0.0.1 80 {\n${SVC}  real_server 10.0.0.2 80 {\n    HTTP_GET {\n    }\n  }\n}\n`);
  t.equal(configTestExitCode(crash), 5, 'keepalived 2.2.7 crashes here; we report a configuration error');
});

t.test('scripts: MISC_CHECK, notify and quorum', async (t) => {
  const r = load(
    'global_defs {\n  script_user root\n  enable_script_security\n}\n' +
      `virtual_server 10.0.0.1 80 {\n${SVC}  delay_loop 9\n  quorum_up "/bin/echo up"\n  quorum_down /bin/true root\n` +
      `  real_server 10.0.0.2 80 {\n    notify_up /bin/true\n    notify_down "/bin/echo down"\n` +
      `    MISC_CHECK {\n      misc_path "/bin/true -x" ignored\n      misc_dynamic\n    }\n` +
      `    MISC_CHECK {\n      user root\n      misc_path /bin/false\n      misc_timeout 4\n      retry 2\n    }\n  }\n}\n`,
  );
  t.equal(configTestExitCode(r), 0);
  const v = only(r);
  t.match(v, { quorumUp: { args: ['/bin/echo', 'up'] }, quorumDown: { args: ['/bin/true'], user: 'root', uid: 0 } });
  const real = rs(v);
  t.match(real, { notifyUp: { args: ['/bin/true'] }, notifyDown: { args: ['/bin/echo', 'down'] } });
  t.match(real.checkers, [
    { type: 'MISC_CHECK', miscPath: { args: ['/bin/true', '-x'], user: undefined, uid: 0 }, miscDynamic: true, miscTimeoutUs: 9_000_000, retry: 0 },
    { type: 'MISC_CHECK', miscPath: { args: ['/bin/false'], user: 'root' }, miscDynamic: false, miscTimeoutUs: 4_000_000, retry: 2 },
  ]);
  const security = load(`virtual_server 10.0.0.1 80 {\n${SVC}  real_server 10.0.0.2 80 {\n    MISC_CHECK {\n      misc_path /bin/true\n    }\n  }\n}\n`);
  t.equal(configTestExitCode(security), 6, 'a check script without script security');
});

t.test('global smtp_alert defaults', async (t) => {
  const v = only(load(`global_defs {\n  smtp_alert_checker on\n}\nvirtual_server 10.0.0.1 80 {\n${SVC}  real_server 10.0.0.2 80 {\n  }\n}\n`));
  t.equal(v.smtpAlert, true);
  t.equal(rs(v).smtpAlert, true);
  const off = only(load(`global_defs {\n  smtp_alert off\n}\nvirtual_server 10.0.0.1 80 {\n${SVC}  real_server 10.0.0.2 80 {\n  }\n}\n`));
  t.equal(rs(off).smtpAlert, false, 'a global smtp_alert overrides the real server default');
});

t.test('FILE_CHECK and BFD_CHECK', async (t) => {
  const r = load(
    'track_file tf {\n  file /tmp/kts-tf.state\n  weight 7 reverse\n}\ntrack_file tg {\n  file /tmp/kts-tg.state\n}\n' +
      'bfd_instance b1 {\n  neighbor_ip 10.0.0.2\n}\n' +
      `virtual_server 10.0.0.1 80 {\n${SVC}  real_server 10.0.0.2 80 {\n    alpha\n    FILE_CHECK {\n      track_file tf\n    }\n` +
      `    FILE_CHECK {\n      track_file tg\n      weight -3 reverse\n    }\n    BFD_CHECK {\n      name b1\n    }\n  }\n}\n`,
  );
  const real = rs(only(r));
  t.match(real.checkers, [
    { type: 'FILE_CHECK', trackFile: 'tf', weight: 7, reverse: true },
    { type: 'FILE_CHECK', trackFile: 'tg', weight: -3, reverse: true },
    { type: 'BFD_CHECK', name: 'b1', alpha: true },
  ]);
});
