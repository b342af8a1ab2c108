/**
 * One episode through the whole local ROS graph: sim_node (fast, sim time) + navigator (@navstack/nav)
 * + policy_node, with the instruction published on /instruction. Used by the end-to-end test and scripts.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalContext } from '@navstack/rcl';
import { distanceToObject, generateScenario, startSimNode } from '@navstack/sim';
import { navigatorExecutable } from '@navstack/nav';
import { startPolicyNode } from './policyNode.ts';
import { GridMap } from './world/planner.ts';
import { SUCCESS_DISTANCE, shortestPathLength } from './eval/episode.ts';
import type { Mode } from './GoalBehaviour.ts';
import type { Task } from './world/types.ts';

export interface FullStackResult {
  /** The policy said 'done' (navigator reported arrival, checks passed) within SUCCESS_DISTANCE of the target. */
  success: boolean;
  /** The policy's mode at the end ('done' unless the sim time ran out). */
  mode: Mode;
  endDistance: number;
  /** Odometry path length and the shortest path to within SUCCESS_DISTANCE of the target (m); SPL as in Habitat. */
  pathLength: number;
  shortestPath: number;
  spl: number;
  simTime: number;
  goals: number;
  collisions: number;
  policyFrames: number;
  navCommands: number;
}

export async function runFullStackEpisode(task: Task, modelPath: string, maxSimTime = 60): Promise<FullStackResult> {
  const sc = generateScenario(task.seed, { layout: task.layout as 'room', minTargetDistance: 3 });
  const dir = await mkdtemp(join(tmpdir(), 'fullstack-'));
  const worldFile = join(dir, `${task.worldName}.sdf`);
  await writeFile(worldFile, sc.sdf);
  const ctx = new LocalContext();
  const simTime = { use_sim_time: true };
  const probe = ctx.createNode('episode_probe', { parameterOverrides: simTime });
  let goals = 0, navCommands = 0;
  probe.createSubscription('geometry_msgs/msg/PoseStamped', 'goal_pose', {}, () => goals++);
  probe.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel', {}, () => navCommands++);
  let pathLength = 0;
  let last: { x: number; y: number } | undefined;
  probe.createSubscription('nav_msgs/msg/Odometry', 'odom', {}, (m) => {
    const p = m.pose.pose.position;
    if (last) pathLength += Math.hypot(p.x - last.x, p.y - last.y);
    last = { x: p.x, y: p.y };
  });
  const policy = await startPolicyNode(ctx.createNode('policy', { parameterOverrides: { ...simTime, model_path: modelPath } }));
  await policy.ready;
  const nav = await navigatorExecutable.start(ctx.createNode('navigator', { parameterOverrides: { ...simTime, static_map_world: worldFile }, remappings: [{ from: 'cmd_vel_nav', to: 'cmd_vel' }] }));
  const instr = probe.createPublisher('std_msgs/msg/String', 'instruction');
  instr.publish({ data: task.instruction });
  const simNode = startSimNode(ctx.createNode('sim', { parameterOverrides: { world: worldFile, mode: 'fast', max_sim_time: maxSimTime, robot_x: task.start.x, robot_y: task.start.y, robot_yaw: task.start.yaw, seed: task.seed, cmd_vel_timeout: 0.5 } }));
  // The episode ends when the policy says 'done': the navigator reported its target goal succeeded (on
  // goal_status) and, if the model's card asks for it, the policy confirmed the target from close up.
  const check = setInterval(() => {
    if (policy.stats().mode === 'done') simNode.stop();
  }, 20);
  await simNode.done;
  clearInterval(check);
  const p = simNode.sim.pose();
  const endDistance = distanceToObject(task.target, p.x, p.y);
  const mode = policy.stats().mode;
  const success = mode === 'done' && endDistance <= SUCCESS_DISTANCE;
  const sim = simNode.sim;
  const shortestPath = shortestPathLength(new GridMap(sim.world.bounds, (x, y) => sim.clearance(x, y), 0.1), task);
  const spl = success && shortestPath > 0 ? shortestPath / Math.max(shortestPath, pathLength) : 0;
  const res: FullStackResult = { success, mode, endDistance, pathLength, shortestPath, spl, simTime: sim.time, goals, collisions: sim.collisions, policyFrames: policy.stats().frames, navCommands };
  await policy.stop();
  await nav.stop();
  await simNode.stop();
  await ctx.shutdown();
  return res;
}
