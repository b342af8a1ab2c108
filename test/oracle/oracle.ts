// Runs sdf_oracle.cc (libsdformat12 + ignition-common4's mesh loaders: Gazebo Fortress's own parser and
// mesh readers, from Debian; scripts/install-test-deps.sh installs them) on a world and returns its shapes.
// The program is compiled once per source version into node_modules/.cache.
import { execFileSync, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SOURCE = path.join(HERE, 'sdf_oracle.cc');
const PKGS = ['sdformat12', 'ignition-common4-graphics'];

export interface OracleShape {
  kind: 'collision' | 'visual';
  /** scoped model name (outer::inner) */
  model: string;
  link: string;
  name: string;
  static: boolean;
  /** x, y, z, qx, qy, qz, qw in the world frame */
  pose?: [number, number, number, number, number, number, number];
  error?: string;
  geometry?: { type: string; [k: string]: unknown } & { triangles?: [number, number]; missing?: string };
}

export interface OracleWorld {
  errors: string[];
  shapes: OracleShape[];
  /** world-frame triangles of every mesh shape (9 numbers each); a shape's are geometry.triangles = [first, count] */
  triangles: Float64Array;
}

/** Why the oracle cannot run here, or undefined when it can. */
export function oracleUnavailable(): string | undefined {
  const cc = spawnSync('g++', ['--version']);
  if (cc.status !== 0) return 'g++ is not installed (npm run test:deps installs the SDF oracle\'s build tools)';
  const pc = spawnSync('pkg-config', ['--exists', ...PKGS]);
  if (pc.status !== 0) return `pkg-config finds no ${PKGS.join(' + ')} (npm run test:deps installs libsdformat-dev and libignition-common-graphics-dev)`;
  return undefined;
}

let built: string | undefined;

function build(): string {
  if (built) return built;
  const flags = execFileSync('pkg-config', ['--cflags', '--libs', ...PKGS], { encoding: 'utf8' }).trim().split(/\s+/);
  const hash = crypto.createHash('sha256').update(fs.readFileSync(SOURCE)).update(flags.join(' ')).digest('hex').slice(0, 16);
  const dir = path.join(HERE, '..', '..', 'node_modules', '.cache', 'navstack-sdf-oracle');
  const exe = path.join(dir, `sdf_oracle-${hash}`);
  if (!fs.existsSync(exe)) {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${exe}.${process.pid}.tmp`;
    execFileSync('g++', ['-O1', '-std=c++17', '-o', tmp, SOURCE, ...flags], { stdio: ['ignore', 'ignore', 'pipe'] });
    fs.renameSync(tmp, exe);
  }
  built = exe;
  return exe;
}

/** Names, sizes and modification times of every file under the given files and folders. */
function fingerprint(paths: string[]): string {
  const h = crypto.createHash('sha256');
  const visit = (p: string) => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) for (const e of fs.readdirSync(p).sort()) visit(path.join(p, e));
    else h.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
  };
  for (const p of paths) visit(p);
  return h.digest('hex').slice(0, 24);
}

/**
 * The shapes libsdformat12 and ignition-common4 make of a world (model:// on resourcePaths, Fuel URIs in
 * fuelCache). Kept in node_modules/.cache until the oracle or any input file changes, so test files that
 * share a world run the oracle once.
 */
export function runOracle(world: string, resourcePaths: string[] = [], fuelCache?: string): OracleWorld {
  const exe = build();
  const key = fingerprint([exe, path.resolve(world), path.dirname(path.resolve(world)), ...resourcePaths.map((p) => path.resolve(p)), ...(fuelCache ? [path.resolve(fuelCache)] : [])]);
  const cached = path.join(path.dirname(exe), `${key}.json`);
  if (fs.existsSync(cached) && fs.existsSync(`${cached}.bin`)) return load(cached);
  const result = run(exe, world, resourcePaths, fuelCache);
  fs.writeFileSync(`${cached}.bin.${process.pid}`, result.triangles);
  fs.renameSync(`${cached}.bin.${process.pid}`, `${cached}.bin`);
  fs.writeFileSync(`${cached}.${process.pid}`, JSON.stringify({ errors: result.errors, shapes: result.shapes }));
  fs.renameSync(`${cached}.${process.pid}`, cached);
  return result;
}

function load(cached: string): OracleWorld {
  const parsed = JSON.parse(fs.readFileSync(cached, 'utf8')) as { errors: string[]; shapes: OracleShape[] };
  const bytes = fs.readFileSync(`${cached}.bin`);
  return { ...parsed, triangles: new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) };
}

function run(exe: string, world: string, resourcePaths: string[], fuelCache?: string): OracleWorld {
  const tri = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sdf-oracle-')), 'triangles.bin');
  const out = execFileSync(exe, [path.resolve(world), tri, ...resourcePaths.map((p) => path.resolve(p))], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, FUEL_CACHE: fuelCache ? path.resolve(fuelCache) : '', IGN_HOMEDIR: path.dirname(tri) },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const parsed = JSON.parse(out) as { errors: string[]; shapes: OracleShape[] };
  const bytes = fs.readFileSync(tri);
  fs.rmSync(path.dirname(tri), { recursive: true, force: true });
  const triangles = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { ...parsed, triangles };
}
