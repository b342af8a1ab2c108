// Fuel URIs offline, as Gazebo resolves them from its local cache; model.config's version choice; the
// Fuel Ground Plane and Sun; and what a user is told when a model is missing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFuelModel, fuelCacheRoots, parseFuelUri } from './fuel.ts';
import { modelSdfFile } from './resources.ts';
import { parseWorld } from './sdf.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'navstack-fuel-'));

/** A model folder: model.config listing `sdfs` (version, file), each file a model with one box of the given size. */
function writeModel(dir: string, name: string, sdfs: [string | undefined, string, number][]): void {
  fs.mkdirSync(dir, { recursive: true });
  const entries = sdfs.map(([v, f]) => `<sdf${v ? ` version="${v}"` : ''}>${f}</sdf>`).join('');
  fs.writeFileSync(path.join(dir, 'model.config'), `<?xml version="1.0"?>\n<!-- written by fuel.test.ts -- a comment Gazebo accepts -->\n<model><name>${name}</name>${entries}</model>`);
  for (const [, f, size] of sdfs) {
    fs.writeFileSync(path.join(dir, f), `<sdf version="1.6"><model name="${name}"><static>true</static><link name="l"><collision name="c"><geometry><box><size>${size} 1 1</size></box></geometry></collision></link></model></sdf>`);
  }
}

// a Gazebo Fuel cache: lower-case owner and names as gz-fuel-tools writes them, plus one folder in other case
const cache = path.join(root, 'gz-fuel');
writeModel(path.join(cache, 'fuel.gazebosim.org', 'openrobotics', 'models', 'table', '1'), 'Table', [['1.6', 'model.sdf', 1]]);
writeModel(path.join(cache, 'fuel.gazebosim.org', 'openrobotics', 'models', 'table', '3'), 'Table', [['1.6', 'model.sdf', 3]]);
writeModel(path.join(cache, 'fuel.gazebosim.org', 'openrobotics', 'models', 'Rescue Randy', '2'), 'Rescue Randy', [['1.6', 'model.sdf', 2]]);
// the Fortress-era cache, found through IGN_FUEL_CACHE_PATH, under the server's former name
const ignCache = path.join(root, 'ign-fuel');
writeModel(path.join(ignCache, 'fuel.ignitionrobotics.org', 'someone', 'models', 'crate', '1'), 'crate', [['1.6', 'model.sdf', 4]]);
// a model copied onto a resource path by hand
const resources = path.join(root, 'resources');
writeModel(path.join(resources, 'Barrel'), 'Barrel', [['1.6', 'model.sdf', 5]]);

function load(body: string, env: Record<string, string>, warnings: string[] = []) {
  return parseWorld(`<sdf version="1.9"><world name="w">\n${body}\n</world></sdf>`, path.join(root, 'w.sdf'), { env, resourcePaths: [resources], onWarning: (m) => warnings.push(m) });
}

const include = (uri: string, name?: string) => `<include><uri>${uri}</uri>${name ? `<name>${name}</name>` : ''}</include>`;
const width = (w: ReturnType<typeof load>, model: string) => {
  const g = w.shapes.find((s) => s.model === model)?.geometry;
  return g?.type === 'box' ? g.size[0] : undefined;
};

