// Landmarks: models that instructions can name, marked with <navstack:landmark/>.
import type { XmlElement } from '@navstack/xml';
import { shapeAabb } from './geometry.ts';
import { fromRpy, isUpright } from '@navstack/math';
import { err } from './sdfValues.ts';
import { COLOR_WORDS, colorWord, type LandmarkShape, type LandmarkSize, type Shape, type WorldObject } from './types.ts';

/**
 * The landmark a model marked with <navstack:landmark color shape size/> stands for: attributes as
 * given (checked), else derived from its shapes (collisions, or visuals when it has none).
 */
export function landmarkObject(m: { name: string; el: XmlElement; file: string }, shapes: Shape[], visuals: Shape[]): WorldObject {
  const { el, file } = m;
  const a = el.attributes;
  if (shapes.length === 0) throw err(file, el, `landmark model '${m.name}' has no box, cylinder or sphere geometry`);
  const first = shapes.find((s) => s.geometry.type !== 'plane') ?? shapes[0];
  let shape: LandmarkShape;
  if (a.shape !== undefined) {
    if (a.shape !== 'box' && a.shape !== 'cylinder' && a.shape !== 'sphere') throw err(file, el, `shape="${a.shape}" is not one of box, cylinder, sphere`);
    shape = a.shape;
  } else if (first.geometry.type === 'plane' || first.geometry.type === 'mesh') {
    throw err(file, el, `landmark model '${m.name}' is a ${first.geometry.type}; give it a shape attribute (box, cylinder or sphere)`);
  } else shape = first.geometry.type;
  let color: string;
  if (a.color !== undefined) {
    if (!(a.color in COLOR_WORDS)) throw err(file, el, `color="${a.color}" is not one of ${Object.keys(COLOR_WORDS).join(', ')}`);
    color = a.color;
  } else color = colorWord((visuals.find((v) => v.geometry.type !== 'plane') ?? first).color);
  // footprint
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity, top = -Infinity;
  for (const s of shapes) {
    if (s.geometry.type === 'plane') continue;
    const bb = shapeAabb(s);
    minX = Math.min(minX, bb.minX);
    maxX = Math.max(maxX, bb.maxX);
    minY = Math.min(minY, bb.minY);
    maxY = Math.max(maxY, bb.maxY);
    top = Math.max(top, bb.maxZ);
  }
  let footprint: WorldObject['footprint'];
  let x: number, y: number, radius: number;
  const solid = shapes.filter((s) => s.geometry.type !== 'plane');
  const only = solid.length === 1 ? solid[0] : undefined;
  if (only && (only.geometry.type === 'sphere' || (only.geometry.type === 'cylinder' && uprightPose(only)))) {
    const r = only.geometry.radius;
    x = only.pose.x;
    y = only.pose.y;
    footprint = { kind: 'circle', radius: r };
    radius = r;
  } else if (only && only.geometry.type === 'box' && uprightPose(only)) {
    x = only.pose.x;
    y = only.pose.y;
    footprint = { kind: 'rect', halfX: only.geometry.size[0] / 2, halfY: only.geometry.size[1] / 2, yaw: only.pose.yaw };
    radius = Math.hypot(footprint.halfX, footprint.halfY);
  } else {
    x = (minX + maxX) / 2;
    y = (minY + maxY) / 2;
    footprint = { kind: 'rect', halfX: (maxX - minX) / 2, halfY: (maxY - minY) / 2, yaw: 0 };
    radius = Math.hypot(footprint.halfX, footprint.halfY);
  }
  const height = Math.max(0, top);
  let size: LandmarkSize;
  if (a.size !== undefined) {
    if (a.size !== 'small' && a.size !== 'large') throw err(file, el, `size="${a.size}" is not one of small, large`);
    size = a.size;
  } else size = Math.max(maxX - minX, maxY - minY, height) >= 0.6 ? 'large' : 'small';
  const name = m.name;
  return { name, color, shape, size, x, y, radius, height, footprint };
}

function uprightPose(s: Shape): boolean {
  return isUpright(fromRpy(0, 0, 0, s.pose.roll, s.pose.pitch, s.pose.yaw));
}
