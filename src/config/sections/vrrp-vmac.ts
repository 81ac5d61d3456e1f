// `use_vmac [NAME] [MAC]` and `use_ipvlan [NAME] [ADDRESS] [bridge|private|vepa]` as keepalived reads them: up to
// two words for use_vmac (a word with ':' is a MAC, anything else a name), any order for use_ipvlan.
import { ConfigErr } from '../diagnostics';
import type { KeywordArgs } from '../parser/keyword-args';
import type { BuildContext } from '../parser/build-context';
import type { VrrpInstance } from '../model/vrrp';
import { parseIp } from '../values/ip-text';
import { instanceDraft } from './vrrp-draft';

const IFNAMSIZ = 16;

/** The kernel's dev_valid_name(), as keepalived copies it. */
function validInterfaceName(name: string): boolean {
  if (name === '' || name.length >= IFNAMSIZ || name === '.' || name === '..') return false;
  return !/[/:\s]/.test(name);
}

/** Whether another instance already claims `name` as its VMAC/ipvlan interface. */
function nameTaken(instances: readonly VrrpInstance[], self: VrrpInstance, name: string): VrrpInstance | undefined {
  return instances.find((o) => o !== self && (o.useVmac?.name === name || o.useIpvlan?.name === name));
}

/** What an existing interface would have to be to serve as the instance's own. */
const OWN_KIND = { vmac: 'a private macvlan', ipvlan: 'an l2 ipvlan' } as const;

/**
 * Whether `name` may become the instance's VMAC/ipvlan interface: no other instance claims it and no interface of
 * that name exists (sysfs cannot tell an existing one's mode, so any is taken as unsuitable and keepalived creates
 * its own name). Reports why not.
 */
function nameFree(
  ctx: BuildContext,
  a: KeywordArgs,
  v: VrrpInstance,
  instances: readonly VrrpInstance[],
  name: string,
  kind: keyof typeof OWN_KIND,
): boolean {
  const other = nameTaken(instances, v, name);
  if (other !== undefined) {
    a.error(
      ConfigErr.GeneralError,
      `(${v.name}) VRRP instance ${other.name} is already using ${name} - ignoring name`,
    );
    return false;
  }
  if (ctx.system.interfaceExists(name)) {
    a.error(
      ConfigErr.GeneralError,
      `(${v.name}) interface ${name} already exists and is not ${OWN_KIND[kind]}; ignoring ${kind} if_name`,
    );
    return false;
  }
  return true;
}

/** 00:00:5e:00:01:XX and 00:00:5e:00:02:XX belong to VRRP itself (RFC 5798). */
function isRfcVrrpMac(o: readonly number[]): boolean {
  return o[0] === 0 && o[1] === 0 && o[2] === 0x5e && o[3] === 0 && (o[4] === 1 || o[4] === 2);
}

/** keepalived's MAC reader for use_vmac: 6 octets, or 5 to have the VRID appended; undefined when malformed. */
function parseVmacMac(word: string): { octets: number[]; usesVrid: boolean } | undefined {
  const octets: number[] = [];
  let p = word;
  for (let j = 0; j < 6; j++) {
    const m = /^[0-9a-fA-F]*/.exec(p) as RegExpExecArray;
    const len = m[0].length;
    if (len === 0 || len > 2) return undefined;
    const rest = p.slice(len);
    if (!rest.startsWith(':') && (rest !== '' || j < 4)) return undefined;
    octets.push(parseInt(m[0], 16));
    if (j === 4 && (rest === '' || rest === ':')) return { octets, usesVrid: true };
    p = rest.slice(1);
    if (p === '' && j < 5) return undefined;
  }
  return { octets, usesVrid: false };
}

