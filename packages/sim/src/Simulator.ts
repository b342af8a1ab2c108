// The embedded simulator for in-process stepping: diff-drive physics with velocity and acceleration
// limits, collisions against every collision shape, lidar and camera by ray casting. Deterministic:
// the same world, seed, start and commands give the same bytes.
import type { nav_msgs, sensor_msgs, builtin_interfaces } from '@navstack/msgs';
import { Camera } from './camera.ts';
import { Obstacles } from './collision.ts';
import { Lidar } from './lidar.ts';
import { wrapAngle, type Pose2D } from '@navstack/math';
import { loadRobotDescription, type CameraConfig, type LidarConfig, type RobotDescription } from './robot.ts';
import { Rng } from '@navstack/math';
import { compileWorld, type CompiledWorld } from './scene.ts';
import type { World } from './types.ts';

export interface VelocityCommand {
  linear: number;
  angular: number;
}

export interface SimulatorOptions {
  world: World;
  seed: number;
  start: Pose2D;
  /** Physics steps per sim second (default 100). */
  physicsHz?: number;
  /** Default: the bundled navstack_bot description. */
  robot?: RobotDescription;
  /** Overrides of the description's lidar parameters. */
  lidar?: Partial<LidarConfig>;
  /** Overrides of the description's camera parameters (e.g. { width: 320, height: 240 }). */
  camera?: Partial<CameraConfig>;
  /** Sensor noise from the description (default true). */
  noise?: boolean;
}

export class Simulator {
  readonly robot: RobotDescription;
  readonly physicsHz: number;
  readonly dt: number;
  readonly lidar: Lidar;
  readonly camera: Camera;
  #world!: World;
  #compiled!: CompiledWorld;
  #obstacles!: Obstacles;
  readonly #rng: Rng;
  readonly #noise: boolean;
  #seed: number;
  #x = 0;
  #y = 0;
  #yaw = 0;
  #v = 0;
  #w = 0;
  #steps = 0;
  #collisions = 0;
  #contact = false;
  #blocked = false;

  constructor(options: SimulatorOptions) {
    this.robot = options.robot ?? loadRobotDescription();
    this.physicsHz = options.physicsHz ?? 100;
    if (!(this.physicsHz > 0)) throw new Error(`physicsHz must be positive, got ${this.physicsHz}`);
    this.dt = 1 / this.physicsHz;
    this.lidar = new Lidar({ ...this.robot.lidar, ...options.lidar });
    this.camera = new Camera({ ...this.robot.camera, ...options.camera });
    this.#noise = options.noise ?? true;
    this.#seed = options.seed;
    this.#rng = new Rng(options.seed);
    this.#setWorld(options.world);
    this.reset({ start: options.start, seed: options.seed });
  }

