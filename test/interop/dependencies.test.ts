// The native npm dependencies really installed (npm 11 runs their install scripts only when package.json's
// allowScripts approves them): raw-socket has its binary and opens a raw socket, and netlink talks to the kernel
// of a fresh namespace.
import { execFileSync } from 'node:child_process';
import t from 'tap';

const NS = `kts-deps-${process.pid}`;

t.test('raw-socket opens a raw VRRP socket', async (t) => {
  const raw = await import('raw-socket');
  const s = raw.createSocket({ protocol: 112 });
  t.teardown(() => s.close());
  t.type(s, raw.Socket);
});

t.test('netlink lists the links of a new namespace', async (t) => {
  execFileSync('ip', ['netns', 'add', NS]);
  t.teardown(() => execFileSync('ip', ['netns', 'del', NS]));
  const script = `const { createRtNetlink } = require('netlink');
createRtNetlink().getLinks().then((l) => { console.log(JSON.stringify(l.map((x) => x.attrs.ifname))); process.exit(0); });`;
  const out = execFileSync('ip', ['netns', 'exec', NS, process.execPath, '-e', script], {
    encoding: 'utf8', cwd: `${__dirname}/../..`, env: { ...process.env, NODE_OPTIONS: '' },
  });
  t.same(JSON.parse(out), ['lo']);
});
