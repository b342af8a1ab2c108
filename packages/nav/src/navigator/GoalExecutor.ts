import type { action_msgs, diagnostic_msgs, geometry_msgs, nav_msgs } from '@navstack/msgs';
import type { Publisher } from '@navstack/rcl';
import type { BehaviorServer } from '../behaviors/BehaviorServer.ts';
import type { ControllerServer } from '../controller/ControllerServer.ts';
import type { Velocity } from '../controller/Controller.ts';
import type { Costmap2D } from '../costmap/Costmap2D.ts';
import type { CostmapServer } from '../costmap/CostmapServer.ts';
import { pathLength, poseFromMsg, poseToMsg, type Pose2D } from '@navstack/math';
import { PlannerError } from '../planner/errors.ts';
import type { PlannerServer } from '../planner/PlannerServer.ts';
import { goalFeedback, goalStatusArray, isTerminal, type GoalInfo } from './goalMessages.ts';
import { Activation, type Lifecycle, type NavContext } from './lifecycle.ts';

interface Publishers {
  cmd: Publisher<geometry_msgs.Twist>;
  plan: Publisher<nav_msgs.Path>;
  status: Publisher<action_msgs.GoalStatusArray>;
  feedback: Publisher<diagnostic_msgs.DiagnosticArray>;
}

/**
 * The goal executor (Nav2's bt_navigator with its behaviour tree fixed): takes goals on goal_pose (pre-empting
 * the current one) and goal_cancel, and on every control cycle sequences the parts — plan (again when blocked,
 * periodically, or when the rolling costmap moved), follow the path, recover (the behaviour server's behaviours in
 * turn, up to max_recoveries) — pausing while the e-stop is engaged or the lidar is silent. Reports on
 * goal_status and goal_feedback; commands on cmd_vel_nav, the path on plan.
 */
export class GoalExecutor implements Lifecycle {
  goal: GoalInfo | undefined;
  readonly history: GoalInfo[] = [];
  path: Pose2D[] = [];
  #ctx: NavContext | undefined;
  #pub: Publishers | undefined;
  readonly #active = new Activation();
  #estop = false;
  /** why the goal is paused ('' when not) */
  #paused = '';
  /** the current path ends at an intermediate target (goal beyond the rolling costmap) */
  #intermediate = false;
  #recoveryReason = '';
  #needPlan = false;
  #lastPlan = -Infinity;
  #blockedSince: number | undefined;
  #blockedAt: Pose2D | undefined;
  #lastTick: number | undefined;
  #nextId = 1;
  #lastFeedback = -Infinity;

  constructor(
    readonly costmap: CostmapServer,
    readonly planner: PlannerServer,
    readonly controller: ControllerServer,
    readonly behaviors: BehaviorServer,
  ) {}

