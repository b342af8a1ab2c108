// SDF values: numbers, booleans, poses, colours, materials and geometry, each checked and
// reported with the file, line and element on error.
import { parseXml, XmlError, type XmlElement } from '@navstack/xml';
import { fromQuat, fromRpy, IDENTITY, type Transform } from '@navstack/math';
import type { Rgba } from './types.ts';

/** Where warnings go. */
export interface Warner {
  /** Warnings with the same key are told once, with a count (default key: the message). */
  warn: (msg: string, key?: string) => void;
}

export class SdfError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly element: string,
    readonly detail: string,
  ) {
    super(`${file}:${line}: <${element}>: ${detail}`);
    this.name = 'SdfError';
  }
}

export const KNOWN: Record<string, Set<string>> = {
  world: new Set(['model', 'include', 'frame', 'light', 'scene', 'physics', 'gravity', 'magnetic_field', 'atmosphere', 'gui', 'spherical_coordinates', 'wind', 'plugin', 'audio', 'state', 'population', 'road', 'actor', 'joint']),
  model: new Set(['static', 'self_collide', 'allow_auto_disable', 'enable_wind', 'pose', 'link', 'model', 'include', 'frame', 'joint', 'plugin', 'gripper']),
  link: new Set(['pose', 'collision', 'visual', 'inertial', 'sensor', 'gravity', 'kinematic', 'self_collide', 'enable_wind', 'velocity_decay', 'must_be_base_link', 'light', 'projector', 'audio_sink', 'audio_source', 'battery', 'particle_emitter']),
  collision: new Set(['pose', 'geometry', 'surface', 'laser_retro', 'max_contacts']),
  visual: new Set(['pose', 'geometry', 'material', 'cast_shadows', 'transparency', 'laser_retro', 'meta', 'plugin', 'visibility_flags']),
  geometry: new Set(['box', 'cylinder', 'sphere', 'plane', 'mesh', 'capsule', 'ellipsoid', 'cone', 'heightmap', 'polyline', 'image', 'empty']),
  mesh: new Set(['uri', 'scale', 'submesh', 'convex_decomposition']),
  material: new Set(['ambient', 'diffuse', 'specular', 'emissive', 'script', 'shader', 'lighting', 'double_sided', 'pbr', 'render_order']),
  include: new Set(['uri', 'name', 'pose', 'static', 'plugin', 'placement_frame', 'merge']),
  frame: new Set(['pose']),
};

const SCRIPT_COLORS: Record<string, [number, number, number]> = {
  red: [1, 0, 0], green: [0, 1, 0], blue: [0, 0, 1], yellow: [1, 1, 0], orange: [1, 0.5088, 0.0468],
  purple: [1, 0, 1], turquoise: [0, 1, 1], white: [1, 1, 1], black: [0, 0, 0], grey: [0.7, 0.7, 0.7],
  gray: [0.7, 0.7, 0.7], darkgrey: [0.35, 0.35, 0.35], darkgray: [0.35, 0.35, 0.35], lightgrey: [0.85, 0.85, 0.85],
  wood: [0.55, 0.4, 0.25], woodfloor: [0.55, 0.4, 0.25], bricks: [0.6, 0.3, 0.2], redbright: [0.87, 0.26, 0.07],
  greytransparent: [0.5, 0.5, 0.5], skyblue: [0.53, 0.81, 0.92], zincyellow: [0.97, 0.87, 0.03], indigo: [0.29, 0, 0.51],
};

export function err(file: string, el: XmlElement, detail: string): SdfError {
  return new SdfError(file, el.line, el.name, detail);
}

export function parseNumbers(el: XmlElement, file: string, counts: number[]): number[] {
  const text = el.text.trim();
  const parts = text === '' ? [] : text.split(/\s+/);
  if (!counts.includes(parts.length)) {
    throw err(file, el, `expects ${counts.join(' or ')} number${counts.length === 1 && counts[0] === 1 ? '' : 's'}, got "${text}"`);
  }
  return parts.map((p) => {
    const v = Number(p);
    if (!Number.isFinite(v)) throw err(file, el, `invalid number "${p}" in "${text}"`);
    return v;
  });
}

