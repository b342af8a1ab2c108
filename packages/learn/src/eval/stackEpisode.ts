/**
 * One evaluation episode through the stack that ships, on the local backend with sim time: sim_node (the task's
 * world, stepping as fast as possible, its static map on `map`), nav's navigator and safety node with config/nav_params.yaml (as
 * launch/nav.launch.xml starts them), and a goal source: the shipped policy_node with a model, or an Agent in an
 * AgentNode. The instruction goes out on `instruction`; goals go to the navigator on `goal_pose`; the navigator's
 * commands reach the simulator through the safety node.
 *
 * sim_node yields to the event loop after every physics step, so a decision (onnxruntime runs in a setImmediate)
 * is made before the next step: episodes are deterministic, and goals follow their frame as on a robot.
 * Success: the agent says 'done' (the navigator reported its goal reached and the agent's checks passed) within
 * SUCCESS_DISTANCE of the named object's boundary, before the timeout. SPL as in Habitat, against nav's reference
 * shortest path to that region.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { diagnostic_msgs } from '@navstack/msgs';
import { navigatorExecutable, safetyExecutable } from '@navstack/nav';
import { PolicyNode, type Mode } from '@navstack/policy';
import { wrapAngle, type Pose2D } from '@navstack/math';
import { LocalContext, loadParamsFile, paramsForNode, type ParamValue } from '@navstack/rcl';
import { distanceToObject, SimNode } from '@navstack/sim';
import { REPO_ROOT } from '../paths.ts';
import { closestApproach, referenceMap } from '../world/reference.ts';
import { taskWorld } from '../world/simFactory.ts';
import { startSensorShift } from './sensorShiftNode.ts';
import type { SensorShift } from '../data/sensorVariation.ts';
import type { Task } from '../world/types.ts';
import type { Agent } from './agents.ts';
import { startAgentNode } from './AgentNode.ts';

export const SUCCESS_DISTANCE = 1.0;

/** The params file nav.launch.xml gives the navigator and the safety node. */
export const NAV_PARAMS_FILE = join(REPO_ROOT, 'config/nav_params.yaml');

/** The shipped policy_node with this model as an episode's goal source. */
export class PolicyNodeAgent {
  /** `params`: policy_node parameters beside model_path (e.g. relations: false for the ablation). */
  constructor(readonly name: string, readonly modelPath: string, readonly params: Record<string, ParamValue> = {}) {}
}

export type EpisodeAgent = Agent | PolicyNodeAgent;

export interface EpisodeOptions {
  /** Timeout (s of sim time). */
  maxSeconds: number;
  /** The camera's rate (Hz): the agent decides on every frame. Default: the robot description's. */
  decisionHz?: number;
  /** What an operator does during the episode, at sim times: a new instruction, a floor click, teleop, a cancel. */
  events?: EpisodeEvent[];
  /** Sensor shift (evaluation under other sensors): the simulator's scan and image pass through sensorVariation.ts. */
  sensorShift?: SensorShift;
}

export type EpisodeEvent =
  | { at: number; instruction: string }
  | { at: number; goal: { x: number; y: number; yaw: number } }
  | { at: number; teleop: { linear: number; angular: number }; duration: number }
  | { at: number; cancel: true };

export interface EpisodeResult {
  task: number;
  seed: number;
  /** The world's name (a hand-built world's file name, or the generated world's). */
  world: string;
  /** Relational tasks: the relation that picks out the target. */
  relation?: string;
  agent: string;
  success: boolean;
  spl: number;
  pathLength: number;
  shortestPath: number;
  pathRatio: number;
  collisions: number;
  timeToGoal: number | null;
  simTime: number;
  endDistance: number;
  /** Where the robot stopped. */
  endPose: Pose2D;
  targetInViewAtStart: boolean;
  inferMs: number[];
  reason: string;
  /** The agent's mode at the end ('done' unless the time ran out). */
  mode: Mode;
  /** policy_node's task states in order (diagnostics key task_state; empty for other agents), and its last status values. */
  taskStates: string[];
  lastStatus: Record<string, string>;
  /** Sim times at which goals were sent on goal_pose (by anyone). */
  goalTimes: number[];
  /** The robot's path (x, y every 0.2 m or so), for the report's top-down plots. */
  path: [number, number][];
  /** Decisions the agent made, goals it sent, velocity commands the safety node gave the simulator. */
  frames: number;
  goals: number;
  navCommands: number;
}

