// The real worlds used as test fixtures, with what a user would set to load them: resource paths
// (GZ_SIM_RESOURCE_PATH) and a Fuel cache. They are third-party files kept outside this repository
// (packages/sim/src/realWorldFixtures.ts says where); tests skip, saying so, where they are absent.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { REAL_WORLD_FIXTURES, REAL_WORLD_FIXTURES_MISSING } from '../../packages/sim/src/realWorldFixtures.ts';

const REPO = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = REAL_WORLD_FIXTURES;
export const FIXTURES_MISSING = REAL_WORLD_FIXTURES_MISSING;
export const BUNDLED = path.join(REPO, 'worlds');
/** Navstack's own stand-ins for the Fuel models gz-sim's tunnel world includes (make-stand-ins.ts). */
const TUNNEL_FUEL = path.join(REPO, 'test', 'fixtures', 'tunnel-fuel-stand-ins');

export interface FixtureWorld {
  /** short name used in test titles and the benchmark */
  name: string;
  file: string;
  resourcePaths: string[];
  /** Fuel cache folder (GZ_FUEL_CACHE_PATH), if the world needs one */
  fuelCache?: string;
  /** where the robot is spawned for sensor tests: a box of the world's free floor */
  spawn: { minX: number; maxX: number; minY: number; maxY: number };
}

const f = (p: string) => path.join(FIXTURES, p);

export const REAL_WORLDS: FixtureWorld[] = [
  { name: 'gz-sim empty', file: f('gz-sim/worlds/empty.sdf'), resourcePaths: [], spawn: { minX: -5, maxX: 5, minY: -5, maxY: 5 } },
  { name: 'gz-sim default', file: f('gz-sim/worlds/default.sdf'), resourcePaths: [], spawn: { minX: -5, maxX: 5, minY: -5, maxY: 5 } },
  { name: 'gz-sim shapes', file: f('gz-sim/worlds/shapes.sdf'), resourcePaths: [], spawn: { minX: -3, maxX: 3, minY: -4, maxY: 6 } },
  { name: 'gz-sim tunnel', file: f('gz-sim/worlds/tunnel.sdf'), resourcePaths: [], fuelCache: TUNNEL_FUEL, spawn: { minX: -9.5, maxX: 9.5, minY: -9.5, maxY: 9.5 } },
  { name: 'turtlebot3_world', file: f('turtlebot3/worlds/turtlebot3_world.world'), resourcePaths: [f('turtlebot3/models')], spawn: { minX: -2.5, maxX: 2.5, minY: -2.5, maxY: 2.5 } },
  { name: 'turtlebot3_house', file: f('turtlebot3/worlds/turtlebot3_house.world'), resourcePaths: [f('turtlebot3/models')], spawn: { minX: -7, maxX: 7, minY: -5, maxY: 5 } },
  { name: 'turtlebot4 maze', file: f('turtlebot4/worlds/maze.sdf'), resourcePaths: [], spawn: { minX: -9.5, maxX: 9.5, minY: -9.5, maxY: 9.5 } },
  { name: 'aws small house', file: f('aws-small-house/worlds/small_house.world'), resourcePaths: [f('aws-small-house/models')], spawn: { minX: -9, maxX: 9, minY: -5, maxY: 5 } },
];

/** The environment a world is loaded with: its Fuel cache and nothing from the machine's own. */
export function fixtureEnv(w: FixtureWorld): Record<string, string> {
  return w.fuelCache ? { GZ_FUEL_CACHE_PATH: w.fuelCache } : {};
}

/** The bundled worlds (worlds/*.sdf), with their models folder. */
export function bundledWorlds(): FixtureWorld[] {
  return fs
    .readdirSync(BUNDLED)
    .filter((n) => n.endsWith('.sdf'))
    .sort()
    .map((n) => ({ name: n, file: path.join(BUNDLED, n), resourcePaths: [path.join(BUNDLED, 'models')], spawn: { minX: -4, maxX: 4, minY: -4, maxY: 4 } }));
}
