import type { Executable } from '@navstack/rcl';
import { navigatorExecutable } from './navigator/NavigatorNode.ts';
import { safetyExecutable } from './safety/SafetyNode.ts';

export * from './costmap/costValues.ts';
export { Costmap2D, CELL_FREE, CELL_SEEN, CELL_STATIC, type CostmapOptions } from './costmap/Costmap2D.ts';
export { CostmapServer } from './costmap/CostmapServer.ts';
export { astar, smoothPath, lineOfSight, type CostGrid, type AStarOptions } from './planner/astar.ts';
export { PlannerError, type PlannerErrorCode } from './planner/errors.ts';
export { GlobalPlannerPlugin, type GlobalPlanner, type PathPlanner } from './planner/GlobalPlanner.ts';
export { GLOBAL_PLANNERS } from './planner/plugins.ts';
export { PlannerServer, rollingTarget, type PlanResult } from './planner/PlannerServer.ts';
export { SmoothAStarPlanner, densify, SMOOTH_ASTAR_DEFAULTS, type SmoothAStarOptions } from './planner/SmoothAStarPlanner.ts';
export { ControllerPlugin, type Controller, type ControllerResult, type ControllerState, type ObstacleField, type PathFollower, type Velocity } from './controller/Controller.ts';
export { CONTROLLERS } from './controller/plugins.ts';
export { ControllerServer } from './controller/ControllerServer.ts';
export { RegulatedPurePursuit, RPP_DEFAULTS, type RegulatedPurePursuitOptions } from './controller/RegulatedPurePursuit.ts';
export { ProgressChecker } from './controller/ProgressChecker.ts';
export { ClearCostmap, Spin, BackUp, Wait, type TimedBehavior, type BehaviorStatus } from './behaviors/behaviors.ts';
export { BehaviorPlugin, type Behavior } from './behaviors/Behavior.ts';
export { BEHAVIORS } from './behaviors/plugins.ts';
export { BehaviorServer } from './behaviors/BehaviorServer.ts';
export { monitorCommand, scanToPoints, COLLISION_MONITOR_DEFAULTS, type CollisionMonitorOptions, type MonitorAction, type MonitorResult } from './safety/CollisionMonitor.ts';
export { VelocityMux, type MuxSource, type MuxDecision } from './safety/VelocityMux.ts';
export { SafetyNode, SAFETY_PARAMS, SAFETY_SCHEMA, ROBOT_LIMITS_SCHEMA, safetyExecutable, type SafetyStatus } from './safety/SafetyNode.ts';
export { NavigatorNode, navigatorExecutable } from './navigator/NavigatorNode.ts';
export { GoalExecutor } from './navigator/GoalExecutor.ts';
export type { GoalInfo, GoalState } from './navigator/goalMessages.ts';
export { Plugin, type Lifecycle, type NavContext } from './navigator/lifecycle.ts';
export { NAVIGATOR_SCHEMA, type NavigatorParams } from './navigator/params.ts';
export { TfBuffer } from './tf/TfBuffer.ts';
export { runKeyboardTeleop, TeleopKeys, TELEOP_DEFAULTS, TELEOP_HELP, type TeleopOptions, type KeyInput, type TextOutput } from './teleop.ts';

/** The nodes this package provides (`<node pkg="navstack" exec="navigator"/>`, `exec="safety"`). */
export const executables: Executable[] = [navigatorExecutable, safetyExecutable];
export { navParamsYaml } from './paramsYaml.ts';
