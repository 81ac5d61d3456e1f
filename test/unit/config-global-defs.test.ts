// global_defs and top-level keywords as the model holds them: every keyword's value, keepalived's defaults (router
// id, mail identity, GARP values that follow the master ones, default script user), and the quirks that keep or
// reset a setting after an error.
import t from 'tap';
import { emptyGlobalDefs, emptyTopLevel } from '../../src/config/model/global-defs';
import { exitCodeOf, fakeSystem, loadText, messagesOf } from './config-global-harness';

const gd = (body: string): string => `global_defs {\n${body}\n}\n`;

t.test('defaults with an empty global_defs', async (t) => {
  const r = loadText(gd(''));
  t.equal(exitCodeOf(r), 0);
  const g = r.config.globalDefs;
  t.equal(g.routerId, 'testhost', 'router_id defaults to the host name');
  t.equal(g.notificationEmailFrom, undefined, 'no mail defaults without an SMTP server');
  t.equal(g.smtpConnectTimeoutUs, undefined);
  t.equal(g.vrrpGarpLowerPrioDelayUs, 5_000_000, 'lower-priority GARP delay follows the master delay');
  t.equal(g.vrrpGarpLowerPrioRepeat, 5);
  t.equal(g.defaultScriptUid, 0, 'no keepalived_script user: scripts run as keepalived itself');
  t.equal(g.umask, 0o177);
  t.equal(g.defaultInterface, 'eth0');
  t.equal(g.vrrpMcastGroup4, '224.0.0.18');
  t.equal(g.vrrpMcastGroup6, 'ff02::12');
  t.equal(g.vrrpRxBufsMultiplier, 3);
  t.equal(g.vrrpRlimitRttimeUs, 10000);
  t.equal(g.minAutoPriorityDelayUs, 1_000_000);
  t.same(r.config.topLevel, emptyTopLevel());
  const untouched = emptyGlobalDefs();
  for (const key of ['vrrpVersion', 'vrrpDownTimerAdverts', 'vrrpGarpMasterRepeat', 'lvsFlushOnStop', 'dataUseInstance'] as const) {
    t.equal(g[key], untouched[key], key);
  }
});

t.test('identity and mail', async (t) => {
  const r = loadText(
    gd(
      [
        'router_id r1',
        'notification_email {',
        '  a@b c@d',
        '  "X Y <e@f>"',
        '}',
        'smtp_server 10.0.0.5 2525',
        'smtp_alert',
        'smtp_alert_vrrp off',
        'smtp_alert_checker yes',
        'no_email_faults',
        'no_checker_emails',
        'checker_log_all_failures',
      ].join('\n'),
    ),
  );
  t.equal(exitCodeOf(r), 0, messagesOf(r).join('\n'));
  const g = r.config.globalDefs;
  t.equal(g.routerId, 'r1');
  t.same(g.notificationEmail, ['a@b', 'c@d', 'X Y <e@f>'], 'every word of the block is an address');
  t.same(g.smtpServer, { host: '10.0.0.5', port: 2525 });
  t.equal(g.notificationEmailFrom, 'root@testhost', 'sender defaults to the running user at the host');
  t.equal(g.smtpHeloName, 'testhost');
  t.equal(g.smtpConnectTimeoutUs, 30_000_000, '30 s once an SMTP server is set');
  t.equal(g.smtpAlert, true);
  t.equal(g.smtpAlertVrrp, false);
  t.equal(g.smtpAlertChecker, true);
  t.ok(g.noEmailFaults && g.noCheckerEmails && g.checkerLogAllFailures);

  const explicit = loadText(gd('smtp_server localhost\nnotification_email_from k@x\nsmtp_helo_name h\nsmtp_connect_timeout 0')).config.globalDefs;
  t.same(explicit.smtpServer, { host: 'localhost', port: 25 });
  t.equal(explicit.notificationEmailFrom, 'k@x');
  t.equal(explicit.smtpHeloName, 'h');
  t.equal(explicit.smtpConnectTimeoutUs, 1_000_000, 'a 0 timeout becomes 1 s');
  t.equal(loadText(gd('smtp_alert x')).config.globalDefs.smtpAlert, undefined, 'a bad value leaves it unset');
});

