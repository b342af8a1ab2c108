import type { Pose2D } from '@navstack/math';

/** Nav2's SimpleProgressChecker: the robot must move `requiredMovementRadius` within `movementTimeAllowance` seconds. */
export class ProgressChecker {
  #ref: Pose2D | undefined;
  #refTime = 0;
  constructor(readonly requiredMovementRadius: number, readonly movementTimeAllowance: number) {}

  reset(): void {
    this.#ref = undefined;
  }

  /** false when the robot has not made progress in time */
  check(pose: Pose2D, now: number): boolean {
    if (!this.#ref || Math.hypot(pose.x - this.#ref.x, pose.y - this.#ref.y) > this.requiredMovementRadius) {
      this.#ref = { ...pose };
      this.#refTime = now;
      return true;
    }
    return now - this.#refTime <= this.movementTimeAllowance;
  }
}
