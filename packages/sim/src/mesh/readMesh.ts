// Reads STL, Collada (.dae) and OBJ mesh files into triangle soups with three.js's loaders, as Gazebo's
// own mesh loaders (gz-common) see them: Collada's <unit meter> is applied and its <up_axis> ignored (gz-common
// does not rotate Y-up files), node transforms are applied, lines and points are dropped. Colours come
// from each triangle's material (Collada effects, OBJ's .mtl Kd); textured materials have none. Files are
// read once per process (cached by path, size and modification time).
import fs from 'node:fs';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { Loader, Mesh, Texture, Vector3, type Material, type Object3D } from 'three';
import { ColladaComposer } from 'three/examples/jsm/loaders/collada/ColladaComposer.js';
import { ColladaParser } from 'three/examples/jsm/loaders/collada/ColladaParser.js';
import { OBJLoader } from 'three/examples/jsm/loaders/OBJLoader.js';
import { STLLoader } from 'three/examples/jsm/loaders/STLLoader.js';

/** File extensions read (compared lower-case, as gz-common's MeshManager does). */
export const MESH_EXTENSIONS = ['stl', 'dae', 'obj'] as const;

export interface MeshFile {
  /** x, y, z of each triangle's vertices in the file's frame (metres): 9 numbers per triangle. */
  positions: Float32Array;
  /** r, g, b per triangle from its material, when at least one material has a plain colour (NaN for the others). */
  colors?: Float32Array;
  /** Named parts (Collada nodes and geometries, OBJ objects and groups) as triangle ranges, for <submesh>. */
  parts: { name: string; start: number; count: number }[];
}

export class MeshReadError extends Error {}

const cache = new Map<string, { key: string; mesh: MeshFile }>();

/** Reads a mesh file (cached); throws MeshReadError saying why it cannot be used. */
export function readMeshFile(file: string): MeshFile {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    throw new MeshReadError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const key = `${stat.size}:${stat.mtimeMs}`;
  const hit = cache.get(file);
  if (hit && hit.key === key) return hit.mesh;
  const ext = path.extname(file).slice(1).toLowerCase();
  let root: Object3D;
  const notes: string[] = [];
  try {
    root = quietly(notes, () => {
      if (ext === 'stl') return stlObject(fs.readFileSync(file));
      if (ext === 'dae') return colladaObject(fs.readFileSync(file, 'utf8'), notes);
      if (ext === 'obj') return objObject(fs.readFileSync(file, 'utf8'), file);
      throw new MeshReadError(`.${ext} meshes are not read (only ${MESH_EXTENSIONS.map((e) => `.${e}`).join(', ')})`);
    });
  } catch (e) {
    if (e instanceof MeshReadError) throw e;
    throw new MeshReadError(`cannot parse ${file}: ${(e as Error).message}${notes.length ? ` (${notes[0]})` : ''}`);
  }
  const mesh = triangles(root);
  if (mesh.positions.length === 0) throw new MeshReadError(`${file} holds no triangles${notes.length ? ` (${notes[0]})` : ''}`);
  cache.set(file, { key, mesh });
  return mesh;
}

/** Runs fn with three's console chatter (version notes, unsupported features) collected instead of printed. */
function quietly<T>(notes: string[], fn: () => T): T {
  const saved = { log: console.log, debug: console.debug, info: console.info, warn: console.warn, error: console.error };
  const keep = (...args: unknown[]) => void notes.push(args.map(String).join(' '));
  console.log = console.debug = console.info = () => {};
  console.warn = console.error = keep;
  try {
    return fn();
  } finally {
    Object.assign(console, saved);
  }
}

function stlObject(bytes: Buffer): Object3D {
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const mesh = new Mesh(new STLLoader().parse(ab));
  (mesh.material as Material).userData.noColor = true; // STL has no materials (Gazebo ignores its colour bytes)
  return mesh;
}

type Primitive = Parameters<ColladaComposer['buildGeometryData']>[0];

/**
 * three's Collada composer, with polygons split into triangles as gz-common's ColladaLoader splits them: a
 * fan around the polygon's first vertex (three splits quads along the other diagonal and triangulates larger
 * polygons by ear clipping, which differs from Gazebo for non-planar polygons).
 */
class GazeboColladaComposer extends ColladaComposer {
  readonly #fanned = new WeakMap<Primitive, Primitive>();

  override buildGeometryData(primitive: Primitive, source: unknown, offset: number, array: number[], isColor?: boolean): void {
    if (primitive.vcount === undefined) return super.buildGeometryData(primitive, source, offset, array, isColor);
    let fan = this.#fanned.get(primitive);
    if (!fan) {
      const { p, stride, vcount } = primitive;
      const out: number[] = [];
      let at = 0;
      for (const count of vcount) {
        for (let k = 2; k < count; k++) {
          for (const corner of [0, k - 1, k]) for (let i = 0; i < stride; i++) out.push(p[at + corner * stride + i]!);
        }
        at += count * stride;
      }
      fan = { ...primitive, p: out, vcount: undefined };
      this.#fanned.set(primitive, fan);
    }
    super.buildGeometryData(fan, source, offset, array, isColor);
  }
}

