// use_vmac on IPv4, keepalived and keepalived-ts side by side in twin namespaces: the macvlan (private, on eth0,
// 00:00:5e:00:01:VRID, up in BACKUP), its sysctls and addresses, the adverts' and GARPs' source MACs, with and
// without vmac_xmit_base; all.rp_filter cleared and restored; a VMAC deleted by hand, set down and up; removal at stop.
import t from 'tap';
import { vmacScenario } from '../helpers/vmac-twins';

t.jobs = 1;
if (process.getuid?.() !== 0) {
  t.plan(0, 'needs root for network namespaces');
} else {
  t.test('use_vmac (rp_filter 2 before start, VMAC deleted while MASTER, then set down and up)', (t) => vmacScenario(t, { family: 4, xmitBase: false, allRpFilter: 2, deleteVmac: true, downUp: true }));
  t.test('use_vmac with vmac_xmit_base', (t) => vmacScenario(t, { family: 4, xmitBase: true }));
}
