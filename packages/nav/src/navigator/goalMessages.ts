// What the goal executor tells users: goal_status (action_msgs/GoalStatusArray, as Nav2's action server) and
// goal_feedback (one diagnostic_msgs status per goal).
import type { action_msgs, builtin_interfaces, diagnostic_msgs } from '@navstack/msgs';
import { action_msgs as ACTION } from '@navstack/msgs';
import type { Pose2D } from '@navstack/math';

export type GoalState = 'accepted' | 'active' | 'succeeded' | 'aborted' | 'canceled';

export interface GoalInfo {
  id: number;
  state: GoalState;
  /** why it was aborted or canceled */
  reason: string;
  /** in the global frame */
  target: Pose2D;
  frameId: string;
  acceptedAt: number;
  endedAt?: number;
  distanceRemaining: number;
  recoveries: number;
}

export function isTerminal(g: GoalInfo): boolean {
  return g.state === 'succeeded' || g.state === 'aborted' || g.state === 'canceled';
}

const STATUS_CODE: Record<GoalState, number> = {
  accepted: ACTION.GoalStatus.STATUS_ACCEPTED,
  active: ACTION.GoalStatus.STATUS_EXECUTING,
  succeeded: ACTION.GoalStatus.STATUS_SUCCEEDED,
  aborted: ACTION.GoalStatus.STATUS_ABORTED,
  canceled: ACTION.GoalStatus.STATUS_CANCELED,
};

/** The goals' states; each goal's number sits in the last 4 bytes of its uuid. */
export function goalStatusArray(history: readonly GoalInfo[]): action_msgs.GoalStatusArray {
  return {
    status_list: history.map((g) => {
      const uuid = new Uint8Array(16);
      new DataView(uuid.buffer).setUint32(12, g.id);
      const sec = Math.floor(g.acceptedAt);
      return { goal_info: { goal_id: { uuid }, stamp: { sec, nanosec: Math.round((g.acceptedAt - sec) * 1e9) % 1e9 } }, status: STATUS_CODE[g.state] };
    }),
  };
}

export interface FeedbackContext {
  nodeName: string;
  globalFrame: string;
  now: number;
  stamp: builtin_interfaces.Time;
  /** why the goal is paused ('' when it is not) */
  paused: string;
  /** the recovery behaviour that runs, and why it was started */
  recovery?: { name: string; reason: string };
}

/** One status named `<node>: goal`: level 2 when aborted, 1 while recovering; state, reason, progress as key/values. */
export function goalFeedback(g: GoalInfo, c: FeedbackContext): diagnostic_msgs.DiagnosticArray {
  const elapsed = (g.endedAt ?? c.now) - g.acceptedAt;
  const level = g.state === 'aborted' ? 2 : g.recoveries > 0 && !isTerminal(g) ? 1 : 0;
  const message = g.reason ? `${g.state}: ${g.reason}` : c.paused ? `${g.state}: paused (${c.paused})` : c.recovery ? `${g.state}: recovering (${c.recovery.name}) after: ${c.recovery.reason}` : g.state;
  return {
    header: { stamp: c.stamp, frame_id: c.globalFrame },
    status: [
      {
        level,
        name: `${c.nodeName}: goal`,
        message,
        hardware_id: '',
        values: [
          { key: 'goal_id', value: String(g.id) },
          { key: 'state', value: g.state },
          { key: 'reason', value: g.reason },
          { key: 'distance_remaining', value: Number.isFinite(g.distanceRemaining) ? g.distanceRemaining.toFixed(3) : '' },
          { key: 'time_elapsed', value: elapsed.toFixed(2) },
          { key: 'recoveries', value: String(g.recoveries) },
          { key: 'paused', value: c.paused },
          { key: 'goal_x', value: g.target.x.toFixed(3) },
          { key: 'goal_y', value: g.target.y.toFixed(3) },
          { key: 'goal_yaw', value: g.target.yaw.toFixed(3) },
          { key: 'goal_frame', value: c.globalFrame },
          { key: 'given_frame', value: g.frameId },
        ],
      },
    ],
  };
}
