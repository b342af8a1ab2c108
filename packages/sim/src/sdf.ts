// Gazebo SDF (1.4 - 1.11) world loader: world > model > link > collision/visual with box, cylinder,
// sphere, plane, mesh (STL, Collada, OBJ), polyline and cone geometry; poses with relative_to; static
// models; materials; <include> of model://, Fuel and file URIs (resources.ts, fuel.ts). Read as Gazebo's
// parser (tinyxml2) reads XML. Unknown elements are skipped with a warning, geometry the simulator cannot
// use is counted in one summary line per world; malformed XML and invalid values are errors naming the
// file, line and element.
import fs from 'node:fs';
import type { XmlElement } from '@navstack/xml';
import { parseFuelUri, fuelDownloadHint } from './fuel.ts';
import { shapeAabb } from './geometry.ts';
import { landmarkObject } from './landmarks.ts';
import { composeTransforms, IDENTITY, toPose3, type Transform } from '@navstack/math';
import { resolveModelUri, resourcesFor, type ResourceOptions, type Resources } from './resources.ts';
import { parseGeometry } from './sdfGeometry.ts';
import { child, err, KNOWN, parseBool, parseColor, parseMaterial, parseNumbers, parsePose, required, warnUnknown, xml } from './sdfValues.ts';
import type { Bounds, Geometry, Rgba, Shape, World, WorldObject } from './types.ts';
import { WorldWarnings } from './warnings.ts';

export { SdfError, parseNumber, parseNumbers, parseBool, parsePose } from './sdfValues.ts';

export interface ParseWorldOptions extends ResourceOptions {
  /**
   * Called with each warning once the world is read: distinct warnings once each (unknown elements,
   * missing includes with what to download, approximated geometry), then one summary of the geometry
   * the simulator skipped. Default: console.warn.
   */
  onWarning?: (msg: string) => void;
}

/** A loaded world and what its loading had to say (the lines onWarning receives). */
export interface LoadedWorld {
  world: World;
  warnings: string[];
}

/** The custom element that marks a model as a landmark; Gazebo ignores namespaced elements. */
export const LANDMARK_ELEMENT = 'navstack:landmark';
export const NAVSTACK_SDF_NAMESPACE = 'https://github.com/navstack/navstack/sdf';

const STOCK_GROUND_PLANE = `<sdf version="1.6"><model name="ground_plane"><static>true</static><link name="link">
  <collision name="collision"><geometry><plane><normal>0 0 1</normal><size>100 100</size></plane></geometry></collision>
  <visual name="visual"><geometry><plane><normal>0 0 1</normal><size>100 100</size></plane></geometry>
    <material><ambient>0.8 0.8 0.8 1</ambient><diffuse>0.8 0.8 0.8 1</diffuse></material></visual></link></model></sdf>`;

const DEFAULT_COLOR: Rgba = { r: 0.7, g: 0.7, b: 0.7, a: 1 };


interface Ctx {
  warn: (msg: string, key?: string) => void;
  skip: (reason: string, example: string) => void;
  resources: Resources;
  depth: number;
  /** Every named frame, resolved at the end so that a bad relative_to is an error even where nothing uses it. */
  frames: FrameNode[];
}

interface FrameNode {
  label: string;
  file: string;
  el: XmlElement;
  local: Transform;
  relativeTo?: string;
  /** Scope in which relative_to names resolve. */
  lookup: Scope;
  /** The implicit parent frame when relative_to is absent. */
  base: () => Transform;
  world?: Transform;
  busy?: boolean;
}

interface Scope {
  /** 'world' or the scoped model name */
  label: string;
  frames: Map<string, FrameNode>;
  models: Map<string, ModelNode>;
  self?: FrameNode;
}

interface GeomNode {
  name: string;
  frame: FrameNode;
  geometry: Geometry;
  color?: Rgba;
  /** <material><double_sided>: both faces of its triangles are drawn */
  doubleSided?: boolean;
}

