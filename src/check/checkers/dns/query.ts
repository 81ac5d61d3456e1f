// The DNS_CHECK query and reply test of keepalived 2.2.7 (dns_make_query / dns_recv_thread), sans-IO: one
// question with Recursion Desired and a random id; a reply counts when it is at least 8 bytes (keepalived compares
// with the size of a pointer), has the same id and the QR bit, and then passes only with rcode 0.
import type { DnsRecordType } from '../../../config/model/virtual-server';

export const DNS_TYPE_CODES: Record<DnsRecordType, number> = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  RRSIG: 46,
  DNSKEY: 48,
};

/** The query bytes for name/type with the given id. */
export function buildDnsQuery(id: number, name: string, type: DnsRecordType): Buffer {
  const labels: Buffer[] = [];
  // keepalived splits on dots and writes each label with its length; "." alone is the root (no extra zero).
  let s = name;
  while (s.length > 0) {
    const dot = s.indexOf('.');
    const label = dot < 0 ? s : s.slice(0, dot);
    const bytes = Buffer.from(label, 'latin1');
    labels.push(Buffer.from([bytes.length & 0xff]), bytes);
    s = dot < 0 ? '' : s.slice(dot + 1);
  }
  const tail = name === '.' ? [] : [Buffer.from([0])];
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id & 0xffff, 0);
  header.writeUInt16BE(0x0100, 2); // RD
  header.writeUInt16BE(1, 4);
  const qtail = Buffer.alloc(4);
  qtail.writeUInt16BE(DNS_TYPE_CODES[type], 0);
  qtail.writeUInt16BE(1, 2); // IN
  return Buffer.concat([header, ...labels, ...tail, qtail]);
}

export type DnsReplyVerdict =
  /** Not an answer to our query: keep waiting. */
  | { kind: 'ignore' }
  | { kind: 'ok' }
  | { kind: 'rcode'; rcode: number };

export function judgeDnsReply(id: number, reply: Uint8Array): DnsReplyVerdict {
  if (reply.length < 8) return { kind: 'ignore' };
  const rid = (reply[0]! << 8) | reply[1]!;
  if (rid !== (id & 0xffff)) return { kind: 'ignore' };
  const flags = (reply[2]! << 8) | reply[3]!;
  if (!(flags & 0x8000)) return { kind: 'ignore' };
  const rcode = flags & 0x000f;
  return rcode === 0 ? { kind: 'ok' } : { kind: 'rcode', rcode };
}
