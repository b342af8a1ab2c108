import type { geometry_msgs, sensor_msgs } from '@navstack/msgs';
import { param, ParamSchema, type Executable, type Node, type RunningNode } from '@navstack/rcl';
import { TfBuffer } from '../tf/TfBuffer.ts';
import { clamp, type Point2D } from '@navstack/math';
import { COLLISION_MONITOR_DEFAULTS, monitorCommand, scanToPoints, type CollisionMonitorOptions, type MonitorAction } from './CollisionMonitor.ts';
import { VelocityMux, type MuxDecision } from './VelocityMux.ts';

export interface SafetyStatus {
  decision: MuxDecision['kind'];
  source?: string;
  action: MonitorAction;
  estop: boolean;
  cmd: { linear: number; angular: number };
}

const M = COLLISION_MONITOR_DEFAULTS;

/**
 * The robot's own limits (navstack_bot's description by default; set them from your robot's): the output
 * clamps below may not exceed them. Declared first so the clamps' ranges can say so.
 */
export const ROBOT_LIMITS_SCHEMA = new ParamSchema('safety', {
  robot_max_linear_vel: param.double(0.5, "the robot's top speed |linear.x| from its description (m/s); max_linear_vel may not exceed it", { min: 0.01, max: 10 }),
  robot_max_angular_vel: param.double(2.0, "the robot's top turn rate |angular.z| from its description (rad/s); max_angular_vel may not exceed it", { min: 0.01, max: 20 }),
});

/** Parameters of the `safety` node: types, defaults, ranges, descriptions (config/nav_params.yaml and the README come from here). */
export const SAFETY_SCHEMA = new ParamSchema('safety', {
  robot_radius: param.double(0.17, 'robot footprint radius (m)', { min: 0.01, max: 5 }),
  stop_margin: param.double(M.stopMargin, 'stop zone: points within robot_radius + this, in the cone of travel, stop linear motion (m)', { min: 0, max: 2 }),
  slowdown_margin: param.double(M.slowdownMargin, 'slow-down zone: robot_radius + this (m)', { min: 0, max: 5 }),
  slowdown_ratio: param.double(M.slowdownRatio, 'speed factor in the slow-down zone', { min: 0, max: 1 }),
  time_before_collision: param.double(M.timeBeforeCollision, 'approach model: speed scaled by time-to-collision / this (s)', { min: 0, max: 10 }),
  approach_margin: param.double(M.approachMargin, 'footprint inflation of the approach model (m)', { min: 0, max: 1 }),
  zone_half_angle: param.double(M.zoneHalfAngle, 'stop and slow-down zones: half-angle of the cone around the direction of travel (rad)', { min: 0.1, max: 3.1416 }),
  // Fault to standstill from full speed: timeout + one check (1 / publish_rate) + braking (0.5 m/s at the
  // robot's 2.5 m/s^2, forward or backing up: 0.2 s) = 0.47 s, within issue 4's 0.5 s. Every source must repeat well inside this
  // (teleop and the viewer at 20 Hz, the navigator at controller_frequency 20 Hz, scans at 10 Hz).
  source_timeout: param.double(0.25, 'deadman: a source silent this long counts as zero (s); at most 1 s', { min: 0.05, max: 1 }),
  scan_timeout: param.double(0.25, 'stale-sensor stop: no scan for this long stops the robot (s); two scan periods of a 10 Hz lidar plus margin: raise it for a slower lidar (a 5 Hz one needs >= 0.45); at most 1 s', { min: 0.05, max: 1 }),
  publish_rate: param.double(50.0, 'cmd_vel output rate (Hz), besides one output per input', { min: 10, max: 1000 }),
  max_linear_vel: param.double(0.5, 'output clamp |linear.x| (m/s); at most robot_max_linear_vel', { min: 0, max: 10, dynamic: true }),
  max_angular_vel: param.double(2.0, 'output clamp |angular.z| (rad/s); at most robot_max_angular_vel', { min: 0, max: 20, dynamic: true }),
  base_frame: param.string('base_link', 'robot base frame (scan points are transformed into it through /tf_static)'),
  teleop_priority: param.double(100, 'priority of cmd_vel_teleop (higher wins)', { min: 0, max: 1000 }),
  nav_priority: param.double(10, 'priority of cmd_vel_nav', { min: 0, max: 1000 }),
});

