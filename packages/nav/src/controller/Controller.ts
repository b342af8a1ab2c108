import type { Pose2D } from '../geometry.ts';

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

/** Nav2's Controller plugin shape: set a plan, then one command per cycle. */
export interface Controller {
  readonly name: string;
  setPlan(path: readonly Pose2D[]): void;
  /** Forgets the last command (acceleration limits restart from `current`). */
  reset(current?: Velocity): void;
  computeVelocityCommands(pose: Pose2D, obstacles: ObstacleField, dt: number): ControllerResult;
}
