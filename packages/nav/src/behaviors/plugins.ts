import type { NavContext } from '../navigator/lifecycle.ts';
import { BackUp, ClearCostmap, Spin, Wait, type TimedBehavior } from './behaviors.ts';

/** The recovery behaviours `recovery_behaviors` names, each built from the navigator's parameters. */
export const BEHAVIORS: Readonly<Record<string, (ctx: NavContext) => TimedBehavior>> = {
  clear_costmap: ({ costmap }) => new ClearCostmap(() => costmap.clear()),
  spin: ({ params: p }) => new Spin(p.spin_angle, 1.0, 15),
  back_up: ({ params: p }) => new BackUp(p.backup_distance, p.backup_speed, p.robot_radius, 10),
  wait: ({ params: p }) => new Wait(p.wait_duration),
};