interface LinkNode {
  name: string;
  frame: FrameNode;
  collisions: GeomNode[];
  visuals: GeomNode[];
}

interface ModelNode {
  name: string;
  frame: FrameNode;
  scope: Scope;
  links: LinkNode[];
  models: ModelNode[];
  static: boolean;
  landmark?: { el: XmlElement; file: string };
}

// ---------------------------------------------------------------- frames

function resolveFrame(node: FrameNode): Transform {
  if (node.world) return node.world;
  if (node.busy) throw err(node.file, node.el, `pose of ${node.label} depends on itself through relative_to (a cycle)`);
  node.busy = true;
  const base = node.relativeTo !== undefined ? lookupFrame(node.lookup, node.relativeTo, node) : node.base();
  node.world = composeTransforms(base, node.local);
  node.busy = false;
  return node.world;
}

function lookupFrame(scope: Scope, name: string, from: FrameNode): Transform {
  if (name === 'world') return IDENTITY;
  if (name === '__model__' && scope.self) return resolveFrame(scope.self);
  const f = scope.frames.get(name);
  if (f) return resolveFrame(f);
  const sep = name.indexOf('::');
  if (sep > 0) {
    const m = scope.models.get(name.slice(0, sep));
    if (m) return lookupFrame(m.scope, name.slice(sep + 2), from);
  }
  const known = [...scope.frames.keys()];
  throw err(from.file, from.el, `relative_to="${name}" names no frame in ${scope.label === 'world' ? 'the world' : `model '${scope.label}'`} (known: ${known.length ? known.join(', ') : 'none'}${scope.self ? ', __model__' : ', world'})`);
}

function frameNode(label: string, file: string, holder: XmlElement, lookup: Scope, base: () => Transform): FrameNode {
  const poseEl = child(holder, 'pose');
  const { local, relativeTo } = parsePose(poseEl, file);
  return { label, file, el: poseEl ?? holder, local, relativeTo, lookup, base };
}

function register(ctx: Ctx, scope: Scope, name: string, node: FrameNode, file: string, el: XmlElement): void {
  ctx.frames.push(node);
  if (scope.frames.has(name)) {
    throw err(file, el, `duplicate name '${name}' in ${scope.label === 'world' ? 'the world' : `model '${scope.label}'`} (frame, link, joint and model names must be unique)`);
  }
  scope.frames.set(name, node);
}

// ---------------------------------------------------------------- models

interface ModelOverrides {
  name?: string;
  pose?: { el: XmlElement; file: string };
  static?: boolean;
}

