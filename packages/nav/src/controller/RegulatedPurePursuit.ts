import { clamp, wrapAngle, toLocal, type Pose2D } from '@navstack/math';
import type { ControllerResult, ObstacleField, PathFollower, Velocity } from './Controller.ts';

export interface RegulatedPurePursuitOptions {
  desiredLinearVel: number;
  maxAngularVel: number;
  maxLinearAccel: number;
  maxLinearDecel: number;
  maxAngularAccel: number;
  lookaheadTime: number;
  minLookahead: number;
  maxLookahead: number;
  rotateToHeadingAngularVel: number;
  rotateToHeadingMinAngle: number;
  /** below this turning radius the speed is scaled down (Nav2's regulated_linear_scaling_min_radius) */
  regulatedMinRadius: number;
  /** near obstacles (closer than this, metres from the footprint edge) the speed is scaled down */
  obstacleSlowdownDistance: number;
  minObstacleSpeedRatio: number;
  approachVelocityScalingDist: number;
  minApproachLinearVel: number;
  xyGoalTolerance: number;
  yawGoalTolerance: number;
  robotRadius: number;
  /** how far ahead (seconds) the commanded arc must be collision-free */
  maxTimeToCollision: number;
}

export const RPP_DEFAULTS: RegulatedPurePursuitOptions = {
  desiredLinearVel: 0.5,
  maxAngularVel: 1.5,
  maxLinearAccel: 1.0,
  maxLinearDecel: 1.5,
  maxAngularAccel: 3.0,
  lookaheadTime: 1.5,
  minLookahead: 0.35,
  maxLookahead: 0.9,
  rotateToHeadingAngularVel: 1.2,
  rotateToHeadingMinAngle: 0.785,
  regulatedMinRadius: 0.9,
  obstacleSlowdownDistance: 0.25,
  minObstacleSpeedRatio: 0.4,
  approachVelocityScalingDist: 0.6,
  minApproachLinearVel: 0.05,
  xyGoalTolerance: 0.15,
  yawGoalTolerance: 0.2,
  robotRadius: 0.17,
  maxTimeToCollision: 1.0,
};

/**
 * Regulated pure pursuit (Macenski et al. 2023, Nav2's RPP): chase a carrot a speed-dependent distance
 * ahead on the path; slow down on tight curves, near obstacles and near the goal; turn in place when
 * the path points away; stop rather than drive an arc that hits something within maxTimeToCollision.
 * Commands respect the velocity and acceleration limits.
 */
export class RegulatedPurePursuit implements PathFollower {
  readonly o: RegulatedPurePursuitOptions;
  #path: Pose2D[] = [];
  /** cumulative length from each pose to the end */
  #remaining: Float64Array = new Float64Array(0);
  #index = 0;
  #last: Velocity = { linear: 0, angular: 0 };
  #xyReached = false;

  constructor(options: Partial<RegulatedPurePursuitOptions> = {}) {
    this.o = { ...RPP_DEFAULTS, ...options };
  }

  setPlan(path: readonly Pose2D[]): void {
    this.#path = path.slice();
    this.#remaining = new Float64Array(path.length);
    for (let i = path.length - 2; i >= 0; i--) {
      this.#remaining[i] = this.#remaining[i + 1]! + Math.hypot(path[i + 1]!.x - path[i]!.x, path[i + 1]!.y - path[i]!.y);
    }
    this.#index = 0;
  }

  /** Starts a new goal: forget the goal-reached latch. */
  newGoal(): void {
    this.#xyReached = false;
  }

  reset(current: Velocity = { linear: 0, angular: 0 }): void {
    this.#last = { ...current };
  }

  /** index of the path pose closest to the robot at the last cycle */
  get progressIndex(): number {
    return this.#index;
  }

