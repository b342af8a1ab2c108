// Where the third-party worlds used by tests and the benchmark live (gz-sim's examples, TurtleBot3 and 4, the
// AWS small house; each folder with its LICENSE and a SOURCE.md naming the upstream commit). They are not
// kept in this repository: $NAVSTACK_WORLD_FIXTURES, ../shared/world-fixtures beside the checkout, or
// /work/world-fixtures (test/worlds/import-fixtures.sh writes them there).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CANDIDATES = [process.env.NAVSTACK_WORLD_FIXTURES, path.join(REPO, '..', 'shared', 'world-fixtures'), '/work/world-fixtures'].filter((p): p is string => !!p);

export const REAL_WORLD_FIXTURES = CANDIDATES.find((p) => fs.existsSync(path.join(p, 'turtlebot3'))) ?? CANDIDATES[0]!;

/** Why the real worlds are not here, or undefined when they are. */
export const REAL_WORLD_FIXTURES_MISSING = fs.existsSync(path.join(REAL_WORLD_FIXTURES, 'turtlebot3'))
  ? undefined
  : `the real-world fixtures are not on this machine (looked in ${CANDIDATES.join(', ')}; test/worlds/import-fixtures.sh writes them)`;
