// vrrp_script / track_file / vrrp_track_process / bfd_instance / interface-group configurations and script
// security, for the verdict comparison with `keepalived -t`. They run in a namespace with `lo` and `eth0`;
// `nosuchif0` never exists. @DIR@ holds bin/check.sh (secure), bin/noexec.sh, bin/owned.sh (owned by nobody) and
// ww/check.sh (in a world-writable folder).
import type { ConfCase } from './config-global-harness';

const SECURE = 'global_defs {\n  enable_script_security\n  script_user root\n}\n';

function inst(body = ''): string {
  return `vrrp_instance VI_1 {\n  interface eth0\n  virtual_router_id 51\n  priority 100\n  virtual_ipaddress {\n    10.0.0.1\n  }\n${body}\n}\n`;
}

function block(head: string, body: string): string {
  return `${head} {\n${body
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => `  ${l}`)
    .join('\n')}\n}\n`;
}

const script = (body: string): string => block('vrrp_script chk', body);
const secured = (body: string): string => SECURE + script(body) + inst();

const VRRP_SCRIPT: ReadonlyArray<readonly [string, string]> = [
  ['valid script with every keyword', secured('script "@DIR@/bin/check.sh arg"\ninterval 2\ntimeout 1\nweight -20 reverse\nrise 2\nfall 3\ninit_fail')],
  ['interval/timeout 0, bad rise/fall', secured('script @DIR@/bin/check.sh\ninterval 0\ntimeout 0\nrise 0\nfall x')],
  ['interval max, timeout too big', secured('script @DIR@/bin/check.sh\ninterval 4294\ntimeout 4295\nrise 2147483647\nfall 2147483648')],
  ['weight option unknown', secured('script @DIR@/bin/check.sh\nweight 10 foo\nweight -253 reverse')],
  ['weight without value', secured('script @DIR@/bin/check.sh\nweight')],
  ['interval without value', secured('script @DIR@/bin/check.sh\ninterval')],
  ['interval with a fraction', secured('script @DIR@/bin/check.sh\ninterval 1.5')],
  ['weight 300', secured('script @DIR@/bin/check.sh\nweight 300')],
  ['user root root extra', secured('script @DIR@/bin/check.sh\nuser root root extra')],
  ['user with unknown group', secured('script @DIR@/bin/check.sh\nuser root no_such_group_kts')],
  ['user unknown', secured('script @DIR@/bin/check.sh\nuser no_such_user_kts')],
  ['user without value', secured('script @DIR@/bin/check.sh\nuser')],
  ['script without value', secured('script')],
  ['script empty', secured('script ""')],
  ['no script line', secured('interval 2')],
  ['second script replaces the first', secured('script "@DIR@/bin/check.sh"\nscript @DIR@/ww/check.sh')],
  ['insecure folder with security', secured('script @DIR@/ww/check.sh')],
  ['missing script with security', secured('script /nonexistent/kts/check.sh')],
  ['bare name not in PATH', secured('script no_such_command_kts')],
  ['bare name found in PATH', secured('script true')],
  ['not executable with security', secured('script @DIR@/bin/noexec.sh')],
  ['owned by nobody, run as root', secured('script @DIR@/bin/owned.sh')],
  ['file-open test form', secured('script "</@DIR@/bin/check.sh"')],
  ['no security: secure script', script('script @DIR@/bin/check.sh') + inst()],
  ['no security: no instance', script('script @DIR@/bin/check.sh')],
  ['no security: insecure folder', script('script @DIR@/ww/check.sh') + inst()],
  ['no security: not executable', script('script @DIR@/bin/noexec.sh') + inst()],
  ['no security: missing script', script('script /nonexistent/kts/check.sh') + inst()],
  ['security without keepalived_script user', 'global_defs {\n  enable_script_security\n}\n' + script('script @DIR@/bin/check.sh') + inst()],
  ['security, script_user nobody (keepalived -t kills itself)', 'global_defs {\n  enable_script_security\n  script_user nobody\n}\n' + script('script @DIR@/ww/check.sh') + inst()],
  ['script_user unknown', 'global_defs {\n  script_user no_such_user_kts\n}\n' + script('script @DIR@/bin/check.sh') + inst()],
  ['own user root, no default user', 'global_defs {\n  enable_script_security\n}\n' + script('script @DIR@/bin/check.sh\nuser root') + inst()],
  ['user nobody (killed)', script('script @DIR@/bin/check.sh\nuser nobody') + inst()],
  ['user nobody, missing script (killed)', script('script /nonexistent/kts/x\nuser nobody') + inst()],
  ['user nobody, file-open form', script('script "</@DIR@/bin/check.sh"\nuser nobody') + inst()],
  ['user nobody, bare name not found', script('script no_such_command_kts\nuser nobody') + inst()],
  ['user nobody without instances', script('script @DIR@/bin/check.sh\nuser nobody')],
  ['vrrp_script without name', 'vrrp_script {\n  script @DIR@/bin/check.sh\n}\n'],
  ['unterminated quote (keepalived crashes)', secured("script '@DIR@/bin/check.sh")],
  ['trailing backslash inside quotes', secured('script "@DIR@/bin/check.sh\\\\"')],
  ['vrrp_script defined twice', SECURE + block('vrrp_script a', 'script @DIR@/bin/check.sh') + block('vrrp_script a', 'script @DIR@/bin/check.sh\nweight 5')],
  ['vrrp_script with two names', SECURE + block('vrrp_script a b', 'script @DIR@/bin/check.sh')],
];

