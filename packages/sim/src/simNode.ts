// sim_node: the embedded simulator as a navstack node. Publishes /clock, scan, camera/image_raw,
// camera/camera_info, odom, /tf, /tf_static, world_markers, diagnostics and (publish_map) the world's
// static map on map; subscribes cmd_vel.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { diagnostic_msgs, geometry_msgs, tf2_msgs } from '@navstack/msgs';
import { param, ParamSchema, type Executable, type Node, type ParamValues, type RunningNode } from '@navstack/rcl';
import { worldMarkers } from './markers.ts';
import { quaternionFromYaw, type Pose2D } from '@navstack/math';
import { loadRobotDescription, type MountPose, type RobotDescription } from './robot.ts';
import { publishWorldMap } from './occupancyMap.ts';
import { generateScenario } from './scenario.ts';
import { loadWorld } from './sdf.ts';
import { Simulator, type VelocityCommand } from './Simulator.ts';
import { distanceToObject, type World, type WorldObject } from './types.ts';

/** The policy task's success distance from the named object's boundary (m). */
const SUCCESS_DISTANCE = 1.0;

export const WORLDS_DIR = fileURLToPath(new URL('../../../worlds/', import.meta.url));

/** Resolves a world parameter: a path (absolute, or relative to the working directory or the repository), or a bundled world's name. */
export function resolveWorldPath(world: string): string {
  const candidates = [world, path.resolve(WORLDS_DIR, '..', world), path.join(WORLDS_DIR, world), path.join(WORLDS_DIR, `${world}.sdf`)];
  for (const c of candidates) if (fs.existsSync(c) && fs.statSync(c).isFile()) return path.resolve(c);
  const bundled = fs.readdirSync(WORLDS_DIR).filter((f) => f.endsWith('.sdf')).map((f) => f.replace(/\.sdf$/, '')).sort();
  throw new Error(`sim_node: world '${world}' not found (give a path to an SDF file, or one of: ${bundled.join(', ')})`);
}

/** Parameters of `sim_node`: types, defaults, ranges, descriptions. */
export const SIM_SCHEMA = new ParamSchema('sim', {
  world: param.string('empty_room', 'SDF world: a path, or the name of a bundled world in worlds/ (office, warehouse, maze, apartment, ...)'),
  scenario_seed: param.integer(-1, 'if >= 0, a generated scenario replaces world and the start pose', { min: -1, max: 2 ** 31 - 1 }),
  robot: param.string('', 'robot description SDF (default: the bundled navstack_bot)'),
  robot_x: param.double(0.0, 'start x in map (m)'),
  robot_y: param.double(0.0, 'start y in map (m)'),
  robot_yaw: param.double(0.0, 'start yaw (rad)'),
  seed: param.integer(0, 'sensor noise seed', { min: 0, max: 2 ** 31 - 1 }),
  mode: param.string('realtime', "'realtime' (paced by real_time_factor) or 'fast' (as fast as possible)", { choices: ['realtime', 'fast'] }),
  real_time_factor: param.double(1.0, 'target sim seconds per wall second in realtime mode', { min: 0.01, max: 1000 }),
  physics_rate: param.double(100.0, 'physics steps per sim second', { min: 1, max: 10000 }),
  odom_rate: param.double(0.0, 'odom and /tf rate (Hz); 0 = from the robot description', { min: 0, max: 1000 }),
  scan_rate: param.double(0.0, 'lidar rate (Hz); 0 = from the robot description', { min: 0, max: 1000 }),
  camera_rate: param.double(0.0, 'camera rate (Hz); 0 = from the robot description', { min: 0, max: 1000 }),
  camera_width: param.integer(0, 'camera image width (px); 0 = from the robot description', { min: 0, max: 4096 }),
  camera_height: param.integer(0, 'camera image height (px); 0 = from the robot description', { min: 0, max: 4096 }),
  publish_camera: param.bool(true, 'render and publish the camera'),
  noise: param.bool(true, 'sensor noise from the robot description'),
  publish_map_odom: param.bool(true, 'publish map -> odom (identity) on /tf_static: the simulated odometry is exact'),
  publish_map: param.bool(false, "publish the world's static map on map (latched, frame map): collision shapes in the robot body's height band, as a robot with a prebuilt map has"),
  map_resolution: param.double(0.05, 'cell size of the static map (m)', { min: 0.005, max: 1 }),
  cmd_vel_timeout: param.double(0.5, 'stop when no cmd_vel for this long (sim s); 0 = keep the last command (as Gazebo)', { min: 0, max: 60 }),
  yield_every: param.integer(20, 'fast mode: physics steps between yields to the event loop', { min: 1, max: 100000 }),
  max_sim_time: param.double(0.0, 'fast mode: stop stepping at this sim time (s); 0 = run until shut down', { min: 0, max: 1e9 }),
  resource_paths: param.stringArray([], 'extra model:// search paths (before GZ_SIM_RESOURCE_PATH)'),
  start_delay: param.double(0.0, 'wall seconds to wait before stepping (lets nodes launched after the simulator subscribe first)', { min: 0, max: 3600 }),
  diagnostics_period: param.double(1.0, 'wall seconds between diagnostics messages', { min: 0.05, max: 3600 }),
});

