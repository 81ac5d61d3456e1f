// `virtual_server_group NAME { … }`: a value block, one entry per line: `ADDR[-END|/MASK] [PORT]` or
// `fwmark N [inet|inet6]`, read as keepalived's alloc_vsg_entry() reads them.
import { ConfigAbort, ConfigErr, Position } from '../../diagnostics';
import type { BuildContext } from '../../parser/build-context';
import { EXIT_MISSING_PARAMETER, KeywordArgs, type BlockEntry } from '../../parser/keyword-args';
import type { KeywordDef } from '../../parser/keyword-tree';
import { LineCursor } from '../../parser/line-cursor';
import { strtoul } from '../../values/c-numbers';
import { readUnsignedWord } from '../../values/read-number';
import type { AddressFamily, VirtualServerGroup, VsgAddressRange } from '../../model/virtual-server';
import { checkState } from './drafts';
import { familyOf, inetNtop, octetsValue, portWord, type Octets, type SockAddr } from './inet-address';
import { inetStoSockaddr } from './sockaddr';

/** keepalived exits here: its alloc_value_block() reads a word the group handler left empty. */
function abortMissingWord(ctx: BuildContext, pos: Position): never {
  const msg = '*** Configuration line starting `***MISSING ***` is missing a parameter at word position 1';
  ctx.diags.error(ConfigErr.MissingParameter, pos, msg);
  throw new ConfigAbort(msg, EXIT_MISSING_PARAMETER);
}

/** `/MASK`: the last address of the block, or undefined after reporting. */
function maskRangeEnd(a: KeywordArgs, text: string, start: SockAddr): Octets | undefined {
  const n = strtoul(text.slice(text.indexOf('/') + 1));
  const bits = start.family === 'inet' ? 32 : 128;
  if (n.rest !== '' || n.value === 0 || n.value > bits) {
    a.error(ConfigErr.GeneralError, `Invalid netmask - ${text} - skipping`);
    return undefined;
  }
  const end = [...start.octets];
  // The host bits must be clear in the address; they are all set in the range end.
  for (let bit = n.value; bit < bits; bit++) {
    const byte = bit >> 3;
    const m = 0x80 >> (bit & 7);
    if (((start.octets[byte] as number) & m) !== 0) {
      a.error(ConfigErr.GeneralError, `Address mask bits not empty - ${text} - skipping`);
      return undefined;
    }
    end[byte] = (end[byte] as number) | m;
  }
  return end;
}

/** `A-B` (last octet / last group) or `A-FULLADDR`: the range end, or undefined after reporting. */
function dashRangeEnd(
  a: KeywordArgs,
  ctx: BuildContext,
  text: string,
  start: SockAddr,
  port: string | undefined,
): Octets | undefined | null {
  const dash = text.indexOf('-');
  if (dash < 0) return null;
  const endText = text.slice(dash + 1);
  if (endText.includes(start.family === 'inet' ? '.' : ':')) {
    const end = inetStoSockaddr(a, endText, port);
    if (end === undefined) {
      a.error(ConfigErr.GeneralError, `Invalid range end ${text} - skipping`);
      return undefined;
    }
    if (end.family !== start.family) {
      a.error(ConfigErr.GeneralError, `Range address families do not match ${text} - skipping`);
      return undefined;
    }
    if (octetsValue(start.octets) > octetsValue(end.octets)) {
      a.error(ConfigErr.GeneralError, `Address range end is less than address range start - ${text} - skipping`);
      return undefined;
    }
    return end.octets;
  }
  // keepalived's inet_stor(): decimal last octet for IPv4, hex last group for IPv6.
  const v6 = familyOf(text) === 'inet6';
  const r = strtoul(endText, v6 ? 16 : 10);
  const limit = v6 ? 0xffff : 255;
  if (r.rest !== '') {
    const warn = ctx.diags.configTest ? '' : 'WARNING - ';
    a.error(ConfigErr.InvalidNumber, `${warn}Virtual server group range '${text}' has extra characters at end '${r.rest}'`);
    if (ctx.diags.configTest) return undefined;
  } else if (r.overflow || r.value > limit) {
    a.error(ConfigErr.InvalidNumber, `Virtual server group range '${text}' end '${endText}' too large`);
    return undefined;
  }
  const range = r.value % 2 ** 32;
  const end = [...start.octets];
  let first: number;
  if (start.family === 'inet') {
    first = start.octets[3] as number;
    end[3] = range & 0xff;
  } else {
    first = ((start.octets[14] as number) << 8) | (start.octets[15] as number);
    end[14] = (range >> 8) & 0xff;
    end[15] = range & 0xff;
  }
  if (first >= range) {
    a.error(ConfigErr.GeneralError, `Address range end is not greater than address range start - ${text} - skipping`);
    return undefined;
  }
  return end;
}