function buildModel(el: XmlElement, file: string, parent: Scope, parentFrame: () => Transform, parentStatic: boolean, ctx: Ctx, over: ModelOverrides = {}): ModelNode {
  const name = over.name ?? el.attributes.name;
  if (!name) throw err(file, el, 'a model needs a name attribute');
  warnUnknown(el, file, ctx, KNOWN.model);
  const scoped = parent.label === 'world' ? name : `${parent.label}::${name}`;
  const poseHolder = over.pose ? { el: over.pose.el, file: over.pose.file } : { el: child(el, 'pose'), file };
  const { local, relativeTo } = parsePose(poseHolder.el, poseHolder.file);
  const frame: FrameNode = { label: `model '${scoped}'`, file: poseHolder.file, el: poseHolder.el ?? el, local, relativeTo, lookup: parent, base: parentFrame };
  const scope: Scope = { label: scoped, frames: new Map(), models: new Map(), self: frame };
  const staticEl = child(el, 'static');
  const isStatic = over.static ?? (staticEl ? parseBool(staticEl, file) : false);
  const model: ModelNode = { name: scoped, frame, scope, links: [], models: [], static: isStatic || parentStatic };
  register(ctx, parent, name, frame, file, el);
  parent.models.set(name, model);
  const modelFrame = () => resolveFrame(frame);

  for (const c of el.children) {
    switch (c.name) {
      case 'link': {
        const linkName = c.attributes.name;
        if (!linkName) throw err(file, c, 'a link needs a name attribute');
        const linkStatic = child(c, 'static');
        if (linkStatic) ctx.warn(`${file}:${linkStatic.line}: <static> in <link> is not SDF; Gazebo ignores it there (put it in <model>)`, `<static> in <link> in ${file}`);
        warnUnknown({ ...c, children: c.children.filter((x) => x !== linkStatic) }, file, ctx, KNOWN.link);
        const lf = frameNode(`link '${scoped}::${linkName}'`, file, c, scope, modelFrame);
        register(ctx, scope, linkName, lf, file, c);
        const link: LinkNode = { name: linkName, frame: lf, collisions: [], visuals: [] };
        const linkFrame = () => resolveFrame(lf);
        for (const g of c.children) {
          if (g.name !== 'collision' && g.name !== 'visual') continue;
          warnUnknown(g, file, ctx, KNOWN[g.name]);
          const gname = g.attributes.name ?? `${g.name}_${g.line}`;
          const geomEl = child(g, 'geometry');
          if (!geomEl) throw err(file, g, `missing required <geometry>`);
          const geometry = parseGeometry(geomEl, file, ctx);
          if (!geometry) continue;
          const gf = frameNode(`${g.name} '${gname}'`, file, g, scope, linkFrame);
          const node: GeomNode = { name: gname, frame: gf, geometry };
          if (g.name === 'visual') {
            const mat = child(g, 'material');
            node.color = mat ? parseMaterial(mat, file, ctx) : undefined;
            const ds = mat && child(mat, 'double_sided');
            if (ds && parseBool(ds, file)) node.doubleSided = true;
            link.visuals.push(node);
          } else link.collisions.push(node);
        }
        model.links.push(link);
        break;
      }
      case 'frame': {
        const fname = c.attributes.name;
        if (!fname) throw err(file, c, 'a frame needs a name attribute');
        const attached = c.attributes.attached_to;
        const ff = frameNode(`frame '${fname}'`, file, c, scope, attached ? () => lookupFrame(scope, attached, ff) : modelFrame);
        register(ctx, scope, fname, ff, file, c);
        break;
      }
      case 'joint': {
        const jname = c.attributes.name;
        const childEl = child(c, 'child');
        if (!jname || !childEl) break;
        const childName = childEl.text.trim();
        const jf = frameNode(`joint '${jname}'`, file, c, scope, () => lookupFrame(scope, childName, jf));
        register(ctx, scope, jname, jf, file, c);
        ctx.frames.pop(); // joint frames are resolved only if something is placed relative to them
        break;
      }
      case 'model':
        model.models.push(buildModel(c, file, scope, modelFrame, model.static, ctx));
        break;
      case 'include': {
        const m = buildInclude(c, file, scope, modelFrame, model.static, ctx);
        if (m) model.models.push(m);
        break;
      }
      case LANDMARK_ELEMENT:
        model.landmark = { el: c, file };
        break;
      default:
        break;
    }
  }
  return model;
}