t.test('process settings', async (t) => {
  const g = loadText(
    gd(
      [
        'process_names',
        'process_name 0123456789abcdefXYZ',
        'vrrp_priority -5',
        'checker_priority x',
        'bfd_priority 19',
        'vrrp_no_swap',
        'checker_no_swap',
        'bfd_no_swap',
        'vrrp_rt_priority 0',
        'checker_rt_priority 100',
        'bfd_rt_priority 50',
        'vrrp_cpu_affinity 0',
        'checker_cpu_affinity 0 9999',
        'vrrp_rlimit_rttime 1',
        'checker_rlimit_rtime 20000',
        'bfd_rlimit_rttime x',
        'max_auto_priority',
        'min_auto_priority_delay 500',
      ].join('\n'),
    ),
  ).config.globalDefs;
  t.equal(g.vrrpProcessName, 'keepalived_vrrp');
  t.equal(g.checkerProcessName, 'keepalived_lvs');
  t.equal(g.bfdProcessName, 'keepalived_bfd');
  t.equal(g.processName, '0123456789abcde', 'truncated to the kernel limit');
  t.equal(g.vrrpPriority, -5);
  t.equal(g.checkerPriority, 0, 'an invalid nice value resets it to 0');
  t.equal(g.bfdPriority, 19);
  t.ok(g.vrrpNoSwap && g.checkerNoSwap && g.bfdNoSwap);
  t.equal(g.vrrpRtPriority, 1, 'raised to the SCHED_RR minimum');
  t.equal(g.checkerRtPriority, 99, 'lowered to the SCHED_RR maximum');
  t.equal(g.bfdRtPriority, 50);
  t.same(g.vrrpCpuAffinity, [0]);
  t.same(g.checkerCpuAffinity, [], 'one bad CPU clears the set');
  t.equal(g.vrrpRlimitRttimeUs, 2, 'a limit of 1 becomes 2');
  t.equal(g.checkerRlimitRttimeUs, 20000, 'the older rlimit_rtime spelling works');
  t.equal(g.bfdRlimitRttimeUs, 0, 'an invalid limit becomes 0, as keepalived stores it');
  t.equal(g.maxAutoPriority, 99, 'bare: the SCHED_RR maximum');
  t.equal(g.minAutoPriorityDelayUs, 500);
  t.equal(loadText(gd('lvs_process_name l')).config.globalDefs.checkerProcessName, 'l');
});

t.test('umask numbers and bit names', async (t) => {
  const umask = (v: string): number => loadText(gd(`umask ${v}`)).config.globalDefs.umask;
  t.equal(umask('0022'), 0o022);
  t.equal(umask('0x1ff'), 0o777);
  t.equal(umask('8'), 8);
  t.equal(umask('IRUSR|IWGRP |IXOTH'), 0o421, "bits may be spread over words, joined by '|'");
  t.equal(umask('01000'), 0o177, 'invalid: unchanged');
  t.equal(umask('IRUSR IWUSR'), 0o177, "two bits without '|': unchanged");
  t.equal(exitCodeOf(loadText(gd('umask IRUSR|'))), 5);
});

