// keepalived in user-mode Linux vs LvsState: quorum with hysteresis, the sorry server, notify/quorum scripts, a
// virtual_server_group, a server of weight 0 (quorum clamped to 0), FILE_CHECK weights and faults, and shutdown
// with omega (down scripts run) and without.
import t from 'tap';
import { fifoGlobals, runStateScenario } from '../helpers/lvs-state-uml';
import { umlAvailable } from '../helpers/uml-shell';

const config = (dir: string): string => {
  const note = (word: string): string => `"${dir}/note.sh ${word}"`;
  const misc = (n: number): string => `MISC_CHECK {\n      misc_path "${dir}/chk.sh ${n}"\n      misc_timeout 30\n    }`;
  // One keyword per line: keepalived reads the words after a keyword as its arguments.
  return `global_defs {
  router_id uml
  script_user root
${fifoGlobals(dir)}}
virtual_server 10.0.0.100 80 {
  delay_loop 1
  lb_algo rr
  lb_kind NAT
  protocol TCP
  quorum 2
  hysteresis 1
  omega
  quorum_up ${note('quorum_up A')}
  quorum_down ${note('quorum_down A')}
  sorry_server 10.0.0.9 80
  real_server 10.0.0.1 80 {
    notify_up ${note('up 1')}
    notify_down ${note('down 1')}
    ${misc(1)}
  }
  real_server 10.0.0.2 80 {
    notify_up ${note('up 2')}
    notify_down ${note('down 2')}
    ${misc(2)}
  }
  real_server 10.0.0.3 80 {
    ${misc(3)}
  }
}
virtual_server 10.0.0.103 80 {
  delay_loop 1
  lb_algo rr
  lb_kind NAT
  protocol TCP
  quorum_up ${note('quorum_up F')}
  quorum_down ${note('quorum_down F')}
  real_server 10.0.0.10 80 {
    weight 0
    ${misc(10)}
  }
}
track_file tf11 {
  file ${dir}/tf.11
}
track_file tf12 {
  file ${dir}/tf.12
}
virtual_server 10.0.0.104 80 {
  delay_loop 1
  lb_algo wrr
  lb_kind NAT
  protocol TCP
  real_server 10.0.0.11 80 {
    weight 2
    FILE_CHECK {
      track_file tf11
      weight 3
    }
  }
  real_server 10.0.0.12 80 {
    notify_down ${note('down 12')}
    FILE_CHECK {
      track_file tf12
      weight 0
    }
  }
}
virtual_server_group G {
  10.0.0.50-51 80
}
virtual_server group G {
  delay_loop 1
  lb_algo rr
  lb_kind NAT
  protocol TCP
  quorum_down ${note('quorum_down D')}
  real_server 10.0.0.7 80 {
    notify_down ${note('down 7')}
    ${misc(7)}
  }
}
`;
};

if (!umlAvailable()) t.pass('skipped: user-mode Linux with IPVS modules is not installed');
else {
  t.test('quorum, hysteresis, sorry server, group, omega', { timeout: 120_000 }, (t) =>
    runStateScenario(t, {
      config,
      refs: {
        'A/1': { vsIndex: 0, rsIndex: 0, checkerIndex: 0 },
        'A/2': { vsIndex: 0, rsIndex: 1, checkerIndex: 0 },
        'A/3': { vsIndex: 0, rsIndex: 2, checkerIndex: 0 },
        'F/10': { vsIndex: 1, rsIndex: 0, checkerIndex: 0 },
        'T/11': { vsIndex: 2, rsIndex: 0, checkerIndex: 0 },
        'T/12': { vsIndex: 2, rsIndex: 1, checkerIndex: 0 },
        'D/7': { vsIndex: 3, rsIndex: 0, checkerIndex: 0 },
      },
      vsKeys: { '[10.0.0.100]:tcp:80': 'A', '[10.0.0.103]:tcp:80': 'F', '[10.0.0.104]:tcp:80': 'T', '[G]:0': 'D' },
      suspended: ['T/11', 'T/12'],
      rcFiles: ['rc.1', 'rc.2', 'rc.3', 'rc.7', 'rc.10'],
      steps: [
        { name: 'one of three down (quorum 2, hysteresis 1 holds)', file: 'rc.1', value: 1, key: 'A/1' },
        { name: 'two down', file: 'rc.2', value: 1, key: 'A/2' },
        { name: 'all down: quorum lost, sorry server in', file: 'rc.3', value: 1, key: 'A/3' },
        { name: 'one back: below quorum+hysteresis', file: 'rc.1', value: 0, key: 'A/1' },
        { name: 'two back', file: 'rc.2', value: 0, key: 'A/2' },
        { name: 'three back: quorum gained, sorry server out', file: 'rc.3', value: 0, key: 'A/3' },
        { name: 'group server down', file: 'rc.7', value: 1, key: 'D/7' },
        { name: 'FILE_CHECK value 2 × weight 3', trackFile: { file: 'tf.11', value: 2, key: 'T/11' } },
        { name: 'FILE_CHECK value −1 × weight 3 (weight −1 → 0)', trackFile: { file: 'tf.11', value: -1, key: 'T/11' } },
        { name: 'FILE_CHECK value at fault', trackFile: { file: 'tf.11', value: -1000000000, key: 'T/11' } },
        { name: 'FILE_CHECK leaves fault', trackFile: { file: 'tf.11', value: 0, key: 'T/11' } },
        { name: 'FILE_CHECK weight 0: non-zero fails', trackFile: { file: 'tf.12', value: 1, key: 'T/12' } },
        { name: 'FILE_CHECK weight 0: zero recovers', trackFile: { file: 'tf.12', value: 0, key: 'T/12' } },
        { name: 'weight-0 server down', file: 'rc.10', value: 1, key: 'F/10' },
        { name: 'weight-0 server back', file: 'rc.10', value: 0, key: 'F/10' },
        { name: 'one down again before shutdown', file: 'rc.2', value: 1, key: 'A/2' },
      ],
    }),
  );
}
