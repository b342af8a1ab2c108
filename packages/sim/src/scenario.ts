// Seeded procedural scenarios: a room (optionally split by partitions with doorways, optionally
// cluttered), coloured landmark objects of which several share a colour and several share a shape,
// a free start pose and a reachable target with an instruction that names it unambiguously.
// The world is written as ordinary SDF and loaded back through parseWorld.
import { Obstacles } from './collision.ts';
import type { Pose2D } from '@navstack/math';
import { loadRobotDescription } from './robot.ts';
import { Rng } from '@navstack/math';
import { compileShapes } from './scene.ts';
import { parseWorld } from './sdf.ts';
import { modelSdf, roomWalls, wallSdf, worldSdf, type GeometrySpec } from './sdfWriter.ts';
import { COLOR_WORDS, colorWord, distanceToObject, type World, type WorldObject } from './types.ts';

export type ScenarioLayout = 'room' | 'rooms' | 'clutter';

export interface ScenarioOptions {
  /** Default: chosen by the seed. */
  layout?: ScenarioLayout;
  minObjects?: number;
  maxObjects?: number;
  /** Landmark colours to draw from (default red, green, blue, yellow). */
  colors?: string[];
  /** Minimum start-to-target distance (m, default 2). */
  minTargetDistance?: number;
  /** Robot footprint radius for free-space checks (default: the bundled robot's). */
  robotRadius?: number;
  /**
   * Landmarks in shades and sizes beyond the six fixed ones: each colour darkened, paled or tinted (always
   * still nearest its own colour word), each size class drawn from a range (default false: the fixed
   * shades and sizes, so that existing seeds give the same worlds).
   */
  landmarkVariety?: boolean;
}

export interface Scenario {
  seed: number;
  layout: ScenarioLayout;
  sdf: string;
  world: World;
  start: Pose2D;
  target: WorldObject;
  /** A command that names the target unambiguously, e.g. "go to the large red box". */
  instruction: string;
  /** How the instruction tells the target apart: 'color+shape', 'size', or 'relation'. */
  disambiguation: 'color+shape' | 'size' | 'relation';
}

interface Footprint {
  x: number;
  y: number;
  r: number;
}

const LAYOUTS: ScenarioLayout[] = ['room', 'rooms', 'clutter'];

export function generateScenario(seed: number, options: ScenarioOptions = {}): Scenario {
  for (let attempt = 0; attempt < 50; attempt++) {
    const s = tryGenerate(seed, attempt, options);
    if (s) return s;
  }
  throw new Error(`generateScenario(${seed}): no valid layout after 50 attempts (too many objects for the room?)`);
}

