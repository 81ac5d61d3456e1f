// genhash-ts against genhash when the server cannot be reached, inside a namespace: no route to the network and an
// `unreachable` route (connect() fails at once), and an on-link address nobody answers ARP for (it fails later).
import t from 'tap';
import { createLab, spawnInNs, spawnTsInNs } from '../helpers/netns';

const MAIN = 'src/cli/genhash-main.ts';

t.test('unreachable servers: same message and exit code', { timeout: 60_000 }, async (t) => {
  const lab = createLab([{ addrs: ['10.93.0.1/24'] }]);
  t.teardown(() => lab.dispose());
  const ns = (lab.nodes[0] as { ns: string }).ns;
  lab.exec(ns, 'ip', ['route', 'add', 'unreachable', '10.95.0.0/24']);
  const cases = [
    ['-s', '10.94.0.1', '-p', '80', '-u', '/'],
    ['-s', '10.94.0.1', '-p', '80', '-u', '/', '-v'],
    ['-S', '-s', '10.94.0.1', '-p', '443', '-u', '/'],
    ['-s', '10.95.0.1', '-p', '80', '-u', '/'],
    ['-s', '10.93.0.77', '-p', '80', '-u', '/', '-t', '10'],
  ];
  for (const args of cases) {
    const k = spawnInNs(ns, 'genhash', args);
    const o = spawnTsInNs(ns, MAIN, args);
    const [kc, oc] = await Promise.all([k.exited, o.exited]);
    const norm = (s: string): string => s.replace(/= \d+ usecs/g, '= N usecs');
    t.equal(oc, kc, `${args.join(' ')}: exit code`);
    const first = JSON.stringify(k.stdout().toString().split('\n')[0]);
    t.equal(norm(o.stdout().toString()), norm(k.stdout().toString()), `${args.join(' ')}: stdout ${first}`);
    t.equal(o.stderr(), k.stderr(), `${args.join(' ')}: stderr`);
  }
});
