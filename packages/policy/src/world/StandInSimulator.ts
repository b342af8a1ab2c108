/**
 * A small deterministic simulator used while @navstack/sim is not available (and by fast tests):
 * unicycle kinematics, a 360-beam 2D lidar and a ray-cast rgb8 pinhole camera over a room with
 * boxes, cylinders and spheres. Shapes match the promised @navstack/sim API.
 */
import type { sensor_msgs } from '@navstack/msgs';
import { colorRgb } from './colors.ts';
import { WALL_HEIGHT, distanceToObject, rayObject, rayWalls } from './raycast.ts';
import type { Pose2D, SimLike, Twist2D, World } from './types.ts';
import { mulberry32 } from '../model.ts';

export interface StandInOptions {
  world: World;
  seed: number;
  start: Pose2D;
  physicsHz?: number;
  camera?: { width: number; height: number; hfov: number; z: number };
  lidar?: { beams: number; z: number; rangeMax: number; noise: number };
  robotRadius?: number;
}

export const STANDIN_CAMERA = { width: 64, height: 48, hfov: (60 * Math.PI) / 180, z: 0.3 };

export class StandInSimulator implements SimLike {
  readonly world: World;
  readonly physicsHz: number;
  readonly camera: { width: number; height: number; hfov: number; z: number };
  readonly lidar: { beams: number; z: number; rangeMax: number; noise: number };
  readonly robotRadius: number;
  #pose: Pose2D;
  #time = 0;
  #collisions = 0;
  #inContact = false;
  #rnd: () => number;
  #start: Pose2D;
  #seed: number;

  constructor(o: StandInOptions) {
    this.world = o.world;
    this.physicsHz = o.physicsHz ?? 20;
    this.camera = o.camera ?? STANDIN_CAMERA;
    this.lidar = o.lidar ?? { beams: 360, z: 0.2, rangeMax: 12, noise: 0.01 };
    this.robotRadius = o.robotRadius ?? 0.22;
    this.#start = { ...o.start };
    this.#pose = { ...o.start };
    this.#seed = o.seed;
    this.#rnd = mulberry32(o.seed);
  }

