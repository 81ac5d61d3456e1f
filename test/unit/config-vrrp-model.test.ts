// vrrp_instance and vrrp_sync_group parsed and completed into the model: every keyword, keepalived's defaults and
// the values its completion pass derives (priority from state, version from family, strict-mode overrides, …).
// Only the VRRP sections are installed, on a fixed machine, so these tests depend on nothing else.
import t from 'tap';
import { Diagnostics, formatDiagnostic } from '../../src/config/diagnostics';
import { lexText } from '../../src/config/lexer';
import { emptyConfig } from '../../src/config/model/keepalived-config';
import type { VrrpInstance, VrrpSyncGroup } from '../../src/config/model/vrrp';
import type { BuildContext } from '../../src/config/parser/build-context';
import { keywordTable } from '../../src/config/parser/keyword-tree';
import { walkLines } from '../../src/config/parser/walk';
import { vrrpInstanceKeywords } from '../../src/config/sections/vrrp-instance';
import { vrrpSyncGroupKeywords } from '../../src/config/sections/vrrp-sync-group';
import { liveSystem, SystemView } from '../../src/config/system-view';
import { validateVrrp } from '../../src/config/validate/vrrp';

/** type (ARPHRD_*), flags (IFF_*), MTU of the fixed machine's interfaces. */
const LINKS: Record<string, { type: number; flags: number; mtu: number }> = {
  lo: { type: 772, flags: 0x9, mtu: 65536 },
  eth0: { type: 1, flags: 0x1003, mtu: 1500 },
  eth1: { type: 1, flags: 0x1003, mtu: 9000 },
  tun0: { type: 65534, flags: 0x91, mtu: 1500 },
};

const system: SystemView = {
  ...liveSystem,
  interfaceExists: (name) => name in LINKS,
  readText(path) {
    const m = /^\/sys\/class\/net\/([^/]+)\/(type|flags|mtu)$/.exec(path);
    if (m === null) return liveSystem.readText(path);
    const link = LINKS[m[1] as string];
    if (link === undefined) return undefined;
    const field = m[2] as 'type' | 'flags' | 'mtu';
    return field === 'flags' ? `0x${link.flags.toString(16)}\n` : `${link[field]}\n`;
  },
};

interface Built {
  ctx: BuildContext;
  errors: string[];
  warnings: string[];
  vrrp(name?: string): VrrpInstance;
  group(name: string): VrrpSyncGroup | undefined;
}

function build(text: string, setup?: (ctx: BuildContext) => void): Built {
  const diags = new Diagnostics(true);
  const ctx: BuildContext = { config: emptyConfig(), diags, system, options: { configTest: true }, scripts: [] };
  setup?.(ctx);
  const lines = lexText(text, 'test.conf', { configId: 'test', allConfig: false, env: {} }, diags);
  walkLines(lines, keywordTable([...vrrpSyncGroupKeywords(ctx), ...vrrpInstanceKeywords(ctx)]), diags);
  validateVrrp(ctx);
  const pick = (sev: 'error' | 'warning'): string[] => diags.list.filter((d) => d.severity === sev).map(formatDiagnostic);
  return {
    ctx,
    errors: pick('error'),
    warnings: pick('warning'),
    vrrp(name = 'VI_1') {
      const v = ctx.config.vrrpInstances.find((x) => x.name === name);
      if (v === undefined) throw new Error(`no instance ${name}`);
      return v;
    },
    group: (name) => ctx.config.vrrpSyncGroups.find((g) => g.name === name),
  };
}

const instance = (body: string, name = 'VI_1'): string =>
  `vrrp_instance ${name} {\n interface eth0\n virtual_router_id 51\n${body}\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n`;