export function parseNumber(el: XmlElement, file: string): number {
  return parseNumbers(el, file, [1])[0];
}

export function positive(el: XmlElement, file: string, v: number, allowZero = false): number {
  if (v < 0 || (!allowZero && v === 0)) throw err(file, el, `must be ${allowZero ? 'non-negative' : 'positive'}, got ${v}`);
  return v;
}

export function parseBool(el: XmlElement, file: string): boolean {
  const t = el.text.trim().toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  throw err(file, el, `expects true or false, got "${el.text}"`);
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function required(el: XmlElement, name: string, file: string): XmlElement {
  const c = child(el, name);
  if (!c) throw err(file, el, `missing required <${name}>`);
  return c;
}

/** A <pose> element as a transform plus its relative_to (SDF 1.7+) or frame (SDF 1.5/1.6) attribute. */
export function parsePose(el: XmlElement | undefined, file: string): { local: Transform; relativeTo?: string } {
  if (!el) return { local: IDENTITY };
  const relativeTo = el.attributes.relative_to ?? el.attributes.frame;
  const text = el.text.trim();
  if (text === '') return { local: IDENTITY, relativeTo: relativeTo || undefined };
  const format = el.attributes.rotation_format ?? 'euler_rpy';
  const degrees = (el.attributes.degrees ?? 'false').toLowerCase() === 'true';
  if (format === 'quat_xyzw') {
    const v = parseNumbers(el, file, [7]);
    return { local: fromQuat(v[0], v[1], v[2], v[3], v[4], v[5], v[6]), relativeTo: relativeTo || undefined };
  }
  if (format !== 'euler_rpy') throw err(file, el, `unknown rotation_format "${format}" (use euler_rpy or quat_xyzw)`);
  const v = parseNumbers(el, file, [6]);
  const k = degrees ? Math.PI / 180 : 1;
  return { local: fromRpy(v[0], v[1], v[2], v[3] * k, v[4] * k, v[5] * k), relativeTo: relativeTo || undefined };
}

export function parseColor(el: XmlElement, file: string, ctx: Warner): Rgba {
  const v = parseNumbers(el, file, [3, 4]);
  if (v.some((x) => x < 0 || x > 1)) {
    ctx.warn(`${file}:${el.line}: <${el.name}> colour "${el.text}" has components outside 0..1; clamped`);
  }
  const c = (x: number) => Math.max(0, Math.min(1, x));
  return { r: c(v[0]), g: c(v[1]), b: c(v[2]), a: c(v[3] ?? 1) };
}

export function parseMaterial(el: XmlElement, file: string, ctx: Warner): Rgba | undefined {
  warnUnknown(el, file, ctx, KNOWN.material);
  const diffuse = child(el, 'diffuse');
  if (diffuse) return parseColor(diffuse, file, ctx);
  const ambient = child(el, 'ambient');
  if (ambient) return parseColor(ambient, file, ctx);
  const script = child(el, 'script');
  const name = script && child(script, 'name');
  if (name) {
    const key = name.text.replace(/^Gazebo\//i, '').replace(/[^a-z]/gi, '').toLowerCase();
    const rgb = SCRIPT_COLORS[key];
    if (rgb) return { r: rgb[0], g: rgb[1], b: rgb[2], a: 1 };
    ctx.warn(`${file}:${name.line}: material script "${name.text}" is not known to navstack; using grey`);
  }
  return undefined;
}

export function warnUnknown(el: XmlElement, file: string, ctx: Warner, known: Set<string>): void {
  for (const c of el.children) {
    if (known.has(c.name) || c.name.includes(':')) continue;
    ctx.warn(`${file}:${c.line}: unknown element <${c.name}> in <${el.name}>, skipped`, `unknown <${c.name}> in <${el.name}> in ${file}`);
  }
}

export function xml(text: string, file: string): XmlElement {
  try {
    return parseXml(text, file, { tinyxml2: true });
  } catch (e) {
    if (e instanceof XmlError) throw new SdfError(e.file, e.line, 'xml', e.detail);
    throw e;
  }
}
