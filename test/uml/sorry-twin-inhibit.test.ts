// sorry server = a real server, inhibit_on_failure and sorry_server_inhibit: keepalived-ts -C as keepalived -C inside user-mode Linux through quorum changes and reloads (the
// scenario is in test/helpers/sorry-twin-scenario.ts).
import t from 'tap';
import { runSorryTwin } from '../helpers/sorry-twin-scenario';
import { umlAvailable } from '../helpers/uml-shell';

t.test('sorry server = a real server, inhibit_on_failure and sorry_server_inhibit: keepalived-ts -C as keepalived -C through reloads', { skip: umlAvailable() ? undefined : 'no user-mode Linux' },
  (t) => runSorryTwin(t, true));