t.test('a minimal instance gets keepalived defaults', async (t) => {
  const b = build(instance(''));
  t.same(b.errors, []);
  const v = b.vrrp();
  t.match(v, {
    name: 'VI_1',
    state: 'BACKUP',
    interface: 'eth0',
    virtualRouterId: 51,
    priority: 100,
    advertIntUs: 1_000_000,
    version: 2,
    family: 'inet',
    mcastDstIp: '224.0.0.18',
    unicast: false,
    unicastTtl: 255,
    accept: true,
    nopreempt: false,
    preemptDelayUs: 0,
    strictMode: false,
    skipCheckAdvAddr: false,
    lowerPrioNoAdvert: false,
    higherPrioSendAdvert: false,
    downTimerAdverts: 3,
    garpMasterDelayUs: 5_000_000,
    garpMasterRepeat: 5,
    garpMasterRefreshUs: 0,
    garpMasterRefreshRepeat: 1,
    garpLowerPrioDelayUs: 5_000_000,
    garpLowerPrioRepeat: 5,
    garpExtraIf: undefined,
    authentication: undefined,
    smtpAlert: false,
    notifyPriorityChanges: false,
    syncGroup: undefined,
    configFaults: [],
  });
  t.equal(v.virtualIpaddress.length, 1);
  t.match(v.virtualIpaddress[0], { address: '10.0.0.1', prefixlen: 32, family: 'inet', dev: undefined });
  t.same(v.pos, { file: 'test.conf', line: 1 });
});

t.test('state and priority derive each other', async (t) => {
  const master = build(instance(' state MASTER')).vrrp();
  t.equal(master.priority, 255, 'state MASTER without priority is the address owner');
  t.equal(master.state, 'MASTER');
  const owner = build(instance(' priority 255')).vrrp();
  t.equal(owner.state, 'MASTER', 'priority 255 without state starts as MASTER');
  const plain = build(instance(' state MASTER\n priority 120')).vrrp();
  t.match(plain, { state: 'MASTER', priority: 120 });
  const bad = build(instance(' priority 0'));
  t.equal(bad.vrrp().priority, 100, 'an invalid priority falls back to 100');
  t.match(bad.errors.join('\n'), /Priority not valid! must be between 1 & 255. Using default 100/);
});

t.test('nopreempt and preempt_delay conflicts are cleared', async (t) => {
  const owner = build(instance(' priority 255\n nopreempt'));
  t.equal(owner.vrrp().nopreempt, false);
  t.match(owner.errors.join('\n'), /nopreempt is incompatible with priority 255/);
  const master = build(instance(' state MASTER\n priority 100\n nopreempt\n preempt_delay 3'));
  t.match(master.vrrp(), { nopreempt: false, preemptDelayUs: 0 });
  const backup = build(instance(' nopreempt\n preempt'));
  t.equal(backup.vrrp().nopreempt, false, 'preempt undoes nopreempt');
  const delay = build(instance(' preempt_delay 2.5'));
  t.equal(delay.vrrp().preemptDelayUs, 2_500_000);
  t.same(delay.errors, []);
});

t.test('advert_int is rounded to what the version can carry', async (t) => {
  t.equal(build(instance(' advert_int 0.5')).vrrp().advertIntUs, 1_000_000, 'v2 rounds half up to whole seconds');
  t.equal(build(instance(' advert_int 2.4')).vrrp().advertIntUs, 2_000_000);
  t.equal(build(instance(' version 3\n advert_int 1.234')).vrrp().advertIntUs, 1_230_000, 'v3 rounds to 10 ms');
  t.equal(build(instance(' version 3\n advert_int 0.5')).vrrp().advertIntUs, 500_000);
  t.equal(build(instance(' version 3\n advert_int 45')).vrrp().advertIntUs, 40_950_000, 'v3 maximum 40.95 s');
  const bad = build(instance(' advert_int 300'));
  t.equal(bad.vrrp().advertIntUs, 1_000_000, 'an out-of-range value is ignored');
  t.match(bad.errors.join('\n'), /Advert interval \(300\) not valid/);
});

t.test('IPv6 instances are VRRPv3 with the IPv6 group and no TTL of their own', async (t) => {
  const b = build('vrrp_instance V6 {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n  fe80::10/64\n  2001:db8::10/64\n }\n}\n');
  const v = b.vrrp('V6');
  t.match(v, { family: 'inet6', version: 3, mcastDstIp: 'ff02::12', unicastTtl: undefined });
  t.same(b.warnings, []);
  const global = build('vrrp_instance V6 {\n interface eth0\n virtual_router_id 7\n virtual_ipaddress {\n  2001:db8::10\n }\n}\n');
  t.match(global.warnings.join('\n'), /the first IPv6 VIP address should be link local/);
  const native = build('vrrp_instance N {\n interface eth0\n virtual_router_id 8\n native_ipv6\n virtual_ipaddress {\n  fe80::1\n }\n}\n');
  t.match(native.vrrp('N'), { nativeIpv6: true, family: 'inet6', version: 3 });
  // An explicit version 2 before any IPv6 address survives outside strict mode (keepalived only refuses it after).
  const v2 = build('vrrp_instance X {\n interface eth0\n virtual_router_id 9\n version 2\n virtual_ipaddress {\n  fe80::1\n }\n}\n');
  t.match(v2.vrrp('X'), { family: 'inet6', version: 2 });
});

