// keepalived's link_vsg_to_vs(): each `virtual_server group NAME` finds its group. A virtual server whose group is
// missing or whose family cannot match is dropped with only a log line (no configuration error), and each one is
// numbered among the servers of its group (keepalived shows that number as the port: `[NAME]:N`).
import type { BuildContext } from '../../parser/build-context';
import { dropVirtualServer, type CheckState, type VsDraft } from '../../sections/lvs/drafts';
import { fmtVs } from '../../sections/lvs/format';
import { groupFamilies } from '../../sections/lvs/vs-group';

function drop(ctx: BuildContext, state: CheckState, vs: VsDraft, why: string): void {
  ctx.diags.warning(undefined, why);
  dropVirtualServer(ctx, state, vs);
}

export function linkGroups(ctx: BuildContext, state: CheckState): void {
  for (const vs of [...state.vs]) {
    if (vs.kind !== 'group') continue;
    const name = vs.group as string;
    const vsg = state.groups.find((g) => g.name === name);
    if (vsg === undefined) {
      drop(ctx, state, vs, `Virtual server group ${name} specified but not configured - ignoring virtual server ${fmtVs(vs)}`);
      continue;
    }
    vs.vsg = vsg;
    const f = groupFamilies(vsg);
    const groupFamily = f.v4 === f.v6 ? undefined : f.v4 ? 'inet' : 'inet6';
    if (f.v4 && f.v6 && vs.family !== undefined) {
      drop(ctx, state, vs, `${name}: virtual server group with IPv4 & IPv6 doesn't match virtual server ${fmtVs(vs)} - ignoring`);
    } else if ((f.v4 && vs.family === 'inet6') || (f.v6 && vs.family === 'inet')) {
      drop(ctx, state, vs, `${name}: address family doesn't match virtual server ${fmtVs(vs)} - ignoring`);
    } else if (groupFamily !== undefined) vs.family ??= groupFamily;
    else if (vs.family === undefined && f.fwmarkNoFamily) {
      const msg = `${name}: Virtual server ${fmtVs(vs)} address family cannot be determined, defaulting to IPv4`;
      ctx.diags.warning(undefined, msg);
    }
  }
  for (const g of state.groups) {
    let member = 0;
    for (const vs of state.vs) if (vs.group === g.name) vs.groupMember = member++;
  }
}
