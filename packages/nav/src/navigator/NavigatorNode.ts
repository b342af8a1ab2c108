import type { geometry_msgs } from '@navstack/msgs';
import type { Executable, Node, RunningNode } from '@navstack/rcl';
import { BehaviorServer } from '../behaviors/BehaviorServer.ts';
import { ControllerServer } from '../controller/ControllerServer.ts';
import type { Costmap2D } from '../costmap/Costmap2D.ts';
import { CostmapServer } from '../costmap/CostmapServer.ts';
import { poseFromMsg, type Pose2D } from '@navstack/math';
import { PlannerServer } from '../planner/PlannerServer.ts';
import { TfBuffer } from '../tf/TfBuffer.ts';
import { GoalExecutor } from './GoalExecutor.ts';
import type { GoalInfo } from './goalMessages.ts';
import { Activation, bringDown, bringUp, type Lifecycle } from './lifecycle.ts';
import { NAVIGATOR_SCHEMA, type NavigatorParams } from './params.ts';

/**
 * The navigator, split as Nav2 splits it and wired in one node: the costmap owner, the planner server
 * (`planner_plugin`), the controller server (`controller_plugin`, progress checker), the behaviour server
 * (`recovery_behaviors`) and the goal executor that sequences them. Brought up in that order (configure, then
 * activate) and down in reverse.
 *
 * Subscribes: scan, odom, /tf, /tf_static, goal_pose, goal_cancel (std_msgs/Empty), estop (latched), map (latched, optional).
 * Publishes: cmd_vel_nav, plan, local_costmap, goal_status (action_msgs/GoalStatusArray, latched),
 * goal_feedback (diagnostic_msgs/DiagnosticArray).
 */
export class NavigatorNode implements RunningNode {
  readonly node: Node;
  readonly params: NavigatorParams;
  readonly tf = new TfBuffer();
  readonly costmaps: CostmapServer;
  readonly planner = new PlannerServer();
  readonly controller = new ControllerServer();
  readonly behaviors = new BehaviorServer();
  readonly executor: GoalExecutor;
  readonly #parts: readonly Lifecycle[];
  #odom: { frame: string; pose: Pose2D } | undefined;
  /** the pose subscriptions, held for the node's life */
  readonly #pose = new Activation();
  #stopped = false;

  constructor(node: Node) {
    this.node = node;
    const params = (this.params = NAVIGATOR_SCHEMA.declare(node));
    this.costmaps = new CostmapServer(() => this.executor.costmapMoved());
    this.executor = new GoalExecutor(this.costmaps, this.planner, this.controller, this.behaviors);
    this.#parts = [this.costmaps, this.planner, this.controller, this.behaviors, this.executor];
    // the robot's pose, which every part reads
    this.#pose.subscriptions(
      node.createSubscription('tf2_msgs/msg/TFMessage', '/tf', {}, (m) => this.tf.add(m)),
      node.createSubscription('tf2_msgs/msg/TFMessage', '/tf_static', { qos: 'latched' }, (m) => {
        this.tf.add(m);
        this.costmaps.transformsChanged();
      }),
      node.createSubscription('nav_msgs/msg/Odometry', 'odom', {}, (m) => {
        this.#odom = { frame: m.header.frame_id || 'odom', pose: poseFromMsg(m.pose.pose) };
      }),
    );
    try {
      bringUp(this.#parts, { node, params, tf: this.tf, costmap: this.costmaps, robotPose: () => this.robotPose() });
    } catch (e) {
      this.#pose.release();
      throw e;
    }
  }

  /** The robot's pose in the global frame (from odom, through /tf when the frames differ). */
  robotPose(): Pose2D | undefined {
    const g = this.params.global_frame;
    if (this.#odom) {
      if (this.#odom.frame === g) return this.#odom.pose;
      const t = this.tf.transform(g, this.#odom.frame, this.#odom.pose);
      if (t) return t;
    }
    return this.tf.lookup(g, this.params.robot_base_frame);
  }

  get costmap(): Costmap2D | undefined {
    return this.costmaps.costmap;
  }
  get goal(): GoalInfo | undefined {
    return this.executor.goal;
  }
  /** The last 20 goals. */
  get history(): readonly GoalInfo[] {
    return this.executor.history;
  }
  /** The path being followed. */
  get path(): Pose2D[] {
    return this.executor.path;
  }

  /** Accepts a goal (pre-empting the current one), as one on goal_pose. */
  setGoal(m: geometry_msgs.PoseStamped): GoalInfo {
    return this.executor.setGoal(m);
  }

  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    bringDown(this.#parts);
    this.#pose.release();
  }
}

export const navigatorExecutable: Executable = {
  pkg: 'navstack',
  exec: 'navigator',
  defaultNodeName: 'navigator',
  description: 'costmap (scan + static map on map), planner, controller and behaviour servers with plugins chosen by name, and the goal executor on goal_pose',
  start: (node) => new NavigatorNode(node),
};
