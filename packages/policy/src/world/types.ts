/** The policy's view of an episode. Worlds, sensors and physics come from @navstack/sim. */
import type { WorldObject } from '@navstack/sim';

export type { WorldObject };

export interface Pose2D {
  x: number;
  y: number;
  yaw: number;
}

export interface Twist2D {
  linear: number;
  angular: number;
}

export type Split = 'train' | 'heldout';

/** One episode: a generated world (regenerable from its seed), a start, a target and the sentence that names it. */
export interface Task {
  split: Split;
  /** generateScenario seed. */
  seed: number;
  layout: string;
  worldName: string;
  start: Pose2D;
  target: WorldObject;
  /** The sentence given to the robot. */
  instruction: string;
  /** The simulator's canonical phrase ("large red box"). */
  phrase: string;
  objects: WorldObject[];
}