t.test('every scalar keyword lands in its field', async (t) => {
  const b = build(
    instance(
      [
        ' state BACKUP',
        ' priority 150',
        ' advert_int 3',
        ' dont_track_primary',
        ' mcast_src_ip 10.211.9.1',
        ' track_src_ip',
        ' mcast_dst_ip 224.0.0.19',
        ' promote_secondaries',
        ' no_accept',
        ' skip_check_adv_addr',
        ' lower_prio_no_advert',
        ' higher_prio_send_advert on',
        ' down_timer_adverts 5',
        ' garp_master_delay 7',
        ' garp_master_repeat 2',
        ' garp_master_refresh 60',
        ' garp_master_refresh_repeat 3',
        ' garp_lower_prio_delay 4',
        ' garp_lower_prio_repeat 6',
        ' smtp_alert',
        ' notify_priority_changes yes',
        ' kernel_rx_buf_size 65536',
        ' debug 3',
        ' notify_deleted',
        ' authentication {',
        '  auth_type PASS',
        '  auth_pass secret12345',
        ' }',
      ].join('\n'),
    ),
  );
  const v = b.vrrp();
  t.match(v, {
    state: 'BACKUP',
    priority: 150,
    advertIntUs: 3_000_000,
    dontTrackPrimary: true,
    mcastSrcIp: '10.211.9.1',
    unicastSrcIp: undefined,
    trackSrcIp: true,
    mcastDstIp: '224.0.0.19',
    promoteSecondaries: true,
    accept: false,
    skipCheckAdvAddr: true,
    lowerPrioNoAdvert: true,
    higherPrioSendAdvert: true,
    downTimerAdverts: 5,
    garpMasterDelayUs: 7_000_000,
    garpMasterRepeat: 2,
    garpMasterRefreshUs: 60_000_000,
    garpMasterRefreshRepeat: 3,
    garpLowerPrioDelayUs: 4_000_000,
    garpLowerPrioRepeat: 6,
    smtpAlert: true,
    notifyPriorityChanges: true,
    kernelRxBufSize: 65536,
    debug: 3,
    notifyDeleted: { script: undefined },
    authentication: { authType: 'PASS', authPass: 'secret12' },
  });
  t.same(b.errors, ['(test.conf: Line 30) Truncating auth_pass to 8 characters']);
});

t.test('keepalived quirks kept as measured', async (t) => {
  const skip = build(instance(' skip_check_adv_addr false'));
  t.equal(skip.vrrp().skipCheckAdvAddr, true, 'any valid boolean sets skip_check_adv_addr, false included');
  const ttl = build(instance(' unicast_ttl 10'));
  t.equal(ttl.vrrp().unicastTtl, 0, 'unicast_ttl without peers is reset to 0, not to the default');
  t.match(ttl.errors.join('\n'), /\(test.conf: Line 8\) \(VI_1\): Cannot use unicast_ttl without unicast peers - resetting/);
  const strictUnicast = build(instance(' strict_mode\n unicast_peer {\n  10.211.9.2\n }'));
  t.same(strictUnicast.errors, [], '2.2.7 never refuses unicast peers in strict mode');
  const noIf = build('vrrp_instance U {\n virtual_router_id 5\n unicast_src_ip 10.211.9.1\n unicast_peer {\n  10.211.9.2\n }\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n');
  t.same(noIf.errors, ['(U) Unknown interface!'], '2.2.7 wants an interface even for unicast with unicast_src_ip');
});