type SimParams = ParamValues<typeof SIM_SCHEMA.specs>;

const ZERO_CMD: VelocityCommand = { linear: 0, angular: 0 };

/** The simulator as a node: steps physics in real time or as fast as possible and publishes what is due. */
export class SimNode implements RunningNode {
  readonly sim: Simulator;
  readonly world: World;
  /** Resolves when a fast-mode run reaches max_sim_time (or the node is stopped). */
  readonly done: Promise<void>;
  readonly #node: Node;
  readonly #p: SimParams;
  readonly #robot: RobotDescription;
  readonly #start: Pose2D;
  /** the generated scenario's target, whose episode result the diagnostics report */
  readonly #target: WorldObject | undefined;
  readonly #scenarioValues: diagnostic_msgs.KeyValue[] = [];
  /** physics steps between publications */
  readonly #every: { odom: number; scan: number; camera: number };
  readonly #pub;
  #cmd: VelocityCommand = ZERO_CMD;
  #cmdTime = -Infinity;
  #diagWall = performance.now();
  #diagSim: number;
  #lastRtf = 0;
  #stopped = false;
  #interval: ReturnType<typeof setInterval> | undefined;
  #resolveDone!: () => void;

  constructor(node: Node) {
    this.#node = node;
    const log = node.getLogger();
    const p = (this.#p = SIM_SCHEMA.declare(node));
    const robot = (this.#robot = loadRobotDescription(p.robot || undefined));
    let start: Pose2D = { x: p.robot_x, y: p.robot_y, yaw: p.robot_yaw };
    if (p.scenario_seed >= 0) {
      const sc = generateScenario(p.scenario_seed, { robotRadius: robot.radius });
      this.world = sc.world;
      this.#target = sc.target;
      start = sc.start;
      this.#scenarioValues.push({ key: 'scenario_target', value: sc.target.name }, { key: 'scenario_instruction', value: sc.instruction });
      log.info(`scenario ${p.scenario_seed} (${sc.layout}): start ${start.x} ${start.y} ${start.yaw}; target ${sc.target.name}: "${sc.instruction}"`);
    } else {
      const file = resolveWorldPath(p.world);
      const loaded = loadWorld(file, { resourcePaths: p.resource_paths });
      this.world = loaded.world;
      for (const w of loaded.warnings) log.warn(w);
      const triangles = this.world.shapes.reduce((n, s) => n + (s.geometry.type === 'mesh' ? s.geometry.mesh.positions.length / 9 : 0), 0);
      log.info(`world '${this.world.name}' from ${file}: ${this.world.shapes.length} collision shapes (${triangles} mesh triangles), ${this.world.objects.length} landmarks`);
    }
    this.#start = start;
    const sim = (this.sim = new Simulator({
      world: this.world,
      robot,
      seed: p.seed,
      start,
      physicsHz: p.physics_rate,
      noise: p.noise,
      camera: { ...(p.camera_width > 0 ? { width: p.camera_width } : {}), ...(p.camera_height > 0 ? { height: p.camera_height } : {}) },
    }));
    if (sim.isColliding(start.x, start.y)) log.warn(`the start pose (${start.x}, ${start.y}) overlaps an obstacle; the robot can only move out of it`);
    this.#diagSim = sim.time;

    const every = (rate: number, fallback: number) => Math.max(1, Math.round(p.physics_rate / (rate > 0 ? rate : fallback)));
    this.#every = { odom: every(p.odom_rate, robot.drive.odomRate), scan: every(p.scan_rate, robot.lidar.rate), camera: every(p.camera_rate, robot.camera.rate) };
    this.#pub = {
      clock: node.createPublisher('rosgraph_msgs/msg/Clock', '/clock', { qos: 'clock' }),
      scan: node.createPublisher('sensor_msgs/msg/LaserScan', robot.lidar.topic, { qos: 'sensor_data' }),
      camera: p.publish_camera
        ? { image: node.createPublisher('sensor_msgs/msg/Image', robot.camera.topic, { qos: 'default' }), info: node.createPublisher('sensor_msgs/msg/CameraInfo', robot.camera.infoTopic, { qos: 'default' }) }
        : undefined,
      odom: node.createPublisher('nav_msgs/msg/Odometry', robot.drive.odomTopic, { qos: 'default' }),
      tf: node.createPublisher('tf2_msgs/msg/TFMessage', '/tf', { qos: 'default' }),
      tfStatic: node.createPublisher('tf2_msgs/msg/TFMessage', '/tf_static', { qos: 'latched' }),
      markers: node.createPublisher('visualization_msgs/msg/MarkerArray', 'world_markers', { qos: 'latched' }),
      diagnostics: node.createPublisher('diagnostic_msgs/msg/DiagnosticArray', 'diagnostics', { qos: 'default' }),
    };
    node.createSubscription('geometry_msgs/msg/Twist', robot.drive.cmdTopic, { qos: 'default' }, (m) => {
      this.#cmd = { linear: m.linear.x, angular: m.angular.z };
      this.#cmdTime = sim.time;
    });
    node.createService('std_srvs/srv/Empty', 'reset_simulation', () => {
      sim.reset({ start });
      this.#cmd = ZERO_CMD;
      this.#cmdTime = -Infinity;
      this.#publishClock();
      return {};
    });

    this.#publishStatic();
    if (p.publish_map) publishWorldMap(node, sim, p.map_resolution, 'map');
    this.#publishClock();

    this.done = new Promise<void>((r) => (this.#resolveDone = r));
    if (p.mode === 'fast') void this.#runFast();
    else this.#runRealtime();
  }

  /** One physics step plus whatever is due to publish (for tests and external stepping). */
  stepOnce(): void {
    const { sim } = this;
    const c = this.#p.cmd_vel_timeout > 0 && sim.time - this.#cmdTime > this.#p.cmd_vel_timeout ? ZERO_CMD : this.#cmd;
    sim.step(c);
    const k = sim.steps;
    this.#publishClock();
    if (k % this.#every.odom === 0) {
      const odom = sim.odometry();
      this.#pub.odom.publish(odom);
      const { odomFrame, baseFrame } = this.#robot.drive;
      const tf: tf2_msgs.TFMessage = {
        transforms: [
          {
            header: { stamp: odom.header.stamp, frame_id: odomFrame },
            child_frame_id: baseFrame,
            transform: { translation: { x: odom.pose.pose.position.x, y: odom.pose.pose.position.y, z: 0 }, rotation: odom.pose.pose.orientation },
          },
        ],
      };
      this.#pub.tf.publish(tf);
    }
    if (k % this.#every.scan === 0) this.#pub.scan.publish(sim.scan());
    if (this.#pub.camera && k % this.#every.camera === 0) {
      this.#pub.camera.image.publish(sim.cameraImage());
      this.#pub.camera.info.publish(sim.cameraInfo());
    }
  }

  /** Sim seconds per wall second over the last diagnostics period. */
  realTimeFactor(): number {
    return this.#lastRtf;
  }

  stop(): Promise<void> | undefined {
    this.#stopped = true;
    if (this.#interval) {
      clearInterval(this.#interval);
      this.#resolveDone();
    }
    return this.#p.mode === 'fast' ? this.done : undefined;
  }

  #publishClock(): void {
    this.#pub.clock.publish({ clock: this.sim.stamp() });
  }

  #publishStatic(): void {
    const robot = this.#robot;
    const zero = { sec: 0, nanosec: 0 };
    const mountTf = (child: string, m: MountPose): geometry_msgs.TransformStamped => ({
      header: { stamp: zero, frame_id: robot.drive.baseFrame },
      child_frame_id: child,
      transform: { translation: { x: m.x, y: m.y, z: m.z }, rotation: quaternionFromYaw(m.yaw) },
    });
    const transforms = [mountTf(robot.lidar.frameId, robot.lidar.pose), mountTf(robot.camera.frameId, robot.camera.pose)];
    if (this.#p.publish_map_odom) {
      transforms.push({ header: { stamp: zero, frame_id: 'map' }, child_frame_id: robot.drive.odomFrame, transform: { translation: { x: 0, y: 0, z: 0 }, rotation: { x: 0, y: 0, z: 0, w: 1 } } });
    }
    this.#pub.tfStatic.publish({ transforms });
    this.#pub.markers.publish(worldMarkers(this.world, 'map'));
  }

  /** The task's success rule: the robot at rest within 1.0 m of the named object's boundary. */
  #episodeValues(): diagnostic_msgs.KeyValue[] {
    const target = this.#target;
    if (!target) return [];
    const { sim } = this;
    const pose = sim.pose();
    const d = distanceToObject(target, pose.x, pose.y);
    const v = sim.velocity();
    const atRest = Math.abs(v.linear) < 0.01 && Math.abs(v.angular) < 0.01;
    const result = sim.collisions > 0 ? 'failure: collision' : d <= SUCCESS_DISTANCE && atRest ? `success: at ${target.name}` : 'in progress';
    return [
      { key: 'target_distance', value: d.toFixed(2) },
      { key: 'episode_result', value: result },
    ];
  }

  /** Real-time factor and diagnostics, on wall time. */
  #maybeDiagnostics(force = false): void {
    const { sim } = this;
    const p = this.#p;
    const now = performance.now();
    const dtWall = (now - this.#diagWall) / 1000;
    if (!force && dtWall < p.diagnostics_period) return;
    const rtf = (this.#lastRtf = dtWall > 0 ? (sim.time - this.#diagSim) / dtWall : 0);
    this.#diagWall = now;
    this.#diagSim = sim.time;
    const status: diagnostic_msgs.DiagnosticStatus = {
      level: sim.inContact ? 1 : 0,
      name: `${this.#node.name}: simulator`,
      message: `${p.mode} ${rtf.toFixed(rtf >= 10 ? 0 : 2)}x real time${sim.inContact ? ', robot in contact' : ''}`,
      hardware_id: this.world.name,
      values: [
        { key: 'real_time_factor', value: rtf.toFixed(3) },
        { key: 'sim_time', value: sim.time.toFixed(3) },
        { key: 'collisions', value: String(sim.collisions) },
        { key: 'in_contact', value: String(sim.inContact) },
        { key: 'mode', value: p.mode },
        { key: 'world', value: this.world.name },
        { key: 'physics_rate', value: String(p.physics_rate) },
        ...this.#scenarioValues,
        ...this.#episodeValues(),
      ],
    };
    this.#pub.diagnostics.publish({ header: { stamp: sim.stamp(), frame_id: '' }, status: [status] });
  }

  /** Paced by real_time_factor on a 5 ms wall timer. */
  #runRealtime(): void {
    const { sim } = this;
    const p = this.#p;
    let wallStart = performance.now() + p.start_delay * 1000;
    let simStart = sim.time;
    const maxPerTick = Math.ceil(p.real_time_factor * p.physics_rate * 0.1) + 1;
    this.#interval = setInterval(() => {
      if (performance.now() < wallStart) return;
      const target = simStart + ((performance.now() - wallStart) / 1000) * p.real_time_factor;
      let n = 0;
      while (sim.time + sim.dt / 2 <= target && n < maxPerTick) {
        this.stepOnce();
        n++;
      }
      if (n === maxPerTick) {
        // falling behind: re-anchor rather than run a burst
        wallStart = performance.now();
        simStart = sim.time;
      }
      this.#maybeDiagnostics();
    }, 5);
  }

  /** As fast as possible, yielding to the event loop every yield_every steps. */
  async #runFast(): Promise<void> {
    const p = this.#p;
    // never step inside start(): nodes launched next subscribe first
    await new Promise<void>((r) => (p.start_delay > 0 ? setTimeout(r, p.start_delay * 1000) : setImmediate(r)));
    while (!this.#stopped) {
      for (let i = 0; i < p.yield_every && !this.#stopped; i++) {
        this.stepOnce();
        if (p.max_sim_time > 0 && this.sim.time >= p.max_sim_time - 1e-9) {
          this.#stopped = true;
          this.#node.getLogger().info(`reached max_sim_time ${p.max_sim_time} s; stepping stopped`);
        }
      }
      this.#maybeDiagnostics();
      await new Promise<void>((r) => setImmediate(r));
    }
    this.#maybeDiagnostics(true);
    this.#resolveDone();
  }
}

export const simNodeExecutable: Executable = {
  pkg: 'navstack',
  exec: 'sim_node',
  defaultNodeName: 'sim',
  description: 'Embedded simulator: loads a Gazebo SDF world, spawns the robot, publishes /clock, scan, camera, odom, /tf; subscribes cmd_vel',
  start: (node) => new SimNode(node),
};