/** The safety node's defaults (tests and benchmarks drive the robot at these). */
export const SAFETY_PARAMS = SAFETY_SCHEMA.defaults();

/**
 * Velocity mux + collision monitor + e-stop + deadman + stale-sensor stop, as one node downstream of
 * every velocity source. Subscribes cmd_vel_teleop, cmd_vel_nav, estop (latched), scan, /tf_static;
 * publishes cmd_vel and diagnostics.
 */
export class SafetyNode implements RunningNode {
  readonly #node: Node;
  readonly #mux: VelocityMux;
  readonly #monitor: CollisionMonitorOptions;
  readonly #tf = new TfBuffer();
  readonly #pub;
  readonly #diag;
  readonly #timer;
  readonly #diagTimer;
  readonly #baseFrame: string;
  #maxV: number;
  #maxW: number;
  #points: Point2D[] = [];
  #lastNow = -Infinity;
  #status: SafetyStatus = { decision: 'idle', action: 'none', estop: false, cmd: { linear: 0, angular: 0 } };

  constructor(node: Node) {
    this.#node = node;
    const limits = ROBOT_LIMITS_SCHEMA.declare(node);
    const p = SAFETY_SCHEMA.declare(node, {
      max_linear_vel: { range: { min: 0, max: limits.robot_max_linear_vel } },
      max_angular_vel: { range: { min: 0, max: limits.robot_max_angular_vel } },
    });
    this.#monitor = {
      ...COLLISION_MONITOR_DEFAULTS,
      robotRadius: p.robot_radius,
      stopMargin: p.stop_margin,
      slowdownMargin: p.slowdown_margin,
      slowdownRatio: p.slowdown_ratio,
      timeBeforeCollision: p.time_before_collision,
      approachMargin: p.approach_margin,
      zoneHalfAngle: p.zone_half_angle,
    };
    this.#maxV = p.max_linear_vel;
    this.#maxW = p.max_angular_vel;
    // The speed clamps can be lowered (or raised up to the robot's limits) while running, e.g. for a demo.
    node.onParameterChange(({ name, value }) => {
      if (name === 'max_linear_vel') this.#maxV = value as number;
      if (name === 'max_angular_vel') this.#maxW = value as number;
    });
    this.#baseFrame = p.base_frame;
    this.#mux = new VelocityMux(
      [
        { name: 'teleop', priority: p.teleop_priority, timeout: p.source_timeout },
        { name: 'nav', priority: p.nav_priority, timeout: p.source_timeout },
      ],
      p.scan_timeout,
    );
    this.#pub = node.createPublisher('geometry_msgs/msg/Twist', 'cmd_vel');
    this.#diag = node.createPublisher('diagnostic_msgs/msg/DiagnosticArray', 'diagnostics');
    node.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel_teleop', {}, (m) => this.#onCmd('teleop', m));
    node.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel_nav', {}, (m) => this.#onCmd('nav', m));
    // The e-stop is heard whatever QoS its publisher offers: a transient-local subscription gets the latched
    // state from publishers that started earlier; a volatile one matches every publisher (a plain
    // `ros2 topic pub`, roslib without latch), which a transient-local subscription does not (DDS rule).
    const onEstop = (m: { data: boolean }) => {
      if (m.data !== this.#mux.estopEngaged) node.getLogger().warn(m.data ? 'E-STOP engaged' : 'e-stop released');
      this.#mux.setEstop(m.data);
      this.#output();
    };
    node.createSubscription('std_msgs/msg/Bool', 'estop', { qos: 'latched' }, onEstop);
    node.createSubscription('std_msgs/msg/Bool', 'estop', { qos: { durability: 'volatile', reliability: 'reliable', depth: 10 } }, onEstop);
    node.createSubscription('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' }, (m) => this.#onScan(m));
    node.createSubscription('tf2_msgs/msg/TFMessage', '/tf_static', { qos: 'latched' }, (m) => this.#tf.add(m));
    node.createSubscription('tf2_msgs/msg/TFMessage', '/tf', { qos: 'default' }, (m) => this.#tf.add(m));
    this.#timer = node.createTimer(1 / p.publish_rate, () => this.#output());
    this.#diagTimer = node.createTimer(1.0, () => this.#publishDiagnostics());
  }

  get status(): SafetyStatus {
    return this.#status;
  }

  #now(): number {
    const now = this.#node.getClock().nowSeconds();
    if (now < this.#lastNow) this.#mux.resetSources(); // the clock jumped back (simulator reset)
    this.#lastNow = now;
    return now;
  }

  #onCmd(source: string, m: geometry_msgs.Twist): void {
    this.#mux.command(source, { linear: m.linear.x, angular: m.angular.z }, this.#now());
    this.#output();
  }

  #onScan(m: sensor_msgs.LaserScan): void {
    const laser = this.#tf.lookup(this.#baseFrame, m.header.frame_id) ?? { x: 0, y: 0, yaw: 0 };
    this.#points = scanToPoints(m, laser, 3.0);
    this.#mux.scanReceived(this.#now());
  }

  #output(): void {
    const d = this.#mux.decide(this.#now());
    let cmd = d.cmd;
    let action: MonitorAction = 'none';
    if (d.kind === 'source') {
      const limited = { linear: clamp(cmd.linear, -this.#maxV, this.#maxV), angular: clamp(cmd.angular, -this.#maxW, this.#maxW) };
      const r = monitorCommand(limited, this.#points, this.#monitor);
      cmd = r.cmd;
      action = r.action;
    }
    this.#status = { decision: d.kind, source: d.kind === 'source' ? d.source : undefined, action, estop: this.#mux.estopEngaged, cmd };
    this.#pub.publish({ linear: { x: cmd.linear, y: 0, z: 0 }, angular: { x: 0, y: 0, z: cmd.angular } });
  }

  #publishDiagnostics(): void {
    const s = this.#status;
    const level = s.decision === 'estop' || s.decision === 'stale_scan' ? 2 : s.action === 'stop' ? 1 : 0;
    const message =
      s.decision === 'estop' ? 'e-stop engaged (publish false on estop to release)' : s.decision === 'stale_scan' ? `no scan for more than ${this.#mux.scanTimeout} s: stopped` : s.decision === 'idle' ? 'no fresh velocity source' : `${s.source}${s.action !== 'none' ? `, collision monitor: ${s.action}` : ''}`;
    this.#diag.publish({
      header: { stamp: this.#node.now(), frame_id: '' },
      status: [
        {
          level,
          name: `${this.#node.name}: velocity mux and collision monitor`,
          message,
          hardware_id: '',
          values: [
            { key: 'decision', value: s.decision },
            { key: 'source', value: s.source ?? '' },
            { key: 'collision_monitor_action', value: s.action },
            { key: 'estop', value: String(s.estop) },
            { key: 'linear_x', value: s.cmd.linear.toFixed(3) },
            { key: 'angular_z', value: s.cmd.angular.toFixed(3) },
          ],
        },
      ],
    });
  }

  stop(): void {
    this.#timer.cancel();
    this.#diagTimer.cancel();
  }
}

export const safetyExecutable: Executable = {
  pkg: 'navstack',
  exec: 'safety',
  defaultNodeName: 'safety',
  description: 'velocity mux (e-stop > teleop > nav) with deadman, stale-scan stop and a Nav2-style collision monitor; writes cmd_vel',
  start: (node) => new SafetyNode(node),
};