t.test('VRRP defaults', async (t) => {
  const g = loadText(
    gd(
      [
        'vrrp_mcast_group4 224.0.0.19',
        'vrrp_mcast_group6 ff05::1',
        'vrrp_garp_master_delay 3',
        'vrrp_garp_master_repeat 0',
        'vrrp_garp_master_refresh 60',
        'vrrp_garp_master_refresh_repeat 2',
        'vrrp_down_timer_adverts 10',
        'vrrp_garp_interval 0.001',
        'vrrp_gna_interval 0.0025',
        'vrrp_garp_extra_if all 30',
        'vrrp_lower_prio_no_advert',
        'vrrp_higher_prio_send_advert on',
        'vrrp_version 3',
        'vrrp_check_unicast_src',
        'vrrp_skip_check_adv_addr',
        'vrrp_strict',
        'vrrp_startup_delay 2.5',
        'log_unknown_vrids',
        'vmac_prefix vr',
        'vmac_addr_prefix 02:00',
        'vrrp_rx_bufs_policy 100 mtu',
        'vrrp_rx_bufs_multiplier 4',
        'dynamic_interfaces allow_if_changes',
        'default_interface eth1',
      ].join('\n'),
    ),
  ).config.globalDefs;
  t.equal(g.vrrpMcastGroup4, '224.0.0.19');
  t.equal(g.vrrpMcastGroup6, 'ff05::1', 'reported as not link-local, but used');
  t.equal(g.vrrpGarpMasterDelayUs, 3_000_000);
  t.equal(g.vrrpGarpMasterRepeat, 1, '0 becomes 1');
  t.equal(g.vrrpGarpMasterRefreshUs, 60_000_000);
  t.equal(g.vrrpGarpMasterRefreshRepeat, 2);
  t.equal(g.vrrpGarpLowerPrioDelayUs, 3_000_000, 'follows the master delay');
  t.equal(g.vrrpGarpLowerPrioRepeat, 1, 'follows the master repeat');
  t.equal(g.vrrpDownTimerAdverts, 10);
  t.equal(g.vrrpGarpIntervalUs, 1000);
  t.equal(g.vrrpGnaIntervalUs, 2500);
  t.equal(g.vrrpGarpExtraIfUs, 30_000_000);
  t.equal(g.vrrpGarpExtraIfAll, true);
  t.ok(g.vrrpLowerPrioNoAdvert && g.vrrpHigherPrioSendAdvert);
  t.equal(g.vrrpVersion, 3);
  t.ok(g.vrrpCheckUnicastSrc && g.vrrpSkipCheckAdvAddr && g.vrrpStrict && g.logUnknownVrids);
  t.equal(g.vrrpStartupDelayUs, 2_500_000);
  t.equal(g.vmacPrefix, 'vr');
  t.equal(g.vmacAddrPrefix, '02:00');
  t.same(g.vrrpRxBufsPolicy, { mtu: false, advert: false, size: 100 }, 'a size wins over a policy');
  t.equal(g.vrrpRxBufsMultiplier, 4);
  t.ok(g.dynamicInterfaces && g.allowIfChanges);
  t.equal(g.defaultInterface, 'eth1');

  const minGarp = loadText(gd('vrrp_min_garp\nvrrp_garp_master_refresh 7')).config.globalDefs;
  t.equal(minGarp.vrrpMinGarp, true);
  t.equal(minGarp.vrrpGarpMasterDelayUs, 0, 'vrrp_min_garp: no second burst');
  t.equal(minGarp.vrrpGarpMasterRepeat, 1);
  t.equal(minGarp.vrrpGarpMasterRefreshRepeat, 0);
  t.equal(minGarp.vrrpGarpMasterRefreshUs, 7_000_000, 'a later setting still counts');
  const keep = loadText(gd('vrrp_garp_master_repeat 3\nvrrp_min_garp')).config.globalDefs;
  t.equal(keep.vrrpGarpMasterRepeat, 3, 'vrrp_min_garp leaves a configured repeat alone');
  t.equal(loadText(gd('vrrp_min_garp no')).config.globalDefs.vrrpGarpMasterRepeat, 5);
  t.equal(loadText(gd('vrrp_garp_master_refresh -1')).config.globalDefs.vrrpGarpMasterRefreshUs, 0, 'invalid refresh: off');
  t.equal(loadText(gd('vrrp_garp_extra_if all 0')).config.globalDefs.vrrpGarpExtraIfAll, true, "'all' counts even when the line is rejected");
});