  #setWorld(world: World): void {
    this.#world = world;
    this.#compiled = compileWorld(world);
    this.#obstacles = new Obstacles(this.#compiled.collision, this.robot.bodyMinZ, this.robot.bodyMaxZ, this.#compiled.collisionMeshes);
    this.camera.setLighting(world.lightDirection, world.background);
  }

  get world(): World {
    return this.#world;
  }
  get compiled(): CompiledWorld {
    return this.#compiled;
  }
  get seed(): number {
    return this.#seed;
  }
  /** Sim seconds since the last reset. */
  get time(): number {
    return this.#steps / this.physicsHz;
  }
  get steps(): number {
    return this.#steps;
  }
  /** Contact events (a new contact after being clear) since the last reset. */
  get collisions(): number {
    return this.#collisions;
  }
  /** True while the robot touches an obstacle. */
  get inContact(): boolean {
    return this.#contact;
  }
  /** True when the last step's motion was stopped by an obstacle. */
  get blocked(): boolean {
    return this.#blocked;
  }

  /** Sim time as a ROS stamp. */
  stamp(): builtin_interfaces.Time {
    const ns = Math.round((this.#steps * 1e9) / this.physicsHz);
    const sec = Math.floor(ns / 1e9);
    return { sec, nanosec: ns - sec * 1e9 };
  }

  pose(): Pose2D {
    return { x: this.#x, y: this.#y, yaw: this.#yaw };
  }

  velocity(): VelocityCommand {
    return { linear: this.#v, angular: this.#w };
  }

  /** True when the footprint at this pose overlaps a collision shape. */
  isColliding(x: number, y: number): boolean {
    return this.#obstacles.overlaps(x, y, this.robot.radius);
  }

  /** True when a disc of radius r at (x, y) overlaps a collision shape within the robot body's height band (the static map's cells). */
  overlaps(x: number, y: number, r: number): boolean {
    return this.#obstacles.overlaps(x, y, r);
  }

  /** Free distance between the robot's footprint at (x, y) and the nearest collision shape (negative when overlapping). */
  clearance(x: number, y: number): number {
    return this.#obstacles.distance(x, y) - this.robot.radius;
  }

  reset(options: { start?: Pose2D; seed?: number; world?: World } = {}): void {
    if (options.world) this.#setWorld(options.world);
    if (options.seed !== undefined) this.#seed = options.seed;
    this.#rng.reseed(this.#seed);
    const s = options.start ?? { x: this.#x, y: this.#y, yaw: this.#yaw };
    this.#x = s.x;
    this.#y = s.y;
    this.#yaw = wrapAngle(s.yaw);
    this.#v = 0;
    this.#w = 0;
    this.#steps = 0;
    this.#collisions = 0;
    this.#contact = false;
    this.#blocked = false;
  }

  /** One physics step of 1/physicsHz seconds. */
  step(cmd: VelocityCommand): void {
    const d = this.robot.drive;
    const dt = this.dt;
    const vCmd = clamp(Number.isFinite(cmd.linear) ? cmd.linear : 0, d.minLinear, d.maxLinear);
    const wCmd = clamp(Number.isFinite(cmd.angular) ? cmd.angular : 0, -d.maxAngular, d.maxAngular);
    // gz-sim's DiffDrive (gz::math::SpeedLimiter): the signed velocity change per step lies in
    // [min_acceleration * dt, max_acceleration * dt]; min < 0 < max, so braking forward motion uses min.
    this.#v += clamp(vCmd - this.#v, d.minLinearAccel * dt, d.maxLinearAccel * dt);
    this.#w += clamp(wCmd - this.#w, d.minAngularAccel * dt, d.maxAngularAccel * dt);
    const v = this.#v, w = this.#w, yaw = this.#yaw;
    let nx: number, ny: number;
    const nyaw = yaw + w * dt;
    if (Math.abs(w) < 1e-9) {
      nx = this.#x + v * Math.cos(yaw) * dt;
      ny = this.#y + v * Math.sin(yaw) * dt;
    } else {
      const k = v / w;
      nx = this.#x + k * (Math.sin(nyaw) - Math.sin(yaw));
      ny = this.#y - k * (Math.cos(nyaw) - Math.cos(yaw));
    }
    const r = this.robot.radius;
    const moved = nx !== this.#x || ny !== this.#y;
    // A move into an obstacle is refused (unless already overlapping, so a robot placed in a wall can leave).
    if (moved && this.#obstacles.overlaps(nx, ny, r) && !this.#obstacles.overlaps(this.#x, this.#y, r)) {
      this.#blocked = true;
      this.#v = 0;
      if (!this.#contact) this.#collisions++;
      this.#contact = true;
    } else {
      this.#blocked = false;
      this.#x = nx;
      this.#y = ny;
      if (this.#contact && moved && !this.#obstacles.overlaps(nx, ny, r + 0.01)) this.#contact = false;
    }
    this.#yaw = wrapAngle(nyaw);
    this.#steps++;
  }

  /** The lidar's origin and yaw in the world frame. */
  lidarPose(): { x: number; y: number; z: number; yaw: number } {
    return mount(this.#x, this.#y, this.#yaw, this.lidar.config.pose);
  }

  cameraPose(): { x: number; y: number; z: number; yaw: number } {
    return mount(this.#x, this.#y, this.#yaw, this.camera.config.pose);
  }

  /** A LaserScan at the current pose and sim time (frame from the description, normally 'laser'). */
  scan(): sensor_msgs.LaserScan {
    const c = this.lidar.config;
    const ranges = new Float32Array(c.samples);
    const p = this.lidarPose();
    this.lidar.scan(this.#compiled.visual, p.x, p.y, p.z, p.yaw, ranges, this.#noise ? this.#rng : undefined, this.#compiled.visualMeshes);
    return {
      header: { stamp: this.stamp(), frame_id: c.frameId },
      angle_min: c.minAngle,
      angle_max: c.maxAngle,
      angle_increment: this.lidar.increment,
      time_increment: 0,
      scan_time: 1 / c.rate,
      range_min: c.rangeMin,
      range_max: c.rangeMax,
      ranges,
      intensities: new Float32Array(0),
    };
  }

  /** An rgb8 Image at the current pose and sim time (frame 'camera_link'). */
  cameraImage(): sensor_msgs.Image {
    const c = this.camera.config;
    const data = new Uint8Array(c.width * c.height * 3);
    const p = this.cameraPose();
    this.camera.render(this.#compiled.visual, this.#compiled.floor, p.x, p.y, p.z, p.yaw, data, this.#compiled.visualMeshes);
    return { header: { stamp: this.stamp(), frame_id: c.frameId }, height: c.height, width: c.width, encoding: 'rgb8', is_bigendian: 0, step: c.width * 3, data };
  }

  cameraInfo(): sensor_msgs.CameraInfo {
    const c = this.camera.config;
    const fx = this.camera.fx, fy = this.camera.fy;
    const cx = c.width / 2 - 0.5, cy = c.height / 2 - 0.5;
    return {
      header: { stamp: this.stamp(), frame_id: c.frameId },
      height: c.height,
      width: c.width,
      distortion_model: 'plumb_bob',
      d: new Float64Array(5),
      k: Float64Array.of(fx, 0, cx, 0, fy, cy, 0, 0, 1),
      r: Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1),
      p: Float64Array.of(fx, 0, cx, 0, 0, fy, cy, 0, 0, 0, 1, 0),
      binning_x: 0,
      binning_y: 0,
      roi: { x_offset: 0, y_offset: 0, height: 0, width: 0, do_rectify: false },
    };
  }

  /** Odometry (odom -> base_link); the embedded simulator's odometry is exact. */
  odometry(): nav_msgs.Odometry {
    const d = this.robot.drive;
    const cov = ODOM_COVARIANCE;
    const twistCov = ODOM_COVARIANCE;
    return {
      header: { stamp: this.stamp(), frame_id: d.odomFrame },
      child_frame_id: d.baseFrame,
      pose: {
        pose: { position: { x: this.#x, y: this.#y, z: 0 }, orientation: { x: 0, y: 0, z: Math.sin(this.#yaw / 2), w: Math.cos(this.#yaw / 2) } },
        covariance: cov,
      },
      twist: { twist: { linear: { x: this.#v, y: 0, z: 0 }, angular: { x: 0, y: 0, z: this.#w } }, covariance: twistCov },
    };
  }
}

/** Shared by every odometry message (messages are not changed after publishing). */
const ODOM_COVARIANCE = new Float64Array(36);
for (let i = 0; i < 6; i++) ODOM_COVARIANCE[i * 7] = 1e-4;

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function mount(x: number, y: number, yaw: number, m: { x: number; y: number; z: number; yaw: number }) {
  const c = Math.cos(yaw), s = Math.sin(yaw);
  return { x: x + c * m.x - s * m.y, y: y + s * m.x + c * m.y, z: m.z, yaw: yaw + m.yaw };
}