function tryGenerate(seed: number, attempt: number, options: ScenarioOptions): Scenario | undefined {
  const rng = new Rng(Math.imul(seed >>> 0, 0x9e3779b1) + attempt * 7919);
  const robotRadius = options.robotRadius ?? loadRobotDescription().radius;
  const layout = options.layout ?? rng.pick(LAYOUTS);
  const halfW = Math.round(rng.uniform(3, 6) * 2) / 2;
  const halfH = Math.round(rng.uniform(3, 5) * 2) / 2;
  const models: string[] = roomWalls('wall', -halfW, halfW, -halfH, halfH);
  const walls: { x1: number; y1: number; x2: number; y2: number }[] = [
    { x1: -halfW, y1: -halfH, x2: halfW, y2: -halfH },
    { x1: -halfW, y1: halfH, x2: halfW, y2: halfH },
    { x1: -halfW, y1: -halfH, x2: -halfW, y2: halfH },
    { x1: halfW, y1: -halfH, x2: halfW, y2: halfH },
  ];
  const taken: Footprint[] = [];
  if (layout === 'rooms') {
    const partitions = halfW >= 4.5 ? 2 : 1;
    for (let k = 0; k < partitions; k++) {
      const x = partitions === 1 ? rng.uniform(-1, 1) : (k === 0 ? -1 : 1) * halfW * rng.uniform(0.3, 0.45);
      const door = rng.uniform(-halfH + 1.2, halfH - 1.2);
      const gap = 1.1;
      const seg = [
        { x1: x, y1: -halfH, x2: x, y2: door - gap / 2 },
        { x1: x, y1: door + gap / 2, x2: x, y2: halfH },
      ];
      seg.forEach((w, i) => {
        if (w.y2 - w.y1 < 0.2) return;
        walls.push(w);
        models.push(wallSdf(`partition_${k}_${i}`, w.x1, w.y1, w.x2, w.y2));
      });
    }
  }
  const clear = (x: number, y: number, r: number, margin: number): boolean => {
    if (Math.abs(x) > halfW - r - margin || Math.abs(y) > halfH - r - margin) return false;
    for (const w of walls) if (segmentDistance(x, y, w) < r + margin + 0.075) return false;
    for (const f of taken) if (Math.hypot(x - f.x, y - f.y) < r + f.r + margin) return false;
    return true;
  };
  const place = (r: number, margin: number): { x: number; y: number } | undefined => {
    for (let k = 0; k < 200; k++) {
      const x = rng.uniform(-halfW, halfW), y = rng.uniform(-halfH, halfH);
      if (clear(x, y, r, margin)) return { x: round(x), y: round(y) };
    }
    return undefined;
  };
  if (layout === 'clutter') {
    const n = rng.int(2, 5);
    for (let k = 0; k < n; k++) {
      const g: GeometrySpec = rng.next() < 0.5 ? { type: 'box', size: [rng.uniform(0.4, 1.2), rng.uniform(0.4, 1.2), rng.uniform(0.5, 1.2)] } : { type: 'cylinder', radius: rng.uniform(0.15, 0.35), length: rng.uniform(0.5, 1.2) };
      const r = g.type === 'box' ? Math.hypot(g.size[0], g.size[1]) / 2 : g.radius;
      const p = place(r, 0.9);
      if (!p) continue;
      taken.push({ ...p, r });
      models.push(modelSdf({ name: `obstacle_${k}`, x: p.x, y: p.y, yaw: round(rng.uniform(-Math.PI, Math.PI)), geometry: g, color: rng.pick(['gray', 'white', 'brown']) }));
    }
  }
  // landmarks: colours from a small set and all three shapes, so that colours and shapes repeat
  const palette = rng.shuffle([...(options.colors ?? ['red', 'green', 'blue', 'yellow'])]).slice(0, 3);
  // its own stream, so that the main one (and with it every fixed-variety world) is unchanged
  const variety = options.landmarkVariety ? new Rng(Math.imul(seed >>> 0, 0x85ebca6b) + attempt * 104729 + 1) : undefined;
  const nObjects = rng.int(options.minObjects ?? 4, options.maxObjects ?? 7);
  const used = new Map<string, number>();
  for (let k = 0; k < nObjects; k++) {
    const color = rng.pick(palette);
    const shape = rng.pick(['box', 'cylinder', 'sphere'] as const);
    const large = rng.next() < 0.4;
    const g: GeometrySpec = variety ? variedGeometry(variety, shape, large) : fixedGeometry(shape, large);
    const r = g.type === 'box' ? Math.hypot(g.size[0], g.size[1]) / 2 : g.radius;
    const p = place(r, 2 * robotRadius + 0.35);
    if (!p) continue;
    taken.push({ ...p, r });
    const base = `${color}_${shape}`;
    const count = (used.get(base) ?? 0) + 1;
    used.set(base, count);
    const shade = variety ? variedShade(variety, color) : color;
    models.push(modelSdf({ name: `${base}_${count}`, x: p.x, y: p.y, yaw: shape === 'box' ? round(rng.uniform(-0.8, 0.8)) : 0, geometry: g, color: shade, landmark: { ...(variety && { color }), size: large ? 'large' : 'small' } }));
  }
  const name = `scenario_${seed}`;
  const sdf = worldSdf(name, models, { comment: `generated by navstack generateScenario(${seed}), layout ${layout}` });
  const world = parseWorld(sdf, `${name}.sdf`, { onWarning: () => {}, resourcePaths: [] });
  if (world.objects.length < Math.min(4, options.minObjects ?? 4)) return undefined;

  const start = place(robotRadius, 0.35);
  if (!start) return undefined;
  const startPose: Pose2D = { x: start.x, y: start.y, yaw: round(rng.uniform(-Math.PI, Math.PI)) };
  const reach = reachableMap(world, robotRadius, startPose);
  const minDist = options.minTargetDistance ?? 2;
  const candidates = rng.shuffle(world.objects.filter((o) => Math.hypot(o.x - start.x, o.y - start.y) - o.radius >= minDist && reach(o)));
  for (const target of candidates) {
    const d = describe(target, world.objects);
    if (d) return { seed, layout, sdf, world, start: startPose, target, instruction: `go to the ${d.phrase}`, disambiguation: d.how };
  }
  return undefined;
}

