// A purpose-built reader for the small keepalived.conf files that come with the golden captures
// (../shared/fixtures/captures/*.conf). It is NOT a keepalived parser: no includes, no quoting, no
// conditionals, no defaults beyond what those fixtures need. It turns the file into a tree of
// `keyword args… [{ children }]` statements (a statement ends at the end of its line unless it opens a block) and
// reads the vrrp_instance fields the golden tests derive their expectations from.
import { isIP } from 'node:net';
import { readFileSync } from 'node:fs';

export interface ConfNode {
  key: string;
  args: string[];
  line: number;
  children?: ConfNode[];
}

interface Token {
  text: string;
  line: number;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/[#!].*$/, '');
    for (const m of line.matchAll(/[{}]|[^\s{}]+/g)) out.push({ text: m[0], line: i + 1 });
  });
  return out;
}

/** Parses the whole file into statements. */
export function parseConfTree(text: string, what = 'conf'): ConfNode[] {
  const tokens = tokenize(text);
  let pos = 0;
  function block(depth: number): ConfNode[] {
    const nodes: ConfNode[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos];
      if (t.text === '}') {
        if (depth === 0) throw new Error(`${what}:${t.line}: unbalanced '}'`);
        pos++;
        return nodes;
      }
      if (t.text === '{') throw new Error(`${what}:${t.line}: '{' without a keyword`);
      const node: ConfNode = { key: t.text, args: [], line: t.line };
      pos++;
      while (pos < tokens.length && tokens[pos].line === t.line && tokens[pos].text !== '{' && tokens[pos].text !== '}') {
        node.args.push(tokens[pos++].text);
      }
      if (pos < tokens.length && tokens[pos].text === '{') {
        pos++;
        node.children = block(depth + 1);
      }
      nodes.push(node);
    }
    if (depth > 0) throw new Error(`${what}: unterminated block at end of file`);
    return nodes;
  }
  return block(0);
}

export interface VipConf {
  /** The address without its prefix length. */
  address: string;
  family: 4 | 6;
  prefix?: number;
  /** Whatever followed the address on its line (dev, label, …). */
  options: string[];
}

export interface VrrpInstanceConf {
  name: string;
  state?: string;
  interface?: string;
  /** `version` if given, else 2; instances with IPv6 VIPs are always VRRPv3 (keepalived forces it). */
  version: 2 | 3;
  vrid: number;
  priority: number;
  /** advert_int as written, in seconds. */
  advertInt: number;
  authType: 'NONE' | 'PASS' | 'AH';
  authPass?: string;
  vips: VipConf[];
  family: 4 | 6;
  unicastSrcIp?: string;
  unicastPeers: string[];
}

function child(node: ConfNode, key: string): ConfNode | undefined {
  return node.children?.find((c) => c.key === key);
}

function single(node: ConfNode, key: string, what: string): string | undefined {
  const c = child(node, key);
  if (!c) return undefined;
  if (c.args.length !== 1) throw new Error(`${what}:${c.line}: ${key} takes one argument, got ${c.args.length}`);
  return c.args[0];
}

function int(v: string | undefined, key: string, what: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new Error(`${what}: ${key} ${v} is not an integer`);
  return Number(v);
}

function vip(node: ConfNode, what: string): VipConf {
  const [address, prefix] = node.key.split('/');
  const family = isIP(address);
  if (family !== 4 && family !== 6) throw new Error(`${what}:${node.line}: ${node.key} is not an IP address`);
  return { address, family, prefix: prefix === undefined ? undefined : Number(prefix), options: node.args };
}

function instance(node: ConfNode, what: string): VrrpInstanceConf {
  const name = node.args[0];
  const vrid = int(single(node, 'virtual_router_id', what), 'virtual_router_id', what);
  const priority = int(single(node, 'priority', what), 'priority', what);
  if (vrid === undefined) throw new Error(`${what}: ${name} has no virtual_router_id`);
  const vips = (child(node, 'virtual_ipaddress')?.children ?? []).map((n) => vip(n, what));
  const family = vips[0]?.family ?? 4;
  if (vips.some((v) => v.family !== family)) throw new Error(`${what}: ${name} mixes IPv4 and IPv6 VIPs`);
  const explicitVersion = int(single(node, 'version', what), 'version', what);
  const version = family === 6 ? 3 : (explicitVersion ?? 2);
  if (version !== 2 && version !== 3) throw new Error(`${what}: ${name}: version ${version}`);
  const auth = child(node, 'authentication');
  const authTypeRaw = auth ? single(auth, 'auth_type', what) : undefined;
  const authType = authTypeRaw === undefined ? 'NONE' : authTypeRaw.toUpperCase();
  if (authType !== 'NONE' && authType !== 'PASS' && authType !== 'AH') throw new Error(`${what}: auth_type ${authTypeRaw}`);
  const advertInt = Number(single(node, 'advert_int', what) ?? '1');
  if (!(advertInt > 0)) throw new Error(`${what}: ${name}: bad advert_int`);
  return {
    name,
    state: single(node, 'state', what),
    interface: single(node, 'interface', what),
    version,
    vrid,
    priority: priority ?? 100,
    advertInt,
    authType,
    authPass: auth ? single(auth, 'auth_pass', what) : undefined,
    vips,
    family,
    unicastSrcIp: single(node, 'unicast_src_ip', what),
    unicastPeers: (child(node, 'unicast_peer')?.children ?? []).map((n) => n.key),
  };
}

/** The vrrp_instance blocks of a fixture conf. */
export function parseVrrpInstances(text: string, what = 'conf'): VrrpInstanceConf[] {
  return parseConfTree(text, what).filter((n) => n.key === 'vrrp_instance').map((n) => instance(n, what));
}

export function readVrrpInstances(path: string): VrrpInstanceConf[] {
  return parseVrrpInstances(readFileSync(path, 'utf8'), path);
}

/** The advert interval as it goes on the wire: v2 whole seconds, v3 centiseconds. */
export function wireInterval(conf: VrrpInstanceConf): number {
  return conf.version === 2 ? Math.round(conf.advertInt) : Math.round(conf.advertInt * 100);
}

/** keepalived's 8-byte auth_data: auth_pass truncated to 8 bytes and zero-padded. */
export function authData(pass: string): Buffer {
  const out = Buffer.alloc(8);
  Buffer.from(pass, 'utf8').copy(out, 0, 0, 8);
  return out;
}
