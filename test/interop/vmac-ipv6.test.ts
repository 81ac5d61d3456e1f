// use_vmac on IPv6, keepalived and keepalived-ts side by side in twin namespaces: the macvlan (private, on eth0,
// 00:00:5e:00:02:VRID, up in BACKUP, the base's link-local copied onto it unless vmac_xmit_base), its sysctls and
// addresses, the adverts' and unsolicited NAs' source MACs, with and without vmac_xmit_base; removal at stop.
import t from 'tap';
import { vmacScenario } from '../helpers/vmac-twins';

t.jobs = 1;
if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('use_vmac', (t) => vmacScenario(t, { family: 6, xmitBase: false }));
  t.test('use_vmac with vmac_xmit_base', (t) => vmacScenario(t, { family: 6, xmitBase: true }));
}
