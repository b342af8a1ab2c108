import type { action_msgs, geometry_msgs, nav_msgs, sensor_msgs } from '@navstack/msgs';
import { action_msgs as ACTION } from '@navstack/msgs';
import type { Executable, Node, Publisher, RunningNode, Timer } from '@navstack/rcl';
import { Costmap2D } from '../costmap/Costmap2D.ts';
import { occupancyGridFromPrims } from '../costmap/occupancyFromPrims.ts';
import { inflatedCost, INSCRIBED_INFLATED_OBSTACLE } from '../costmap/costValues.ts';
import { compose, pathLength, poseFromMsg, poseToMsg, type Pose2D } from '../geometry.ts';
import { PlannerError } from '../planner/errors.ts';
import { SmoothAStarPlanner } from '../planner/SmoothAStarPlanner.ts';
import type { GlobalPlanner } from '../planner/GlobalPlanner.ts';
import { RegulatedPurePursuit } from '../controller/RegulatedPurePursuit.ts';
import { ProgressChecker } from '../controller/ProgressChecker.ts';
import { BackUp, Spin, Wait, type Behavior } from '../controller/behaviors.ts';
import type { Velocity } from '../controller/Controller.ts';
import { TfBuffer } from '../tf/TfBuffer.ts';
import { NAVIGATOR_SCHEMA, type NavigatorParams } from './params.ts';

export type GoalState = 'accepted' | 'active' | 'succeeded' | 'aborted' | 'canceled';

export interface GoalInfo {
  id: number;
  state: GoalState;
  /** why it was aborted or canceled */
  reason: string;
  /** in the global frame */
  target: Pose2D;
  frameId: string;
  acceptedAt: number;
  endedAt?: number;
  distanceRemaining: number;
  recoveries: number;
}

const STATUS_CODE: Record<GoalState, number> = {
  accepted: ACTION.GoalStatus.STATUS_ACCEPTED,
  active: ACTION.GoalStatus.STATUS_EXECUTING,
  succeeded: ACTION.GoalStatus.STATUS_SUCCEEDED,
  aborted: ACTION.GoalStatus.STATUS_ABORTED,
  canceled: ACTION.GoalStatus.STATUS_CANCELED,
};

class ClearCostmap implements Behavior {
  readonly name = 'clear_costmap';
  constructor(readonly clear: () => void) {}
  start(): void {
    this.clear();
  }
  tick() {
    return { status: 'succeeded' as const, cmd: { linear: 0, angular: 0 } };
  }
}

/**
 * Costmap + global planner + controller + goal executor in one node (as Nav2's bt_navigator with its
 * planner and controller servers, minus the lifecycle plumbing).
 *
 * Subscribes: scan, odom, /tf, /tf_static, goal_pose, goal_cancel (std_msgs/Empty), map (latched, optional).
 * Publishes: cmd_vel_nav, plan, local_costmap, goal_status (action_msgs/GoalStatusArray, latched),
 * goal_feedback (diagnostic_msgs/DiagnosticArray).
 */
export class NavigatorNode implements RunningNode {
  readonly node: Node;
  readonly params: NavigatorParams;
  readonly tf = new TfBuffer();
  readonly planner: GlobalPlanner;
  readonly controller: RegulatedPurePursuit;
  costmap: Costmap2D | undefined;
  path: Pose2D[] = [];
  goal: GoalInfo | undefined;
  readonly history: GoalInfo[] = [];
  #odom: { frame: string; pose: Pose2D } | undefined;
  #pendingMap: nav_msgs.OccupancyGrid | undefined;
  #hasStaticMap = false;
  #estop = false;
  #lastScan = -Infinity;
  /** why the goal is paused ('' when not) */
  #paused = '';
  /** the current path ends at an intermediate target (goal beyond the rolling costmap) */
  #intermediate = false;
  #progress: ProgressChecker;
  #behaviors: Behavior[];
  #recovery: Behavior | undefined;
  #recoveryReason = '';
  #needPlan = false;
  #lastPlan = -Infinity;
  #blockedSince: number | undefined;
  #blockedAt: Pose2D | undefined;
  #lastTick: number | undefined;
  #nextId = 1;
  #timers: Timer[] = [];
  #lastFeedback = -Infinity;
  readonly #pubCmd: Publisher<geometry_msgs.Twist>;
  readonly #pubPlan: Publisher<nav_msgs.Path>;
  readonly #pubCostmap: Publisher<nav_msgs.OccupancyGrid>;
  readonly #pubStatus: Publisher<action_msgs.GoalStatusArray>;
  readonly #pubFeedback;