function fixedGeometry(shape: WorldObject['shape'], large: boolean): GeometrySpec {
  if (shape === 'box') return { type: 'box', size: large ? [0.8, 0.8, 0.8] : [0.4, 0.4, 0.4] };
  if (shape === 'cylinder') return { type: 'cylinder', radius: large ? 0.35 : 0.18, length: large ? 1.0 : 0.45 };
  return { type: 'sphere', radius: large ? 0.35 : 0.2 };
}

/** Sizes from a range in each class; 'large' keeps an extent of at least 0.62 m (the SDF rule is 0.6). */
function variedGeometry(rng: Rng, shape: WorldObject['shape'], large: boolean): GeometrySpec {
  const u = (a: number, b: number) => round(rng.uniform(a, b));
  if (shape === 'box') {
    if (!large) return { type: 'box', size: [u(0.28, 0.52), u(0.28, 0.52), u(0.28, 0.52)] };
    const size: [number, number, number] = [u(0.45, 1.0), u(0.45, 1.0), u(0.45, 1.0)];
    if (Math.max(...size) < 0.62) size[2] = u(0.65, 1.0);
    return { type: 'box', size };
  }
  if (shape === 'cylinder') return large ? { type: 'cylinder', radius: u(0.15, 0.4), length: u(0.65, 1.2) } : { type: 'cylinder', radius: u(0.12, 0.24), length: u(0.3, 0.55) };
  return { type: 'sphere', radius: large ? u(0.31, 0.42) : u(0.15, 0.27) };
}

/** A darker, paler or tinted shade of a colour word that is still nearest that word. */
function variedShade(rng: Rng, word: string): [number, number, number] {
  const base = COLOR_WORDS[word];
  for (let k = 0; k < 20; k++) {
    const value = rng.uniform(0.6, 1.1), white = rng.uniform(0, 0.4), saturation = rng.uniform(0.7, 1);
    const c = base.map((x) => Math.min(1, x * value)).map((v) => v + (1 - v) * white);
    const grey = (c[0] + c[1] + c[2]) / 3;
    const shade = c.map((x) => round(Math.min(1, Math.max(0, grey + (x - grey) * saturation + rng.uniform(-0.05, 0.05))))) as [number, number, number];
    if (colorWord({ r: shade[0], g: shade[1], b: shade[2], a: 1 }) === word) return shade;
  }
  return base;
}

