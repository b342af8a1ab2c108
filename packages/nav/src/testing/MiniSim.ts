import { loadRobotDescription, type DriveConfig } from '@navstack/sim';
import { wrapAngle, type Pose2D } from '@navstack/math';

/** What the nav harness needs from a simulator (packages/sim's Simulator is adapted to this). */
export interface SimLike {
  /** seconds of sim time */
  readonly time: number;
  readonly dt: number;
  pose(): Pose2D;
  /** applies the command for one physics step */
  step(cmd: { linear: number; angular: number }): void;
  scan(): { angle_min: number; angle_max: number; angle_increment: number; range_min: number; range_max: number; ranges: Float32Array };
  /** number of physics steps (or contacts) in collision so far */
  readonly collisions: number;
  /** actual velocity of the base */
  velocity(): { linear: number; angular: number };
}

export type MiniObstacle = { kind: 'circle'; x: number; y: number; r: number } | { kind: 'rect'; x0: number; y0: number; x1: number; y1: number };

export interface MiniSimOptions {
  obstacles: MiniObstacle[];
  start: Pose2D;
  robotRadius?: number;
  physicsHz?: number;
  beams?: number;
  rangeMax?: number;
  /** base acceleration limits (m/s^2, rad/s^2); default: the bundled robot description's */
  accel?: Partial<Pick<DriveConfig, 'maxLinearAccel' | 'minLinearAccel' | 'maxAngularAccel' | 'minAngularAccel'>>;
}

/**
 * A tiny 2-D diff-drive world for nav's own tests: circles and axis-aligned boxes, a 360° lidar,
 * acceleration-limited base. Its own geometry and lidar; the base's acceleration limits (and their
 * gz-sim semantics) are the bundled robot description's (packages/sim/robots/navstack_bot/model.sdf).
 */
export class MiniSim implements SimLike {
  readonly obstacles: MiniObstacle[];
  readonly dt: number;
  readonly radius: number;
  #pose: Pose2D;
  #v = 0;
  #w = 0;
  #t = 0;
  #collisions = 0;
  readonly #beams: number;
  readonly #rangeMax: number;
  readonly #accel: Pick<DriveConfig, 'maxLinearAccel' | 'minLinearAccel' | 'maxAngularAccel' | 'minAngularAccel'>;

