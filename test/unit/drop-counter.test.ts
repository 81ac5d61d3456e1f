// src/vrrp/drop-reason.ts tables: every drop reason feeds the keepalived per-instance stats counter that
// keepalived's vrrp_check_packet bumps for it (counter names as in the reference, §1.3 JSON "stats" and §4.3), or
// none where keepalived only logs; and every reason has its wasm constant, with the value the module uses.
import t from 'tap';
import { DROP_COUNTER, DROP_WASM_NAME, DropReason } from '../../src/vrrp/drop-reason';
import { wasmModule } from '../../src/core/wasm/module';

const REASONS = Object.values(DropReason).filter((v): v is DropReason => typeof v === 'number');

/** keepalived's per-instance stats (reference §1.3, the JSON dump's "stats" object). */
const KEEPALIVED_STATS = [
  'advert_rcvd', 'advert_sent', 'become_master', 'release_master', 'packet_len_err', 'advert_interval_err',
  'ip_ttl_err', 'invalid_type_rcvd', 'addr_list_err', 'invalid_authtype', 'authtype_mismatch', 'auth_failure',
  'pri_zero_rcvd', 'pri_zero_sent',
];

const EXPECTED: Record<keyof typeof DropReason, string | null> = {
  Ok: null,
  IpHeader: null, // an AH header over another protocol: dropped uncounted
  AhPresence: 'authtype_mismatch', // reference §4.3 step 1
  TooShort: 'packet_len_err', // §4.3 step 2
  TooLong: 'packet_len_err',
  Ttl: 'ip_ttl_err', // step 3
  Version: null, // step 4: logged only
  InvalidAuthType: 'invalid_authtype', // step 6
  AuthTypeMismatch: 'authtype_mismatch',
  AuthPass: 'auth_failure',
  AhSpi: 'auth_failure',
  AhSeq: 'auth_failure',
  AhIcv: 'auth_failure',
  AdvertInterval: null, // step 6, v2 only: 2.2.7 logs it and never counts advert_interval_err
  Type: 'invalid_type_rcvd', // step 7
  Vrid: null, // unknown VRIDs are silently ignored
  IpLength: 'packet_len_err', // step 8
  Checksum: null, // step 10: logged only
  DstMode: null, // step 11: logged only
};

t.test('enum values are consecutive from Ok = 0', async (t) => {
  t.same(REASONS, REASONS.map((_, i) => i));
  t.equal(DropReason.Ok, 0);
});

t.test('DROP_COUNTER covers every reason and nothing else', async (t) => {
  t.same(Object.keys(DROP_COUNTER).map(Number).sort((a, b) => a - b), REASONS);
});

t.test('DROP_COUNTER names the counter keepalived bumps', async (t) => {
  for (const r of REASONS) {
    const name = DropReason[r] as keyof typeof DropReason;
    t.equal(DROP_COUNTER[r], EXPECTED[name], `${name} → ${EXPECTED[name] ?? 'no counter'}`);
  }
});

t.test('every counter used is one of keepalived\'s stats, and only the error ones', async (t) => {
  const used = new Set(Object.values(DROP_COUNTER).filter((c): c is NonNullable<typeof c> => c !== null));
  for (const c of used) t.ok(KEEPALIVED_STATS.includes(c), `${c} is a keepalived stats counter`);
  for (const c of ['advert_rcvd', 'advert_sent', 'become_master', 'release_master', 'pri_zero_rcvd', 'pri_zero_sent']) {
    t.notOk(used.has(c as never), `${c} is not a drop counter`);
  }
  t.equal(DROP_COUNTER[DropReason.Ok], null, 'an accepted advert counts no error');
});

t.test('DROP_WASM_NAME: every reason has the module constant of the same value', async (t) => {
  t.same(Object.keys(DROP_WASM_NAME).map(Number).sort((a, b) => a - b), REASONS);
  const { x } = wasmModule();
  for (const r of REASONS) {
    const g = x[DROP_WASM_NAME[r]];
    t.ok(g instanceof WebAssembly.Global, `${DROP_WASM_NAME[r]} exported`);
    t.equal(Number((g as WebAssembly.Global).value), r, `${DROP_WASM_NAME[r]} = ${r} (${DropReason[r]})`);
  }
  t.equal(new Set(Object.values(DROP_WASM_NAME)).size, REASONS.length, 'names are distinct');
});