t.test('unicast peers', async (t) => {
  const b = build(instance(' unicast_src_ip 10.211.9.1\n unicast_ttl 20\n unicast_peer {\n  10.211.9.2\n  10.211.9.3 min_ttl 2 max_ttl 200\n }'));
  const v = b.vrrp();
  t.same(b.errors, []);
  t.match(v, { unicast: true, unicastSrcIp: '10.211.9.1', mcastSrcIp: undefined, mcastDstIp: undefined, unicastTtl: 20, checkUnicastSrc: true });
  t.same(v.unicastPeer, [
    { address: '10.211.9.2', minTtl: 0, maxTtl: 255 },
    { address: '10.211.9.3', minTtl: 2, maxTtl: 200 },
  ]);
  const fam = build(instance(' unicast_peer {\n  fd00::2\n }'));
  t.equal(fam.vrrp().unicastPeer.length, 1, 'the first peer sets the family before the VIPs are read');
  t.match(fam.errors.join('\n'), /address family must match VRRP instance \[10.0.0.1\]/);
  const flags = build(instance(' unicast_fault_no_peer\n old_unicast_checksum never'));
  t.match(flags.vrrp(), { unicast: false, unicastFaultNoPeer: true, oldUnicastChecksum: 'never', mcastDstIp: '224.0.0.18' });
  t.same(flags.vrrp().configFaults, ['Cannot use unicast without any peers']);
  t.same(flags.errors, []);
  t.equal(build(instance(' check_unicast_src')).vrrp().checkUnicastSrc, true);
});

t.test('strict mode overrides', async (t) => {
  const b = build(
    instance(' strict_mode\n preempt_delay 3\n down_timer_adverts 5\n accept\n authentication {\n  auth_type PASS\n  auth_pass x\n }'),
  );
  t.match(b.vrrp(), {
    strictMode: true,
    accept: false,
    preemptDelayUs: 0,
    downTimerAdverts: 3,
    authentication: undefined,
    lowerPrioNoAdvert: true,
    higherPrioSendAdvert: false,
    garpLowerPrioRepeat: 0,
    garpLowerPrioDelayUs: 0,
  });
  t.equal(b.errors.length, 4);
  const global = build(instance(''), (ctx) => (ctx.config.globalDefs.vrrpStrict = true));
  t.match(global.vrrp(), { strictMode: true, accept: false, lowerPrioNoAdvert: true });
  const owner = build(instance(' strict_mode\n priority 255'));
  t.match(owner.vrrp(), { accept: true, state: 'MASTER' }, 'the owner keeps accept mode');
  const off = build(instance(' strict_mode off'), (ctx) => (ctx.config.globalDefs.vrrpStrict = true));
  t.equal(off.vrrp().strictMode, false, 'an instance can turn off the global vrrp_strict');
});

t.test('global_defs supply instance defaults', async (t) => {
  const b = build(instance(''), (ctx) => {
    const g = ctx.config.globalDefs;
    g.vrrpVersion = 3;
    g.vrrpGarpMasterDelayUs = 2_000_000;
    g.vrrpGarpMasterRepeat = 1;
    g.vrrpGarpMasterRefreshUs = 30_000_000;
    g.vrrpGarpMasterRefreshRepeat = 2;
    g.vrrpDownTimerAdverts = 4;
    g.vrrpLowerPrioNoAdvert = true;
    g.vrrpHigherPrioSendAdvert = true;
    g.vrrpSkipCheckAdvAddr = true;
    g.vrrpMcastGroup4 = '224.0.0.100';
    g.smtpAlert = true;
    g.vrrpNotifyPriorityChanges = true;
  });
  t.match(b.vrrp(), {
    version: 3,
    garpMasterDelayUs: 2_000_000,
    garpMasterRepeat: 1,
    garpMasterRefreshUs: 30_000_000,
    garpMasterRefreshRepeat: 2,
    garpLowerPrioDelayUs: 2_000_000,
    garpLowerPrioRepeat: 1,
    downTimerAdverts: 4,
    lowerPrioNoAdvert: true,
    higherPrioSendAdvert: true,
    skipCheckAdvAddr: true,
    mcastDstIp: '224.0.0.100',
    smtpAlert: true,
    notifyPriorityChanges: true,
  });
  const vrrpOnly = build(instance(' smtp_alert off'), (ctx) => {
    ctx.config.globalDefs.smtpAlertVrrp = true;
  });
  t.equal(vrrpOnly.vrrp().smtpAlert, false, 'the instance setting wins over smtp_alert_vrrp');
  t.equal(build(instance(''), (ctx) => (ctx.config.globalDefs.smtpAlertVrrp = true)).vrrp().smtpAlert, true);
});