describe('Fuel URIs', () => {
  it('parses owner, name, version and files, decoding escapes', () => {
    expect(parseFuelUri('https://fuel.gazebosim.org/1.0/OpenRobotics/models/Tunnel%20Tile%205/2/files/meshes/x.dae')).toMatchObject({
      server: 'fuel.gazebosim.org',
      owner: 'OpenRobotics',
      name: 'Tunnel Tile 5',
      version: 2,
      file: 'meshes/x.dae',
    });
    expect(parseFuelUri('  https://fuel.gazebosim.org/1.0/OpenRobotics/models/Sun\n')).toMatchObject({ name: 'Sun', version: undefined });
    expect(parseFuelUri('https://fuel.gazebosim.org/1.0/OpenRobotics/models/Sun/tip')?.version).toBeUndefined();
    expect(parseFuelUri('model://sun')).toBeUndefined();
  });

  it('finds the cache where Gazebo keeps it: GZ_FUEL_CACHE_PATH or ~/.gz/fuel, then IGN_FUEL_CACHE_PATH or ~/.ignition/fuel', () => {
    expect(fuelCacheRoots({ HOME: '/home/u' })).toEqual(['/home/u/.gz/fuel', '/home/u/.ignition/fuel']);
    expect(fuelCacheRoots({ HOME: '/home/u', GZ_FUEL_CACHE_PATH: '/c', IGN_FUEL_CACHE_PATH: '/d' })).toEqual(['/c', '/d']);
    expect(fuelCacheRoots({})).toEqual([]);
  });

  it('resolves models from the cache case-insensitively, newest version unless one is named', () => {
    const env = { GZ_FUEL_CACHE_PATH: cache, IGN_FUEL_CACHE_PATH: ignCache };
    const warnings: string[] = [];
    const w = load(
      [
        include('https://fuel.gazebosim.org/1.0/OpenRobotics/models/Table', 'newest'),
        include('https://fuel.gazebosim.org/1.0/openrobotics/models/TABLE/1', 'v1'),
        include('https://fuel.gazebosim.org/1.0/OpenRobotics/models/rescue randy', 'randy'),
        include('https://fuel.gazebosim.org/1.0/OpenRobotics/models/Rescue%20Randy', 'randy2'),
        include('https://fuel.ignitionrobotics.org/1.0/Someone/models/Crate', 'crate'),
        include('https://fuel.gazebosim.org/1.0/someone/models/crate', 'crate_new_server_name'),
        include('https://fuel.gazebosim.org/1.0/AnyOwner/models/barrel', 'barrel'),
      ].join('\n'),
      env,
      warnings,
    );
    expect(warnings).toEqual([]);
    expect([width(w, 'newest'), width(w, 'v1'), width(w, 'randy'), width(w, 'randy2'), width(w, 'crate'), width(w, 'crate_new_server_name'), width(w, 'barrel')]).toEqual([3, 1, 2, 2, 4, 4, 5]);
    expect(findFuelModel(parseFuelUri('https://fuel.gazebosim.org/1.0/OpenRobotics/models/Table/2')!, [cache], [])).toBeUndefined();
  });

  it('maps Fuel\'s Ground Plane and Sun to the built-in ones when they are not in the cache', () => {
    const warnings: string[] = [];
    const w = load([include('https://fuel.gazebosim.org/1.0/OpenRobotics/models/Ground Plane'), include('https://fuel.gazebosim.org/1.0/OpenRobotics/models/Sun')].join('\n'), {}, warnings);
    expect(warnings).toEqual([]);
    expect(w.shapes.map((s) => `${s.model}:${s.geometry.type}`)).toEqual(['ground_plane:plane']);
  });

  it('says in one line per missing model what to download and where it goes, however often it is included', () => {
    const warnings: string[] = [];
    const uri = 'https://fuel.gazebosim.org/1.0/OpenRobotics/models/Tunnel Tile 5';
    const w = load([include(uri, 'a'), include(uri, 'b'), include(`${uri}/2`, 'c'), include('https://fuel.gazebosim.org/1.0/OpenRobotics/models/Radio')].join('\n'), { HOME: '/home/u' }, warnings);
    expect(w.shapes).toEqual([]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toBe(
      `${path.join(root, 'w.sdf')}:2: <include> of ${uri} skipped: not in the Fuel cache [/home/u/.gz/fuel, /home/u/.ignition/fuel] nor on the resource paths ` +
        `(the embedded simulator never downloads); download it with \`gz fuel download --url "${uri}"\` ` +
        `(it lands in /home/u/.gz/fuel/fuel.gazebosim.org/openrobotics/models/tunnel tile 5/<version>/), or put the model's folder on GZ_SIM_RESOURCE_PATH (×3)`,
    );
    expect(warnings[1]).toMatch(/models\/Radio skipped/);
  });
});

describe('model.config', () => {
  it('picks the highest SDF version navstack reads, as libsdformat does (not the first entry)', () => {
    const dir = path.join(root, 'versions');
    writeModel(dir, 'v', [['1.4', 'model-1_4.sdf', 1], ['1.6', 'model.sdf', 2], ['1.12', 'model-1_12.sdf', 3]]);
    expect(path.basename(modelSdfFile(dir)!)).toBe('model.sdf');
    const first = path.join(root, 'unversioned');
    writeModel(first, 'u', [[undefined, 'a.sdf', 1], [undefined, 'b.sdf', 2]]);
    expect(path.basename(modelSdfFile(first)!)).toBe('a.sdf');
  });
});

describe('Gazebo\'s leniency', () => {
  it('reads worlds whose comments contain --, as gz-sim\'s own empty.sdf', () => {
    const w = parseWorld('<?xml version="1.0" ?>\n<!--\n  gz service -s /world/empty/create --reqtype gz.msgs.EntityFactory --timeout 300\n-->\n<sdf version="1.6"><world name="empty"/></sdf>', 'empty.sdf', { env: {}, onWarning: () => {} });
    expect(w.name).toBe('empty');
  });

  it('warns once per file about <static> inside <link> and reads the model as Gazebo does', () => {
    const warnings: string[] = [];
    const link = (n: number) => `<link name="l${n}"><static>true</static><collision name="c"><geometry><box><size>1 1 1</size></box></geometry></collision></link>`;
    const w = parseWorld(`<sdf version="1.8"><world name="w">\n<model name="m">\n${link(1)}\n${link(2)}\n</model></world></sdf>`, 'maze.sdf', { env: {}, onWarning: (m) => warnings.push(m) });
    expect(w.shapes.map((s) => s.static)).toEqual([false, false]);
    expect(warnings).toEqual(['maze.sdf:3: <static> in <link> is not SDF; Gazebo ignores it there (put it in <model>) (×2)']);
  });
});
