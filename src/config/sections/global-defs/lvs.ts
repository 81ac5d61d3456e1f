// global_defs LVS keywords: lvs_sync_daemon, lvs_timeouts, lvs_flush, lvs_flush_on_stop, rs_init_notifies.
import { ConfigErr } from '../../diagnostics';
import type { LvsSyncDaemon, LvsTimeouts } from '../../model/global-defs';
import type { BuildContext } from '../../parser/build-context';
import type { KeywordArgs } from '../../parser/keyword-args';
import { parseIp } from '../../values/ip-text';
import { TIMER_HZ, readUnsignedWord } from '../../values/read-number';
import { flag, optionalBool, type KeywordSpec } from './flags';

/** The kernel's IP_VS_IFNAME_MAXLEN (including the NUL). */
const IP_VS_IFNAME_MAXLEN = 16;
/** keepalived's LVS_MAX_TIMEOUT: 31 days. */
const LVS_MAX_TIMEOUT = 86400 * 31;
/** The largest sync message: an IPv4 datagram less the IP and UDP headers. */
const SYNC_MAXLEN_MAX = 65535 - 20 - 8;

function lvsTimeouts(timeouts: LvsTimeouts, a: KeywordArgs): void {
  if (a.count < 3) return a.error(ConfigErr.GeneralError, 'lvs_timeouts requires at least one option');
  const fields: Readonly<Record<string, keyof LvsTimeouts>> = { tcp: 'tcpUs', tcpfin: 'tcpfinUs', udp: 'udpUs' };
  for (let i = 1; i < a.count; i++) {
    const option = a.word(i);
    const field = Object.hasOwn(fields, option) ? fields[option] : undefined;
    if (field === undefined) {
      a.error(ConfigErr.GeneralError, `Unknown option ${option} specified for lvs_timeouts`);
      continue;
    }
    if (i === a.count - 1) {
      a.error(ConfigErr.GeneralError, `No value specified for lvs_timeout ${option} - ignoring`);
      continue;
    }
    const secs = readUnsignedWord(a, a.word(++i), 0, LVS_MAX_TIMEOUT);
    if (secs === undefined) a.error(ConfigErr.GeneralError, `Invalid lvs_timeout ${option} (${a.word(i)}) - ignoring`);
    else timeouts[field] = secs * TIMER_HZ;
  }
}

/** The plain numeric options of lvs_sync_daemon and their ranges. */
const SYNC_NUMBERS: Readonly<Record<string, readonly [number, number]>> = {
  maxlen: [1, SYNC_MAXLEN_MAX],
  port: [1, 65535],
  ttl: [1, 255],
};

/** lvs_sync_daemon IF [[inst] VI] [id N] [maxlen N] [port N] [ttl N] [group ADDR]; the old form is IF VI [SYNCID]. */
function lvsSyncDaemon(ctx: BuildContext, a: KeywordArgs): void {
  const g = ctx.config.globalDefs;
  if (g.lvsSyncDaemon !== undefined) {
    const d = g.lvsSyncDaemon;
    return a.error(ConfigErr.GeneralError, `lvs_sync_daemon has already been specified as ${d.interface} ${d.instance ?? ''} - ignoring`);
  }
  if (!a.has(1)) return a.error(ConfigErr.GeneralError, 'lvs_sync_daemon requires interface');
  if (Buffer.byteLength(a.word(1)) >= IP_VS_IFNAME_MAXLEN) {
    return a.error(ConfigErr.GeneralError, `lvs_sync_daemon interface name '${a.word(1)}' too long - ignoring`);
  }
  const d: LvsSyncDaemon = {
    interface: a.word(1),
    instance: undefined,
    id: undefined,
    maxlen: undefined,
    port: undefined,
    ttl: undefined,
    group: undefined,
  };
  g.lvsSyncDaemon = d;
  for (let i = 2; i < a.count; i++) {
    const option = a.word(i);
    const last = i === a.count - 1;
    if (option === 'inst') {
      if (d.instance !== undefined) {
        a.error(ConfigErr.GeneralError, `lvs_sync_daemon vrrp instance has already been specified as ${d.instance} - ignoring`);
      } else d.instance = a.word(i + 1);
      i++;
    } else if (option === 'id') {
      if (last) {
        a.error(ConfigErr.GeneralError, 'No value specified for lvs_sync_daemon id, defaulting to vrid');
        continue;
      }
      const id = readUnsignedWord(a, a.word(++i), 0, 255);
      if (id === undefined) a.error(ConfigErr.GeneralError, `Invalid syncid (${a.word(i)}) - defaulting to vrid`);
      else d.id = id;
    } else if (Object.hasOwn(SYNC_NUMBERS, option)) {
      const [min, max] = SYNC_NUMBERS[option] as readonly [number, number];
      if (last) {
        a.error(ConfigErr.GeneralError, `No value specified for lvs_sync_daemon ${option} - ignoring`);
        continue;
      }
      const v = readUnsignedWord(a, a.word(++i), min, max);
      if (v === undefined) a.error(ConfigErr.GeneralError, `Invalid lvs_sync_daemon ${option} (${a.word(i)}) - ignoring`);
      else if (option === 'maxlen') d.maxlen = v;
      else if (option === 'port') d.port = v;
      else d.ttl = v;
    } else if (option === 'group') {
      if (last) {
        a.error(ConfigErr.GeneralError, 'No value specified for lvs_sync_daemon group - ignoring');
        continue;
      }
      const word = a.word(++i);
      const ip = parseIp(word);
      if (ip === undefined) a.error(ConfigErr.GeneralError, `Invalid lvs_sync_daemon group (${word}) - ignoring`);
      else if (ip.family === 'inet' ? (ip.bytes[0] as number) < 224 || (ip.bytes[0] as number) > 239 : ip.bytes[0] !== 0xff) {
        a.error(ConfigErr.GeneralError, `lvs_sync_daemon group address ${word} is not multicast - ignoring`);
      } else d.group = ip.text;
    } else if (i === 2) {
      // The old positional form: IF VRRP_INSTANCE [SYNC_ID].
      d.instance = option;
    } else if (i === 3) {
      const id = readUnsignedWord(a, option, 0, 255);
      if (id === undefined) a.error(ConfigErr.GeneralError, `Invalid syncid (${option}) - defaulting to vrid`);
      else {
        a.error(ConfigErr.GeneralError, 'Please use keyword "id" before lvs_sync_daemon SYNCID');
        d.id = id;
      }
    } else a.error(ConfigErr.GeneralError, `Unknown option ${option} specified for lvs_sync_daemon`);
  }
}

export function lvsKeywords(ctx: BuildContext): KeywordSpec[] {
  const g = ctx.config.globalDefs;
  return [
    { name: 'lvs_timeouts', handler: (a) => lvsTimeouts(g.lvsTimeouts, a) },
    flag('lvs_flush', () => (g.lvsFlush = true)),
    {
      name: 'lvs_flush_on_stop',
      // lvs_flush_onstop is the older spelling.
      aliases: ['lvs_flush_onstop'],
      handler: (a) => {
        if (a.count === 1) g.lvsFlushOnStop = 'full';
        else if (a.word(1) === 'VS') g.lvsFlushOnStop = 'vs';
        else a.error(ConfigErr.GeneralError, `Unknown lvs_flush_on_stop type ${a.word(1)}`);
      },
    },
    { name: 'lvs_sync_daemon', handler: (a) => lvsSyncDaemon(ctx, a) },
    optionalBool('rs_init_notifies', (v) => (g.rsInitNotifies = v)),
  ];
}