  configure(ctx: NavContext): void {
    this.#ctx = ctx;
    const n = ctx.node;
    this.#pub = {
      cmd: n.createPublisher('geometry_msgs/msg/Twist', 'cmd_vel_nav'),
      plan: n.createPublisher('nav_msgs/msg/Path', 'plan'),
      status: n.createPublisher('action_msgs/msg/GoalStatusArray', 'goal_status', { qos: 'latched' }),
      feedback: n.createPublisher('diagnostic_msgs/msg/DiagnosticArray', 'goal_feedback'),
    };
  }
  activate(): void {
    const { node, params } = this.#context();
    this.#active.subscriptions(
      node.createSubscription('geometry_msgs/msg/PoseStamped', 'goal_pose', {}, (m) => this.setGoal(m)),
      node.createSubscription('std_msgs/msg/Bool', 'estop', { qos: 'latched' }, (m) => {
        this.#estop = m.data;
        // An e-stop ends the goal: releasing it must not start the robot driving again on its own.
        if (m.data && this.goal && !isTerminal(this.goal)) this.#finish('canceled', 'canceled by the e-stop (send a new goal after releasing it)');
      }),
      node.createSubscription('std_msgs/msg/Empty', 'goal_cancel', {}, () => {
        if (this.goal && !isTerminal(this.goal)) this.#finish('canceled', 'canceled on goal_cancel');
      }),
    );
    this.#active.timer(node.createTimer(1 / params.controller_frequency, () => this.#tick()));
    this.#publishStatus();
  }
  deactivate(): void {
    this.#active.release();
  }
  cleanup(): void {
    if (this.#pub) for (const p of Object.values(this.#pub)) p.destroy();
    this.#pub = undefined;
    this.#ctx = undefined;
  }

  #context(): NavContext {
    if (!this.#ctx) throw new Error('goal executor: not configured');
    return this.#ctx;
  }

  #publishers(): Publishers {
    if (!this.#pub) throw new Error('goal executor: not configured');
    return this.#pub;
  }

  #now(): number {
    return this.#context().node.getClock().nowSeconds();
  }

  /** The rolling costmap moved under the plan: plan again (if a goal runs). */
  costmapMoved(): void {
    this.#needPlan = this.goal !== undefined && !isTerminal(this.goal);
  }

  /** Accepts a goal (pre-empting the current one); transforms it into the global frame through /tf. */
  setGoal(m: geometry_msgs.PoseStamped): GoalInfo {
    const { node, params, tf } = this.#context();
    const now = this.#now();
    const frame = m.header.frame_id || params.global_frame;
    const target = tf.transform(params.global_frame, frame, poseFromMsg(m.pose));
    if (this.goal && !isTerminal(this.goal)) this.#finish('canceled', 'preempted by a new goal');
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
      this.#finish('aborted', `cannot transform the goal from frame '${frame}' to '${params.global_frame}': no such transform on /tf or /tf_static`);
      return goal;
    }
    node.getLogger().info(`goal ${goal.id}: (${target.x.toFixed(2)}, ${target.y.toFixed(2)}, ${target.yaw.toFixed(2)}) in ${params.global_frame} (given in ${frame})`);
    this.#needPlan = true;
    this.behaviors.cancel();
    this.#blockedSince = undefined;
    this.#intermediate = false;
    this.controller.progress.reset();
    this.controller.controller.newGoal();
    this.path = [];
    return goal;
  }

  #finish(state: 'succeeded' | 'aborted' | 'canceled', reason: string): void {
    const g = this.goal;
    if (!g) return;
    g.state = state;
    g.reason = reason;
    g.endedAt = this.#now();
    this.behaviors.cancel();
    this.path = [];
    this.#sendCmd({ linear: 0, angular: 0 });
    this.controller.controller.reset();
    const log = this.#context().node.getLogger();
    if (state === 'aborted') log.warn(`goal ${g.id} aborted: ${reason}`);
    else log.info(`goal ${g.id} ${state}${reason ? `: ${reason}` : ''}`);
    this.#publishStatus();
    this.#publishFeedback(true);
  }

  #sendCmd(v: Velocity): void {
    this.#publishers().cmd.publish({ linear: { x: v.linear, y: 0, z: 0 }, angular: { x: 0, y: 0, z: v.angular } });
  }

  #plan(pose: Pose2D, cm: Costmap2D, now: number): boolean {
    const g = this.goal!;
    const controller = this.controller.controller;
    this.#lastPlan = now;
    // a periodic replan (nothing asked for it) of a path towards the goal itself
    const periodic = !this.#needPlan && this.path.length > 0 && !this.#intermediate;
    try {
      const { path, intermediate } = this.planner.computePath(cm, pose, g.target, !this.costmap.hasStaticMap);
      // a new leg: towards an intermediate target, or from one to the goal
      if (intermediate || this.#intermediate) controller.newGoal();
      this.#intermediate = intermediate;
      // Hysteresis: a periodic replan keeps the current path while it is still free, unless the new one
      // is clearly shorter (avoids flip-flopping between two routes around an obstacle).
      if (periodic && !intermediate && this.#pathFree(cm) && pathLength(path) > 0.9 * controller.remainingFrom(pose)) {
        this.#needPlan = false;
        return true;
      }
      this.path = path;
      controller.setPlan(path);
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
    const radius = this.#context().params.robot_radius;
    for (let i = this.controller.controller.progressIndex; i < this.path.length; i++) {
      const p = this.path[i]!;
      if (cm.distanceAt(p.x, p.y) < radius) return false;
    }
    return true;
  }

  #startRecovery(reason: string, pose: Pose2D, now: number, fatal = false): void {
    const g = this.goal!;
    const max = this.#context().params.max_recoveries;
    const b = fatal || g.recoveries >= max ? undefined : this.behaviors.next(g.recoveries);
    if (!b) {
      this.#finish('aborted', fatal ? reason : `${reason}; gave up after ${g.recoveries} recoveries`);
      return;
    }
    g.recoveries++;
    this.#recoveryReason = reason;
    this.#context().node.getLogger().info(`goal ${g.id}: ${reason}; recovery ${g.recoveries}/${max}: ${b.name}`);
    this.controller.controller.reset();
    this.behaviors.start(b, pose, now);
  }

  #tick(): void {
    const params = this.#context().params;
    const now = this.#now();
    const dt = this.#lastTick !== undefined && now > this.#lastTick ? Math.min(0.2, now - this.#lastTick) : 1 / params.controller_frequency;
    this.#lastTick = now;
    const g = this.goal;
    if (!g || isTerminal(g)) return;
    const pose = this.#context().robotPose();
    if (!pose) return;
    const cm = this.costmap.ensure(pose);
    const controller = this.controller.controller;
    const progress = this.controller.progress;
    // Paused while the lidar is silent (the safety node stops the robot anyway); a lidar silent for too long
    // aborts the goal. (The e-stop does not pause: it ends the goal.)
    const scanAge = now - this.costmap.lastScanTime;
    if (scanAge > params.scan_timeout) {
      if (scanAge > params.scan_timeout + params.movement_time_allowance) {
        this.#finish('aborted', `no scan for ${scanAge.toFixed(1)} s: cannot see obstacles`);
        return;
      }
      this.#paused = `no scan for ${scanAge.toFixed(1)} s`;
      this.#sendCmd({ linear: 0, angular: 0 });
      controller.reset();
      progress.reset();
      this.#blockedSince = undefined;
      this.#publishFeedback(false);
      return;
    }
    if (this.#paused) {
      this.#paused = '';
      this.#needPlan = true;
    }
    if (this.behaviors.running) {
      const r = this.behaviors.tick(pose, cm, now);
      this.#sendCmd(r.cmd);
      if (r.status !== 'running') {
        this.#needPlan = true;
        this.#blockedSince = undefined;
        progress.reset();
      }
      this.#publishFeedback(false);
      return;
    }
    if (this.#needPlan || now - this.#lastPlan >= 1 / params.planner_frequency) {
      if (!this.#plan(pose, cm, now)) return;
    }
    const res = controller.computeVelocityCommands(pose, cm, dt);
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
      if (now - this.#blockedSince > params.blocked_timeout) {
        this.#blockedSince = undefined;
        this.#startRecovery('path blocked', pose, now);
      }
    } else if (this.#blockedAt && Math.hypot(pose.x - this.#blockedAt.x, pose.y - this.#blockedAt.y) > 0.15) {
      // blocked time accumulates until the robot actually gets somewhere (not just between two blocked cycles)
      this.#blockedSince = undefined;
      this.#blockedAt = undefined;
    }
    if (this.goal === g && !this.behaviors.running && !isTerminal(g) && !progress.check(pose, now)) {
      progress.reset();
      this.#startRecovery(`no progress: moved less than ${params.required_movement_radius} m in ${params.movement_time_allowance} s`, pose, now);
    }
    this.#publishFeedback(false);
  }

  #publishPath(path: Pose2D[]): void {
    const { node, params } = this.#context();
    const stamp = node.now();
    const frame_id = params.global_frame;
    this.#publishers().plan.publish({ header: { stamp, frame_id }, poses: path.map((p) => ({ header: { stamp, frame_id }, pose: poseToMsg(p) })) });
  }

  #publishStatus(): void {
    this.#publishers().status.publish(goalStatusArray(this.history));
  }

  #publishFeedback(force: boolean): void {
    const g = this.goal;
    if (!g) return;
    const { node, params } = this.#context();
    const now = this.#now();
    if (!force && now - this.#lastFeedback < 1 / params.feedback_rate) return;
    this.#lastFeedback = now;
    const running = this.behaviors.running;
    this.#publishers().feedback.publish(
      goalFeedback(g, {
        nodeName: node.name,
        globalFrame: params.global_frame,
        now,
        stamp: node.now(),
        paused: this.#paused,
        ...(running ? { recovery: { name: running.name, reason: this.#recoveryReason } } : {}),
      }),
    );
  }
}
