/** World and simulator shapes the policy needs; matches @navstack/sim's promised API so either can drive it. */
import type { sensor_msgs } from '@navstack/msgs';

export type Shape = 'box' | 'cylinder' | 'sphere';

export interface WorldObject {
  name: string;
  color: string;
  shape: Shape;
  /** Extent x, y, z (m); for cylinders and spheres x = y = diameter. */
  size: [number, number, number];
  x: number;
  y: number;
  /** Footprint radius (m): half the diameter, or half the box diagonal. */
  radius: number;
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export interface World {
  name: string;
  objects: WorldObject[];
  bounds: Bounds;
}

export interface Pose2D {
  x: number;
  y: number;
  yaw: number;
}

export interface Twist2D {
  linear: number;
  angular: number;
}

/** What an episode runner needs from a simulator. */
export interface SimLike {
  readonly time: number;
  readonly collisions: number;
  step(cmd: Twist2D): void;
  pose(): Pose2D;
  scan(): sensor_msgs.LaserScan;
  cameraImage(): sensor_msgs.Image;
}

/** Where distractors may be: a task's target and the sentence that names it. */
export interface Task {
  world: World;
  start: Pose2D;
  target: string;
  instruction: string;
  seed: number;
}