  constructor(node: Node) {
    this.node = node;
    const p = (this.params = NAVIGATOR_SCHEMA.declare(node));
    const blockedCost = Math.min(INSCRIBED_INFLATED_OBSTACLE, inflatedCost(p.robot_radius + p.planner_clearance_margin, p.robot_radius, p.inflation_radius, p.cost_scaling_factor) + 1);
    this.planner = new SmoothAStarPlanner({ costWeight: p.cost_weight, goalTolerance: p.goal_search_tolerance, interpolation: p.resolution, blockedCost });
    this.controller = new RegulatedPurePursuit({
      desiredLinearVel: p.desired_linear_vel,
      maxAngularVel: p.max_angular_vel,
      maxLinearAccel: p.max_linear_accel,
      maxLinearDecel: p.max_linear_decel,
      maxAngularAccel: p.max_angular_accel,
      lookaheadTime: p.lookahead_time,
      minLookahead: p.min_lookahead_dist,
      maxLookahead: p.max_lookahead_dist,
      rotateToHeadingMinAngle: p.rotate_to_heading_min_angle,
      rotateToHeadingAngularVel: p.rotate_to_heading_angular_vel,
      regulatedMinRadius: p.regulated_min_radius,
      xyGoalTolerance: p.xy_goal_tolerance,
      yawGoalTolerance: p.yaw_goal_tolerance,
      robotRadius: p.robot_radius,
      maxTimeToCollision: p.max_time_to_collision,
    });
    this.#progress = new ProgressChecker(p.required_movement_radius, p.movement_time_allowance);
    this.#behaviors = [
      new ClearCostmap(() => this.clearCostmap()),
      new Spin(p.spin_angle, 1.0, 15),
      new BackUp(p.backup_distance, p.backup_speed, p.robot_radius, 10),
      new Wait(p.wait_duration),
    ];
    this.#pubCmd = node.createPublisher('geometry_msgs/msg/Twist', 'cmd_vel_nav');
    this.#pubPlan = node.createPublisher('nav_msgs/msg/Path', 'plan');
    this.#pubCostmap = node.createPublisher('nav_msgs/msg/OccupancyGrid', 'local_costmap');
    this.#pubStatus = node.createPublisher('action_msgs/msg/GoalStatusArray', 'goal_status', { qos: 'latched' });
    this.#pubFeedback = node.createPublisher('diagnostic_msgs/msg/DiagnosticArray', 'goal_feedback');
    node.createSubscription('tf2_msgs/msg/TFMessage', '/tf', {}, (m) => this.tf.add(m));
    node.createSubscription('tf2_msgs/msg/TFMessage', '/tf_static', { qos: 'latched' }, (m) => {
      this.tf.add(m);
      this.#tryStaticMap();
    });
    node.createSubscription('nav_msgs/msg/Odometry', 'odom', {}, (m) => {
      this.#odom = { frame: m.header.frame_id || 'odom', pose: poseFromMsg(m.pose.pose) };
    });
    node.createSubscription('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' }, (m) => this.#onScan(m));
    node.createSubscription('geometry_msgs/msg/PoseStamped', 'goal_pose', {}, (m) => this.setGoal(m));
    node.createSubscription('std_msgs/msg/Bool', 'estop', { qos: 'latched' }, (m) => {
      this.#estop = m.data;
      // An e-stop ends the goal: releasing it must not start the robot driving again on its own.
      if (m.data && this.goal && !this.#terminal(this.goal)) this.#finish('canceled', 'canceled by the e-stop (send a new goal after releasing it)');
    });
    node.createSubscription('std_msgs/msg/Empty', 'goal_cancel', {}, () => {
      if (this.goal && !this.#terminal(this.goal)) this.#finish('canceled', 'canceled on goal_cancel');
    });
    if (p.use_map_topic) {
      node.createSubscription('nav_msgs/msg/OccupancyGrid', 'map', { qos: 'latched' }, (m) => {
        this.#pendingMap = m;
        this.#tryStaticMap();
      });
    }
    this.#timers.push(node.createTimer(1 / p.controller_frequency, () => this.#tick()));
    this.#timers.push(node.createTimer(1 / p.local_costmap_rate, () => this.#publishLocalCostmap()));
    this.#publishStatus();
  }

  /** The robot's pose in the global frame (from odom, through /tf when the frames differ). */
  robotPose(): Pose2D | undefined {
    const g = this.params.global_frame;
    if (this.#odom) {
      if (this.#odom.frame === g) return this.#odom.pose;
      const t = this.tf.transform(g, this.#odom.frame, this.#odom.pose);
      if (t) return t;
    }
    return this.tf.lookup(g, this.params.robot_base_frame);
  }

  #now(): number {
    return this.node.getClock().nowSeconds();
  }

  #ensureCostmap(center: Pose2D): Costmap2D {
    const cur = this.costmap;
    if (cur) {
      // rolling: without a static map, recentre when the robot gets within a quarter of the size of an edge
      if (!this.#hasStaticMap) {
        const margin = Math.min(cur.width, cur.height) * cur.resolution * 0.25;
        const x0 = cur.originX, y0 = cur.originY;
        const x1 = x0 + cur.width * cur.resolution, y1 = y0 + cur.height * cur.resolution;
        if (center.x - x0 < margin || x1 - center.x < margin || center.y - y0 < margin || y1 - center.y < margin) {
          this.costmap = cur.recentered(center.x, center.y);
          this.node.getLogger().debug(`costmap recentred on (${center.x.toFixed(1)}, ${center.y.toFixed(1)})`);
          this.#needPlan = this.goal !== undefined && !this.#terminal(this.goal);
        }
      }
      return this.costmap!;
    }
    const p = this.params;
    let x0 = center.x - p.costmap_size / 2;
    let y0 = center.y - p.costmap_size / 2;
    let x1 = center.x + p.costmap_size / 2;
    let y1 = center.y + p.costmap_size / 2;
    const map = this.#pendingMap;
    const mapTf = map && this.tf.lookup(p.global_frame, map.header.frame_id || 'map');
    if (map && mapTf) {
      for (const [cx, cy] of [[0, 0], [map.info.width, 0], [0, map.info.height], [map.info.width, map.info.height]] as const) {
        const c = compose(mapTf, compose(poseFromMsg(map.info.origin), { x: cx * map.info.resolution, y: cy * map.info.resolution, yaw: 0 }));
        x0 = Math.min(x0, c.x - 1);
        y0 = Math.min(y0, c.y - 1);
        x1 = Math.max(x1, c.x + 1);
        y1 = Math.max(y1, c.y + 1);
      }
    }
    this.costmap = new Costmap2D({
      resolution: p.resolution,
      width: Math.ceil((x1 - x0) / p.resolution),
      height: Math.ceil((y1 - y0) / p.resolution),
      originX: x0,
      originY: y0,
      inscribedRadius: p.robot_radius,
      inflationRadius: p.inflation_radius,
      costScalingFactor: p.cost_scaling_factor,
    });
    this.costmap.updateCosts();
    this.#tryStaticMap();
    return this.costmap;
  }

  /** Copies a received `map` into the costmap's static cells once its frame can be transformed. */
  #tryStaticMap(): void {
    const map = this.#pendingMap;
    const cm = this.costmap;
    if (!map || !cm) return;
    const tf = this.tf.lookup(this.params.global_frame, map.header.frame_id || 'map');
    if (!tf) return;
    this.#pendingMap = undefined;
    this.#hasStaticMap = true;
    const origin = compose(tf, poseFromMsg(map.info.origin));
    const r = map.info.resolution;
    const sub = Math.max(1, Math.ceil(r / (cm.resolution * 0.5)));
    const c = Math.cos(origin.yaw), s = Math.sin(origin.yaw);
    for (let j = 0; j < map.info.height; j++) {
      for (let i = 0; i < map.info.width; i++) {
        if (map.data[j * map.info.width + i]! < 65) continue;
        for (let sj = 0; sj < sub; sj++) {
          for (let si = 0; si < sub; si++) {
            const lx = (i + (si + 0.5) / sub) * r;
            const ly = (j + (sj + 0.5) / sub) * r;
            cm.setObstacle(origin.x + c * lx - s * ly, origin.y + s * lx + c * ly);
          }
        }
      }
    }
    cm.updateCosts();
    this.node.getLogger().info(`static map ${map.info.width}x${map.info.height} at ${r} m loaded into the costmap`);
  }