  constructor(o: MiniSimOptions) {
    this.obstacles = o.obstacles;
    this.#pose = { ...o.start };
    this.radius = o.robotRadius ?? 0.17;
    this.dt = 1 / (o.physicsHz ?? 50);
    this.#beams = o.beams ?? 360;
    this.#rangeMax = o.rangeMax ?? 10;
    const d = loadRobotDescription().drive;
    this.#accel = { maxLinearAccel: d.maxLinearAccel, minLinearAccel: d.minLinearAccel, maxAngularAccel: d.maxAngularAccel, minAngularAccel: d.minAngularAccel, ...o.accel };
  }
  get time(): number {
    return this.#t;
  }
  get collisions(): number {
    return this.#collisions;
  }
  pose(): Pose2D {
    return { ...this.#pose };
  }
  velocity() {
    return { linear: this.#v, angular: this.#w };
  }

  clearance(x: number, y: number): number {
    let best = Infinity;
    for (const ob of this.obstacles) {
      let d: number;
      if (ob.kind === 'circle') d = Math.hypot(x - ob.x, y - ob.y) - ob.r;
      else {
        const dx = Math.max(ob.x0 - x, 0, x - ob.x1);
        const dy = Math.max(ob.y0 - y, 0, y - ob.y1);
        d = dx > 0 || dy > 0 ? Math.hypot(dx, dy) : -Math.min(x - ob.x0, ob.x1 - x, y - ob.y0, ob.y1 - y);
      }
      if (d < best) best = d;
    }
    return best;
  }

  step(cmd: { linear: number; angular: number }): void {
    const dt = this.dt;
    // as packages/sim's Simulator and gz-sim's DiffDrive: the signed change per step lies in [min * dt, max * dt]
    const lim = (cur: number, target: number, min: number, max: number) => cur + Math.max(min * dt, Math.min(max * dt, target - cur));
    const a = this.#accel;
    this.#v = lim(this.#v, cmd.linear, a.minLinearAccel, a.maxLinearAccel);
    this.#w = lim(this.#w, cmd.angular, a.minAngularAccel, a.maxAngularAccel);
    const p = this.#pose;
    const nx = p.x + this.#v * Math.cos(p.yaw) * dt;
    const ny = p.y + this.#v * Math.sin(p.yaw) * dt;
    const yaw = wrapAngle(p.yaw + this.#w * dt);
    if (this.clearance(nx, ny) < this.radius) {
      // contact: count it and do not move into the obstacle
      this.#collisions++;
      this.#v = 0;
      this.#pose = { x: p.x, y: p.y, yaw };
    } else this.#pose = { x: nx, y: ny, yaw };
    this.#t += dt;
  }

  scan() {
    const n = this.#beams;
    const ranges = new Float32Array(n);
    const inc = (2 * Math.PI) / n;
    const p = this.#pose;
    for (let i = 0; i < n; i++) {
      const a = p.yaw - Math.PI + i * inc;
      ranges[i] = this.#ray(p.x, p.y, Math.cos(a), Math.sin(a));
    }
    return { angle_min: -Math.PI, angle_max: Math.PI - inc, angle_increment: inc, range_min: 0.05, range_max: this.#rangeMax, ranges };
  }

  #ray(ox: number, oy: number, dx: number, dy: number): number {
    let best = Infinity;
    for (const ob of this.obstacles) {
      if (ob.kind === 'circle') {
        const fx = ox - ob.x, fy = oy - ob.y;
        const b = fx * dx + fy * dy;
        const c = fx * fx + fy * fy - ob.r * ob.r;
        const disc = b * b - c;
        if (disc < 0) continue;
        const t = -b - Math.sqrt(disc);
        if (t > 0 && t < best) best = t;
      } else {
        let t0 = -Infinity, t1 = Infinity;
        for (const [o, d, lo, hi] of [[ox, dx, ob.x0, ob.x1], [oy, dy, ob.y0, ob.y1]] as const) {
          if (Math.abs(d) < 1e-12) {
            if (o < lo || o > hi) { t0 = Infinity; break; }
          } else {
            let a = (lo - o) / d, b = (hi - o) / d;
            if (a > b) [a, b] = [b, a];
            t0 = Math.max(t0, a);
            t1 = Math.min(t1, b);
          }
        }
        if (t0 <= t1 && t0 > 0 && t0 < best) best = t0;
      }
    }
    return best <= this.#rangeMax ? best : Infinity;
  }
}

/** A walled room (w x h, origin at the corner) with optional inner obstacles. */
export function room(w: number, h: number, inner: MiniObstacle[] = []): MiniObstacle[] {
  const t = 0.1;
  return [
    { kind: 'rect', x0: -t, y0: -t, x1: w + t, y1: 0 },
    { kind: 'rect', x0: -t, y0: h, x1: w + t, y1: h + t },
    { kind: 'rect', x0: -t, y0: 0, x1: 0, y1: h },
    { kind: 'rect', x0: w, y0: 0, x1: w + t, y1: h },
    ...inner,
  ];
}

/** The obstacles as a nav_msgs/OccupancyGrid (100 = inside an obstacle) in frame `map`. */
export function miniOccupancyGrid(sim: MiniSim, x0: number, y0: number, w: number, h: number, resolution = 0.05) {
  const width = Math.ceil(w / resolution);
  const height = Math.ceil(h / resolution);
  const data = new Int8Array(width * height);
  for (let j = 0; j < height; j++) {
    for (let i = 0; i < width; i++) {
      if (sim.clearance(x0 + (i + 0.5) * resolution, y0 + (j + 0.5) * resolution) <= resolution * 0.5) data[j * width + i] = 100;
    }
  }
  return {
    header: { stamp: { sec: 0, nanosec: 0 }, frame_id: 'map' },
    info: { map_load_time: { sec: 0, nanosec: 0 }, resolution, width, height, origin: { position: { x: x0, y: y0, z: 0 }, orientation: { x: 0, y: 0, z: 0, w: 1 } } },
    data,
  };
}
