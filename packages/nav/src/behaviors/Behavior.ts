import type { ObstacleField, Velocity } from '../controller/Controller.ts';
import type { Pose2D } from '@navstack/math';
import { Plugin, type Lifecycle } from '../navigator/lifecycle.ts';
import type { BehaviorStatus, TimedBehavior } from './behaviors.ts';

/** Nav2's Behavior plugin kind: the lifecycle plus one work method (`tick`, after `start`). */
export interface Behavior extends Lifecycle, TimedBehavior {
  readonly name: string;
}

/** A Behavior around a TimedBehavior built from the parameters. */
export class BehaviorPlugin extends Plugin<TimedBehavior> implements Behavior {
  start(pose: Pose2D, now: number): void {
    this.algorithm.start(pose, now);
  }
  tick(pose: Pose2D, obstacles: ObstacleField, now: number): { status: BehaviorStatus; cmd: Velocity } {
    return this.algorithm.tick(pose, obstacles, now);
  }
}
