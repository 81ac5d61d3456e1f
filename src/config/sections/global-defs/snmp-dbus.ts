// global_defs SNMP and D-Bus keywords.
import { ConfigErr } from '../../diagnostics';
import type { BuildContext } from '../../parser/build-context';
import { flag, type KeywordSpec } from './flags';

/** PATH_MAX less the NUL. */
const SOCKET_NAME_MAX = 4095;

export function snmpDbusKeywords(ctx: BuildContext): KeywordSpec[] {
  const g = ctx.config.globalDefs;
  return [
    {
      name: 'snmp_socket',
      handler: (a) => {
        if (a.count > 2) return a.error(ConfigErr.GeneralError, 'Too many parameters specified for snmp_socket - ignoring');
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'SNMP error : snmp socket name missing');
        if (Buffer.byteLength(a.word(1)) > SOCKET_NAME_MAX) {
          return a.error(ConfigErr.GeneralError, 'SNMP error : snmp socket name too long - ignored');
        }
        if (g.snmpSocket !== undefined) return a.error(ConfigErr.GeneralError, `SNMP socket already set to ${g.snmpSocket} - ignoring`);
        g.snmpSocket = a.word(1);
      },
    },
    flag('enable_traps', () => (g.enableTraps = true)),
    // enable_snmp_keepalived is the name before 2.0.
    { ...flag('enable_snmp_vrrp', () => (g.enableSnmpVrrp = true)), aliases: ['enable_snmp_keepalived'] },
    flag('enable_snmp_checker', () => (g.enableSnmpChecker = true)),
    flag('enable_snmp_rfc', () => {
      g.enableSnmpRfcv2 = true;
      g.enableSnmpRfcv3 = true;
    }),
    flag('enable_snmp_rfcv2', () => (g.enableSnmpRfcv2 = true)),
    flag('enable_snmp_rfcv3', () => (g.enableSnmpRfcv3 = true)),
    flag('enable_dbus', () => (g.enableDbus = true)),
    {
      name: 'dbus_service_name',
      handler: (a) => {
        if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'dbus_service_name missing - ignoring');
        g.dbusServiceName = a.word(1);
      },
    },
  ];
}