  /** path length left from the pose closest to `pose` (searching forward from the last progress index) */
  remainingFrom(pose: Pose2D): number {
    if (this.#path.length === 0) return Infinity;
    let best = this.#index;
    let bestD = Infinity;
    for (let i = this.#index; i < Math.min(this.#path.length, this.#index + 200); i++) {
      const d = Math.hypot(this.#path[i]!.x - pose.x, this.#path[i]!.y - pose.y);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return this.#remaining[best]! + bestD;
  }

  get lastCommand(): Velocity {
    return this.#last;
  }

  computeVelocityCommands(pose: Pose2D, obstacles: ObstacleField, dt: number): ControllerResult {
    const o = this.o;
    const path = this.#path;
    if (path.length === 0) return this.#out(0, 0, dt, 'goal_reached', 0);
    const goal = path[path.length - 1]!;
    const distGoal = Math.hypot(goal.x - pose.x, goal.y - pose.y);
    // closest pose, searching forward from the last one (within a window)
    let best = this.#index;
    let bestD = Infinity;
    const end = Math.min(path.length, this.#index + 200);
    for (let i = this.#index; i < end; i++) {
      const d = Math.hypot(path[i]!.x - pose.x, path[i]!.y - pose.y);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    this.#index = best;
    const remaining = this.#remaining[best]! + bestD;

    if (distGoal <= o.xyGoalTolerance || this.#xyReached) {
      this.#xyReached = true;
      const err = wrapAngle(goal.yaw - pose.yaw);
      if (Math.abs(err) <= o.yawGoalTolerance) return this.#out(0, 0, dt, 'goal_reached', distGoal, true);
      return this.#out(0, this.#turnSpeed(err), dt, 'rotating_to_goal', distGoal);
    }

    const lookahead = clamp(Math.abs(this.#last.linear) * o.lookaheadTime, o.minLookahead, o.maxLookahead);
    // carrot: first pose at least `lookahead` away, else the last pose (extended is not needed: goal is a stop point)
    let carrot = goal;
    for (let i = best; i < path.length; i++) {
      if (Math.hypot(path[i]!.x - pose.x, path[i]!.y - pose.y) >= lookahead) {
        carrot = path[i]!;
        break;
      }
    }
    const c = toLocal(pose, carrot.x, carrot.y);
    const angleToCarrot = Math.atan2(c.y, c.x);
    if (Math.abs(angleToCarrot) > o.rotateToHeadingMinAngle) {
      return this.#out(0, this.#turnSpeed(angleToCarrot), dt, 'rotating_to_path', remaining);
    }
    const L2 = c.x * c.x + c.y * c.y;
    const curvature = L2 > 1e-9 ? (2 * c.y) / L2 : 0;
    let v = o.desiredLinearVel;
    // curvature regulation
    const radius = Math.abs(curvature) > 1e-9 ? 1 / Math.abs(curvature) : Infinity;
    if (radius < o.regulatedMinRadius) v *= radius / o.regulatedMinRadius;
    // proximity regulation
    const clearance = obstacles.distanceAt(pose.x, pose.y) - o.robotRadius;
    if (clearance < o.obstacleSlowdownDistance) {
      v *= Math.max(o.minObstacleSpeedRatio, clearance / o.obstacleSlowdownDistance);
    }
    // approach regulation
    if (remaining < o.approachVelocityScalingDist) v = Math.min(v, Math.max(o.minApproachLinearVel, (o.desiredLinearVel * remaining) / o.approachVelocityScalingDist));
    // stopping distance to the goal: v <= sqrt(2 a d)
    v = Math.min(v, Math.sqrt(2 * o.maxLinearDecel * Math.max(0, distGoal)) + o.minApproachLinearVel);
    v = Math.max(v, o.minApproachLinearVel);
    let w = v * curvature;
    if (Math.abs(w) > o.maxAngularVel) {
      v *= o.maxAngularVel / Math.abs(w);
      w = Math.sign(w) * o.maxAngularVel;
    }
    // limits first, then check the arc actually commanded
    const cmd = this.#limit(v, w, dt);
    if (this.#arcCollides(pose, cmd.linear, cmd.angular, obstacles)) {
      return this.#out(0, 0, dt, 'blocked', remaining);
    }
    this.#last = cmd;
    return { cmd, state: 'following', distanceRemaining: remaining };
  }

  #turnSpeed(err: number): number {
    const o = this.o;
    // slow down when close so we do not overshoot: w <= sqrt(2 a |err|)
    const w = Math.min(o.rotateToHeadingAngularVel, Math.sqrt(2 * o.maxAngularAccel * Math.abs(err) * 0.5), Math.max(0.25, Math.abs(err) * 2));
    return Math.sign(err) * w;
  }

  #limit(v: number, w: number, dt: number): Velocity {
    const o = this.o;
    const lv = this.#last.linear;
    const lw = this.#last.angular;
    const up = o.maxLinearAccel * dt;
    const down = o.maxLinearDecel * dt;
    let nv: number;
    if (Math.abs(v) > Math.abs(lv) && Math.sign(v) === Math.sign(lv || v)) nv = clamp(v, lv - up, lv + up);
    else nv = clamp(v, lv - down, lv + down);
    const aw = o.maxAngularAccel * dt;
    const nw = clamp(w, lw - aw, lw + aw);
    return { linear: nv, angular: clamp(nw, -o.maxAngularVel, o.maxAngularVel) };
  }

  #out(v: number, w: number, dt: number, state: ControllerResult['state'], distanceRemaining: number, hard = false): ControllerResult {
    // Stopping and turning in place respect the acceleration limits too; only the final stop at the goal
    // (reached with the approach speed, a few cm/s) is immediate.
    // A blocked arc brakes at the deceleration limit (the collision check looks maxTimeToCollision ahead,
    // far beyond the braking distance); the safety node's collision monitor is the hard guard.
    const cmd = hard ? { linear: 0, angular: 0 } : this.#limit(v, w, dt);
    this.#last = cmd;
    return { cmd, state, distanceRemaining };
  }

  #arcCollides(pose: Pose2D, v: number, w: number, obstacles: ObstacleField): boolean {
    if (Math.abs(v) < 1e-6) return false;
    const o = this.o;
    const step = 0.05;
    const n = Math.ceil((Math.abs(v) * o.maxTimeToCollision) / step);
    const dtStep = step / Math.abs(v);
    let x = pose.x, y = pose.y, th = pose.yaw;
    const start = obstacles.distanceAt(x, y);
    for (let i = 1; i <= n; i++) {
      x += v * Math.cos(th) * dtStep;
      y += v * Math.sin(th) * dtStep;
      th += w * dtStep;
      const d = obstacles.distanceAt(x, y);
      // a robot already brushing an obstacle may move away from it
      if (d < o.robotRadius && d < start + 1e-3) return true;
    }
    return false;
  }
}