export function parseVmacWords(
  ctx: BuildContext,
  a: KeywordArgs,
  v: VrrpInstance,
  instances: readonly VrrpInstance[],
): void {
  const vmac = (v.useVmac ??= { name: undefined, mac: undefined, macUsesVrid: false });
  const d = instanceDraft(v);
  for (let i = 1; i < a.count && i <= 2; i++) {
    const word = a.word(i);
    if (word.includes(':')) {
      if (vmac.mac !== undefined) {
        a.error(ConfigErr.GeneralError, 'VMAC interface address already specified');
        continue;
      }
      if (!/^[0-9A-Fa-f:]*$/.test(word)) {
        a.error(ConfigErr.GeneralError, `VMAC invalid MAC address ${word}`);
        continue;
      }
      const mac = parseVmacMac(word);
      if (mac === undefined) a.error(ConfigErr.GeneralError, `VMAC invalid MAC address ${word} - ignored`);
      else if (((mac.octets[0] as number) & 1) !== 0) {
        a.error(ConfigErr.GeneralError, `VMAC MAC address is multicast ${word} - ignoring`);
      } else if (isRfcVrrpMac(mac.octets)) {
        a.error(ConfigErr.GeneralError, `VMAC MAC address not allowed to be RFC5798 address (${word}) - ignoring`);
      } else {
        vmac.mac = mac.octets.map((o) => o.toString(16).padStart(2, '0')).join(':');
        vmac.macUsesVrid = mac.usesVrid;
      }
      continue;
    }
    if (vmac.name !== undefined) {
      a.error(ConfigErr.GeneralError, 'VMAC interface name already specified');
      continue;
    }
    if (!validInterfaceName(word)) {
      a.error(ConfigErr.GeneralError, `VMAC interface name '${word}' too long or invalid characters - ignoring`);
      continue;
    }
    if (!nameFree(ctx, a, v, instances, word, 'vmac')) continue;
    vmac.name = word;
  }
}

export function parseIpvlanWords(
  ctx: BuildContext,
  a: KeywordArgs,
  v: VrrpInstance,
  instances: readonly VrrpInstance[],
): void {
  if (v.useIpvlan !== undefined) {
    a.error(ConfigErr.GeneralError, `(${v.name}) use_ipvlan already specified`);
    return;
  }
  const ipvlan: NonNullable<VrrpInstance['useIpvlan']> = { name: undefined, address: undefined, mode: 'bridge' };
  v.useIpvlan = ipvlan;
  const d = instanceDraft(v);
  let hadMode = false;
  for (let i = 1; i < a.count; i++) {
    const word = a.word(i);
    if (word === 'bridge' || word === 'private' || word === 'vepa') {
      if (hadMode) a.error(ConfigErr.GeneralError, `(${v.name}) ipvlan type already specified - ignoring '${word}'`);
      else {
        ipvlan.mode = word;
        hadMode = true;
      }
      continue;
    }
    const address = ipvlanAddress(word);
    if (address !== undefined) {
      if (ipvlan.address !== undefined) {
        a.error(ConfigErr.GeneralError, `(${v.name}) ipvlan address already specified - ignoring '${word}'`);
        continue;
      }
      if (d.family === undefined) d.family = address.family;
      else if (address.family !== d.family) {
        a.error(
          ConfigErr.GeneralError,
          `(${v.name}) ipvlan address[${word}] MUST match vrrp instance family !!! Skipping...`,
        );
        continue;
      }
      ipvlan.address = address.text;
      // keepalived also takes it as the source address unless one was configured.
      if (d.saddrFamily === undefined) {
        d.saddrFamily = address.family;
        d.saddrFromConfig = true;
      }
      continue;
    }
    if (ipvlan.name !== undefined) {
      a.error(ConfigErr.GeneralError, `(${v.name}) IPVLAN interface already specified - ignoring '${word}'`);
      continue;
    }
    if (word.length >= IFNAMSIZ) {
      a.error(ConfigErr.GeneralError, `(${v.name}) IPVLAN interface name '${word}' too long - ignoring`);
      continue;
    }
    if (!nameFree(ctx, a, v, instances, word, 'ipvlan')) continue;
    ipvlan.name = word;
  }
}

/** check_valid_ipaddress(): `IP[/LEN]` with a prefix length that fits the family. */
function ipvlanAddress(word: string): { family: 'inet' | 'inet6'; text: string } | undefined {
  const slash = word.indexOf('/');
  const ip = parseIp(slash < 0 ? word : word.slice(0, slash));
  if (ip === undefined) return undefined;
  if (slash >= 0) {
    const len = word.slice(slash + 1);
    if (!/^\d+$/.test(len) || Number(len) > (ip.family === 'inet' ? 32 : 128)) return undefined;
    return { family: ip.family, text: `${ip.text}/${Number(len)}` };
  }
  return { family: ip.family, text: ip.text };
}