  /**
   * Static map from an SDF world's collision shapes (the embedded simulator's geometry, robot body
   * height band), as if published on `map`. Loads packages/sim on demand.
   */
  async loadStaticMapFromWorld(world: string): Promise<nav_msgs.OccupancyGrid> {
    const sim = await import('@navstack/sim');
    const file = sim.resolveWorldPath(world);
    const s = new sim.Simulator({ world: sim.loadWorldFile(file), seed: 0, start: { x: 0, y: 0, yaw: 0 }, noise: false });
    const grid = occupancyGridFromPrims(s.compiled.collision, { resolution: this.params.resolution, zMin: s.robot.bodyMinZ, zMax: s.robot.bodyMaxZ, frameId: 'map' });
    this.node.getLogger().info(`static map from world ${file}: ${grid.info.width}x${grid.info.height} cells`);
    this.#pendingMap = grid;
    this.#tryStaticMap();
    return grid;
  }

  clearCostmap(): void {
    const pose = this.robotPose();
    if (this.costmap) this.costmap.clearSeen(pose, Infinity);
  }

  #onScan(m: sensor_msgs.LaserScan): void {
    this.#lastScan = this.#now();
    const pose = this.robotPose();
    if (!pose) return;
    const cm = this.#ensureCostmap(pose);
    const p = this.params;
    const laserInBase = this.tf.lookup(p.robot_base_frame, m.header.frame_id) ?? { x: 0, y: 0, yaw: 0 };
    const laser = compose(pose, laserInBase);
    const hits: { x: number; y: number; mark: boolean; ray?: boolean }[] = [];
    for (let i = 0; i < m.ranges.length; i++) {
      let r = m.ranges[i]!;
      if (Number.isNaN(r) || r < m.range_min) continue;
      let mark = true;
      if (!(r <= m.range_max) || r > p.obstacle_max_range) mark = false;
      if (!mark) r = Math.min(Number.isFinite(r) ? r : Infinity, p.raytrace_max_range);
      const a = laser.yaw + m.angle_min + i * m.angle_increment;
      // a return lies on the obstacle's surface: mark the cell just behind it, so the cell is inside
      // the obstacle and beams grazing the surface do not clear it
      if (mark) r += cm.resolution * 0.5;
      hits.push({ x: laser.x + r * Math.cos(a), y: laser.y + r * Math.sin(a), mark });
    }
    // Neighbouring returns closer together than the robot's diameter are joined: the robot cannot pass
    // between them anyway, and a wall seen at a grazing angle otherwise shows as sparse dots.
    const join = 2 * p.robot_radius;
    const n = hits.length;
    for (let i = 0; i < n; i++) {
      const a = hits[i]!, b = hits[(i + 1) % n]!;
      if (!a.mark || !b.mark || a.ray === false || b.ray === false) continue;
      const d = Math.hypot(b.x - a.x, b.y - a.y);
      if (d >= join || d <= cm.resolution) continue;
      const steps = Math.ceil(d / (cm.resolution * 0.5));
      for (let k = 1; k < steps; k++) hits.push({ x: a.x + ((b.x - a.x) * k) / steps, y: a.y + ((b.y - a.y) * k) / steps, mark: true, ray: false });
    }
    const box = cm.updateFromScan(laser, hits);
    if (box) cm.updateCosts(box);
  }

  /** Accepts a goal (pre-empting the current one); transforms it into the global frame through /tf. */
  setGoal(m: geometry_msgs.PoseStamped): GoalInfo {
    const now = this.#now();
    const frame = m.header.frame_id || this.params.global_frame;
    const target = this.tf.transform(this.params.global_frame, frame, poseFromMsg(m.pose));
    if (this.goal && !this.#terminal(this.goal)) this.#finish('canceled', 'preempted by a new goal');
    const goal: GoalInfo = {
      id: this.#nextId++,
      state: 'accepted',
      reason: '',
      target: target ?? { x: 0, y: 0, yaw: 0 },
      frameId: frame,
      acceptedAt: now,
      distanceRemaining: NaN,
      recoveries: 0,
    };
    this.goal = goal;
    this.history.push(goal);
    if (this.history.length > 20) this.history.shift();
    this.#publishStatus();
    if (this.#estop) {
      this.#finish('aborted', 'the e-stop is engaged: release it, then send the goal again');
      return goal;
    }
    if (!target) {
      this.#finish('aborted', `cannot transform the goal from frame '${frame}' to '${this.params.global_frame}': no such transform on /tf or /tf_static`);
      return goal;
    }
    this.node.getLogger().info(`goal ${goal.id}: (${target.x.toFixed(2)}, ${target.y.toFixed(2)}, ${target.yaw.toFixed(2)}) in ${this.params.global_frame} (given in ${frame})`);
    this.#needPlan = true;
    this.#recovery = undefined;
    this.#blockedSince = undefined;
    this.#intermediate = false;
    this.#progress.reset();
    this.controller.newGoal();
    this.path = [];
    return goal;
  }

  #terminal(g: GoalInfo): boolean {
    return g.state === 'succeeded' || g.state === 'aborted' || g.state === 'canceled';
  }

  #finish(state: 'succeeded' | 'aborted' | 'canceled', reason: string): void {
    const g = this.goal;
    if (!g) return;
    g.state = state;
    g.reason = reason;
    g.endedAt = this.#now();
    this.#recovery = undefined;
    this.path = [];
    this.#sendCmd({ linear: 0, angular: 0 });
    this.controller.reset();
    const log = this.node.getLogger();
    if (state === 'aborted') log.warn(`goal ${g.id} aborted: ${reason}`);
    else log.info(`goal ${g.id} ${state}${reason ? `: ${reason}` : ''}`);
    this.#publishStatus();
    this.#publishFeedback(true);
  }

  #sendCmd(v: Velocity): void {
    this.#pubCmd.publish({ linear: { x: v.linear, y: 0, z: 0 }, angular: { x: 0, y: 0, z: v.angular } });
  }

  /**
   * Rolling costmap without a static map: a goal beyond the window is approached through an
   * intermediate target where the straight line to the goal leaves the window (1 m inside it).
   */
  #rollingTarget(pose: Pose2D, cm: Costmap2D, goal: Pose2D): Pose2D | undefined {
    if (this.#hasStaticMap) return undefined;
    const m = 1.0;
    const x0 = cm.originX + m, y0 = cm.originY + m;
    const x1 = cm.originX + cm.width * cm.resolution - m, y1 = cm.originY + cm.height * cm.resolution - m;
    if (goal.x >= x0 && goal.x <= x1 && goal.y >= y0 && goal.y <= y1) return undefined;
    const dx = goal.x - pose.x, dy = goal.y - pose.y;
    let t = 1;
    if (dx > 0) t = Math.min(t, (x1 - pose.x) / dx);
    if (dx < 0) t = Math.min(t, (x0 - pose.x) / dx);
    if (dy > 0) t = Math.min(t, (y1 - pose.y) / dy);
    if (dy < 0) t = Math.min(t, (y0 - pose.y) / dy);
    t = Math.max(0, t);
    return { x: pose.x + dx * t, y: pose.y + dy * t, yaw: Math.atan2(dy, dx) };
  }

  #plan(pose: Pose2D, cm: Costmap2D, now: number): boolean {
    const g = this.goal!;
    this.#lastPlan = now;
    const rolling = this.#rollingTarget(pose, cm, g.target);
    const periodic = !this.#needPlan && this.path.length > 0 && !rolling && !this.#intermediate;
    try {
      let path: Pose2D[] | undefined;
      if (rolling) {
        // the intermediate target may sit in an obstacle: back off towards the robot until one plans
        const len = Math.hypot(rolling.x - pose.x, rolling.y - pose.y);
        for (let back = 0; back < len && !path; back += 0.5) {
          const f = (len - back) / len;
          try {
            path = this.planner.createPlan(cm, pose, { x: pose.x + (rolling.x - pose.x) * f, y: pose.y + (rolling.y - pose.y) * f, yaw: rolling.yaw });
          } catch (e) {
            if (!(e instanceof PlannerError) || e.code === 'START_OCCUPIED') throw e;
          }
        }
        if (!path) throw new PlannerError('NO_VALID_PATH', `no path towards the goal (${g.target.x.toFixed(2)}, ${g.target.y.toFixed(2)}) beyond the rolling costmap`);
        this.controller.newGoal();
      } else {
        if (this.#intermediate) this.controller.newGoal();
        path = this.planner.createPlan(cm, pose, g.target);
      }
      this.#intermediate = rolling !== undefined;
      // Hysteresis: a periodic replan keeps the current path while it is still free, unless the new one
      // is clearly shorter (avoids flip-flopping between two routes around an obstacle).
      if (periodic && this.#pathFree(cm) && pathLength(path) > 0.9 * this.controller.remainingFrom(pose)) {
        this.#needPlan = false;
        return true;
      }
      this.path = path;
      this.controller.setPlan(path);
      this.#needPlan = false;
      this.#publishPath(path);
      if (g.state === 'accepted') {
        g.state = 'active';
        this.#publishStatus();
      }
      return true;
    } catch (e) {
      if (!(e instanceof PlannerError)) throw e;
      this.path = [];
      this.#publishPath([]);
      const hint = e.code === 'GOAL_OUTSIDE_MAP' ? ' (publish a larger static map on `map`, or raise the costmap_size parameter)' : '';
      this.#startRecovery(`no path (${e.code}): ${e.message}${hint}`, pose, now, e.code === 'GOAL_OUTSIDE_MAP');
      return false;
    }
  }

  /** The rest of the current path keeps out of the inscribed zone. */
  #pathFree(cm: Costmap2D): boolean {
    const from = this.controller.progressIndex;
    for (let i = from; i < this.path.length; i++) {
      const p = this.path[i]!;
      if (cm.distanceAt(p.x, p.y) < this.params.robot_radius) return false;
    }
    return true;
  }

  #startRecovery(reason: string, pose: Pose2D, now: number, fatal = false): void {
    const g = this.goal!;
    if (fatal || g.recoveries >= this.params.max_recoveries) {
      this.#finish('aborted', fatal ? reason : `${reason}; gave up after ${g.recoveries} recoveries`);
      return;
    }
    const b = this.#behaviors[g.recoveries % this.#behaviors.length]!;
    g.recoveries++;
    this.#recoveryReason = reason;
    this.node.getLogger().info(`goal ${g.id}: ${reason}; recovery ${g.recoveries}/${this.params.max_recoveries}: ${b.name}`);
    this.#recovery = b;
    this.controller.reset();
    b.start(pose, now);
  }

  #tick(): void {
    const now = this.#now();
    const dt = this.#lastTick !== undefined && now > this.#lastTick ? Math.min(0.2, now - this.#lastTick) : 1 / this.params.controller_frequency;
    this.#lastTick = now;
    const g = this.goal;
    if (!g || this.#terminal(g)) return;
    const pose = this.robotPose();
    if (!pose) return;
    const cm = this.#ensureCostmap(pose);
    // Paused while the e-stop is engaged (the user stopped the robot on purpose), or while the lidar is
    // silent (the safety node stops the robot anyway); a lidar silent for too long aborts the goal.
    const scanAge = now - this.#lastScan;
    if (this.#estop || scanAge > this.params.scan_timeout) {
      if (!this.#estop && scanAge > this.params.scan_timeout + this.params.movement_time_allowance) {
        this.#finish('aborted', `no scan for ${scanAge.toFixed(1)} s: cannot see obstacles`);
        return;
      }
      this.#paused = this.#estop ? 'e-stop engaged' : `no scan for ${scanAge.toFixed(1)} s`;
      this.#sendCmd({ linear: 0, angular: 0 });
      this.controller.reset();
      this.#progress.reset();
      this.#blockedSince = undefined;
      this.#publishFeedback(false);
      return;
    }
    if (this.#paused) {
      this.#paused = '';
      this.#needPlan = true;
    }
    if (this.#recovery) {
      const r = this.#recovery.tick(pose, cm, now);
      this.#sendCmd(r.cmd);
      if (r.status !== 'running') {
        this.#recovery = undefined;
        this.#needPlan = true;
        this.#blockedSince = undefined;
        this.#progress.reset();
      }
      this.#publishFeedback(false);
      return;
    }
    if (this.#needPlan || now - this.#lastPlan >= 1 / this.params.planner_frequency) {
      if (!this.#plan(pose, cm, now)) return;
    }
    const res = this.controller.computeVelocityCommands(pose, cm, dt);
    g.distanceRemaining = res.distanceRemaining;
    if (this.#intermediate) {
      g.distanceRemaining = res.distanceRemaining + Math.hypot(g.target.x - this.path.at(-1)!.x, g.target.y - this.path.at(-1)!.y);
      // keep moving: replan towards the real goal before reaching the intermediate target
      if (res.state === 'goal_reached' || res.state === 'rotating_to_goal' || res.distanceRemaining < 1.5) this.#needPlan = true;
    }
    if (res.state === 'goal_reached' && !this.#intermediate) {
      this.#finish('succeeded', '');
      return;
    }
    this.#sendCmd(res.cmd);
    if (res.state === 'blocked') {
      if (this.#blockedSince === undefined) {
        this.#blockedSince = now;
        this.#blockedAt = pose;
      }
      // replan at most twice a second while blocked
      if (now - this.#lastPlan > 0.5) this.#needPlan = true;
      if (now - this.#blockedSince > this.params.blocked_timeout) {
        this.#blockedSince = undefined;
        this.#startRecovery('path blocked', pose, now);
      }
    } else if (this.#blockedAt && Math.hypot(pose.x - this.#blockedAt.x, pose.y - this.#blockedAt.y) > 0.15) {
      // blocked time accumulates until the robot actually gets somewhere (not just between two blocked cycles)
      this.#blockedSince = undefined;
      this.#blockedAt = undefined;
    }
    if (this.goal === g && !this.#recovery && !this.#terminal(g) && !this.#progress.check(pose, now)) {
      this.#progress.reset();
      this.#startRecovery(`no progress: moved less than ${this.params.required_movement_radius} m in ${this.params.movement_time_allowance} s`, pose, now);
    }
    this.#publishFeedback(false);
  }

  #publishPath(path: Pose2D[]): void {
    const stamp = this.node.now();
    const frame_id = this.params.global_frame;
    this.#pubPlan.publish({ header: { stamp, frame_id }, poses: path.map((p) => ({ header: { stamp, frame_id }, pose: poseToMsg(p) })) });
  }

  #publishLocalCostmap(): void {
    const cm = this.costmap;
    const pose = this.robotPose();
    if (!cm || !pose) return;
    const w = cm.window(pose.x, pose.y, this.params.local_costmap_size);
    const stamp = this.node.now();
    this.#pubCostmap.publish({
      header: { stamp, frame_id: this.params.global_frame },
      info: { map_load_time: stamp, resolution: cm.resolution, width: w.width, height: w.height, origin: poseToMsg({ x: w.originX, y: w.originY, yaw: 0 }) },
      data: w.data,
    });
  }

  #publishStatus(): void {
    const list = this.history.map((g) => {
      const uuid = new Uint8Array(16);
      new DataView(uuid.buffer).setUint32(12, g.id);
      const sec = Math.floor(g.acceptedAt);
      return { goal_info: { goal_id: { uuid }, stamp: { sec, nanosec: Math.round((g.acceptedAt - sec) * 1e9) % 1e9 } }, status: STATUS_CODE[g.state] };
    });
    this.#pubStatus.publish({ status_list: list });
  }

  #publishFeedback(force: boolean): void {
    const g = this.goal;
    if (!g) return;
    const now = this.#now();
    if (!force && now - this.#lastFeedback < 1 / this.params.feedback_rate) return;
    this.#lastFeedback = now;
    const elapsed = (g.endedAt ?? now) - g.acceptedAt;
    const level = g.state === 'aborted' ? 2 : g.recoveries > 0 && !this.#terminal(g) ? 1 : 0;
    const message = g.reason ? `${g.state}: ${g.reason}` : this.#paused ? `${g.state}: paused (${this.#paused})` : this.#recovery ? `${g.state}: recovering (${this.#recovery.name}) after: ${this.#recoveryReason}` : g.state;
    this.#pubFeedback.publish({
      header: { stamp: this.node.now(), frame_id: this.params.global_frame },
      status: [
        {
          level,
          name: `${this.node.name}: goal`,
          message,
          hardware_id: '',
          values: [
            { key: 'goal_id', value: String(g.id) },
            { key: 'state', value: g.state },
            { key: 'reason', value: g.reason },
            { key: 'distance_remaining', value: Number.isFinite(g.distanceRemaining) ? g.distanceRemaining.toFixed(3) : '' },
            { key: 'time_elapsed', value: elapsed.toFixed(2) },
            { key: 'recoveries', value: String(g.recoveries) },
            { key: 'paused', value: this.#paused },
            { key: 'goal_x', value: g.target.x.toFixed(3) },
            { key: 'goal_y', value: g.target.y.toFixed(3) },
            { key: 'goal_yaw', value: g.target.yaw.toFixed(3) },
            { key: 'goal_frame', value: this.params.global_frame },
            { key: 'given_frame', value: g.frameId },
          ],
        },
      ],
    });
  }

  stop(): void {
    for (const t of this.#timers) t.cancel();
  }
}

export const navigatorExecutable: Executable = {
  pkg: 'navstack',
  exec: 'navigator',
  defaultNodeName: 'navigator',
  description: 'costmap (scan + optional static map), A* planner with smoothing, regulated pure pursuit, recoveries and goal executor on goal_pose',
  start: async (node) => {
    const nav = new NavigatorNode(node);
    if (nav.params.static_map_world) await nav.loadStaticMapFromWorld(nav.params.static_map_world);
    return nav;
  },
};
