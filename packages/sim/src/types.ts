// The simulator's view of a world: plain data, independent of SDF.
import type { Pose3 } from '@navstack/math';

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

export type Geometry =
  | { type: 'box'; size: [number, number, number] }
  | { type: 'cylinder'; radius: number; length: number }
  | { type: 'sphere'; radius: number }
  /** A plane through the pose origin with this normal (in the shape frame) and a finite extent. */
  | { type: 'plane'; normal: [number, number, number]; size: [number, number] }
  /** Triangles: a mesh file (STL, Collada, OBJ), an extruded <polyline> or a <cone>, in the shape frame. */
  | { type: 'mesh'; mesh: TriangleMesh; source: MeshSource };

/** Where a mesh geometry's triangles came from. */
export type MeshSource =
  | { kind: 'file'; uri: string; file: string; scale: [number, number, number]; submesh?: string }
  | { kind: 'polyline'; polylines: { points: [number, number][]; height: number }[] }
  | { kind: 'cone'; radius: number; length: number };

/** Triangles in a shape's frame (metres, <scale> applied). Shared between shapes: never modify. */
export interface TriangleMesh {
  /** x, y, z of each triangle's three vertices: 9 numbers per triangle. */
  positions: Float32Array;
  /** r, g, b (0..1) of each triangle, from the mesh file's materials; absent when the file has none. */
  colors?: Float32Array;
  /** Bounding box in the shape frame. */
  min: [number, number, number];
  max: [number, number, number];
}

export interface Shape {
  /** Scoped model name, e.g. 'shelf_1' or 'outer::inner'. */
  model: string;
  link: string;
  /** The collision or visual element's name. */
  name: string;
  geometry: Geometry;
  /** World-frame pose of the geometry's centre. */
  pose: Pose3;
  /** Material diffuse colour (0..1); collisions take the colour of their link's visual. */
  color: Rgba;
  static: boolean;
  /**
   * Visual meshes: both faces of each triangle are seen (<material><double_sided>). Otherwise the camera
   * sees a triangle from its front (counter-clockwise) side only, as Gazebo's renderer does.
   */
  doubleSided?: boolean;
}

export type LandmarkShape = 'box' | 'cylinder' | 'sphere';
/** 'large' when the model's footprint diameter or height is at least 0.6 m, else 'small' (overridable in SDF). */
export type LandmarkSize = 'small' | 'large';

/** A landmark that instructions can name ("the red box by the wall"). */
export interface WorldObject {
  /** The model's name. */
  name: string;
  /** A plain colour word: red, green, blue, yellow, orange, purple, pink, cyan, white, black, gray, brown. */
  color: string;
  shape: LandmarkShape;
  size: LandmarkSize;
  /** Footprint centre in the world frame. */
  x: number;
  y: number;
  /** Radius of the circle around (x, y) that encloses the footprint. */
  radius: number;
  /** Height of the top above the ground. */
  height: number;
  /** Exact footprint, for distanceToObject(). */
  footprint: { kind: 'circle'; radius: number } | { kind: 'rect'; halfX: number; halfY: number; yaw: number };
}

export interface Bounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export interface World {
  name: string;
  /** The file it was loaded from (or the name given to parseWorld). */
  file: string;
  /** Every collision shape, in the world frame (what the robot collides with). */
  shapes: Shape[];
  /** Every visual shape, in the world frame (what the lidar and camera see). */
  visuals: Shape[];
  objects: WorldObject[];
  /** Extent of the non-ground shapes. */
  bounds: Bounds;
  /** Direction of the first directional light (world frame), for camera shading. */
  lightDirection: [number, number, number];
  /** <scene><background>, 0..1 */
  background: Rgba;
}

/** Distance from (x, y) to the landmark's footprint boundary (0 inside). */
export function distanceToObject(o: WorldObject, x: number, y: number): number {
  const dx = x - o.x;
  const dy = y - o.y;
  if (o.footprint.kind === 'circle') return Math.max(0, Math.hypot(dx, dy) - o.footprint.radius);
  const c = Math.cos(o.footprint.yaw);
  const s = Math.sin(o.footprint.yaw);
  const lx = Math.abs(c * dx + s * dy) - o.footprint.halfX;
  const ly = Math.abs(-s * dx + c * dy) - o.footprint.halfY;
  return Math.hypot(Math.max(0, lx), Math.max(0, ly));
}

export const COLOR_WORDS: Record<string, [number, number, number]> = {
  red: [0.8, 0.1, 0.1],
  green: [0.1, 0.65, 0.15],
  blue: [0.1, 0.2, 0.85],
  yellow: [0.9, 0.85, 0.1],
  orange: [1.0, 0.5, 0.05],
  purple: [0.5, 0.15, 0.65],
  pink: [1.0, 0.5, 0.75],
  cyan: [0.1, 0.8, 0.85],
  white: [0.95, 0.95, 0.95],
  black: [0.05, 0.05, 0.05],
  gray: [0.5, 0.5, 0.5],
  brown: [0.45, 0.28, 0.1],
};

/** The nearest colour word to an RGB colour. */
export function colorWord(c: Rgba): string {
  let best = 'gray';
  let bestD = Infinity;
  for (const [word, [r, g, b]] of Object.entries(COLOR_WORDS)) {
    const d = (c.r - r) ** 2 + (c.g - g) ** 2 + (c.b - b) ** 2;
    if (d < bestD) {
      bestD = d;
      best = word;
    }
  }
  return best;
}