function buildInclude(el: XmlElement, file: string, parent: Scope, parentFrame: () => Transform, parentStatic: boolean, ctx: Ctx): ModelNode | undefined {
  warnUnknown(el, file, ctx, KNOWN.include);
  const uriEl = required(el, 'uri', file);
  const uri = uriEl.text.trim();
  if (ctx.depth > 16) throw err(file, el, `includes nested more than 16 deep (does ${uri} include itself?)`);
  const modelFile = resolveModelUri(uri, file, ctx.resources);
  const fuel = parseFuelUri(uri);
  const stock = fuel ? fuel.name.toLowerCase().replace(/\s+/g, '_') : uri.startsWith('model://') ? uri.slice('model://'.length).replace(/\/$/, '') : '';
  if (!modelFile && stock === 'sun') return undefined; // a light; the default light is Gazebo's sun
  if (!modelFile && stock === 'ground_plane') {
    // Gazebo's stock ground plane, which ordinary worlds include without shipping it
    const stock = xml(STOCK_GROUND_PLANE, 'builtin:model://ground_plane');
    const nameEl = child(el, 'name');
    const poseEl = child(el, 'pose');
    return buildModel(child(stock, 'model')!, 'builtin:model://ground_plane', parent, parentFrame, parentStatic, ctx, {
      name: nameEl ? nameEl.text.trim() : undefined,
      pose: poseEl ? { el: poseEl, file } : undefined,
    });
  }
  if (!modelFile) {
    const why = fuel
      ? `not in the Fuel cache [${ctx.resources.fuelCaches.join(', ') || 'none: HOME is not set'}] nor on the resource paths (the embedded simulator never downloads); ${fuelDownloadHint(fuel, ctx.resources.fuelCaches)}`
      : /^[a-z][a-z0-9+.-]*:\/\//i.test(uri) && !/^(model|file):\/\//.test(uri)
        ? 'only model://, file:// and Fuel (https://fuel.gazebosim.org/...) URIs are read'
        : `not found in the resource paths [${ctx.resources.paths.join(', ')}]; add the folder that holds it to GZ_SIM_RESOURCE_PATH or the resource_paths option`;
    ctx.warn(`${file}:${uriEl.line}: <include> of ${uri} skipped: ${why}`, `include ${fuel ? fuel.modelUri.toLowerCase() : uri}`);
    return undefined;
  }
  const text = fs.readFileSync(modelFile, 'utf8');
  const root = xml(text, modelFile);
  const modelEl = root.name === 'model' ? root : child(root, 'model');
  if (!modelEl) throw err(modelFile, root, `included from ${file}:${el.line} (${uri}) but holds no <model>`);
  const nameEl = child(el, 'name');
  const staticEl = child(el, 'static');
  const poseEl = child(el, 'pose');
  const inner = { ...ctx, depth: ctx.depth + 1 };
  return buildModel(modelEl, modelFile, parent, parentFrame, parentStatic, inner, {
    name: nameEl ? nameEl.text.trim() : undefined,
    static: staticEl ? parseBool(staticEl, file) : undefined,
    pose: poseEl ? { el: poseEl, file } : undefined,
  });
}


// ---------------------------------------------------------------- world

/** Reads an SDF world; warnings go to options.onWarning (see parseWorldWithWarnings to get them back). */
export function parseWorld(sdfText: string, file: string, options: ParseWorldOptions = {}): World {
  const { world, warnings } = parseWorldWithWarnings(sdfText, file, options);
  const onWarning = options.onWarning ?? ((m: string) => console.warn(`[sim] ${m}`));
  for (const w of warnings) onWarning(w);
  return world;
}

/** Reads an SDF world and returns it with its warnings (nothing is printed). */
export function parseWorldWithWarnings(sdfText: string, file: string, options: ResourceOptions = {}): LoadedWorld {
  const warnings = new WorldWarnings();
  const ctx: Ctx = {
    warn: (m, key) => warnings.warn(m, key),
    skip: (reason, example) => warnings.skip(reason, example),
    resources: resourcesFor(file, options),
    depth: 0,
    frames: [],
  };
  const world = buildWorld(sdfText, file, ctx);
  return { world, warnings: warnings.lines(file) };
}

