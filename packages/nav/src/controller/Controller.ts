import type { Pose2D } from '@navstack/math';
import { Plugin, type Lifecycle } from '../navigator/lifecycle.ts';

export interface Velocity {
  linear: number;
  angular: number;
}

/** What the last cycle did: following the path, turning in place, done, or stopped short of an obstacle. */
export type ControllerState = 'following' | 'rotating_to_path' | 'rotating_to_goal' | 'goal_reached' | 'blocked';

export interface ControllerResult {
  cmd: Velocity;
  state: ControllerState;
  /** metres of path left from the robot to the goal */
  distanceRemaining: number;
}

/** Obstacle distance queries the controller needs (a Costmap2D provides them). */
export interface ObstacleField {
  distanceAt(x: number, y: number): number;
}

/** A path-following algorithm: set a plan, then one command per cycle. */
export interface PathFollower {
  setPlan(path: readonly Pose2D[]): void;
  /** Starts a new goal (or a new leg towards it): forget that the goal position was reached. */
  newGoal(): void;
  /** Forgets the last command (acceleration limits restart from `current`). */
  reset(current?: Velocity): void;
  computeVelocityCommands(pose: Pose2D, obstacles: ObstacleField, dt: number): ControllerResult;
  /** Index of the path pose closest to the robot at the last cycle. */
  readonly progressIndex: number;
  /** Path length left from the pose closest to `pose`. */
  remainingFrom(pose: Pose2D): number;
}

/** Nav2's Controller plugin kind: the lifecycle plus one work method (`computeVelocityCommands`, after `setPlan`). */
export interface Controller extends Lifecycle, PathFollower {
  readonly name: string;
}

/** A Controller around a PathFollower built from the parameters. */
export class ControllerPlugin extends Plugin<PathFollower> implements Controller {
  setPlan(path: readonly Pose2D[]): void {
    this.algorithm.setPlan(path);
  }
  newGoal(): void {
    this.algorithm.newGoal();
  }
  reset(current?: Velocity): void {
    this.algorithm.reset(current);
  }
  computeVelocityCommands(pose: Pose2D, obstacles: ObstacleField, dt: number): ControllerResult {
    return this.algorithm.computeVelocityCommands(pose, obstacles, dt);
  }
  get progressIndex(): number {
    return this.algorithm.progressIndex;
  }
  remainingFrom(pose: Pose2D): number {
    return this.algorithm.remainingFrom(pose);
  }
}