t.test('too many VIPs for one advert become eVIPs', async (t) => {
  const vips = Array.from({ length: 300 }, (_, i) => `  10.${1 + (i >> 8)}.0.${i & 0xff}`).join('\n');
  const b = build(`vrrp_instance V {\n interface eth0\n virtual_router_id 3\n virtual_ipaddress {\n${vips}\n }\n}\n`);
  const v = b.vrrp('V');
  t.equal(v.virtualIpaddress.length, 255);
  t.equal(v.virtualIpaddressExcluded.length, 45);
  t.match(b.errors.join('\n'), /Number of VIPs \(300\) exceeds maximum\/space available in packet \(max 255 addresses\)/);
  const v6 = Array.from({ length: 100 }, (_, i) => `  fe80::${(i + 1).toString(16)}`).join('\n');
  const small = build(`vrrp_instance V {\n interface eth0\n virtual_router_id 3\n virtual_ipaddress {\n${v6}\n }\n}\n`);
  t.equal(small.vrrp('V').virtualIpaddress.length, 89, 'IPv6 on MTU 1500: (1500 - 62) / 16');
  const jumbo = build(`vrrp_instance V {\n interface eth1\n virtual_router_id 3\n virtual_ipaddress {\n${v6}\n }\n}\n`);
  t.equal(jumbo.vrrp('V').virtualIpaddress.length, 100, 'MTU 9000 fits them all');
});

t.test('VIP blocks, excluded VIPs, routes and rules', async (t) => {
  const b = build(
    instance(
      ' virtual_ipaddress_excluded {\n  10.9.9.9/24 dev eth1\n  fd00::9\n }\n virtual_routes {\n  10.5.0.0/16 via 10.211.9.254 dev eth0\n }\n virtual_rules {\n  from 10.0.0.1 table 100 priority 100\n }',
    ),
  );
  const v = b.vrrp();
  t.same(v.virtualIpaddressExcluded.map((a) => `${a.address}/${a.prefixlen}`), ['10.9.9.9/24', 'fd00::9/128']);
  t.equal(v.virtualIpaddressExcluded[0]?.dev, 'eth1');
  t.equal(v.virtualRoutes.length, 1);
  t.match(v.virtualRoutes[0], { to: { address: '10.5.0.0', prefixlen: 16 }, dev: 'eth0' });
  t.equal(v.virtualRules.length, 1);
  t.match(v.virtualRules[0], { priority: 100, table: 100 });
  const mixed = build('vrrp_instance M {\n interface eth0\n virtual_router_id 4\n virtual_ipaddress {\n  10.0.0.1\n  fe80::1\n }\n}\n');
  t.same(mixed.vrrp('M').virtualIpaddress.map((a) => a.address), ['10.0.0.1']);
  t.match(mixed.errors.join('\n'), /\(test.conf: Line 6\) \(M\): address family must match VRRP instance \[fe80::1\] - ignoring/);
});