function buildWorld(sdfText: string, file: string, ctx: Ctx): World {
  const root = xml(sdfText, file);
  if (root.name !== 'sdf') throw err(file, root, 'expected <sdf> as the root element of a world file');
  const version = root.attributes.version;
  if (!version) ctx.warn(`${file}:${root.line}: <sdf> has no version attribute; reading it as SDF 1.10`);
  else if (!/^1\.(\d+)$/.test(version) || Number(version.split('.')[1]) < 4) ctx.warn(`${file}:${root.line}: SDF version ${version} is outside 1.4 - 1.11; reading it anyway`);
  const worlds = root.children.filter((c) => c.name === 'world');
  if (worlds.length === 0) {
    const hint = child(root, 'model') ? ' (this looks like a model file: include it from a world, or spawn it as the robot)' : '';
    throw err(file, root, `no <world> element${hint}`);
  }
  if (worlds.length > 1) ctx.warn(`${file}:${worlds[1].line}: more than one <world>; using the first`);
  const w = worlds[0];
  warnUnknown(w, file, ctx, KNOWN.world);

  const scope: Scope = { label: 'world', frames: new Map(), models: new Map() };
  const worldFrame = () => IDENTITY;
  const models: ModelNode[] = [];
  let lightDirection: [number, number, number] | undefined;
  let background: Rgba = { r: 0.7, g: 0.8, b: 0.9, a: 1 };
  for (const c of w.children) {
    switch (c.name) {
      case 'model':
        models.push(buildModel(c, file, scope, worldFrame, false, ctx));
        break;
      case 'include': {
        const m = buildInclude(c, file, scope, worldFrame, false, ctx);
        if (m) models.push(m);
        break;
      }
      case 'frame': {
        const fname = c.attributes.name;
        if (!fname) throw err(file, c, 'a frame needs a name attribute');
        const attached = c.attributes.attached_to;
        const ff = frameNode(`frame '${fname}'`, file, c, scope, attached ? () => lookupFrame(scope, attached, ff) : worldFrame);
        register(ctx, scope, fname, ff, file, c);
        break;
      }
      case 'light': {
        const type = c.attributes.type ?? 'point';
        const dir = child(c, 'direction');
        if (type === 'directional' && dir && !lightDirection) {
          const v = parseNumbers(dir, file, [3]);
          const { local, relativeTo } = parsePose(child(c, 'pose'), file);
          void relativeTo;
          const r = local.r;
          const d: [number, number, number] = [r[0] * v[0] + r[1] * v[1] + r[2] * v[2], r[3] * v[0] + r[4] * v[1] + r[5] * v[2], r[6] * v[0] + r[7] * v[1] + r[8] * v[2]];
          const n = Math.hypot(...d);
          if (n > 0) lightDirection = [d[0] / n, d[1] / n, d[2] / n];
        }
        break;
      }
      case 'scene': {
        const bg = child(c, 'background');
        if (bg) background = parseColor(bg, file, ctx);
        break;
      }
      case 'population':
      case 'actor':
      case 'road':
        ctx.warn(`${file}:${c.line}: <${c.name}> is not simulated by the embedded simulator; skipped`);
        break;
      default:
        break;
    }
  }

  for (const f of ctx.frames) resolveFrame(f);
  const shapes: Shape[] = [];
  const visuals: Shape[] = [];
  const objects: WorldObject[] = [];
  const walk = (m: ModelNode) => {
    const own: Shape[] = [];
    const ownVisuals: Shape[] = [];
    for (const link of m.links) {
      const vis = link.visuals.map((v) => toShape(m, link, visualGeometry(v), v.color ?? meshColor(v.geometry) ?? DEFAULT_COLOR));
      for (const c of link.collisions) {
        own.push(toShape(m, link, c, collisionColor(c, link)));
      }
      ownVisuals.push(...vis);
    }
    shapes.push(...own);
    visuals.push(...ownVisuals);
    const nestedStart = shapes.length;
    const nestedVisStart = visuals.length;
    for (const n of m.models) walk(n);
    if (m.landmark) {
      const all = [...own, ...shapes.slice(nestedStart)];
      const allVis = [...ownVisuals, ...visuals.slice(nestedVisStart)];
      objects.push(landmarkObject({ name: m.name, ...m.landmark }, all.length ? all : allVis, allVis));
    }
  };
  for (const m of models) walk(m);
  return {
    name: w.attributes.name ?? 'default',
    file,
    shapes,
    visuals,
    objects,
    bounds: computeBounds(shapes.length ? shapes : visuals),
    lightDirection: lightDirection ?? normalize([-0.5, 0.1, -0.9]),
    background,
  };
}

