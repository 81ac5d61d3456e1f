// keepalived in user-mode Linux vs LvsState: inhibit_on_failure, sorry_server_inhibit, misc_dynamic weights, two
// checkers on one real server, alpha with ha_suspend (checkers follow the virtual address), an IPv6 service, a
// fwmark service, rs_init_notifies, starting with quorum down (sorry server in at start), and a shutdown with an
// inhibited server down.
import t from 'tap';
import { fifoGlobals, runStateScenario } from '../helpers/lvs-state-uml';
import { umlAvailable } from '../helpers/uml-shell';

const config = (dir: string): string => {
  const note = (word: string): string => `"${dir}/note.sh ${word}"`;
  // One keyword per line: keepalived reads the words after a keyword as its arguments.
  const misc = (n: number, extra = '', script = 'chk.sh'): string =>
    `MISC_CHECK {\n      misc_path "${dir}/${script} ${n}"\n      misc_timeout 30\n      ${extra}\n    }`;
  return `global_defs {
  router_id uml
  script_user root
${fifoGlobals(dir)}  rs_init_notifies
}
virtual_server 10.0.0.101 80 {
  delay_loop 1
  lb_algo wrr
  lb_kind DR
  protocol TCP
  quorum 3
  inhibit_on_failure
  sorry_server 10.0.0.9 80
  sorry_server_inhibit
  quorum_down ${note('quorum_down B')}
  real_server 10.0.0.4 80 {
    weight 2
    ${misc(4, 'misc_dynamic')}
  }
  real_server 10.0.0.5 80 {
    weight 1
    notify_up ${note('up 5')}
    ${misc(5)}
    ${misc(5, '', 'chk2.sh')}
  }
}
virtual_server 10.0.0.102 80 {
  delay_loop 1
  lb_algo rr
  lb_kind NAT
  protocol TCP
  alpha
  ha_suspend
  sorry_server 10.0.0.9 80
  real_server 10.0.0.6 80 {
    notify_down ${note('down 6')}
    ${misc(6)}
  }
}
virtual_server fd00::100 80 {
  delay_loop 1
  lb_algo rr
  lb_kind NAT
  protocol TCP
  real_server fd00::21 80 {
    ${misc(21)}
  }
}
virtual_server fwmark 5 {
  delay_loop 1
  lb_algo rr
  lb_kind NAT
  real_server 10.0.0.8 80 {
    ${misc(8, 'misc_dynamic')}
  }
}
`;
};

if (!umlAvailable()) t.pass('skipped: user-mode Linux with IPVS modules is not installed');
else {
  t.test('inhibit, dynamic weights, several checkers, alpha + ha_suspend, fwmark', { timeout: 120_000 }, (t) =>
    runStateScenario(t, {
      config,
      refs: {
        'B/4': { vsIndex: 0, rsIndex: 0, checkerIndex: 0 },
        'B/5': { vsIndex: 0, rsIndex: 1, checkerIndex: 0 },
        'B/5b': { vsIndex: 0, rsIndex: 1, checkerIndex: 1 },
        'C/6': { vsIndex: 1, rsIndex: 0, checkerIndex: 0 },
        'V/21': { vsIndex: 2, rsIndex: 0, checkerIndex: 0 },
        'E/8': { vsIndex: 3, rsIndex: 0, checkerIndex: 0 },
      },
      vsKeys: { '[10.0.0.101]:tcp:80': 'B', '[10.0.0.102]:tcp:80': 'C', '[fd00::100]:tcp:80': 'V', 'FWM 5': 'E' },
      suspended: ['C/6'],
      rcFiles: ['rc.4', 'rc.5', 'rc2.5', 'rc.6', 'rc.8', 'rc.21'],
      steps: [
        { name: 'misc_dynamic weight 5', file: 'rc.4', value: 7, key: 'B/4', dynamic: true },
        { name: 'second checker of .5 fails (inhibit)', file: 'rc2.5', value: 1, key: 'B/5b' },
        { name: 'first checker of .5 fails too (no change)', file: 'rc.5', value: 1, key: 'B/5', quiet: true },
        { name: 'second checker recovers (one still failed)', file: 'rc2.5', value: 0, key: 'B/5b', quiet: true },
        { name: 'dynamic server fails (sorry server weighted up)', file: 'rc.4', value: 1, key: 'B/4', dynamic: true },
        { name: 'dynamic server back with weight 3', file: 'rc.4', value: 5, key: 'B/4', dynamic: true },
        { name: 'last checker of .5 recovers', file: 'rc.5', value: 0, key: 'B/5' },
        { name: 'ha_suspend address appears, alpha checker succeeds', address: '10.0.0.102', present: true, file: 'rc.6', value: 0, key: 'C/6' },
        { name: 'ha_suspend address leaves', address: '10.0.0.102', present: false },
        { name: 'IPv6 server down', file: 'rc.21', value: 1, key: 'V/21' },
        { name: 'IPv6 server back', file: 'rc.21', value: 0, key: 'V/21' },
        { name: 'fwmark server down', file: 'rc.8', value: 1, key: 'E/8', dynamic: true },
        { name: 'fwmark server back with weight 0', file: 'rc.8', value: 2, key: 'E/8', dynamic: true },
        { name: 'inhibited server down before shutdown', file: 'rc.5', value: 1, key: 'B/5' },
      ],
    }),
  );
}
