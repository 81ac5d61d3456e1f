// The syslog ident of each keepalived process. keepalived appends "_<netns>" (net_namespace / -s) and then
// "_<instance>" (instance / -i… in global_defs) when those are set.

export type ProcessRole = 'parent' | 'vrrp' | 'checker' | 'bfd';

const BASE: Readonly<Record<ProcessRole, string>> = {
  parent: 'Keepalived',
  vrrp: 'Keepalived_vrrp',
  checker: 'Keepalived_healthcheckers',
  bfd: 'Keepalived_bfd',
};

export function syslogIdent(role: ProcessRole, suffix: { netns?: string; instance?: string } = {}): string {
  let ident = BASE[role];
  if (suffix.netns) ident += `_${suffix.netns}`;
  if (suffix.instance) ident += `_${suffix.instance}`;
  return ident;
}
