/** Typed planner failures, as Nav2's (nav2_core/planner_exceptions.hpp), with the result code users see. */
export type PlannerErrorCode = 'START_OUTSIDE_MAP' | 'GOAL_OUTSIDE_MAP' | 'START_OCCUPIED' | 'GOAL_OCCUPIED' | 'NO_VALID_PATH' | 'TIMEOUT';

export class PlannerError extends Error {
  constructor(readonly code: PlannerErrorCode, message: string) {
    super(message);
    this.name = 'PlannerError';
  }
}