function colladaObject(text: string, notes: string[]): Object3D {
  const g = globalThis as { DOMParser?: unknown };
  const saved = g.DOMParser;
  g.DOMParser = DOMParser; // ColladaParser uses the global DOMParser, which Node lacks
  try {
    const parsed = new ColladaParser().parse(text);
    if (!parsed) throw new MeshReadError(`not a Collada file${notes.length ? `: ${notes[notes.length - 1]}` : ''}`);
    const noTexture = { load: () => new Texture() };
    const { scene } = new GazeboColladaComposer(parsed.library, parsed.collada, noTexture, noTexture).compose();
    scene.scale.setScalar(parsed.asset.unit);
    return scene;
  } finally {
    g.DOMParser = saved;
  }
}

function objObject(text: string, file: string): Object3D {
  const group = new OBJLoader().parse(text);
  // colours from the .mtl files it names (Kd); three's MTLLoader would also load texture images
  const kd = new Map<string, [number, number, number]>();
  for (const m of text.matchAll(/^\s*mtllib\s+(.+?)\s*$/gm)) {
    const mtl = path.resolve(path.dirname(file), m[1]!);
    if (!fs.existsSync(mtl)) continue;
    let current = '';
    for (const line of fs.readFileSync(mtl, 'utf8').split(/\r?\n/)) {
      const parts = line.trim().split(/\s+/);
      if (parts[0] === 'newmtl') current = parts.slice(1).join(' ');
      else if (parts[0] === 'Kd' && current && parts.length >= 4) kd.set(current, [Number(parts[1]), Number(parts[2]), Number(parts[3])]);
    }
  }
  group.traverse((o) => {
    const mesh = o as Mesh;
    if (!mesh.isMesh) return;
    const mats = Array.isArray(mesh.material) ? mesh.material : [mesh.material];
    for (const mat of mats) {
      const c = kd.get(mat.name);
      const colored = mat as Material & { color?: { setRGB: (r: number, g: number, b: number) => void } };
      if (c && colored.color) colored.color.setRGB(c[0], c[1], c[2]);
      else (mat.userData as { noColor?: boolean }).noColor = true;
    }
  });
  return group;
}

const v = new Vector3();

/** Every triangle of every mesh under root, in root's frame, with its material's colour. */
function triangles(root: Object3D): MeshFile {
  const meshes: Mesh[] = [];
  root.updateMatrixWorld(true);
  root.traverse((o) => {
    if ((o as Mesh).isMesh) meshes.push(o as Mesh);
  });
  let total = 0;
  for (const m of meshes) {
    const g = m.geometry;
    total += Math.floor((g.index ? g.index.count : g.attributes.position!.count) / 3);
  }
  const positions = new Float32Array(total * 9);
  const colors = new Float32Array(total * 3);
  let anyColor = false;
  const parts: MeshFile['parts'] = [];
  let t = 0;
  for (const m of meshes) {
    const g = m.geometry;
    const pos = g.attributes.position!;
    const index = g.index;
    const n = Math.floor((index ? index.count : pos.count) / 3);
    const mats = Array.isArray(m.material) ? m.material : [m.material];
    const groups = g.groups.length ? g.groups : [{ start: 0, count: n * 3, materialIndex: 0 }];
    const start = t;
    for (const grp of groups) {
      const rgb = colorOf(mats[grp.materialIndex ?? 0]);
      if (rgb) anyColor = true;
      const end = Math.min(n * 3, grp.start + grp.count);
      for (let k = grp.start; k + 2 < end; k += 3) {
        for (let j = 0; j < 3; j++) {
          const idx = index ? index.getX(k + j) : k + j;
          v.fromBufferAttribute(pos, idx);
          v.applyMatrix4(m.matrixWorld);
          positions[t * 9 + j * 3] = v.x;
          positions[t * 9 + j * 3 + 1] = v.y;
          positions[t * 9 + j * 3 + 2] = v.z;
        }
        colors[t * 3] = rgb ? rgb[0] : NaN;
        colors[t * 3 + 1] = rgb ? rgb[1] : NaN;
        colors[t * 3 + 2] = rgb ? rgb[2] : NaN;
        t++;
      }
    }
    for (let a: Object3D | null = m; a && a !== root; a = a.parent) if (a.name) parts.push({ name: a.name, start, count: t - start });
    if (g.name) parts.push({ name: g.name, start, count: t - start });
  }
  return {
    positions: t * 9 === positions.length ? positions : positions.slice(0, t * 9),
    colors: anyColor ? (t * 3 === colors.length ? colors : colors.slice(0, t * 3)) : undefined,
    parts,
  };
}

function colorOf(m: Material | undefined): [number, number, number] | undefined {
  if (!m) return undefined;
  const mat = m as Material & { color?: { r: number; g: number; b: number }; map?: unknown };
  // three's stand-in for a missing material (magenta) is no colour of the file's
  if (!mat.color || mat.map || mat.name === Loader.DEFAULT_MATERIAL_NAME || (mat.userData as { noColor?: boolean }).noColor) return undefined;
  return [mat.color.r, mat.color.g, mat.color.b];
}