const NOTIFY: ReadonlyArray<readonly [string, string]> = [
  ['notify without security', inst('  notify_master @DIR@/bin/check.sh')],
  ['notify with unknown user', inst('  notify_master @DIR@/bin/check.sh no_such_user_kts')],
  ['notify with :group (not in 2.2.7)', inst('  notify_master @DIR@/bin/check.sh root :root')],
  ['notify with unknown group', inst('  notify_master @DIR@/bin/check.sh root no_such_group_kts')],
  ['notify file-open form', inst('  notify_master "</@DIR@/bin/check.sh"')],
  ['notify missing script without security', inst('  notify_master /nonexistent/kts/x.sh')],
  ['notify bare name in PATH', inst('  notify_master true')],
  ['notify without value', inst('  notify_master')],
  ['notify empty', inst('  notify_master ""')],
  ['notify empty single-quoted', inst("  notify_master ''")],
  ['notify blanks', inst('  notify_master "   "')],
  ['notify as nobody (killed)', inst('  notify_master @DIR@/bin/check.sh nobody')],
  ['notify with arguments', inst('  notify "@DIR@/bin/check.sh a b"')],
  ['notify with nested quotes', inst('  notify_master "/bin/sh -c \'exit 0\'"')],
  ['notify with an unterminated single quote', inst("  notify_master '@DIR@/bin/check.sh")],
  ['notify with an unterminated double quote', inst('  notify_master "@DIR@/bin/check.sh')],
  ['notify ending in a backslash', inst('  notify_master @DIR@/bin/check.sh\\')],
  ['startup_script with an unterminated quote', "global_defs {\n  startup_script '@DIR@/bin/check.sh\n}\n"],
  ['notify insecure without security', inst('  notify_backup @DIR@/ww/check.sh')],
  ['notify insecure with security', SECURE + inst('  notify_master @DIR@/ww/check.sh')],
  ['notify missing with security', SECURE + inst('  notify_master /nonexistent/kts/notify.sh')],
  ['notify needing the missing default user', 'global_defs {\n  enable_script_security\n}\n' + inst('  notify_master @DIR@/bin/check.sh')],
  ['instance on a missing interface skips the script check', inst('  notify_master @DIR@/bin/check.sh').replace('interface eth0', 'interface nosuchif0')],
  ['instance without VRID still has its scripts checked', 'vrrp_instance VI_1 {\n  interface eth0\n  virtual_ipaddress {\n    10.0.0.1\n  }\n  notify_master @DIR@/bin/check.sh\n}\n'],
  ['sync group script without instances', 'vrrp_sync_group G {\n  group {\n    VI_X\n  }\n  notify_master @DIR@/bin/check.sh\n}\n'],
  ['global notify_fifo_script with an instance', 'global_defs {\n  notify_fifo_script @DIR@/bin/check.sh\n}\n' + inst()],
  ['vrrp_notify_fifo_script with an instance', 'global_defs {\n  vrrp_notify_fifo /tmp/kts-fifo\n  vrrp_notify_fifo_script @DIR@/bin/check.sh\n}\n' + inst()],
  ['notify_fifo_script without instances', 'global_defs {\n  notify_fifo /tmp/kts-fifo\n  notify_fifo_script @DIR@/bin/check.sh\n}\n'],
];

