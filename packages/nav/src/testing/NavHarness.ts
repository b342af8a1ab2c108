import type { geometry_msgs, nav_msgs } from '@navstack/msgs';
import { timeFromSeconds } from '@navstack/msgs';
import { LocalContext, type Node, type ParamValue, type Publisher } from '@navstack/rcl';
import { NavigatorNode } from '../navigator/NavigatorNode.ts';
import { SafetyNode } from '../safety/SafetyNode.ts';
import { poseToMsg, quaternionFromYaw, type Pose2D } from '@navstack/math';
import type { SimLike } from './MiniSim.ts';

export interface HarnessOptions {
  sim: SimLike;
  /** start the navigator (default true) */
  navigator?: boolean;
  navigatorParams?: Record<string, ParamValue>;
  safetyParams?: Record<string, ParamValue>;
  scanHz?: number;
  odomHz?: number;
  /** static map published on `map` (latched) before the nodes start */
  map?: nav_msgs.OccupancyGrid;
}

/**
 * Runs nav's nodes in-process on the local backend with sim time, stepping a simulator directly:
 * publishes /clock, scan, odom, /tf (odom->base_link) and /tf_static (map->odom, base_link->laser),
 * and applies cmd_vel (the safety node's output) to the simulator. Much faster than real time.
 */
export class NavHarness {
  readonly ctx = new LocalContext();
  readonly sim: SimLike;
  readonly io: Node;
  readonly navigator: NavigatorNode | undefined;
  readonly safety: SafetyNode;
  /** the last cmd_vel from the safety node */
  cmdVel = { linear: 0, angular: 0 };
  /** silence the lidar (fault injection) */
  scanSilenced = false;
  /** sim time of the last scan published */
  lastScanTime = -Infinity;
  #scanEvery: number;
  #odomEvery: number;
  #steps = 0;
  #pubClock;
  #pubScan;
  #pubOdom;
  #pubTf;
  readonly pubGoal: Publisher<geometry_msgs.PoseStamped>;
  readonly pubTeleop: Publisher<geometry_msgs.Twist>;
  readonly pubNav: Publisher<geometry_msgs.Twist>;
  readonly pubEstop;

  constructor(o: HarnessOptions) {
    this.sim = o.sim;
    const io = (this.io = this.ctx.createNode('harness_io'));
    this.#pubClock = io.createPublisher('rosgraph_msgs/msg/Clock', '/clock', { qos: 'clock' });
    this.#pubScan = io.createPublisher('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' });
    this.#pubOdom = io.createPublisher('nav_msgs/msg/Odometry', 'odom');
    this.#pubTf = io.createPublisher('tf2_msgs/msg/TFMessage', '/tf');
    const tfStatic = io.createPublisher('tf2_msgs/msg/TFMessage', '/tf_static', { qos: 'latched' });
    const stamp = timeFromSeconds(this.sim.time);
    tfStatic.publish({
      transforms: [
        { header: { stamp, frame_id: 'map' }, child_frame_id: 'odom', transform: { translation: { x: 0, y: 0, z: 0 }, rotation: quaternionFromYaw(0) } },
        { header: { stamp, frame_id: 'base_link' }, child_frame_id: 'laser', transform: { translation: { x: 0, y: 0, z: 0.2 }, rotation: quaternionFromYaw(0) } },
      ],
    });
    if (o.map) io.createPublisher('nav_msgs/msg/OccupancyGrid', 'map', { qos: 'latched' }).publish(o.map);
    this.pubGoal = io.createPublisher('geometry_msgs/msg/PoseStamped', 'goal_pose');
    this.pubTeleop = io.createPublisher('geometry_msgs/msg/Twist', 'cmd_vel_teleop');
    this.pubNav = io.createPublisher('geometry_msgs/msg/Twist', 'cmd_vel_nav');
    this.pubEstop = io.createPublisher('std_msgs/msg/Bool', 'estop', { qos: 'latched' });
    io.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel', {}, (m) => {
      this.cmdVel = { linear: m.linear.x, angular: m.angular.z };
    });
    this.#publishClock();
    const sim = { use_sim_time: true };
    this.safety = new SafetyNode(this.ctx.createNode('safety', { parameterOverrides: { ...sim, ...o.safetyParams } }));
    if (o.navigator !== false) this.navigator = new NavigatorNode(this.ctx.createNode('navigator', { parameterOverrides: { ...sim, ...o.navigatorParams } }));
    this.#scanEvery = Math.max(1, Math.round(1 / (this.sim.dt * (o.scanHz ?? 10))));
    this.#odomEvery = Math.max(1, Math.round(1 / (this.sim.dt * (o.odomHz ?? 50))));
    this.#publishSensors(true);
  }

  get time(): number {
    return this.sim.time;
  }

  sendGoal(goal: Pose2D, frame = 'map'): void {
    this.pubGoal.publish({ header: { stamp: timeFromSeconds(this.sim.time), frame_id: frame }, pose: poseToMsg(goal) });
  }

  #publishClock(): void {
    this.#pubClock.publish({ clock: timeFromSeconds(this.sim.time) });
  }

  #publishSensors(all: boolean): void {
    const stamp = timeFromSeconds(this.sim.time);
    if (all || this.#steps % this.#odomEvery === 0) {
      const p = this.sim.pose();
      const v = this.sim.velocity();
      const pose = poseToMsg(p);
      this.#pubTf.publish({ transforms: [{ header: { stamp, frame_id: 'odom' }, child_frame_id: 'base_link', transform: { translation: { x: p.x, y: p.y, z: 0 }, rotation: pose.orientation } }] });
      this.#pubOdom.publish({
        header: { stamp, frame_id: 'odom' },
        child_frame_id: 'base_link',
        pose: { pose, covariance: new Float64Array(36) },
        twist: { twist: { linear: { x: v.linear, y: 0, z: 0 }, angular: { x: 0, y: 0, z: v.angular } }, covariance: new Float64Array(36) },
      } as nav_msgs.Odometry);
    }
    if (!this.scanSilenced && (all || this.#steps % this.#scanEvery === 0)) {
      const s = this.sim.scan();
      this.#pubScan.publish({ header: { stamp, frame_id: 'laser' }, ...s, time_increment: 0, scan_time: 0.1, intensities: new Float32Array(0) });
      this.lastScanTime = this.sim.time;
    }
  }

  /** One physics step: apply cmd_vel, advance, publish clock and sensors (timers fire on the clock). */
  step(): void {
    this.sim.step(this.cmdVel);
    this.#steps++;
    this.#publishClock();
    this.#publishSensors(false);
  }

  /** Steps until `seconds` of sim time pass or `until` returns true. Returns true if `until` ended it. */
  run(seconds: number, until?: () => boolean, each?: () => void): boolean {
    const end = this.sim.time + seconds;
    while (this.sim.time < end - 1e-9) {
      each?.();
      this.step();
      if (until?.()) return true;
    }
    return false;
  }

  async close(): Promise<void> {
    this.navigator?.stop();
    this.safety.stop();
    await this.ctx.shutdown();
  }
}
