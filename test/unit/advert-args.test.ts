// AdvertV4 / AdvertV6 refuse arguments that cannot go on the wire with a RangeError that names the value and the
// allowed range, and accept the extremes that can.
import t from 'tap';
import { AdvertV4, AdvertV4Fields, AdvertV6, AdvertV6Fields, AUTH_AH, AUTH_NONE, AUTH_PASS } from '../../src/core/wasm/vrrp-codec';

const V4: AdvertV4Fields = {
  version: 2, vrid: 51, priority: 100, addrs: [0x0a4d0064], authType: AUTH_NONE, interval: 1,
  src: 0x0a4d0001, dst: 0xe0000012,
};
const V3: AdvertV4Fields = { ...V4, version: 3, interval: 100 };
const V6: AdvertV6Fields = {
  vrid: 54, priority: 100, addrs: [new Uint8Array(16).fill(1)], interval: 100,
  src: Uint8Array.from([0xfe, 0x80, ...new Array<number>(13).fill(0), 1]),
  dst: Uint8Array.from([0xff, 0x02, ...new Array<number>(13).fill(0), 0x12]),
};

t.test('VRID', async (t) => {
  for (const vrid of [0, 256, -1, 1.5]) {
    const message = new RegExp(`^VRID ${vrid} out of range 1\\.\\.255$`);
    t.throws(() => new AdvertV4({ ...V4, vrid }), { name: 'RangeError', message }, `v2 VRID ${vrid}`);
    t.throws(() => new AdvertV4({ ...V3, vrid }), { name: 'RangeError', message }, `v3 VRID ${vrid}`);
    t.throws(() => new AdvertV6({ ...V6, vrid }), { name: 'RangeError', message }, `IPv6 VRID ${vrid}`);
  }
  t.equal(new AdvertV4({ ...V4, vrid: 1 }).view[21], 1, 'VRID 1 accepted');
  t.equal(new AdvertV4({ ...V4, vrid: 255 }).view[21], 255, 'VRID 255 accepted');
  t.equal(new AdvertV6({ ...V6, vrid: 255 }).view[1], 255, 'IPv6 VRID 255 accepted');
});

t.test('priority', async (t) => {
  for (const priority of [256, -1, 100.5]) {
    const message = new RegExp(`^priority ${priority} out of range 0\\.\\.255$`);
    t.throws(() => new AdvertV4({ ...V4, priority }), { name: 'RangeError', message }, `v2 priority ${priority}`);
    t.throws(() => new AdvertV6({ ...V6, priority }), { name: 'RangeError', message }, `IPv6 priority ${priority}`);
  }
  t.equal(new AdvertV4({ ...V4, priority: 0 }).view[22], 0, 'priority 0 (resign) accepted');
  t.equal(new AdvertV4({ ...V4, priority: 255 }).view[22], 255, 'priority 255 (owner) accepted');
});

t.test('advert interval: v2 seconds 1..255, v3 centiseconds 1..4095', async (t) => {
  for (const interval of [0, 256, -1, 0.5]) {
    t.throws(() => new AdvertV4({ ...V4, interval }),
      { name: 'RangeError', message: new RegExp(`^advert interval ${interval} out of range 1\\.\\.255$`) }, `v2 interval ${interval}`);
  }
  for (const interval of [0, 4096, 1.5]) {
    const message = new RegExp(`^advert interval ${interval} out of range 1\\.\\.4095$`);
    t.throws(() => new AdvertV4({ ...V3, interval }), { name: 'RangeError', message }, `v3 interval ${interval}`);
    t.throws(() => new AdvertV6({ ...V6, interval }), { name: 'RangeError', message }, `IPv6 interval ${interval}`);
  }
  t.equal(new AdvertV4({ ...V4, interval: 255 }).view[25], 255, 'v2 255 s accepted');
  t.equal(new AdvertV4({ ...V3, interval: 4095 }).view.readUInt16BE(24), 4095, 'v3 4095 cs accepted');
  t.equal(new AdvertV6({ ...V6, interval: 4095 }).view.readUInt16BE(4), 4095, 'IPv6 4095 cs accepted');
  t.equal(new AdvertV4({ ...V3, interval: 1 }).view.readUInt16BE(24), 1, 'v3 1 cs accepted');
});

t.test('authentication', async (t) => {
  for (const authType of [AUTH_PASS, AUTH_AH] as const) {
    t.throws(() => new AdvertV4({ ...V3, authType, authPass: 'secret1' }),
      { name: 'RangeError', message: 'VRRPv3 carries no authentication' }, `v3 with auth type ${authType}`);
    t.throws(() => new AdvertV4({ ...V4, authType }),
      { name: 'RangeError', message: 'auth_type set without auth_pass' }, `v2 auth type ${authType} without a password`);
  }
  t.equal(new AdvertV4({ ...V4, authType: AUTH_PASS, authPass: 'x' }).length, 20 + 8 + 4 + 8, 'v2 PASS accepted');
  t.equal(new AdvertV4({ ...V4, authType: AUTH_AH, authPass: 'x' }).length, 20 + 24 + 8 + 4 + 8, 'v2 AH accepted');
});

t.test('address count', async (t) => {
  const many = Array.from({ length: 256 }, (_, i) => 0x0a000000 + i);
  t.throws(() => new AdvertV4({ ...V4, addrs: many }),
    { name: 'RangeError', message: '256 addresses do not fit in one advert (max 255)' });
  t.throws(() => new AdvertV6({ ...V6, addrs: many.map(() => new Uint8Array(16)) }), RangeError);
  const max = new AdvertV4({ ...V4, addrs: many.slice(0, 255) });
  t.equal(max.length, 20 + 8 + 255 * 4 + 8, '255 addresses fit');
  t.equal(max.view[23], 255);
  t.equal(new AdvertV4({ ...V4, addrs: [] }).view[23], 0, 'no addresses is allowed');
});