t.test('firewall, netlink, SNMP and D-Bus', async (t) => {
  const g = loadText(
    gd(
      [
        'nftables_priority 7',
        'nftables',
        'nftables_ifindex',
        'nftables_counters',
        'nftables_ipvs kipvs',
        'nftables_ipvs_priority -5',
        'vrrp_netlink_cmd_rcv_bufs 1048576',
        'vrrp_netlink_cmd_rcv_bufs_force',
        'vrrp_netlink_monitor_rcv_bufs 0',
        'process_monitor_rcv_bufs 100',
        'lvs_netlink_cmd_rcv_bufs 5',
        'lvs_netlink_monitor_rcv_bufs 6',
        'lvs_netlink_monitor_rcv_bufs_force off',
        'snmp_socket tcp:1.2.3.4:705',
        'enable_traps',
        'enable_snmp_keepalived',
        'enable_snmp_checker',
        'enable_snmp_rfc',
        'enable_dbus',
        'dbus_service_name org.example.K',
      ].join('\n'),
    ),
  ).config.globalDefs;
  t.equal(g.nftables, 'keepalived');
  t.equal(g.nftablesPriority, -1, 'nftables resets an earlier priority');
  t.ok(g.nftablesIfindex && g.nftablesCounters);
  t.equal(g.nftablesIpvs, 'kipvs');
  t.equal(g.nftablesIpvsPriority, -5);
  t.equal(g.nftablesIpvsStartFwmark, 1000);
  t.equal(g.vrrpNetlinkCmdRcvBufs, 1048576);
  t.equal(g.vrrpNetlinkCmdRcvBufsForce, true);
  t.equal(g.vrrpNetlinkMonitorRcvBufs, 0);
  t.equal(g.processMonitorRcvBufs, 100);
  t.equal(g.lvsNetlinkCmdRcvBufs, 5);
  t.equal(g.lvsNetlinkMonitorRcvBufs, 6);
  t.equal(g.lvsNetlinkMonitorRcvBufsForce, false);
  t.equal(g.snmpSocket, 'tcp:1.2.3.4:705');
  t.ok(g.enableTraps && g.enableSnmpVrrp && g.enableSnmpChecker && g.enableSnmpRfcv2 && g.enableSnmpRfcv3 && g.enableDbus);
  t.equal(g.dbusServiceName, 'org.example.K');

  const ipt = loadText(gd('vrrp_iptables'));
  t.equal(ipt.config.globalDefs.nftables, 'keepalived', 'vrrp_iptables falls back to nftables');
  t.equal(exitCodeOf(ipt), 5, 'and is reported');
  t.equal(exitCodeOf(loadText(gd('vrrp_ipsets'))), 5, 'vrrp_ipsets is not a 2.2.7 keyword here');
});

t.test('LVS keywords', async (t) => {
  const g = loadText(
    gd('lvs_sync_daemon eth0 inst VI_1 id 3 maxlen 100 port 9000 ttl 3 group 224.0.0.99\nlvs_timeouts tcp 900 tcpfin 120 udp 300\nlvs_flush\nlvs_flush_onstop VS\nrs_init_notifies'),
  ).config.globalDefs;
  t.same(g.lvsSyncDaemon, { interface: 'eth0', instance: 'VI_1', id: 3, maxlen: 100, port: 9000, ttl: 3, group: '224.0.0.99' });
  t.same(g.lvsTimeouts, { tcpUs: 900_000_000, tcpfinUs: 120_000_000, udpUs: 300_000_000 });
  t.equal(g.lvsFlush, true);
  t.equal(g.lvsFlushOnStop, 'vs');
  t.equal(g.rsInitNotifies, true);
  const old = loadText(gd('lvs_sync_daemon eth0 VI_1 5\nlvs_flush_on_stop'));
  t.same(old.config.globalDefs.lvsSyncDaemon?.instance, 'VI_1', 'the old positional form');
  t.equal(old.config.globalDefs.lvsSyncDaemon?.id, 5);
  t.equal(old.config.globalDefs.lvsFlushOnStop, 'full');
  t.equal(exitCodeOf(old), 5, 'the old form is reported');
});

t.test('reload and housekeeping keywords', async (t) => {
  const g = loadText(
    gd('random_seed 42\nreload_check_config\nreload_time_file /run/kts-time\nreload_repeat\nreload_file\ntmp_config_directory /tmp\ndata_use_instance\ninclude_check +match'),
  ).config.globalDefs;
  t.equal(g.randomSeed, 42);
  t.equal(g.reloadCheckConfig, '/dev/null');
  t.equal(g.reloadTimeFile, '/run/kts-time');
  t.equal(g.reloadRepeat, true);
  t.equal(g.reloadFile, '/run/keepalived.reload');
  t.equal(g.tmpConfigDirectory, '/tmp');
  t.equal(g.dataUseInstance, true);
  t.equal(exitCodeOf(loadText(gd('include_check readable'))), 5, "the man page's 'readable' is not a 2.2.7 word");
  t.match(messagesOf(loadText(gd('data_use_instance x'))), [/for global date_use_instance specified/], "keepalived's typo kept");
});

