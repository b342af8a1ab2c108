// Gazebo Fuel models offline: a Fuel URI (https://fuel.gazebosim.org/1.0/OWNER/models/NAME[/VERSION][/files/PATH])
// found in Gazebo's local Fuel cache (what `gz fuel download` and a previous `gz sim` run leave behind:
// CACHE/fuel.gazebosim.org/owner/models/name/VERSION/) or in a resource path, compared case-insensitively
// as Fuel compares owners and names. Nothing is downloaded.
import fs from 'node:fs';
import path from 'node:path';

export interface FuelUri {
  /** host, e.g. fuel.gazebosim.org */
  server: string;
  owner: string;
  name: string;
  /** undefined: the newest version ("tip") */
  version?: number;
  /** a file inside the model (after /files/), e.g. meshes/r2.dae */
  file?: string;
  /** the URI of the model itself (without version and file) */
  modelUri: string;
}

// fuel.ignitionrobotics.org is the server's former name; both serve the same models
const ALIASES: Record<string, string[]> = {
  'fuel.gazebosim.org': ['fuel.gazebosim.org', 'fuel.ignitionrobotics.org'],
  'fuel.ignitionrobotics.org': ['fuel.ignitionrobotics.org', 'fuel.gazebosim.org'],
};

export function parseFuelUri(uri: string): FuelUri | undefined {
  const m = /^https?:\/\/([^/]+)\/(?:1\.0\/)?([^/]+)\/models\/([^/]+)(?:\/(\d+|tip))?(?:\/files\/(.+?))?\/?$/i.exec(uri.trim());
  if (!m) return undefined;
  const dec = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const [, server, owner, name, version, file] = m;
  return {
    server: server!.toLowerCase(),
    owner: dec(owner!),
    name: dec(name!),
    version: version && version.toLowerCase() !== 'tip' ? Number(version) : undefined,
    file: file ? dec(file) : undefined,
    modelUri: `https://${server}/1.0/${dec(owner!)}/models/${dec(name!)}`,
  };
}

/**
 * The Fuel cache folders, as Gazebo finds them: GZ_FUEL_CACHE_PATH or ~/.gz/fuel (Garden and newer), then
 * IGN_FUEL_CACHE_PATH or ~/.ignition/fuel (Fortress).
 */
export function fuelCacheRoots(env: Record<string, string | undefined>): string[] {
  const home = env.HOME;
  const roots = [env.GZ_FUEL_CACHE_PATH || (home ? path.join(home, '.gz', 'fuel') : ''), env.IGN_FUEL_CACHE_PATH || (home ? path.join(home, '.ignition', 'fuel') : '')];
  return roots.filter((r) => r !== '');
}

/** The entries of dir whose name equals `name` ignoring case (and URL escapes). */
function entriesIgnoringCase(dir: string, name: string): string[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const want = name.toLowerCase();
  return entries.filter((e) => e.toLowerCase() === want || safeDecode(e).toLowerCase() === want).map((e) => path.join(dir, e));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** In a model folder holding version folders (1/, 2/, ...), the requested or the newest one with a model.config. */
function versionDir(dir: string, version: number | undefined): string | undefined {
  if (fs.existsSync(path.join(dir, 'model.config'))) return dir;
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  const versions = entries
    .filter((e) => /^\d+$/.test(e) && fs.existsSync(path.join(dir, e, 'model.config')))
    .map(Number)
    .sort((a, b) => b - a);
  const pick = version === undefined ? versions[0] : versions.find((v) => v === version);
  return pick === undefined ? undefined : path.join(dir, String(pick));
}

/**
 * The folder of a Fuel model: in the Fuel caches (CACHE/SERVER/owner/models/name/VERSION), else in a resource
 * path (PATH/name, with or without version folders).
 */
export function findFuelModel(ref: FuelUri, caches: string[], resourcePaths: string[]): string | undefined {
  for (const root of caches) {
    for (const server of ALIASES[ref.server] ?? [ref.server]) {
      for (const owner of entriesIgnoringCase(path.join(root, server), ref.owner)) {
        for (const model of entriesIgnoringCase(path.join(owner, 'models'), ref.name)) {
          const dir = versionDir(model, ref.version);
          if (dir) return dir;
        }
      }
    }
  }
  for (const p of resourcePaths) {
    for (const model of entriesIgnoringCase(p, ref.name)) {
      const dir = versionDir(model, ref.version);
      if (dir) return dir;
    }
  }
  return undefined;
}

/** One line saying how to get a missing Fuel model and where Gazebo (and navstack) will find it. */
export function fuelDownloadHint(ref: FuelUri, caches: string[]): string {
  const cache = caches[0] ?? '~/.gz/fuel';
  const where = path.join(cache, ref.server, ref.owner.toLowerCase(), 'models', ref.name.toLowerCase());
  const url = ref.version === undefined ? ref.modelUri : `${ref.modelUri}/${ref.version}`;
  return `download it with \`gz fuel download --url "${url}"\` (it lands in ${where}/<version>/), or put the model's folder on GZ_SIM_RESOURCE_PATH`;
}