export async function runEpisode(index: number, task: Task, agent: EpisodeAgent, o: EpisodeOptions): Promise<EpisodeResult> {
  const dir = await mkdtemp(join(tmpdir(), 'navstack-episode-'));
  let worldFile = task.worldFile;
  if (!worldFile) {
    worldFile = join(dir, `${task.worldName}.sdf`);
    await writeFile(worldFile, taskWorld(task).sdf!);
  }
  const ctx = new LocalContext();
  try {
    const simTime = { use_sim_time: true };
    const nav = loadParamsFile(NAV_PARAMS_FILE);
    const params = (name: string, extra: Record<string, ParamValue> = {}) => ({ parameterOverrides: { ...paramsForNode(nav, `/${name}`), ...simTime, ...extra } });

    const probe = ctx.createNode('episode_probe', { parameterOverrides: simTime });
    let goals = 0, navCommands = 0;
    const inferMs: number[] = [];
    const goalTimes: number[] = [];
    const taskStates: string[] = [];
    let lastStatus: Record<string, string> = {};
    probe.createSubscription('geometry_msgs/msg/PoseStamped', 'goal_pose', {}, () => {
      goals++;
      goalTimes.push(probe.getClock().nowSeconds());
    });
    probe.createSubscription('geometry_msgs/msg/Twist', 'cmd_vel', {}, () => navCommands++);

    let source: { mode(): Mode; frames(): number; inferMs(): number[]; stop(): Promise<void> };
    if (agent instanceof PolicyNodeAgent) {
      const h = new PolicyNode(ctx.createNode('policy', { parameterOverrides: { ...simTime, ...agent.params, model_path: agent.modelPath } }));
      await h.ready;
      // the node reports each frame's onnxruntime time on diagnostics
      probe.createSubscription('diagnostic_msgs/msg/DiagnosticArray', 'diagnostics', {}, (m: diagnostic_msgs.DiagnosticArray) => {
        for (const s of m.status) {
          if (!s.name.endsWith(': policy')) continue;
          const v = s.values.find((kv) => kv.key === 'inference_ms');
          if (v) inferMs.push(Number(v.value));
          lastStatus = Object.fromEntries(s.values.map((kv) => [kv.key, kv.value]));
          const state = lastStatus.task_state;
          if (state && taskStates[taskStates.length - 1] !== state) taskStates.push(state);
        }
      });
      source = { mode: () => h.stats().mode, frames: () => h.stats().frames, inferMs: () => inferMs, stop: async () => h.stop() };
    } else {
      const h = startAgentNode(ctx.createNode('agent', { parameterOverrides: simTime }), agent);
      source = { mode: h.mode, frames: () => h.stats().frames, inferMs: () => h.stats().inferMs, stop: async () => h.stop() };
    }
    const navigator = await navigatorExecutable.start(ctx.createNode('navigator', params('navigator')));
    const safety = await safetyExecutable.start(ctx.createNode('safety', params('safety')));
    const instructionPub = probe.createPublisher('std_msgs/msg/String', 'instruction');
    instructionPub.publish({ data: task.instruction });
    const goalPub = probe.createPublisher('geometry_msgs/msg/PoseStamped', 'goal_pose');
    const teleopPub = probe.createPublisher('geometry_msgs/msg/Twist', 'cmd_vel_teleop');
    const cancelPub = probe.createPublisher('std_msgs/msg/Empty', 'goal_cancel');
    const pending = [...(o.events ?? [])].sort((a, b) => a.at - b.at);
    let teleop: { linear: number; angular: number; until: number } | undefined;
    const runEvents = (t: number) => {
      while (pending.length && pending[0].at <= t) {
        const e = pending.shift()!;
        if ('instruction' in e) instructionPub.publish({ data: e.instruction });
        else if ('goal' in e) goalPub.publish({ header: { stamp: probe.now(), frame_id: 'map' }, pose: { position: { x: e.goal.x, y: e.goal.y, z: 0 }, orientation: { x: 0, y: 0, z: Math.sin(e.goal.yaw / 2), w: Math.cos(e.goal.yaw / 2) } } });
        else if ('teleop' in e) teleop = { ...e.teleop, until: e.at + e.duration };
        else cancelPub.publish({});
      }
      if (teleop && t <= teleop.until) teleopPub.publish({ linear: { x: teleop.linear, y: 0, z: 0 }, angular: { x: 0, y: 0, z: teleop.angular } });
    };
    const shift = o.sensorShift ? startSensorShift(ctx, o.sensorShift, task.seed) : undefined;

    const sim = new SimNode(
      ctx.createNode('sim', {
        ...(shift ? { remappings: shift.remappings } : {}),
        parameterOverrides: { world: worldFile, publish_map: true, mode: 'fast', yield_every: 1, max_sim_time: o.maxSeconds, robot_x: task.start.x, robot_y: task.start.y, robot_yaw: task.start.yaw, seed: task.seed, ...(o.decisionHz ? { camera_rate: o.decisionHz } : {}) },
      }),
    );
    // Every physics step publishes /clock: measure the path on the simulator's true pose, and end the episode
    // on the step after the agent said 'done'.
    let pathLength = 0;
    let last = sim.sim.pose();
    const path: [number, number][] = [[round2(last.x), round2(last.y)]];
    probe.createSubscription('rosgraph_msgs/msg/Clock', '/clock', { qos: 'clock' }, () => {
      const p = sim.sim.pose();
      pathLength += Math.hypot(p.x - last.x, p.y - last.y);
      last = p;
      const [px, py] = path[path.length - 1];
      if (Math.hypot(p.x - px, p.y - py) > 0.2) path.push([round2(p.x), round2(p.y)]);
      runEvents(probe.getClock().nowSeconds());
      const m = source.mode();
      if ((m === 'done' || m === 'not-found') && pending.length === 0) void sim.stop();
    });
    await sim.done;

    const s = sim.sim;
    const end = s.pose();
    const goals_ = [task.target, ...(task.alternatives ?? [])];
    const endDistance = Math.min(...goals_.map((o) => distanceToObject(o, end.x, end.y)));
    const mode = source.mode();
    const success = task.absent ? mode === 'not-found' : mode === 'done' && endDistance <= SUCCESS_DISTANCE;
    const ref = referenceMap(s);
    const shortest0 = task.absent ? NaN : Math.min(...goals_.map((o) => closestApproach(ref, task.start, o, SUCCESS_DISTANCE - 0.05)?.length ?? NaN).filter(Number.isFinite));
    const shortest = Number.isFinite(shortest0) ? shortest0 : NaN;
    path.push([round2(end.x), round2(end.y)]);
    const inView0 = Math.abs(wrapAngle(Math.atan2(task.target.y - task.start.y, task.target.x - task.start.x) - task.start.yaw)) < s.robot.camera.hfov / 2;
    const frames = source.frames();
    await source.stop();
    await navigator.stop();
    await safety.stop();
    await sim.stop();
    return {
      task: index,
      seed: task.seed,
      world: task.worldName,
      ...(task.relation ? { relation: task.relation } : {}),
      agent: agent.name,
      success,
      spl: task.absent ? 0 : success && shortest > 0 ? shortest / Math.max(shortest, pathLength) : success ? 1 : 0,
      pathLength,
      shortestPath: shortest,
      pathRatio: shortest > 0 ? pathLength / shortest : NaN,
      collisions: s.collisions,
      timeToGoal: success ? s.time : null,
      simTime: s.time,
      endDistance,
      endPose: end,
      targetInViewAtStart: inView0,
      inferMs: source.inferMs(),
      reason: task.absent
        ? success ? 'not found (correct)' : mode === 'done' ? 'arrived at an object that is not there' : 'timeout'
        : success ? 'success' : mode === 'done' ? `stopped ${endDistance.toFixed(2)} m from the target` : mode === 'not-found' ? 'gave up: not found' : 'timeout',
      path,
      taskStates,
      lastStatus,
      goalTimes,
      mode,
      frames,
      goals,
      navCommands,
    };
  } finally {
    await ctx.shutdown();
    await rm(dir, { recursive: true, force: true });
  }
}

const round2 = (v: number) => Math.round(v * 100) / 100;

export interface FullStackResult extends EpisodeResult {
  /** Frames policy_node decided on. */
  policyFrames: number;
}

/** A model through policy_node and the whole stack on one task, the camera at the robot description's rate. */
export async function runFullStackEpisode(task: Task, modelPath: string, maxSimTime = 60): Promise<FullStackResult> {
  const r = await runEpisode(0, task, new PolicyNodeAgent('policy', modelPath), { maxSeconds: maxSimTime });
  return { ...r, policyFrames: r.frames };
}