t.test('tracking blocks', async (t) => {
  const b = build(
    instance(
      ' track_interface {\n  eth1 weight -20\n  eth0\n  tun0 weight 10 reverse\n }\n track_script {\n  chk\n  chk2 weight 5 noreverse\n }\n track_file {\n  tf weight 0\n }\n track_process {\n  proc weight -5 reverse\n }\n track_bfd {\n  bfd1\n }',
    ),
    (ctx) => {
      const script = { args: ['/bin/true'], user: undefined, group: undefined, setSupplementaryGroups: false, uid: 0, gid: 0, resolvedPath: undefined, runnable: undefined };
      const base = { script, intervalUs: 1e6, timeoutUs: 1e6, configuredTimeoutUs: 0, rise: 1, fall: 1, initFail: false };
      ctx.config.vrrpScripts.push({ name: 'chk', weight: 10, weightReverse: true, ...base }, { name: 'chk2', weight: 0, weightReverse: true, ...base });
      ctx.config.trackFiles.push({ name: 'tf', file: '/tmp/x', weight: 1, weightReverse: false, initFile: undefined });
      ctx.config.vrrpTrackProcesses.push({ name: 'proc', weight: 0, weightReverse: false } as never);
      ctx.config.bfdInstances.push({ name: 'bfd1', weight: -3, weightReverse: false, vrrp: true } as never);
    },
  );
  const v = b.vrrp();
  t.same(v.trackInterface, [
    { name: 'eth1', weight: -20, weightReverse: false },
    { name: 'tun0', weight: 10, weightReverse: true },
  ]);
  t.match(b.errors.join('\n'), /Ignoring track_interface eth0 since own interface/);
  t.same(v.trackScript, [
    { name: 'chk', weight: 10, weightReverse: true },
    { name: 'chk2', weight: 5, weightReverse: false },
  ]);
  t.same(v.trackFile, [{ name: 'tf', weight: 0, weightReverse: false }]);
  t.same(v.trackProcess, [{ name: 'proc', weight: -5, weightReverse: true }]);
  t.same(v.trackBfd, [{ name: 'bfd1', weight: -3, weightReverse: false }]);

  const owner = build(instance(' priority 255\n track_interface {\n  eth1 weight 5\n }'));
  t.same(owner.vrrp().trackInterface, [], 'an address owner drops weighted interfaces');
  const fold = build(instance(' track_interface {\n  eth1 weight 254\n }'));
  t.equal(fold.vrrp().trackInterface[0]?.weight, 253, '±254 is folded to ±253');
});

t.test('VMAC and ipvlan', async (t) => {
  const plain = build(instance(' use_vmac'));
  t.same(plain.vrrp().useVmac, { name: 'vrrp.51', mac: undefined, macUsesVrid: false });
  const named = build(instance(' use_vmac vmac51 02:11:22:33:44\n use_vmac_addr\n vmac_xmit_base'));
  t.same(named.vrrp().useVmac, { name: 'vmac51', mac: '02:11:22:33:44:33', macUsesVrid: true }, 'five octets get the VRID (0x33)');
  t.match(named.vrrp(), { useVmacAddr: true, vmacXmitBase: true });
  const twoVmacs = build(instance(' use_vmac') + instance(' use_vmac\n mcast_dst_ip 224.0.0.19', 'VI_2'));
  t.equal(twoVmacs.vrrp('VI_2').useVmac?.name, 'vrrp1.51', 'a second VMAC for the same VRID gets the next free name');
  const ipvlan = build(instance(' use_ipvlan ipv51 10.211.9.51/24 private'));
  t.same(ipvlan.vrrp().useIpvlan, { name: 'ipv51', address: '10.211.9.51/24', mode: 'private' });
  const tun = build('vrrp_instance T {\n interface tun0\n virtual_router_id 6\n use_vmac\n unicast_peer {\n  10.1.1.2\n }\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n');
  t.equal(tun.vrrp('T').useVmac, undefined, 'no VMAC on a non-Ethernet interface');
  t.match(tun.errors.join('\n'), /vmacs are only supported on Ethernet type interfaces/);
});

t.test('garp_extra_if only stays when VIPs use other interfaces', async (t) => {
  t.equal(build(instance(' garp_extra_if 30')).vrrp().garpExtraIf, undefined);
  const other = build(
    'vrrp_instance E {\n interface eth0\n virtual_router_id 9\n garp_extra_if all 30\n virtual_ipaddress {\n  10.0.0.1\n  10.0.1.1 dev eth1\n }\n}\n',
  );
  t.same(other.vrrp('E').garpExtraIf, { intervalUs: 30_000_000, all: true });
});