/** A phrase that picks out `target` among `objects`, or undefined. */
export function describe(target: WorldObject, objects: WorldObject[]): { phrase: string; how: Scenario['disambiguation'] } | undefined {
  const same = objects.filter((o) => o.color === target.color && o.shape === target.shape);
  if (same.length === 1) return { phrase: `${target.color} ${target.shape}`, how: 'color+shape' };
  const sameSize = same.filter((o) => o.size === target.size);
  if (sameSize.length === 1) return { phrase: `${target.size} ${target.color} ${target.shape}`, how: 'size' };
  // by the nearest landmark that is unique by colour and shape
  const anchors = objects
    .filter((o) => o !== target && objects.filter((p) => p.color === o.color && p.shape === o.shape).length === 1)
    .sort((a, b) => Math.hypot(a.x - target.x, a.y - target.y) - Math.hypot(b.x - target.x, b.y - target.y));
  for (const a of anchors) {
    const dist = (o: WorldObject) => Math.hypot(o.x - a.x, o.y - a.y);
    const closest = same.reduce((m, o) => (dist(o) < dist(m) ? o : m), same[0]);
    if (closest === target && same.every((o) => o === target || dist(o) > dist(target) + 0.5)) {
      return { phrase: `${target.color} ${target.shape} closest to the ${a.color} ${a.shape}`, how: 'relation' };
    }
  }
  return undefined;
}

/** Grid flood fill (0.1 m) of the robot's free space from `from`; says whether a landmark can be reached (within 0.5 m of it). */
export function reachableMap(world: World, robotRadius: number, from: Pose2D): (o: WorldObject) => boolean {
  const robot = loadRobotDescription();
  const obstacles = new Obstacles(compileShapes(world.shapes).prims, robot.bodyMinZ, robot.bodyMaxZ);
  const res = 0.1;
  const { minX, minY, maxX, maxY } = world.bounds;
  const nx = Math.ceil((maxX - minX) / res), ny = Math.ceil((maxY - minY) / res);
  const state = new Uint8Array(nx * ny); // 0 unknown, 1 free, 2 blocked, 3 reached
  const free = (i: number, j: number) => {
    const k = j * nx + i;
    if (state[k] === 0) state[k] = obstacles.overlaps(minX + (i + 0.5) * res, minY + (j + 0.5) * res, robotRadius) ? 2 : 1;
    return state[k] !== 2;
  };
  const si = Math.floor((from.x - minX) / res), sj = Math.floor((from.y - minY) / res);
  const queue: number[] = [];
  if (si >= 0 && sj >= 0 && si < nx && sj < ny && free(si, sj)) {
    state[sj * nx + si] = 3;
    queue.push(sj * nx + si);
  }
  for (let q = 0; q < queue.length; q++) {
    const k = queue[q];
    const i = k % nx, j = (k - i) / nx;
    for (const [a, b] of [[i + 1, j], [i - 1, j], [i, j + 1], [i, j - 1]]) {
      if (a < 0 || b < 0 || a >= nx || b >= ny) continue;
      const kk = b * nx + a;
      if (state[kk] === 3 || !free(a, b)) continue;
      state[kk] = 3;
      queue.push(kk);
    }
  }
  return (o) => {
    const r = o.radius + robotRadius + 0.5;
    const i0 = Math.max(0, Math.floor((o.x - r - minX) / res)), i1 = Math.min(nx - 1, Math.floor((o.x + r - minX) / res));
    const j0 = Math.max(0, Math.floor((o.y - r - minY) / res)), j1 = Math.min(ny - 1, Math.floor((o.y + r - minY) / res));
    for (let j = j0; j <= j1; j++) {
      for (let i = i0; i <= i1; i++) {
        if (state[j * nx + i] !== 3) continue;
        const x = minX + (i + 0.5) * res, y = minY + (j + 0.5) * res;
        if (distanceToObject(o, x, y) <= robotRadius + 0.5) return true;
      }
    }
    return false;
  };
}

function segmentDistance(x: number, y: number, w: { x1: number; y1: number; x2: number; y2: number }): number {
  const dx = w.x2 - w.x1, dy = w.y2 - w.y1;
  const len2 = dx * dx + dy * dy;
  const t = len2 > 0 ? Math.max(0, Math.min(1, ((x - w.x1) * dx + (y - w.y1) * dy) / len2)) : 0;
  return Math.hypot(x - (w.x1 + t * dx), y - (w.y1 + t * dy));
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
