// Where SDF URIs point: model:// on the resource paths, Fuel URIs in the local Fuel cache, file:// and
// plain paths relative to the file that names them (then the resource paths), as gz-sim resolves them.
import fs from 'node:fs';
import path from 'node:path';
import { parseXml } from '@navstack/xml';
import { findFuelModel, fuelCacheRoots, parseFuelUri } from './fuel.ts';

/** The newest SDF version navstack reads; model.config entries above it are passed over, as libsdformat does. */
export const NEWEST_SDF_VERSION = '1.11';

export interface Resources {
  /** Searched in order for model:// URIs (and relative file URIs not found beside their file). */
  paths: string[];
  /** Fuel cache folders (holding fuel.gazebosim.org/...). */
  fuelCaches: string[];
}

export interface ResourceOptions {
  /** Searched first, before GZ_SIM_RESOURCE_PATH and its older names. */
  resourcePaths?: string[];
  /** Environment (default process.env): GZ_SIM_RESOURCE_PATH, IGN_GAZEBO_RESOURCE_PATH, GAZEBO_MODEL_PATH, GZ_FUEL_CACHE_PATH, IGN_FUEL_CACHE_PATH, HOME. */
  env?: Record<string, string | undefined>;
}

/** The search paths for a world file: the given ones, the environment's, then the world's folder and its models/ folder. */
export function resourcesFor(worldFile: string, options: ResourceOptions = {}): Resources {
  const env = options.env ?? process.env;
  const fromEnv = [env.GZ_SIM_RESOURCE_PATH, env.IGN_GAZEBO_RESOURCE_PATH, env.GAZEBO_MODEL_PATH]
    .filter((v): v is string => !!v)
    .flatMap((v) => v.split(path.delimiter))
    .filter((v) => v !== '');
  const dir = path.dirname(path.resolve(worldFile));
  return { paths: [...(options.resourcePaths ?? []), ...fromEnv, dir, path.join(dir, 'models')], fuelCaches: fuelCacheRoots(env) };
}

function semver(v: string): number[] {
  return v.split('.').map((x) => Number.parseInt(x, 10) || 0);
}

function newer(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The SDF file of a model folder, as libsdformat's getModelFilePath picks it: of model.config's <sdf>
 * entries, the highest version navstack reads (else the first entry); model.sdf when there is no model.config.
 */
export function modelSdfFile(dir: string): string | undefined {
  const config = path.join(dir, 'model.config');
  if (fs.existsSync(config)) {
    try {
      const root = parseXml(fs.readFileSync(config, 'utf8'), config, { tinyxml2: true });
      const entries = root.children.filter((c) => c.name === 'sdf' && c.text.trim() !== '');
      let best = entries[0];
      let bestVersion = [0, 0];
      for (const e of entries) {
        const v = e.attributes.version;
        if (!v) continue;
        const sv = semver(v);
        if (newer(sv, bestVersion) > 0 && newer(sv, semver(NEWEST_SDF_VERSION)) <= 0) {
          best = e;
          bestVersion = sv;
        }
      }
      if (best) {
        const f = path.join(dir, best.text.trim());
        if (fs.existsSync(f)) return f;
      }
    } catch {
      // an unreadable model.config: fall back to model.sdf
    }
  }
  const sdf = path.join(dir, 'model.sdf');
  return fs.existsSync(sdf) ? sdf : undefined;
}

function existing(p: string): string | undefined {
  return fs.existsSync(p) ? p : undefined;
}

/**
 * A file or folder named by a URI in `fromFile`: model://NAME/PATH on the resource paths; a Fuel URI in
 * the Fuel cache (a model's folder, or a file inside it after /files/); file:// or a plain path, absolute
 * or relative to fromFile's folder, then to each resource path (as gz-common's findFile).
 */
export function findResource(uri: string, fromFile: string, res: Resources): string | undefined {
  const u = uri.trim();
  if (u.startsWith('model://')) {
    const rest = u.slice('model://'.length);
    for (const p of res.paths) {
      const found = existing(path.join(p, rest));
      if (found) return found;
    }
    return undefined;
  }
  const fuel = parseFuelUri(u);
  if (fuel) {
    const dir = findFuelModel(fuel, res.fuelCaches, res.paths);
    if (!dir) return undefined;
    return fuel.file ? existing(path.join(dir, fuel.file)) : dir;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(u) && !u.startsWith('file://')) return undefined;
  const local = u.startsWith('file://') ? u.slice('file://'.length) : u;
  if (path.isAbsolute(local)) return existing(local);
  const beside = existing(path.resolve(path.dirname(fromFile), local));
  if (beside) return beside;
  for (const p of res.paths) {
    const found = existing(path.join(p, local));
    if (found) return found;
  }
  return undefined;
}

/** The SDF file a model URI names (a folder through model.config, or a file). */
export function resolveModelUri(uri: string, fromFile: string, res: Resources): string | undefined {
  const found = findResource(uri, fromFile, res);
  if (!found) return undefined;
  return fs.statSync(found).isFile() ? found : modelSdfFile(found);
}