t.test('top-level keywords', async (t) => {
  const r = loadText('net_namespace_ipvs\nnamespace_with_ipsets\ninstance i1\nchild_wait_time 10\nlinkbeat_use_polling\n');
  t.equal(exitCodeOf(r), 0);
  t.same(r.config.topLevel, {
    netNamespace: undefined,
    netNamespaceIpvs: '',
    namespaceWithIpsets: true,
    instance: 'i1',
    usePidDir: true,
    childWaitTimeUs: 10_000_000,
    linkbeatUsePolling: true,
  });
  t.equal(exitCodeOf(loadText('global_defs {\n  linkbeat_use_polling\n}\n')), 5, 'top-level only: unknown inside global_defs');
  t.equal(exitCodeOf(loadText('child_wait_time\n')), 2, 'a bare child_wait_time ends the parse');
  const ns = loadText('net_namespace nosuchns_kts\nglobal_defs {\n  foo\n}\n');
  t.equal(exitCodeOf(ns), 0, 'a missing namespace stops keepalived quietly, even with errors');
  t.match(ns.abort?.message, /Unable to set network namespace nosuchns_kts/);
});

t.test('the default script user', async (t) => {
  const withUser = fakeSystem({ users: [{ name: 'keepalived_script', uid: 999, gid: 998, dir: '/' }] });
  const g = loadText(gd(''), withUser).config.globalDefs;
  t.equal(g.defaultScriptUid, 999, 'keepalived_script when it exists');
  t.equal(g.defaultScriptGid, 998);
  const named = loadText(gd('script_user nobody nogroup')).config.globalDefs;
  t.equal(named.scriptUser, 'nobody');
  t.equal(named.scriptGroup, 'nogroup');
  t.equal(named.defaultScriptUid, 65534);
  const bad = loadText(gd('script_user no_such_user_kts\nscript_user root'));
  t.equal(bad.diags.list.filter((d) => d.message === 'Error setting global script uid/gid').length, 2, 'a failed script_user sticks');
  t.equal(bad.config.globalDefs.defaultScriptUid, undefined);
});

t.test('startup/shutdown scripts and notify FIFOs', async (t) => {
  const r = loadText(
    gd(
      [
        'enable_script_security',
        'script_user root',
        'startup_script "/bin/true a b"',
        'shutdown_script /bin/true nobody',
        'shutdown_script_timeout 20',
        'notify_fifo /tmp/kts-fifo nobody',
        'vrrp_notify_fifo /tmp/kts-fifo',
        'notify_fifo_script "/bin/true x"',
        'lvs_notify_fifo /tmp/kts-lvs',
        'lvs_notify_fifo_script /bin/true',
        'vrrp_notify_priority_changes',
        'fifo_write_vrrp_states_on_reload',
      ].join('\n'),
    ),
    // keepalived running as nobody: checking root's scripts then disables them instead of ending `-t`.
    fakeSystem({ uid: 65534 }),
  );
  const g = r.config.globalDefs;
  t.same(g.startupScript?.args, ['/bin/true', 'a', 'b']);
  t.equal(g.startupScript?.uid, 0);
  t.equal(g.startupScriptTimeoutUs, 10_000_000, '10 s once a startup script is set');
  t.equal(g.shutdownScript?.uid, 65534, 'the user word after the script');
  t.equal(g.shutdownScriptTimeoutUs, 20_000_000);
  t.same(g.notifyFifo, { name: '/tmp/kts-fifo', uid: 65534, gid: 65534 });
  t.equal(g.vrrpNotifyFifo, undefined, 'the same FIFO as the global one is dropped');
  t.same(g.notifyFifoScript?.args, ['/bin/true', 'x']);
  t.same(g.lvsNotifyFifo, { name: '/tmp/kts-lvs', uid: 0, gid: 0 });
  t.ok(g.vrrpNotifyPriorityChanges && g.fifoWriteVrrpStatesOnReload);
  t.equal(r.config.globalDefs.enableScriptSecurity, true);
});
