/**
 * One evaluation episode: @navstack/sim Simulator at 20 Hz, the agent deciding at 5 Hz from scan + camera,
 * and a goal executor (A* on a 0.1 m grid of the simulator's free space + pure pursuit, rotating in place
 * for goals at the robot's position). Success: the robot stops within 1.0 m of the named object's boundary
 * before the timeout (the episode ends when the agent says 'done': at its committed goal, verified if it checks).
 */
import { wrapAngle } from '../world/angle.ts';
import { distanceToObject, type Simulator } from '@navstack/sim';
import { GridMap, followPath } from '../world/planner.ts';
import { createSimulator } from '../world/simFactory.ts';
import type { Pose2D, Task, Twist2D } from '../world/types.ts';
import type { Agent } from './agents.ts';

export interface EpisodeResult {
  task: number;
  seed: number;
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
}

export const SUCCESS_DISTANCE = 1.0;

/** Geodesic distance (m) on the grid from the start to the nearest cell within SUCCESS_DISTANCE of the target boundary. */
export function shortestPathLength(grid: GridMap, task: Task): number {
  const [si, sj] = grid.cell(task.start.x, task.start.y);
  const s = grid.nearestFree(si, sj);
  if (!s) return NaN;
  const N = grid.w * grid.h;
  const dist = new Float64Array(N).fill(Infinity);
  const start = s[1] * grid.w + s[0];
  dist[start] = 0;
  // Dijkstra with a binary heap of [distance, cell].
  const heap: [number, number][] = [[0, start]];
  const push = (v: [number, number]) => {
    heap.push(v);
    let k = heap.length - 1;
    while (k > 0) {
      const p = (k - 1) >> 1;
      if (heap[p][0] <= heap[k][0]) break;
      [heap[p], heap[k]] = [heap[k], heap[p]];
      k = p;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      let k = 0;
      for (;;) {
        const l = 2 * k + 1, r = l + 1;
        let m = k;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m === k) break;
        [heap[m], heap[k]] = [heap[k], heap[m]];
        k = m;
      }
    }
    return top;
  };
  while (heap.length) {
    const [d, c] = pop();
    if (d > dist[c]) continue;
    const x = c % grid.w, y = (c - x) / grid.w;
    const wx = grid.ox + (x + 0.5) * grid.res, wy = grid.oy + (y + 0.5) * grid.res;
    if (distanceToObject(task.target, wx, wy) <= SUCCESS_DISTANCE - 0.05) return d * grid.res;
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        if (!dx && !dy) continue;
        const nx = x + dx, ny = y + dy;
        if (!grid.isFree(nx, ny)) continue;
        const n = ny * grid.w + nx;
        const nd = d + (dx && dy ? Math.SQRT2 : 1);
        if (nd < dist[n]) {
          dist[n] = nd;
          push([nd, n]);
        }
      }
  }
  return NaN;
}

export class GoalExecutor {
  readonly #grid: GridMap;
  #goal: Pose2D | undefined;
  #path: { x: number; y: number }[] | undefined;
  #lastPlan = 0;
  arrived = false;

  constructor(grid: GridMap) {
    this.#grid = grid;
  }

  setGoal(g: Pose2D, pose: Pose2D, time: number): void {
    this.#goal = g;
    this.arrived = false;
    this.#plan(pose, time);
  }

  #plan(pose: Pose2D, time: number) {
    if (!this.#goal) return;
    this.#lastPlan = time;
    this.#path = Math.hypot(this.#goal.x - pose.x, this.#goal.y - pose.y) < 0.25 ? [] : this.#grid.plan(pose.x, pose.y, this.#goal.x, this.#goal.y);
  }

  command(pose: Pose2D, time: number): Twist2D {
    if (!this.#goal || this.arrived) return { linear: 0, angular: 0 };
    if (time - this.#lastPlan > 3) this.#plan(pose, time);
    if (this.#path && this.#path.length > 0) {
      const { cmd, done } = followPath(this.#path, pose);
      if (!done) return cmd;
      this.#path = [];
    }
    if (!this.#path) return { linear: 0, angular: 0 }; // no path: wait for a new goal
    const e = wrapAngle(this.#goal.yaw - pose.yaw);
    if (Math.abs(e) < 0.1) {
      this.arrived = true;
      return { linear: 0, angular: 0 };
    }
    return { linear: 0, angular: Math.max(-1.2, Math.min(1.2, 2 * e)) };
  }
}

export interface EpisodeOptions {
  maxSeconds: number;
  decisionHz: number;
}

export async function runEpisode(index: number, task: Task, agent: Agent, o: EpisodeOptions, simIn?: Simulator, hfov = 1.047): Promise<EpisodeResult> {
  const sim = simIn ?? createSimulator(task, task.seed);
  const grid = new GridMap(sim.world.bounds, (x, y) => sim.clearance(x, y), 0.1);
  const exec = new GoalExecutor(grid);
  const shortest = shortestPathLength(grid, task);
  const inferMs: number[] = [];
  const physicsPerDecision = Math.round(sim.physicsHz / o.decisionHz);
  let path = 0;
  let prev = sim.pose();
  let step = 0;
  let reason = 'timeout';
  let committedAt = -1;
  const b0 = Math.atan2(task.target.y - task.start.y, task.target.x - task.start.x) - task.start.yaw;
  const inView0 = Math.abs(wrapAngle(b0)) < hfov / 2;
  while (sim.time < o.maxSeconds) {
    const pose = sim.pose();
    if (step % physicsPerDecision === 0) {
      const d = await agent.decide(pose, sim.scan(), sim.cameraImage(), sim.time, exec.arrived);
      if (d.inferMs !== undefined) inferMs.push(d.inferMs);
      if (d.goal) exec.setGoal(d.goal, pose, sim.time);
      if (d.mode === 'target' && committedAt < 0) committedAt = sim.time;
      if (d.mode === 'done') {
        reason = 'arrived';
        break;
      }
    }
    sim.step(exec.command(pose, sim.time));
    const p = sim.pose();
    path += Math.hypot(p.x - prev.x, p.y - prev.y);
    prev = p;
    step++;
  }
  const end = sim.pose();
  const endDistance = distanceToObject(task.target, end.x, end.y);
  const success = reason === 'arrived' && endDistance <= SUCCESS_DISTANCE;
  const spl = success && shortest > 0 ? shortest / Math.max(shortest, path) : success ? 1 : 0;
  return {
    task: index,
    seed: task.seed,
    agent: agent.name,
    success,
    spl,
    pathLength: path,
    shortestPath: shortest,
    pathRatio: shortest > 0 ? path / shortest : NaN,
    collisions: sim.collisions,
    timeToGoal: success ? sim.time : null,
    simTime: sim.time,
    endDistance,
    endPose: end,
    targetInViewAtStart: inView0,
    inferMs,
    reason: success ? 'success' : reason === 'arrived' ? `stopped ${endDistance.toFixed(2)} m from the target` : 'timeout',
  };
}