interface GroupBuild {
  group: VirtualServerGroup;
  haveV4: boolean;
  haveV6: boolean;
  fwmarkNoFamily: boolean;
}

function addEntry(ctx: BuildContext, g: GroupBuild, e: BlockEntry): void {
  const a = new KeywordArgs(e.words, { text: e.text, pos: e.pos }, ctx.diags, new LineCursor([]));
  const first = a.word(0);
  if (first === 'fwmark') {
    const fwmark = readUnsignedWord(a, a.word(1), 0, 4294967295, true);
    if (fwmark === undefined) {
      return a.error(ConfigErr.GeneralError, `(${g.group.name}): fwmark '${a.word(1)}' must be in [0, 4294967295] - ignoring`);
    }
    let family: AddressFamily | undefined;
    if (a.has(2)) {
      const f = a.word(2);
      if (f !== 'inet' && f !== 'inet6') {
        return a.error(ConfigErr.GeneralError, `(${g.group.name}): fwmark '${fwmark}' family ${f} unknown - ignoring`);
      }
      family = f;
      if (f === 'inet') g.haveV4 = true;
      else g.haveV6 = true;
    } else g.fwmarkNoFamily = true;
    g.group.fwmarks.push({ fwmark, family });
    return;
  }
  const port = a.has(1) ? portWord(a.word(1)) : undefined;
  const start = inetStoSockaddr(a, first, port);
  if (start === undefined) {
    const p = port === undefined ? '' : `/port/${port}`;
    return a.error(ConfigErr.GeneralError, `Invalid virtual server group IP address ${first} ${p} - skipping`);
  }
  let end: Octets | undefined | null;
  if (first.includes('/')) end = maskRangeEnd(a, first, start);
  else end = dashRangeEnd(a, ctx, first, start, port);
  if (end === undefined) return;
  const range: VsgAddressRange = {
    family: start.family,
    address: start.address,
    addressEnd: inetNtop(end ?? start.octets),
    port: start.port,
  };
  g.group.addressRanges.push(range);
  if (start.family === 'inet') g.haveV4 = true;
  else g.haveV6 = true;
}

export function vsGroupKeyword(ctx: BuildContext): KeywordDef {
  const state = checkState(ctx);
  return {
    name: 'virtual_server_group',
    handler: (a) => {
      const name = a.word(1);
      if (a.count > 2 || a.peekLine()?.text !== '{') abortMissingWord(ctx, a.pos);
      const g: GroupBuild = {
        group: { name, addressRanges: [], fwmarks: [] },
        haveV4: false,
        haveV6: false,
        fwmarkNoFamily: false,
      };
      const end = a.readBlockLines((e) => addEntry(ctx, g, e), 1);
      const endPos = end ?? a.pos;
      if (g.group.addressRanges.length === 0 && g.group.fwmarks.length === 0) {
        ctx.diags.error(ConfigErr.GeneralError, endPos, `virtual server group ${name} has no entries - removing`);
      } else if (g.haveV4 && g.haveV6 && g.fwmarkNoFamily) {
        ctx.diags.error(
          ConfigErr.GeneralError,
          endPos,
          `virtual server group ${name} cannot have IPv4, IPv6 and fwmark without family - removing`,
        );
      } else {
        state.groups.push(g.group);
        ctx.config.virtualServerGroups.push(g.group);
      }
    },
  };
}

/** keepalived's have_ipv4/have_ipv6 of a group. */
export function groupFamilies(g: VirtualServerGroup): { v4: boolean; v6: boolean; fwmarkNoFamily: boolean } {
  const fams = [...g.addressRanges.map((r) => r.family), ...g.fwmarks.map((f) => f.family)];
  return { v4: fams.includes('inet'), v6: fams.includes('inet6'), fwmarkNoFamily: fams.includes(undefined) };
}