const process = (body: string): string => block('vrrp_track_process tp', body);
const TRACK_PROCESS: ReadonlyArray<readonly [string, string]> = [
  ['process only', process('process sshd')],
  ['process with parameters, twice, param_match', process('process "/usr/sbin/sshd -D" -x y\nprocess foo\nparam_match\nparam_match bad')],
  ['weight 255 then 10', process('process sshd\nweight 255\nweight 10')],
  ['weight option unknown', process('process sshd\nweight 10 foo')],
  ['weight without value', process('process sshd\nweight')],
  ['quorum errors', process('process sshd\nquorum 0\nquorum 3\nquorum_max 2\nquorum_max 0')],
  ['quorum above quorum_max 0', process('process sshd\nquorum_max 0\nquorum 2')],
  ['delays', process('process sshd\ndelay 0\nfork_delay 3601\nterminate_delay 1.5\ndelay 0.0000001')],
  ['full_command', process('process sshd\nfull_command')],
  ['no process', process('weight 3')],
  ['process without value', process('process')],
  ['no name', 'vrrp_track_process {\n  process sshd\n}\n'],
  ['param_match exact is not a word', process('process sshd\nparam_match exact')],
  ['param_match initial, partial', process('process sshd\nparam_match initial\nparam_match partial')],
  ['tracked by an instance', process('process sshd\nweight 10 reverse\nquorum 2\nquorum_max 5') + inst('  track_process {\n    tp\n  }')],
];

const file = (body: string): string => block('track_file tf', body);
const TRACK_FILE: ReadonlyArray<readonly [string, string]> = [
  ['file only', file('file @DIR@/state/tf')],
  ['no file', file('weight 1')],
  ['file without value', file('file')],
  ['file twice', file('file a\nfile b')],
  ['weight 255', file('file a\nweight 255')],
  ['weight twice', file('file a\nweight 5\nweight 6')],
  ['weight option unknown', file('file a\nweight 5 foo')],
  ['weight without value', file('file a\nweight')],
  ['init_file', file('file a\ninit_file')],
  ['init_file 300', file('file a\ninit_file 300')],
  ['init_file x', file('file a\ninit_file x')],
  ['init_file -5 overwrite', file('file a\ninit_file -5 overwrite')],
  ['init_file beyond int', file('file a\ninit_file 99999999999')],
  ['overwrite a folder', file('file @DIR@/bin\ninit_file overwrite')],
  ['create over a folder', file('file @DIR@/bin\ninit_file')],
  ['vrrp_track_file alias', 'vrrp_track_file tf {\n  file @DIR@/state/tf\n}\n'],
  ['no name', 'track_file {\n  file @DIR@/state/tf\n}\n'],
  ['tracked by an instance', file('file @DIR@/state/tf\nweight -5\ninit_file 0 overwrite') + inst('  track_file {\n    tf weight 2 reverse\n  }')],
];

const bfd = (body: string, name = 'b1'): string => block(`bfd_instance ${name}`, body);
const BFD: ReadonlyArray<readonly [string, string]> = [
  ['neighbor only', bfd('neighbor_ip 10.0.0.2')],
  ['every value out of range', bfd('neighbour_ip 10.0.0.2\nmin_rx 0\nmin_tx 100000\nidle_tx 5\nmultiplier 0\nttl 0\nmax_hops -2\nweight 254')],
  ['every value at its limit', bfd('neighbour_ip 10.0.0.2\nmin_rx 1\nmin_tx 1000\nidle_tx 1000\nmultiplier 1\nttl 255\nmax_hops -1\nweight -253')],
  ['garbage values', bfd('neighbor_ip 10.0.0.2\nmin_rx 99999999\nmin_tx abc\nidle_tx 3x\nmultiplier 256')],
  ['source of another family', bfd('neighbor_ip 10.0.0.2\nsource_ip fe80::1')],
  ['malformed neighbour', bfd('neighbor_ip foo')],
  ['malformed source, no neighbour', bfd('source_ip foo\nmin_rx 10')],
  ['flags, and multihop (not in 2.2.7)', bfd('neighbor_ip 10.0.0.2\nweight 10 reverse\nvrrp\nchecker\npassive\nmultihop')],
  ['max_hops above ttl', bfd('neighbor_ip 10.0.0.2\nmax_hops 255\nhoplimit 10')],
  ['max_hops above the IPv6 hop limit', bfd('neighbor_ip fd00::2\nmax_hops 100')],
  ['weight option unknown', bfd('neighbor_ip 10.0.0.2\nweight 10 foo')],
  ['weight without value', bfd('neighbor_ip 10.0.0.2\nweight')],
  ['neighbor_ip without value (keepalived crashes)', bfd('neighbor_ip')],
  ['min_rx without value', bfd('neighbor_ip 10.0.0.2\nmin_rx')],
  ['decimals', bfd('neighbor_ip 10.0.0.2\nmin_rx 10.5\nmin_tx 0.001\nidle_tx 1000.0001')],
  ['neighbour twice', bfd('neighbor_ip 10.0.0.2\nneighbor_ip 10.0.0.3')],
  ['neighbour with a port', bfd('neighbor_ip 10.0.0.2:80\nsource_ip 10.0.0.1 extra')],
  ['malformed neighbour stops the BFD keywords', bfd('neighbor_ip foo\nmin_rx 0')],
  ['name of 31 characters', bfd('neighbor_ip 10.0.0.2', '0123456789012345678901234567890')],
  ['name of 32 characters', bfd('neighbor_ip 10.0.0.2', '01234567890123456789012345678901')],
  ['no name (keepalived crashes)', 'bfd_instance {\n  neighbor_ip 10.0.0.2\n}\n'],
  ['duplicate name and neighbour', bfd('neighbor_ip 10.0.0.2') + bfd('neighbor_ip 10.0.0.3') + bfd('neighbor_ip 10.0.0.2', 'b2')],
  ['duplicates with sources', bfd('neighbor_ip 10.0.0.2\nsource_ip 10.0.0.1') + bfd('source_ip 10.0.0.3\nneighbor_ip 10.0.0.2', 'b2') + bfd('source_ip 10.0.0.1\nneighbor_ip 10.0.0.2', 'b3')],
  ['duplicate neighbour found when the block closes', bfd('neighbor_ip 10.0.0.2') + bfd('neighbor_ip 10.0.0.2\nmin_rx 0\nfoo', 'b2')],
  ['disabled session still tracked by VRRP', bfd('min_rx 10') + inst('  track_bfd {\n    b1\n  }')],
  ['checker-only session tracked by VRRP', bfd('neighbor_ip 10.0.0.2\nchecker') + inst('  track_bfd {\n    b1\n  }')],
  ['vrrp session tracked by VRRP', bfd('neighbor_ip 10.0.0.2\nvrrp') + inst('  track_bfd {\n    b1\n  }')],
];

