/** The policy's view of an episode. Worlds, sensors and physics come from @navstack/sim. */
import type { Pose2D } from '@navstack/math';
import type { Velocity } from '@navstack/nav';
import type { WorldObject } from '@navstack/sim';

export type { Pose2D, WorldObject };
/** A planar velocity command (m/s, rad/s): nav's Velocity. */
export type Twist2D = Velocity;

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
  /** The generated landmarks have varied shades and sizes (generateScenario's landmarkVariety). */
  landmarkVariety?: boolean;
  /** A hand-built world: the SDF file (else the world is generateScenario(seed, layout)). */
  worldFile?: string;
  /** Landmarks identical to the target (same colour, shape and size): reaching any of them counts. */
  alternatives?: WorldObject[];
  /** The instruction names nothing in the world: the right outcome is 'not found'. */
  absent?: boolean;
  /** The relation that picks out the target ('nearest', 'left', 'wall', 'next-to', ...), for relational tasks. */
  relation?: string;
}
