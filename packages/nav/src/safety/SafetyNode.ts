import type { geometry_msgs, sensor_msgs } from '@navstack/msgs';
import type { Executable, Node, RunningNode } from '@navstack/rcl';
import { TfBuffer } from '../tf/TfBuffer.ts';
import { clamp, type Point2D } from '../geometry.ts';
import { COLLISION_MONITOR_DEFAULTS, monitorCommand, scanToPoints, type CollisionMonitorOptions, type MonitorAction } from './CollisionMonitor.ts';
import { VelocityMux, type MuxDecision } from './VelocityMux.ts';

export interface SafetyStatus {
  decision: MuxDecision['kind'];
  source?: string;
  action: MonitorAction;
  estop: boolean;
  cmd: { linear: number; angular: number };
}

/** Parameters of the `safety` node and their defaults (documented in the README). */
export const SAFETY_PARAMS = {
  robot_radius: 0.17,
  stop_margin: COLLISION_MONITOR_DEFAULTS.stopMargin,
  slowdown_margin: COLLISION_MONITOR_DEFAULTS.slowdownMargin,
  slowdown_ratio: COLLISION_MONITOR_DEFAULTS.slowdownRatio,
  time_before_collision: COLLISION_MONITOR_DEFAULTS.timeBeforeCollision,
  approach_margin: COLLISION_MONITOR_DEFAULTS.approachMargin,
  zone_half_angle: COLLISION_MONITOR_DEFAULTS.zoneHalfAngle,
  // Fault to standstill from full speed: timeout + one check (1 / publish_rate) + braking (0.5 m/s at the
  // robot's 2.5 m/s^2, forward or backing up: 0.2 s) = 0.47 s, within issue 4's 0.5 s. Every source must repeat well inside this
  // (teleop and the viewer at 20 Hz, the navigator at controller_frequency 20 Hz, scans at 10 Hz).
  source_timeout: 0.25,
  scan_timeout: 0.25,
  publish_rate: 50.0,
  max_linear_vel: 0.5,
  max_angular_vel: 2.0,
  base_frame: 'base_link',
  teleop_priority: 100,
  nav_priority: 10,
} as const;

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
  readonly #maxV: number;
  readonly #maxW: number;
  #points: Point2D[] = [];
  #lastNow = -Infinity;
  #status: SafetyStatus = { decision: 'idle', action: 'none', estop: false, cmd: { linear: 0, angular: 0 } };

  constructor(node: Node) {
    this.#node = node;
    const p = <K extends keyof typeof SAFETY_PARAMS>(name: K, description: string): (typeof SAFETY_PARAMS)[K] =>
      node.declareParameter(name, SAFETY_PARAMS[name] as never, { description }) as (typeof SAFETY_PARAMS)[K];
    const radius = p('robot_radius', 'robot footprint radius (m)');
    this.#monitor = {
      ...COLLISION_MONITOR_DEFAULTS,
      robotRadius: radius,
      stopMargin: p('stop_margin', 'stop zone: robot_radius + this (m)'),
      slowdownMargin: p('slowdown_margin', 'slow-down zone: robot_radius + this (m)'),
      slowdownRatio: p('slowdown_ratio', 'speed factor in the slow-down zone'),
      timeBeforeCollision: p('time_before_collision', 'approach model horizon (s)'),
      approachMargin: p('approach_margin', 'footprint inflation of the approach model (m)'),
      zoneHalfAngle: p('zone_half_angle', 'stop and slow-down zones: half-angle of the cone around the direction of travel (rad)'),
    };
    const sourceTimeout = p('source_timeout', 'deadman: a source silent this long counts as zero (s)');
    const scanTimeout = p('scan_timeout', 'stale-sensor stop: no scan for this long stops the robot (s)');
    const rate = p('publish_rate', 'cmd_vel output rate (Hz), besides one output per input');
    this.#maxV = p('max_linear_vel', 'output clamp |linear.x| (m/s)');
    this.#maxW = p('max_angular_vel', 'output clamp |angular.z| (rad/s)');
    this.#baseFrame = p('base_frame', 'robot base frame');
    this.#mux = new VelocityMux(
      [
        { name: 'teleop', priority: p('teleop_priority', 'priority of cmd_vel_teleop'), timeout: sourceTimeout },
        { name: 'nav', priority: p('nav_priority', 'priority of cmd_vel_nav'), timeout: sourceTimeout },
      ],
      scanTimeout,
    );
    this.#pub = node.createPublisher('geometry_msgs/msg/Twist', 'cmd_vel');
    this.#diag = node.createPublisher('diagnostic_msgs/msg/DiagnosticArray', 'diagnostics');
    node.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel_teleop', {}, (m) => this.#onCmd('teleop', m));
    node.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel_nav', {}, (m) => this.#onCmd('nav', m));
    node.createSubscription('std_msgs/msg/Bool', 'estop', { qos: 'latched' }, (m) => {
      if (m.data !== this.#mux.estopEngaged) node.getLogger().warn(m.data ? 'E-STOP engaged' : 'e-stop released');
      this.#mux.setEstop(m.data);
      this.#output();
    });
    node.createSubscription('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' }, (m) => this.#onScan(m));
    node.createSubscription('tf2_msgs/msg/TFMessage', '/tf_static', { qos: 'latched' }, (m) => this.#tf.add(m));
    node.createSubscription('tf2_msgs/msg/TFMessage', '/tf', { qos: 'default' }, (m) => this.#tf.add(m));
    this.#timer = node.createTimer(1 / rate, () => this.#output());
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
