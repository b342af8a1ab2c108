import type { nav_msgs } from '@navstack/msgs';
import { occupancyGridOf, type FootprintWorld } from '@navstack/sim';
import { Rng } from '@navstack/math';
import { Costmap2D } from '../costmap/Costmap2D.ts';
import { astar, smoothPath } from '../planner/astar.ts';
import { PlannerError } from '../planner/errors.ts';
import type { Pose2D } from '@navstack/math';
import { NavHarness } from './NavHarness.ts';
import type { SimLike } from './MiniSim.ts';

/** What the episode runners need from packages/sim's Simulator. */
export interface EpisodeSim extends SimLike, FootprintWorld {
  readonly robot: { radius: number };
  readonly world: { name: string; bounds: { minX: number; maxX: number; minY: number; maxY: number } };
  reset(options?: { start?: Pose2D; seed?: number }): void;
}

/** A seeded uniform [0, 1) stream for episode sampling (the simulator's PRNG). */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** The static map of a simulator's world (collision shapes in the robot body's height band), as sim_node publishes it. */
export function staticMapOf(sim: FootprintWorld, resolution = 0.05): nav_msgs.OccupancyGrid {
  return occupancyGridOf(sim, { resolution });
}

/** A configuration-space view of a static map: obstacle distances, for sampling and reference paths. */
export class ReferenceMap {
  readonly cm: Costmap2D;
  constructor(readonly map: nav_msgs.OccupancyGrid, readonly robotRadius: number) {
    const i = map.info;
    this.cm = new Costmap2D({
      resolution: i.resolution,
      width: i.width,
      height: i.height,
      originX: i.origin.position.x,
      originY: i.origin.position.y,
      inscribedRadius: robotRadius,
      inflationRadius: robotRadius + 1.0, // distances up to 1 m beyond the footprint, for sampling
      costScalingFactor: 1,
    });
    for (let k = 0; k < map.data.length; k++) if (map.data[k]! >= 65) this.cm.obstacles[k] = 2;
    this.cm.updateCosts();
  }

  clearance(x: number, y: number): number {
    const cm = this.cm;
    const mx = cm.mx(x), my = cm.my(y);
    if (!cm.inBounds(mx, my)) return 0;
    return cm.distance[cm.index(mx, my)]!;
  }

  /**
   * Length of the shortest collision-free path for a disc of the robot's radius (8-connected A*
   * with any-angle string pulling), or undefined when there is none.
   */
  shortestPath(a: Pose2D, b: Pose2D): number | undefined {
    const cm = this.cm;
    try {
      const cells = astar(cm, cm.mx(a.x), cm.my(a.y), cm.mx(b.x), cm.my(b.y), { costWeight: 0 });
      const kept = smoothPath(cm, cells, { costSlack: 255 }); // any cell outside the footprint margin
      let len = 0;
      let px = a.x, py = a.y;
      for (let k = 1; k < kept.length; k++) {
        const c = kept[k]!;
        const mx = c % cm.width, my = (c - mx) / cm.width;
        const x = k === kept.length - 1 ? b.x : cm.wx(mx);
        const y = k === kept.length - 1 ? b.y : cm.wy(my);
        len += Math.hypot(x - px, y - py);
        px = x;
        py = y;
      }
      return len;
    } catch (e) {
      if (e instanceof PlannerError) return undefined;
      throw e;
    }
  }

  /** A uniformly drawn pose with at least `clearance` metres to every obstacle, inside the world bounds. */
  samplePose(rand: () => number, bounds: { minX: number; maxX: number; minY: number; maxY: number }, clearance: number): Pose2D {
    for (let tries = 0; tries < 10000; tries++) {
      const x = bounds.minX + rand() * (bounds.maxX - bounds.minX);
      const y = bounds.minY + rand() * (bounds.maxY - bounds.minY);
      if (this.clearance(x, y) >= clearance) return { x, y, yaw: (rand() * 2 - 1) * Math.PI };
    }
    throw new Error('no free pose found');
  }
}

export interface EpisodeResult {
  world: string;
  seed: number;
  start: Pose2D;
  goal: Pose2D;
  success: boolean;
  state: string;
  reason: string;
  collisions: number;
  /** metres driven */
  pathLength: number;
  /** reference shortest collision-free path from start to goal (m) */
  shortest: number;
  /** metres driven / shortest collision-free path from the start to the pose where the robot stopped */
  ratio: number;
  simTime: number;
  recoveries: number;
}

/**
 * One navigation episode: fresh navigator + safety nodes on the local backend with sim time, a goal
 * given directly on goal_pose (map frame), stepping the simulator until the goal ends or a timeout.
 */