const GROUPS: ReadonlyArray<readonly [string, string]> = [
  ['linkbeat with a missing interface', 'linkbeat_interfaces {\n  eth0\n  nosuchif0\n}\n'],
  ['linkbeat types', 'linkbeat_interfaces {\n  eth0 MII\n  lo ETHTOOL x\n  eth0 FOO\n}\n'],
  ['linkbeat with dynamic_interfaces', 'global_defs {\n  dynamic_interfaces\n}\nlinkbeat_interfaces {\n  nosuchif0 IOCTL\n}\n'],
  ['up/down delays', 'interface_up_down_delays {\n  eth0 2\n  lo 1.5 3\n}\n'],
  ['up/down delay on a missing interface', 'interface_up_down_delays {\n  nosuchif0 2\n}\n'],
  ['up/down delays that are skipped', 'interface_up_down_delays {\n  eth0\n  lo 256\n  eth0 1 2 3\n  eth0 x\n  eth0 1.0000001\n}\n'],
  ['track_group with an unknown member', block('track_group TG', 'group {\n  VI_1\n  VI_X\n}') + inst()],
  ['track_group without group', 'track_group TG {\n}\n'],
  ['track_group with an empty group', 'track_group TG {\n  group {\n  }\n}\n'],
  ['track_group without name', 'track_group {\n  group {\n    VI_1\n  }\n}\n'],
  ['track_group with two names', 'track_group TG extra {\n  group {\n    VI_1\n  }\n}\n'],
  ['track_group twice', 'track_group TG {\n}\ntrack_group TG {\n}\n'],
  ['garp_group good', 'garp_group {\n  garp_interval 0.5\n  interface eth0\n}\n'],
  ['garp_group without delay', 'garp_group {\n  interface eth0\n}\n'],
  ['garp_group bad values, missing interface', 'garp_group {\n  gna_interval x\n  garp_interval -1\n  interface nosuchif0\n}\n'],
  ['garp_group interface in two groups', 'garp_group {\n  garp_interval 1\n  interfaces {\n    eth0\n    lo\n  }\n}\ngarp_group {\n  gna_interval 1\n  interface eth0\n}\n'],
  ['garp_group empty interfaces', 'garp_group {\n  garp_interval 1\n  interfaces {\n  }\n}\n'],
  ['garp_group interval too precise', 'garp_group {\n  garp_interval 0.0000001\n}\n'],
  ['garp_group missing interface skips the script check', 'garp_group {\n  garp_interval 1\n  interface nosuchif0\n}\n' + inst('  notify_master @DIR@/bin/check.sh')],
];

const named = (group: string, list: ReadonlyArray<readonly [string, string]>): ConfCase[] =>
  list.map(([name, conf]) => ({ name: `${group}: ${name}`, conf }));

export const TRACKER_CASES: ConfCase[] = [
  ...named('vrrp_script', VRRP_SCRIPT),
  ...named('notify', NOTIFY),
  ...named('vrrp_track_process', TRACK_PROCESS),
  ...named('track_file', TRACK_FILE),
  ...named('bfd_instance', BFD),
  ...named('groups', GROUPS),
];
