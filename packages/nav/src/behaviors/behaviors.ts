import { wrapAngle, type Pose2D } from '@navstack/math';
import type { ObstacleField, Velocity } from '../controller/Controller.ts';

export type BehaviorStatus = 'running' | 'succeeded' | 'failed';

/** A recovery algorithm (Nav2's TimedBehavior): started once, then ticked until it ends. */
export interface TimedBehavior {
  start(pose: Pose2D, now: number): void;
  /** 'running' with a command, or 'succeeded' / 'failed' (the command is then zero). */
  tick(pose: Pose2D, obstacles: ObstacleField, now: number): { status: BehaviorStatus; cmd: Velocity };
}

const ZERO: Velocity = { linear: 0, angular: 0 };

/** Forget what the lidar has marked (the static map stays): obstacles that moved away stop blocking the path. */
export class ClearCostmap implements TimedBehavior {
  constructor(readonly clear: () => void) {}
  start(): void {
    this.clear();
  }
  tick() {
    return { status: 'succeeded' as const, cmd: ZERO };
  }
}

/** Turn in place by `angle` radians (a circular robot cannot hit anything doing it). */
export class Spin implements TimedBehavior {
  #turned = 0;
  #lastYaw = 0;
  #t0 = 0;
  constructor(readonly angle: number, readonly speed: number, readonly timeout: number) {}
  start(pose: Pose2D, now: number): void {
    this.#turned = 0;
    this.#lastYaw = pose.yaw;
    this.#t0 = now;
  }
  tick(pose: Pose2D, _o: ObstacleField, now: number) {
    this.#turned += wrapAngle(pose.yaw - this.#lastYaw);
    this.#lastYaw = pose.yaw;
    const left = Math.abs(this.angle) - Math.abs(this.#turned);
    if (left <= 0.05) return { status: 'succeeded' as const, cmd: ZERO };
    if (now - this.#t0 > this.timeout) return { status: 'failed' as const, cmd: ZERO };
    const w = Math.min(this.speed, Math.max(0.3, left * 2));
    return { status: 'running' as const, cmd: { linear: 0, angular: Math.sign(this.angle) * w } };
  }
}

/** Drive straight backwards `distance` metres, stopping early (failed) if the costmap says something is behind. */
export class BackUp implements TimedBehavior {
  #start: Pose2D = { x: 0, y: 0, yaw: 0 };
  #t0 = 0;
  constructor(readonly distance: number, readonly speed: number, readonly robotRadius: number, readonly timeout: number) {}
  start(pose: Pose2D, now: number): void {
    this.#start = { ...pose };
    this.#t0 = now;
  }
  tick(pose: Pose2D, obstacles: ObstacleField, now: number) {
    const moved = Math.hypot(pose.x - this.#start.x, pose.y - this.#start.y);
    if (moved >= this.distance) return { status: 'succeeded' as const, cmd: ZERO };
    if (now - this.#t0 > this.timeout) return { status: 'failed' as const, cmd: ZERO };
    // look 0.15 m behind
    const bx = pose.x - Math.cos(pose.yaw) * 0.15;
    const by = pose.y - Math.sin(pose.yaw) * 0.15;
    const here = obstacles.distanceAt(pose.x, pose.y);
    const behind = obstacles.distanceAt(bx, by);
    if (behind < this.robotRadius && behind <= here) return { status: 'failed' as const, cmd: ZERO };
    return { status: 'running' as const, cmd: { linear: -this.speed, angular: 0 } };
  }
}

/** Stand still for a while (lets a dynamic obstacle pass, or the costmap refill after clearing). */
export class Wait implements TimedBehavior {
  #t0 = 0;
  constructor(readonly duration: number) {}
  start(_p: Pose2D, now: number): void {
    this.#t0 = now;
  }
  tick(_p: Pose2D, _o: ObstacleField, now: number) {
    return { status: now - this.#t0 >= this.duration ? ('succeeded' as const) : ('running' as const), cmd: ZERO };
  }
}