export function runEpisode(sim: EpisodeSim, ref: ReferenceMap, start: Pose2D, goal: Pose2D, seed: number, shortest: number, options: { useStaticMap?: boolean } = {}): EpisodeResult {
  sim.reset({ start, seed });
  const h = new NavHarness({ sim, map: options.useStaticMap === false ? undefined : ref.map, navigatorParams: { robot_radius: sim.robot.radius } });
  h.run(0.2);
  h.sendGoal(goal, 'map');
  const nav = h.navigator!;
  const timeout = 30 + (shortest / 0.5) * 3;
  let len = 0;
  let last = sim.pose();
  h.run(timeout, () => {
    const p = sim.pose();
    len += Math.hypot(p.x - last.x, p.y - last.y);
    last = p;
    const s = nav.goal?.state;
    return s === 'succeeded' || s === 'aborted' || s === 'canceled';
  });
  const g = nav.goal!;
  // the reference for the ratio: the shortest path to where the robot actually stopped (within the goal tolerance)
  const reached = sim.pose();
  const shortestToReached = g.state === 'succeeded' ? (ref.shortestPath(start, reached) ?? shortest) : shortest;
  const result: EpisodeResult = {
    world: sim.world.name,
    seed,
    start,
    goal,
    success: g.state === 'succeeded' && sim.collisions === 0,
    state: g.state === 'active' || g.state === 'accepted' ? 'timeout' : g.state,
    reason: g.reason,
    collisions: sim.collisions,
    pathLength: len,
    shortest,
    ratio: len / Math.max(1e-9, shortestToReached),
    simTime: h.time,
    recoveries: g.recoveries,
  };
  void h.close();
  return result;
}

/** Seeded episodes in one world: random free start and goal (≥ minDistance apart, reachable). */
export function runEpisodes(sim: EpisodeSim, count: number, seed: number, options: { minDistance?: number; clearance?: number; useStaticMap?: boolean } = {}): EpisodeResult[] {
  const ref = new ReferenceMap(staticMapOf(sim), sim.robot.radius);
  const rand = rng(seed);
  const out: EpisodeResult[] = [];
  const clearance = options.clearance ?? sim.robot.radius + 0.2;
  while (out.length < count) {
    const start = ref.samplePose(rand, sim.world.bounds, clearance);
    const goal = ref.samplePose(rand, sim.world.bounds, clearance);
    if (Math.hypot(goal.x - start.x, goal.y - start.y) < (options.minDistance ?? 2)) continue;
    const shortest = ref.shortestPath(start, goal);
    if (shortest === undefined) continue;
    out.push(runEpisode(sim, ref, start, goal, seed * 1000 + out.length, shortest, options));
  }
  return out;
}

export interface RandomDriveResult {
  world: string;
  simSeconds: number;
  collisions: number;
  distance: number;
  /** fraction of commands the collision monitor changed */
  limitedFraction: number;
}

/**
 * Uniformly random velocity commands (|v| ≤ maxLinear, |w| ≤ maxAngular) at 10 Hz on cmd_vel_teleop,
 * through the safety node only, for `seconds` of sim time.
 */
export function runRandomDriver(sim: EpisodeSim, seconds: number, seed: number, start: Pose2D, options: { maxLinear?: number; maxAngular?: number; segments?: number } = {}): RandomDriveResult {
  const rand = rng(seed);
  const vmax = options.maxLinear ?? 0.5;
  const wmax = options.maxAngular ?? 2.0;
  const segments = Math.max(1, options.segments ?? 1);
  // segments after the first start from random free poses (near walls too), to meet more obstacles
  const ref = segments > 1 ? new ReferenceMap(staticMapOf(sim), sim.robot.radius) : undefined;
  let collisions = 0;
  let dist = 0;
  let limited = 0;
  let outputs = 0;
  for (let seg = 0; seg < segments; seg++) {
    const s = seg === 0 || !ref ? start : ref.samplePose(rand, sim.world.bounds, sim.robot.radius + 0.1);
    sim.reset({ start: s, seed: seed + seg });
    const h = new NavHarness({ sim, navigator: false });
    let nextCmd = h.time;
    let last = sim.pose();
    h.run(seconds / segments, undefined, () => {
      if (h.time >= nextCmd - 1e-9) {
        nextCmd += 0.1;
        h.pubTeleop.publish({ linear: { x: (rand() * 2 - 1) * vmax, y: 0, z: 0 }, angular: { x: 0, y: 0, z: (rand() * 2 - 1) * wmax } });
        outputs++;
        if (h.safety.status.action !== 'none') limited++;
      }
      const p = sim.pose();
      dist += Math.hypot(p.x - last.x, p.y - last.y);
      last = p;
    });
    collisions += sim.collisions;
    void h.close();
  }
  return { world: sim.world.name, simSeconds: seconds, collisions, distance: dist, limitedFraction: limited / Math.max(1, outputs) };
}