function normalize(v: [number, number, number]): [number, number, number] {
  const n = Math.hypot(...v);
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** An SDF <material> on a mesh visual replaces the mesh file's own colours, as in gz-sim. */
function visualGeometry(v: GeomNode): GeomNode {
  const g = v.geometry;
  if (g.type !== 'mesh' || !v.color || !g.mesh.colors) return v;
  return { ...v, geometry: { ...g, mesh: { ...g.mesh, colors: undefined } } };
}

/** The area-weighted mean of a mesh's own colours (for markers and landmark colour words). */
function meshColor(g: Geometry): Rgba | undefined {
  if (g.type !== 'mesh' || !g.mesh.colors) return undefined;
  const p = g.mesh.positions, c = g.mesh.colors;
  let r = 0, gr = 0, b = 0, w = 0;
  for (let t = 0; t < c.length / 3; t++) {
    if (Number.isNaN(c[t * 3])) continue;
    const o = t * 9;
    const ux = p[o + 3] - p[o], uy = p[o + 4] - p[o + 1], uz = p[o + 5] - p[o + 2];
    const vx = p[o + 6] - p[o], vy = p[o + 7] - p[o + 1], vz = p[o + 8] - p[o + 2];
    const area = Math.hypot(uy * vz - uz * vy, uz * vx - ux * vz, ux * vy - uy * vx) + 1e-12;
    r += c[t * 3] * area;
    gr += c[t * 3 + 1] * area;
    b += c[t * 3 + 2] * area;
    w += area;
  }
  return w > 0 ? { r: r / w, g: gr / w, b: b / w, a: 1 } : undefined;
}

function toShape(m: ModelNode, link: LinkNode, g: GeomNode, color: Rgba): Shape {
  const s: Shape = { model: m.name, link: link.name, name: g.name, geometry: g.geometry, pose: toPose3(resolveFrame(g.frame)), color, static: m.static };
  if (g.doubleSided) s.doubleSided = true;
  return s;
}

function collisionColor(c: GeomNode, link: LinkNode): Rgba {
  const stem = c.name.replace(/_?collision$/i, '');
  const byName = link.visuals.find((v) => v.color && v.name.replace(/_?visual$/i, '') === stem);
  const byType = link.visuals.find((v) => v.color && v.geometry.type === c.geometry.type);
  const any = link.visuals.find((v) => v.color);
  return (byName ?? byType ?? any)?.color ?? DEFAULT_COLOR;
}

function computeBounds(shapes: Shape[]): Bounds {
  const b = { minX: Infinity, maxX: -Infinity, minY: Infinity, maxY: -Infinity };
  for (const s of shapes) {
    if (s.geometry.type === 'plane') continue;
    const a = shapeAabb(s);
    b.minX = Math.min(b.minX, a.minX);
    b.maxX = Math.max(b.maxX, a.maxX);
    b.minY = Math.min(b.minY, a.minY);
    b.maxY = Math.max(b.maxY, a.maxY);
  }
  if (!Number.isFinite(b.minX)) return { minX: -5, maxX: 5, minY: -5, maxY: 5 };
  return b;
}


function readWorldText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read world file ${file}: ${(e as Error).message}`);
  }
}

/** Reads an SDF world file; warnings go to options.onWarning (default console.warn). */
export function loadWorldFile(file: string, options: ParseWorldOptions = {}): World {
  return parseWorld(readWorldText(file), file, options);
}

/**
 * Reads an SDF world file and returns it with its warnings, printing nothing: load a world once with
 * this and share the result (the simulator, a static map, a viewer). Mesh files are cached per process,
 * so a second load of the same world costs only its XML.
 */
export function loadWorld(file: string, options: ResourceOptions = {}): LoadedWorld {
  return parseWorldWithWarnings(readWorldText(file), file, options);
}