  get time(): number {
    return this.#time;
  }
  get collisions(): number {
    return this.#collisions;
  }
  pose(): Pose2D {
    return { ...this.#pose };
  }
  reset(): void {
    this.#pose = { ...this.#start };
    this.#time = 0;
    this.#collisions = 0;
    this.#inContact = false;
    this.#rnd = mulberry32(this.#seed);
  }

  /** Clearance of the robot footprint at (x, y): distance to the nearest obstacle minus the robot radius. */
  clearance(x: number, y: number): number {
    const b = this.world.bounds;
    let d = Math.min(x - b.minX, b.maxX - x, y - b.minY, b.maxY - y);
    for (const o of this.world.objects) d = Math.min(d, distanceToObject(x, y, o));
    return d - this.robotRadius;
  }

  step(cmd: Twist2D): void {
    const dt = 1 / this.physicsHz;
    const v = Math.max(-0.5, Math.min(1.0, cmd.linear));
    const w = Math.max(-2, Math.min(2, cmd.angular));
    const p = this.#pose;
    const yaw = p.yaw + w * dt;
    const nx = p.x + v * dt * Math.cos(p.yaw + (w * dt) / 2);
    const ny = p.y + v * dt * Math.sin(p.yaw + (w * dt) / 2);
    if (this.clearance(nx, ny) < 0) {
      if (!this.#inContact) this.#collisions++;
      this.#inContact = true;
      this.#pose = { x: p.x, y: p.y, yaw: Math.atan2(Math.sin(yaw), Math.cos(yaw)) };
    } else {
      this.#inContact = false;
      this.#pose = { x: nx, y: ny, yaw: Math.atan2(Math.sin(yaw), Math.cos(yaw)) };
    }
    this.#time += dt;
  }

  #stamp() {
    const sec = Math.floor(this.#time);
    return { sec, nanosec: Math.round((this.#time - sec) * 1e9) % 1_000_000_000 };
  }

  scan(): sensor_msgs.LaserScan {
    const { beams, z, rangeMax, noise } = this.lidar;
    const ranges = new Float32Array(beams);
    const inc = (2 * Math.PI) / beams;
    const p = this.#pose;
    for (let i = 0; i < beams; i++) {
      const a = p.yaw - Math.PI + i * inc;
      const dx = Math.cos(a), dy = Math.sin(a);
      let t = rayWalls(p.x, p.y, dx, dy, this.world.bounds);
      for (const o of this.world.objects) t = Math.min(t, rayObject(p.x, p.y, dx, dy, o, z));
      t += (this.#rnd() * 2 - 1) * noise;
      ranges[i] = t > rangeMax ? Infinity : t;
    }
    return {
      header: { stamp: this.#stamp(), frame_id: 'laser' },
      angle_min: -Math.PI,
      angle_max: Math.PI - inc,
      angle_increment: inc,
      time_increment: 0,
      scan_time: 0.1,
      range_min: 0.12,
      range_max: rangeMax,
      ranges,
      intensities: new Float32Array(0),
    };
  }

  cameraImage(): sensor_msgs.Image {
    const { width: W, height: H, hfov, z: camZ } = this.camera;
    const f = W / 2 / Math.tan(hfov / 2);
    const data = new Uint8Array(W * H * 3);
    const p = this.#pose;
    const b = this.world.bounds;
    const rowTan = new Float64Array(H);
    for (let v = 0; v < H; v++) rowTan[v] = (H / 2 - (v + 0.5)) / f;
    const hits: { depth: number; z0: number; z1: number; rgb: [number, number, number]; shade: number }[] = [];
    for (let u = 0; u < W; u++) {
      const off = Math.atan(-(u + 0.5 - W / 2) / f);
      const a = p.yaw + off;
      const dx = Math.cos(a), dy = Math.sin(a);
      const cosOff = Math.cos(off);
      hits.length = 0;
      const tw = rayWalls(p.x, p.y, dx, dy, b);
      hits.push({ depth: tw * cosOff, z0: 0, z1: WALL_HEIGHT, rgb: [200, 190, 170], shade: 1 });
      for (const o of this.world.objects) {
        const t = rayObject(p.x, p.y, dx, dy, o);
        if (!Number.isFinite(t) || t > tw) continue;
        const hx = p.x + t * dx, hy = p.y + t * dy;
        let nx: number, ny: number, z0 = 0, z1 = o.size[2];
        if (o.shape === 'box') {
          const ex = Math.abs(hx - o.x) / o.size[0], ey = Math.abs(hy - o.y) / o.size[1];
          if (ex > ey) { nx = Math.sign(hx - o.x); ny = 0; } else { nx = 0; ny = Math.sign(hy - o.y); }
        } else {
          const n = Math.hypot(hx - o.x, hy - o.y) || 1;
          nx = (hx - o.x) / n;
          ny = (hy - o.y) / n;
          if (o.shape === 'sphere') {
            const r = o.size[0] / 2;
            const perp = Math.abs((o.x - p.x) * dy - (o.y - p.y) * dx);
            const h = Math.sqrt(Math.max(0, r * r - perp * perp));
            z0 = r - h;
            z1 = r + h;
          }
        }
        const lambert = Math.max(0, -(nx * dx + ny * dy));
        hits.push({ depth: t * cosOff, z0, z1, rgb: colorRgb(o.color), shade: 0.45 + 0.55 * lambert });
      }
      hits.sort((h1, h2) => h2.depth - h1.depth);
      for (let v = 0; v < H; v++) {
        let r: number, g: number, bl: number;
        if (rowTan[v] < 0) { const fl = Math.min(1, -rowTan[v] * 3); r = g = bl = 90 + 60 * fl; } else { r = 170; g = 200; bl = 230; }
        for (const h of hits) {
          const zz = camZ + h.depth * rowTan[v];
          if (zz >= h.z0 && zz <= h.z1) {
            const fog = Math.max(0.6, 1 - h.depth * 0.03);
            r = h.rgb[0] * h.shade * fog;
            g = h.rgb[1] * h.shade * fog;
            bl = h.rgb[2] * h.shade * fog;
          }
        }
        const o = (v * W + u) * 3;
        const nz = (this.#rnd() - 0.5) * 12;
        data[o] = Math.max(0, Math.min(255, r + nz));
        data[o + 1] = Math.max(0, Math.min(255, g + nz));
        data[o + 2] = Math.max(0, Math.min(255, bl + nz));
      }
    }
    return { header: { stamp: this.#stamp(), frame_id: 'camera_link' }, height: H, width: W, encoding: 'rgb8', is_bigendian: 0, step: W * 3, data };
  }
}