t.test('interfaces', async (t) => {
  const lo = build(instance('').replace('interface eth0', 'interface lo'));
  t.same(lo.errors, ['(test.conf: Line 2) (VI_1) cannot use a loopback interface (lo) for vrrp - ignoring', '(VI_1) Unknown interface!']);
  const missing = build(instance('').replace('interface eth0', 'interface nosuchif0'));
  t.same(missing.errors, [
    '(test.conf: Line 2) WARNING - interface nosuchif0 for vrrp_instance VI_1 doesn\'t exist',
    'Non-existent interface specified in configuration',
  ]);
  t.equal(missing.ctx.diags.worst, 11, 'a general error outranks the BadIf class');
  const noMc = build('vrrp_instance T {\n interface tun0\n virtual_router_id 6\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n');
  t.same(noMc.vrrp('T').configFaults, ['interface tun0 does not support multicast']);
  const dynamic = build(instance('').replace('interface eth0', 'interface later0'), (ctx) => (ctx.config.globalDefs.dynamicInterfaces = true));
  t.same(dynamic.errors, []);
  t.equal(dynamic.vrrp().interface, 'later0');
});

t.test('VRID checks', async (t) => {
  const none = build('vrrp_instance V {\n interface eth0\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n');
  t.same(none.errors, ['(V) the virtual router id must be set']);
  const dup = build(instance('') + instance('', 'VI_2'));
  t.same(dup.errors, ['VI_1 and VI_2 both use VRID 51 with IPv4 on interface eth0']);
  const otherIf = build(instance('') + instance('', 'VI_2').replace('interface eth0', 'interface eth1'));
  t.same(otherIf.errors, []);
});

t.test('sync groups', async (t) => {
  const b = build(
    `${instance('')}${instance(' virtual_router_id 52\n notify_priority_changes off', 'VI_2')}vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n track_interface {\n  eth1 weight 5\n }\n smtp_alert\n notify_priority_changes\n sync_group_tracking_weight\n}\n`,
  );
  t.same(b.errors, []);
  const g = b.group('G1');
  t.match(g, { name: 'G1', group: ['VI_1', 'VI_2'], smtpAlert: true, notifyPriorityChanges: true, syncGroupTrackingWeight: true });
  t.same(g?.trackInterface, [{ name: 'eth1', weight: 5, weightReverse: false }]);
  t.equal(b.vrrp().syncGroup, 'G1');
  t.equal(b.vrrp().notifyPriorityChanges, true, 'members inherit the group setting');
  t.equal(b.vrrp('VI_2').notifyPriorityChanges, false, 'unless they set their own');

  const twice = build(
    `${instance('')}${instance(' virtual_router_id 52', 'VI_2')}vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n}\nvrrp_sync_group G2 {\n group {\n  VI_1\n }\n}\n`,
  );
  t.same(twice.ctx.config.vrrpSyncGroups.map((x) => x.name), ['G1'], 'a group left without members is removed');
  t.same(twice.errors, [
    'Virtual router VI_1 cannot exist in more than one sync group; ignoring G2',
    'Sync group G2, no matching virtual router found in group declaration - removing',
  ]);

  const weighted = build(
    `${instance(' track_interface {\n  eth1 weight 10\n }')}${instance(' virtual_router_id 52', 'VI_2')}vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n global_tracking\n}\n`,
  );
  t.equal(weighted.vrrp().trackInterface[0]?.weight, 10, 'global_tracking allows member weights');
  t.match(weighted.errors.join('\n'), /global_tracking is deprecated/);
  const unweighted = build(`${instance(' track_interface {\n  eth1 weight 10\n }')}${instance(' virtual_router_id 52', 'VI_2')}vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n}\n`);
  t.same(unweighted.vrrp().trackInterface, [{ name: 'eth1', weight: 0, weightReverse: false }], 'members lose tracker weights');
});

t.test('refused instance blocks are skipped whole', async (t) => {
  const b = build(`${instance('')}vrrp_instance VI_1 {\n interface nosuchif0\n virtual_router_id\n}\n${instance('', 'VI_2').replace('51', '52')}`);
  t.same(b.ctx.config.vrrpInstances.map((v) => v.name), ['VI_1', 'VI_2']);
  t.same(b.errors, ['(test.conf: Line 9) vrrp instance VI_1 already defined'], 'nothing inside the duplicate is read');
  const group = build(`${instance('')}${instance(' virtual_router_id 52', 'VI_2')}vrrp_sync_group G1 {\n group {\n  VI_1\n  VI_2\n }\n group {\n  VI_1\n }\n}\n`);
  t.match(group.errors.join('\n'), /Group list already specified for sync group G1[^]*Unknown keyword '}'/, "a skipped value block ends its level, leaving the group's `}` over");
});
