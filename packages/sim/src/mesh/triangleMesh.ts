// Triangle meshes of a shape: a mesh file with <scale> and <submesh>, an extruded <polyline>, a <cone>.
import { ShapeUtils, Vector2 } from 'three';
import type { TriangleMesh } from '../types.ts';
import type { MeshFile } from './readMesh.ts';

const scaled = new WeakMap<MeshFile, Map<string, TriangleMesh>>();

/**
 * The triangles of a mesh file with <scale> and an optional <submesh> (by node or geometry name; `center`
 * moves the submesh's bounding-box centre to the origin, as gz-common's SubMesh::Center does). Shared
 * between shapes with the same file, scale and submesh. Returns an error string when the submesh is unknown.
 */
export function meshFromFile(file: MeshFile, scale: [number, number, number], submesh?: { name: string; center: boolean }): TriangleMesh | string {
  const key = `${scale.join(',')}|${submesh ? `${submesh.name}|${submesh.center}` : ''}`;
  let byKey = scaled.get(file);
  if (!byKey) scaled.set(file, (byKey = new Map()));
  const hit = byKey.get(key);
  if (hit) return hit;
  let start = 0;
  let count = file.positions.length / 9;
  if (submesh) {
    const part = file.parts.find((p) => p.name === submesh.name);
    if (!part) {
      const names = [...new Set(file.parts.map((p) => p.name))];
      return `no submesh '${submesh.name}' (the file has ${names.length ? names.slice(0, 10).join(', ') : 'no named parts'})`;
    }
    start = part.start;
    count = part.count;
  }
  const src = file.positions.subarray(start * 9, (start + count) * 9);
  const positions = new Float32Array(src.length);
  let shift = [0, 0, 0];
  if (submesh?.center) {
    const b = bounds(src);
    shift = [(b.min[0] + b.max[0]) / 2, (b.min[1] + b.max[1]) / 2, (b.min[2] + b.max[2]) / 2];
  }
  for (let i = 0; i < src.length; i += 3) {
    positions[i] = (src[i] - shift[0]) * scale[0];
    positions[i + 1] = (src[i + 1] - shift[1]) * scale[1];
    positions[i + 2] = (src[i + 2] - shift[2]) * scale[2];
  }
  const colors = file.colors?.slice(start * 3, (start + count) * 3);
  const mesh: TriangleMesh = { positions, colors, ...bounds(positions) };
  byKey.set(key, mesh);
  return mesh;
}

/**
 * Polylines extruded from z = 0 to the first polyline's height, as gz-sim renders them (gz-common's
 * CreateExtrudedPolyline): each loop is closed, loops inside another are holes (even-odd), the side walls
 * follow every edge and the caps are the triangulated area.
 */
export function polylineMesh(polylines: { points: [number, number][]; height: number }[]): TriangleMesh {
  const height = polylines[0]?.height ?? 0;
  const loops = polylines.map((p) => {
    const pts = p.points.slice();
    const first = pts[0]!, last = pts[pts.length - 1]!;
    if (pts.length > 1 && Math.hypot(first[0] - last[0], first[1] - last[1]) <= 1e-4) pts.pop();
    return pts;
  });
  // loops inside an odd number of others are holes
  const depth = loops.map((l, i) => loops.filter((o, j) => j !== i && o.length >= 3 && l.length > 0 && inside(l[0]!, o)).length);
  // outer loops counter-clockwise and holes clockwise, so that every face's front (counter-clockwise) side
  // faces out of the solid, as gz-common's extrusion does
  loops.forEach((l, i) => {
    if (signedArea(l) > 0 !== (depth[i]! % 2 === 0)) l.reverse();
  });
  const out: number[] = [];
  const h = height;
  for (const pts of loops) {
    for (let i = 0; i < pts.length; i++) {
      const [ax, ay] = pts[i]!;
      const [bx, by] = pts[(i + 1) % pts.length]!;
      out.push(ax, ay, 0, bx, by, 0, bx, by, h, ax, ay, 0, bx, by, h, ax, ay, h);
    }
  }
  // caps: each outer loop with the holes directly inside it; the top faces up, the bottom down
  loops.forEach((outer, i) => {
    if (depth[i]! % 2 !== 0 || outer.length < 3) return;
    const holes = loops.filter((hl, j) => depth[j] === depth[i]! + 1 && hl.length >= 3 && inside(hl[0]!, outer));
    const contour = outer.map(([x, y]) => new Vector2(x, y));
    const holeVs = holes.map((hl) => hl.map(([x, y]) => new Vector2(x, y)));
    const all = [...contour, ...holeVs.flat()];
    for (const tri of ShapeUtils.triangulateShape(contour, holeVs)) {
      const [a, b, c] = tri.map((k) => all[k]!);
      const up = (b!.x - a!.x) * (c!.y - a!.y) - (b!.y - a!.y) * (c!.x - a!.x) > 0;
      const [p, q] = up ? [b!, c!] : [c!, b!];
      out.push(a!.x, a!.y, h, p.x, p.y, h, q.x, q.y, h); // top, counter-clockwise seen from above
      out.push(a!.x, a!.y, 0, q.x, q.y, 0, p.x, p.y, 0); // bottom, counter-clockwise seen from below
    }
  });
  const positions = Float32Array.from(out);
  return { positions, ...bounds(positions) };
}

function signedArea(pts: [number, number][]): number {
  let a = 0;
  for (let i = 0; i < pts.length; i++) {
    const [x0, y0] = pts[i]!, [x1, y1] = pts[(i + 1) % pts.length]!;
    a += x0 * y1 - x1 * y0;
  }
  return a / 2;
}

function inside([x, y]: [number, number], poly: [number, number][]): boolean {
  let c = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i]!, [xj, yj] = poly[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** A cone along z, base at -length/2 and apex at +length/2, with as many sides as Gazebo renders (32). */
export function coneMesh(radius: number, length: number, segments = 32): TriangleMesh {
  const out: number[] = [];
  const z0 = -length / 2, z1 = length / 2;
  for (let i = 0; i < segments; i++) {
    const a = (2 * Math.PI * i) / segments, b = (2 * Math.PI * (i + 1)) / segments;
    const ax = radius * Math.cos(a), ay = radius * Math.sin(a), bx = radius * Math.cos(b), by = radius * Math.sin(b);
    out.push(ax, ay, z0, bx, by, z0, 0, 0, z1); // side
    out.push(0, 0, z0, bx, by, z0, ax, ay, z0); // base
  }
  const positions = Float32Array.from(out);
  return { positions, ...bounds(positions) };
}

export function bounds(p: ArrayLike<number>): { min: [number, number, number]; max: [number, number, number] } {
  const min: [number, number, number] = [Infinity, Infinity, Infinity];
  const max: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < p.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const x = p[i + k]!;
      if (x < min[k]!) min[k] = x;
      if (x > max[k]!) max[k] = x;
    }
  }
  return { min, max };
}
