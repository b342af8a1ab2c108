/**
 * An evaluation agent (oracle, baseline, the whole-policy lidar ablation) as a node in the episode's graph, wired
 * as policy_node is: scan and camera/image_raw paired by approximate time, the pose from odom, arrival from the
 * navigator's goal_status, goals on goal_pose in the odom frame stamped with the newest sensor stamp, one
 * decision at a time (a pair arriving while one is running is dropped).
 */
import { action_msgs, type geometry_msgs, type sensor_msgs, timeToSeconds } from '@navstack/msgs';
import { quaternionFromYaw } from '@navstack/math';
import { ApproxTimeSync, poseFromOdom, type Mode } from '@navstack/policy';
import { type Pose2D } from '@navstack/math';
import type { Node, RunningNode } from '@navstack/rcl';
import type { Agent } from './agents.ts';

export interface AgentNodeHandle extends RunningNode {
  /** The agent's last mode ('done' ends an episode). */
  mode(): Mode;
  /** Decisions made, and the inference time (ms) of each that reported one. */
  stats(): { frames: number; inferMs: number[] };
}


export function startAgentNode(node: Node, agent: Agent, options: { syncSlop?: number } = {}): AgentNodeHandle {
  const goalPub = node.createPublisher('geometry_msgs/msg/PoseStamped', 'goal_pose');
  let pose: Pose2D | undefined;
  let mode: Mode = 'idle';
  let lastGoalAt = Infinity;
  let arrived = false;
  let busy = false;
  let stopped = false;
  let inflight: Promise<void> | undefined;
  const st = { frames: 0, inferMs: [] as number[] };

  const onPair = (scan: sensor_msgs.LaserScan, image: sensor_msgs.Image) => {
    if (stopped || busy) return;
    busy = true;
    const newest = timeToSeconds(scan.header.stamp) >= timeToSeconds(image.header.stamp) ? scan.header.stamp : image.header.stamp;
    inflight = agent
      .decide(pose ?? { x: 0, y: 0, yaw: 0 }, scan, image, timeToSeconds(newest), arrived)
      .then((d) => {
        if (stopped) return;
        st.frames++;
        if (d.inferMs !== undefined) st.inferMs.push(d.inferMs);
        mode = d.mode;
        if (!d.goal) return;
        arrived = false;
        lastGoalAt = node.getClock().nowSeconds();
        const msg: geometry_msgs.PoseStamped = { header: { stamp: newest, frame_id: pose ? 'odom' : 'base_link' }, pose: { position: { x: d.goal.x, y: d.goal.y, z: 0 }, orientation: quaternionFromYaw(d.goal.yaw) } };
        goalPub.publish(msg);
      })
      .finally(() => {
        busy = false;
      });
  };

  const sync = new ApproxTimeSync<sensor_msgs.LaserScan, sensor_msgs.Image>({ slop: options.syncSlop ?? 0.1 }, onPair);
  const subs = [
    node.createSubscription('sensor_msgs/msg/LaserScan', 'scan', { qos: 'sensor_data' }, (m) => sync.addA(m)),
    node.createSubscription('sensor_msgs/msg/Image', 'camera/image_raw', { qos: 'sensor_data' }, (m) => sync.addB(m)),
    node.createSubscription('nav_msgs/msg/Odometry', 'odom', {}, (m) => (pose = poseFromOdom(m))),
    node.createSubscription('action_msgs/msg/GoalStatusArray', 'goal_status', { qos: 'latched' }, (m) => {
      if (m.status_list.some((s) => s.status === action_msgs.GoalStatus.STATUS_SUCCEEDED && timeToSeconds(s.goal_info.stamp) >= lastGoalAt - 0.05)) arrived = true;
    }),
  ];
  return {
    mode: () => mode,
    stats: () => st,
    async stop() {
      stopped = true;
      for (const s of subs) s.destroy();
      await inflight;
    },
  };
}
