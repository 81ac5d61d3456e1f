// Where the shared fixtures are: ../shared/fixtures beside the repository (as in CI), unless KEEPALIVED_FIXTURES
// points at a copy elsewhere.
import { join } from 'node:path';
import { packageRoot } from '../../src/core/package-root';

export const FIXTURES_DIR = process.env.KEEPALIVED_FIXTURES ?? join(packageRoot(), '..', 'shared', 'fixtures');
export const CAPTURE_DIR = join(FIXTURES_DIR, 'captures');
