// Allocation on the advert paths, in bytes per operation over a million operations: AdvertV4.refresh() (v3 and AH)
// and decodeV4() + field reads must allocate nothing. Each is paired with an allocating plain TS baseline (measured
// the same way over 200k operations), to show the method detects allocation.
import { hmacMd5_96 } from '../../src/core/wasm/digest';
import { AdvertV4 } from '../../src/core/wasm/vrrp-codec';
import { decodeV4TsAlloc, TsDecoded } from '../baselines/vrrp-decode';
import { TsAdvertEncoder } from '../baselines/vrrp-encode';
import { allocationPerOp, type Allocation } from '../alloc';
import { ahIcvInput, V2AH, V3 } from '../fixtures';
import type { Loop } from '../harness';
import { row, type Row } from '../report';
import { decodeSetups, tsDecodeLoop, wasmDecodeLoop } from './decode';
import { ahSetup, nodeHmac96 } from './hmac';

let escape: unknown;

export interface AllocResult {
  rows: Row[];
  /** "name: N GCs" per measured loop, for the notes. */
  gcs: string[];
}

export function allocRows(): AllocResult {
  const rows: Row[] = [];
  const gcs: string[] = [];
  const pair = (name: string, wasm: Loop, baseline: string, base: Loop): void => {
    const w: Allocation = allocationPerOp(wasm, 1e6, 3);
    const b: Allocation = allocationPerOp(base, 2e5, 2);
    rows.push(row(name, 'bytes/op', w.bytesPerOp, baseline, b.bytesPerOp));
    gcs.push(`${name}: ${w.gcs} GCs in 1e6 ops (baseline: ${b.gcs} GCs in 2e5 ops)`);
  };

  const v3 = new AdvertV4(V3.wasm);
  const enc = new TsAdvertEncoder();
  const v3Fields = { ...V3.ts };
  pair('alloc: AdvertV4.refresh() v3 (encode path)',
    (n) => { for (let i = 0; i < n; i++) v3.refresh(200, i & 0xffff); return v3.view[11]; },
    'plain TS encoder into a new Uint8Array per advert',
    (n) => { for (let i = 0; i < n; i++) { v3Fields.ipId = i & 0xffff; const b = new Uint8Array(64); enc.encode(b, v3Fields); escape = b; } return 0; });

  const { template, tsNode } = ahSetup();
  const ahFields = { ...V2AH.ts };
  const ahOut = new Uint8Array(2048);
  pair('alloc: AdvertV4.refresh() AH (encode path + ICV)',
    (n) => { for (let i = 0; i < n; i++) template.refresh(120, i & 0xffff, i + 1); return template.view[40]; },
    'plain TS AH encoder + node:crypto createHmac (prealloc out)',
    (n) => { for (let i = 0; i < n; i++) { ahFields.ipId = i & 0xffff; ahFields.ahSeq = i + 1; tsNode.encode(ahOut, ahFields); } return ahOut[40]; });

  const { v3: d3, ah } = decodeSetups();
  pair('alloc: decodeV4() + field reads, v3 (decode path)', wasmDecodeLoop(d3.packet, d3.wasm),
    'plain TS decoder returning a new result object',
    (n) => { let s = 0; for (let i = 0; i < n; i++) { const d: TsDecoded = decodeV4TsAlloc(d3.packet, d3.ts); s ^= d.priority; escape = d; } return s; });
  pair('alloc: decodeV4() + field reads, v2 AH (decode path + ICV)', wasmDecodeLoop(ah.packet, ah.wasm),
    'plain TS decoder (reused result) + node:crypto createHmac', tsDecodeLoop(ah.packet, ah.ts));

  const input = ahIcvInput(V2AH.packet);
  const out = Buffer.alloc(12);
  pair('alloc: hmacMd5_96(pass, data, out) facade', (n) => { for (let i = 0; i < n; i++) hmacMd5_96(V2AH.pass, input, out); return out[0]; },
    'node:crypto createHmac', (n) => { for (let i = 0; i < n; i++) nodeHmac96(V2AH.key, input, out); return out[0]; });
  void escape;
  return { rows, gcs };
}
